// The statistician's annual report (政府信息公开工作年度报告): the whole document — the office's
// texts, section 二's figures, the tables of the year-end run and the prose that repeats them —
// and the texts themselves, set and shown per agency, year and section.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/context.h"
#include "report/document.h"

namespace gongkai::app {

struct AnnualReportRequest {
  int year = 0;
  std::string agency;         // "" = all agencies the member sees (then no texts: they are an agency's)
  std::string template_name;  // national | legacy; "" = by year: legacy up to 2018, national from 2019
};

struct AnnualReport {
  report::Document document;
  std::string template_name;           // national | legacy
  std::vector<int> missing_sections;   // office's texts not entered (1, 5, 6)
  std::vector<std::string> warnings;   // one sentence each: the tables' broken invariants, missing inputs
};

// The template a year gets when none is asked for.
std::string default_annual_template(int year);

// Gathers the report run, the texts in force and the figures, and composes the document.
AnnualReport make_annual_report(Context& ctx, const AnnualReportRequest& r);

struct AnnualTextRequest {
  int year = 0;
  std::string agency;
  int section = 0;   // 1, 5 or 6
  std::string body;  // UTF-8 text, paragraphs one a line
};

struct AnnualText {
  std::string agency;
  int year = 0, section = 0, version = 0;
  std::string body, set_by, set_at;
};

// Stores the text as the section's newest version; statisticians and admins of the agency.
AnnualText set_annual_text(Context& ctx, const AnnualTextRequest& r);
// Every version of a section's text, newest (in force) first; empty when none was entered.
std::vector<AnnualText> annual_text_versions(Context& ctx, int year, const std::string& agency, int section);
nlohmann::json annual_text_json(const AnnualText& t);

// UsageError unless 1, 5 or 6.
void check_text_section(int section);

}  // namespace gongkai::app
