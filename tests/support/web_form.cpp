#include "tests/support/web_form.h"

#include <cctype>
#include <regex>

namespace gongkai::test {

std::string form_body(const std::vector<std::pair<std::string, std::string>>& fields) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    for (const std::string* part : {&k, &v}) {
      for (unsigned char c : *part) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.') out += static_cast<char>(c);
        else out += std::string("%") + hex[c >> 4] + hex[c & 15];
      }
      if (part == &k) out += '=';
    }
  }
  return out;
}

std::string csrf_of(const std::string& html) {
  std::smatch m;
  if (!std::regex_search(html, m, std::regex(R"re(name="csrf" value="([0-9a-f]+)")re"))) return "";
  return m[1];
}

}  // namespace gongkai::test
