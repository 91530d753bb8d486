// The whole annual report (政府信息公开工作年度报告) as a Document: the national template's six
// sections (2019 on) or the source document's legacy layout, with the office's own texts, the
// tables of a report run embedded as they are, and the generated prose that repeats them.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "report/document.h"
#include "report/table.h"

namespace gongkai::report {

// The sections whose text the office writes: 1 (一), 5 (五), 6 (六).
inline constexpr int kTextSections[] = {1, 5, 6};
// What a section without text says in the document.
inline constexpr const char* kMissingText = "（本部分内容尚未填写）";

struct AnnualInput {
  int year = 0;
  bool legacy = false;      // the source document's layout and table, else the national template
  std::string agency_name;  // "" = all agencies
  Report report;            // national_report or legacy_report of the year
  nlohmann::json national_appeals;  // legacy: the national JSON's "appeals" of the year (results), or null
  std::map<std::string, long long> figures;  // national: section 二's figures (annual_figures.h)
  std::map<int, std::string> texts;          // section → the office's text in force
  std::string date;                          // 成文日期 (report/chinese_date.h: 2019年1月22日); "" = none
};

struct AnnualDocument {
  Document document;
  std::vector<int> missing_sections;  // text sections with no text entered
  bool proactive_figures_missing = false;  // national: no section 二 figure entered
};

// The heading of a section (1–6) in the layout.
std::string section_heading(bool legacy, int section);

AnnualDocument annual_document(const AnnualInput& in);

}  // namespace gongkai::report
