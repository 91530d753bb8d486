// Forms as a browser posts them, and the CSRF token the pages put in theirs.
#pragma once
#include <string>
#include <utility>
#include <vector>

namespace gongkai::test {

// The body of a form post (application/x-www-form-urlencoded), the fields in the given order.
std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields);

// The CSRF token of the first form on a page ("" when there is none).
std::string csrf_of(const std::string& html);

}  // namespace gongkai::test
