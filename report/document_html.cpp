// A Document as one self-contained HTML page whose print CSS follows GB/T 9704-2012 (党政机关公文格式):
// A4, 天头 37 mm, 订口 28 mm, body in 3号仿宋 (16 pt) at 22 lines a page, the title in 2号小标宋,
// first-level headings in 黑体 and second-level in 楷体, the signature and date 右空四字. An
// office's own fonts come first; the Noto CJK fonts (Debian's fonts-noto-cjk) stand in on a
// server, so a PDF printed there has no missing glyphs.
#include <algorithm>

#include "report/document_writer.h"

namespace gongkai::report {
namespace {

std::string esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page wide { size: A4 landscape; margin: 20mm 18mm 20mm 18mm; }
html { background: #fff; }
body { font-family: "仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", serif;
  font-size: 16pt; line-height: 28.9pt; color: #000; margin: 0; }
@media screen { body { max-width: 156mm; margin: 2em auto; padding: 0 1em; } }
h1 { font-family: "方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong", "Noto Serif CJK SC", serif;
  font-size: 22pt; font-weight: bold; line-height: 1.45; text-align: center; margin: 0 0 14pt; }
.number { text-align: center; margin: 0 0 14pt; }
.addressee { margin: 0; }
h2, h3, h4 { font-size: 16pt; line-height: 28.9pt; margin: 0; text-indent: 2em; }
h2 { font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; font-weight: normal; }
h3 { font-family: "楷体_GB2312", "楷体", "KaiTi", "STKaiti", "Noto Serif CJK SC", serif; font-weight: normal; }
h4 { font-weight: bold; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.signature { text-align: right; padding-right: 4em; margin-top: 28.9pt; text-indent: 0; }
.date { text-align: right; padding-right: 4em; text-indent: 0; }
.note { font-size: 12pt; line-height: 1.5; text-indent: 0; margin-top: 14pt; }
.page-break { break-after: page; }
.table { margin: 8pt 0; break-inside: avoid; }
.table.wide { page: wide; }
.table-title { text-indent: 0; text-align: center; font-family: "黑体", "SimHei", "Noto Sans CJK SC", sans-serif; }
table { border-collapse: collapse; width: 100%; font-family: "宋体", "SimSun", "Noto Serif CJK SC", serif;
  font-size: 10.5pt; line-height: 1.35; }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; }
th { font-weight: normal; text-align: center; vertical-align: middle; }
td.label { text-align: left; }
td.heading-row { font-weight: bold; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
)";

// A table with more columns than a portrait page holds legibly goes on a landscape page.
bool is_wide(const Table& t) { return t.columns.size() > 8; }

void write_table(const Table& t, std::string& out) {
  out += std::string("<section class=\"table") + (is_wide(t) ? " wide" : "") + "\">\n";
  if (!t.title.empty()) out += "<p class=\"table-title\">" + esc(t.title) + "</p>\n";
  out += "<table>\n<thead>\n";
  auto cells = t.header_cells();
  for (int r = 0; r < t.header_height(); ++r) {
    out += "<tr>";
    std::vector<HeaderCell> row;
    for (const auto& h : cells)
      if (h.row == r) row.push_back(h);
    std::sort(row.begin(), row.end(), [](const HeaderCell& a, const HeaderCell& b) { return a.col < b.col; });
    for (const auto& h : row) {
      out += "<th";
      if (h.rows > 1) out += " rowspan=\"" + std::to_string(h.rows) + "\"";
      if (h.cols > 1) out += " colspan=\"" + std::to_string(h.cols) + "\"";
      out += ">" + esc(h.label) + "</th>";
    }
    out += "</tr>\n";
  }
  out += "</thead>\n<tbody>\n";
  const size_t width = t.columns.size() + 1;
  for (const auto& row : t.rows) {
    std::string pad = row.level > 0 ? " style=\"padding-left:" + std::to_string(row.level * 1.2 + 0.2).substr(0, 3) + "em\"" : "";
    if (row.heading()) {
      out += "<tr><td class=\"label heading-row\" colspan=\"" + std::to_string(width) + "\"" + pad + ">" +
             esc(row.label) + "</td></tr>\n";
      continue;
    }
    out += "<tr><td class=\"label\"" + pad + ">" + esc(row.label) + "</td>";
    for (long long c : row.cells) out += "<td class=\"n\">" + std::to_string(c) + "</td>";
    out += "</tr>\n";
  }
  out += "</tbody>\n</table>\n</section>\n";
}

}  // namespace

std::string document_html(const Document& d) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>" +
                    esc(d.title) + "</title>\n<style>" + kStyle;
  if (d.landscape) out += "@page { size: A4 landscape; }\n";
  out += "</style>\n</head>\n<body>\n";
  for (const auto& b : d.blocks) {
    switch (b.kind) {
      case BlockKind::title: out += "<h1>" + esc(b.text) + "</h1>\n"; break;
      case BlockKind::number: out += "<p class=\"number\">" + esc(b.text) + "</p>\n"; break;
      case BlockKind::addressee: out += "<p class=\"addressee\" style=\"text-indent:0\">" + esc(b.text) + "</p>\n"; break;
      case BlockKind::heading: {
        std::string tag = "h" + std::to_string(std::clamp(b.level, 1, 3) + 1);
        out += "<" + tag + ">" + esc(b.text) + "</" + tag + ">\n";
        break;
      }
      case BlockKind::paragraph: out += "<p>" + esc(b.text) + "</p>\n"; break;
      case BlockKind::signature: out += "<p class=\"signature\">" + esc(b.text) + "</p>\n"; break;
      case BlockKind::date: out += "<p class=\"date\">" + esc(b.text) + "</p>\n"; break;
      case BlockKind::note: out += "<p class=\"note\">" + esc(b.text) + "</p>\n"; break;
      case BlockKind::table:
        if (b.table) write_table(*b.table, out);
        break;
      case BlockKind::page_break: out += "<div class=\"page-break\"></div>\n"; break;
    }
  }
  out += "</body>\n</html>\n";
  return out;
}

}  // namespace gongkai::report
