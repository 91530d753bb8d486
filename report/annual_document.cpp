#include "report/annual_document.h"

#include <fmt/format.h>

#include "report/annual_figures.h"
#include "report/annual_prose.h"

namespace gongkai::report {
namespace {

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// A line without the spaces around it (ASCII, and the full-width space U+3000 a clerk indents with).
std::string trimmed(std::string s) {
  static const std::string ideographic_space = "\xe3\x80\x80";
  for (;;) {
    if (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.erase(0, 1);
    else if (starts_with(s, ideographic_space)) s.erase(0, ideographic_space.size());
    else break;
  }
  for (;;) {
    if (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.pop_back();
    else if (s.size() >= 3 && s.compare(s.size() - 3, 3, ideographic_space) == 0) s.erase(s.size() - 3);
    else break;
  }
  return s;
}

// A sub-heading as the office writes one on a line of its own: （一）… without a full stop.
bool is_subheading(const std::string& line) {
  static const char* numerals[] = {"（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）", "（八）", "（九）", "（十）"};
  bool numbered = false;
  for (const char* n : numerals) numbered = numbered || starts_with(line, n);
  return numbered && line.find("。") == std::string::npos && line.size() <= 120;
}

// The office's text: one paragraph a line (blank lines between paragraphs or not), its own
// （一）… lines as level-2 headings; the placeholder when there is none.
void add_text(Document& d, const std::map<int, std::string>& texts, int section, std::vector<int>& missing) {
  auto it = texts.find(section);
  bool any = false;
  if (it != texts.end()) {
    size_t at = 0;
    const std::string& t = it->second;
    while (at <= t.size()) {
      size_t nl = t.find('\n', at);
      std::string line = trimmed(t.substr(at, nl == std::string::npos ? std::string::npos : nl - at));
      if (!line.empty()) {
        d.add(is_subheading(line) ? BlockKind::heading : BlockKind::paragraph, line, 2);
        any = true;
      }
      if (nl == std::string::npos) break;
      at = nl + 1;
    }
  }
  if (!any) {
    d.add(BlockKind::paragraph, kMissingText);
    missing.push_back(section);
  }
}

void add_paragraphs(Document& d, const std::vector<std::string>& ps) {
  for (const auto& p : ps) d.add(BlockKind::paragraph, p);
}

// A table under a heading that already says its title: the title once, not twice.
void add_table_under(Document& d, Table t, const std::string& heading) {
  if (t.title == heading) t.title.clear();
  d.add_table(std::move(t));
}

std::string title_of(const AnnualInput& in) {
  return fmt::format("{}{}年政府信息公开工作年度报告", in.agency_name, in.year);
}

void national_body(const AnnualInput& in, AnnualDocument& out) {
  Document& d = out.document;
  const std::string subject = prose_subject(in.agency_name);
  d.add(BlockKind::heading, section_heading(false, 1));
  add_text(d, in.texts, 1, out.missing_sections);

  d.add(BlockKind::heading, section_heading(false, 2));
  for (auto& t : proactive_tables(in.figures)) d.add_table(std::move(t));
  d.add(BlockKind::paragraph, proactive_fees_line(in.figures));
  bool any_figure = false;
  for (const auto& k : proactive_keys()) any_figure = any_figure || in.figures.count(k.key);
  out.proactive_figures_missing = !any_figure;

  const std::string h3 = section_heading(false, 3), h4 = section_heading(false, 4);
  d.add(BlockKind::heading, h3);
  add_paragraphs(d, national_applications_prose(in.report.json, subject));
  for (const auto& t : in.report.tables)
    if (t.key == "applications") add_table_under(d, t, h3);
  d.add(BlockKind::heading, h4);
  add_paragraphs(d, national_appeals_prose(in.report.json, subject));
  for (const auto& t : in.report.tables)
    if (t.key != "applications") add_table_under(d, t, h4);

  d.add(BlockKind::heading, section_heading(false, 5));
  add_text(d, in.texts, 5, out.missing_sections);
  d.add(BlockKind::heading, section_heading(false, 6));
  add_text(d, in.texts, 6, out.missing_sections);
}

void legacy_body(const AnnualInput& in, AnnualDocument& out) {
  Document& d = out.document;
  const std::string subject = prose_subject(in.agency_name);
  d.add(BlockKind::heading, section_heading(true, 1));
  add_text(d, in.texts, 1, out.missing_sections);

  d.add(BlockKind::heading, section_heading(true, 2));
  add_paragraphs(d, legacy_proactive_prose(in.report.json, subject));

  d.add(BlockKind::heading, section_heading(true, 3));
  d.add(BlockKind::heading, "（一）受理政府信息公开申请情况", 2);
  add_paragraphs(d, legacy_received_prose(in.report.json, subject));
  d.add(BlockKind::heading, "（二）受理办理情况", 2);
  add_paragraphs(d, legacy_answered_prose(in.report.json, subject));

  d.add(BlockKind::heading, section_heading(true, 4));
  add_paragraphs(d, legacy_appeals_prose(in.report.json, in.national_appeals, subject));

  d.add(BlockKind::heading, section_heading(true, 5));
  add_text(d, in.texts, 5, out.missing_sections);
  d.add(BlockKind::heading, section_heading(true, 6));
  add_text(d, in.texts, 6, out.missing_sections);
  d.add(BlockKind::heading, "附表：" + in.report.title, 2);
  for (const auto& t : in.report.tables) d.add_table(t);
}

}  // namespace

std::string section_heading(bool legacy, int section) {
  static const char* national[] = {"一、总体情况",
                                   "二、主动公开政府信息情况",
                                   "三、收到和处理政府信息公开申请情况",
                                   "四、政府信息公开行政复议、行政诉讼情况",
                                   "五、存在的主要问题及改进情况",
                                   "六、其他需要报告的事项"};
  static const char* old[] = {"一、概述",
                              "二、主动公开政府信息的情况",
                              "三、政府信息依申请公开办理情况",
                              "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
                              "五、存在的主要问题及改进措施",
                              "六、需要说明的事项与附表"};
  if (section < 1 || section > 6) return "";
  return legacy ? old[section - 1] : national[section - 1];
}

AnnualDocument annual_document(const AnnualInput& in) {
  AnnualDocument out;
  Document& d = out.document;
  d.title = title_of(in);
  d.add(BlockKind::title, d.title);
  d.add(BlockKind::paragraph,
        fmt::format("本报告根据《中华人民共和国政府信息公开条例》要求编制，所列数据的统计期限自{}年1月1日起至{}年12月31日止。",
                    in.year, in.year));
  if (in.legacy) legacy_body(in, out);
  else national_body(in, out);
  if (!in.agency_name.empty()) d.add(BlockKind::signature, in.agency_name);
  if (!in.date.empty()) d.add(BlockKind::date, in.date);
  return out;
}

}  // namespace gongkai::report
