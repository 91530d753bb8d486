// How many terminal columns a UTF-8 string takes: East Asian wide and full-width characters
// (汉字, （）、：…) count 2, everything else 1 — so that text tables with Chinese labels line up.
#pragma once
#include <string>
#include <string_view>

namespace gongkai::report {

int display_width(std::string_view utf8);
// `s` followed (pad_right) or preceded (pad_left) by spaces up to `width` columns.
std::string pad_right(std::string_view s, int width);
std::string pad_left(std::string_view s, int width);

}  // namespace gongkai::report
