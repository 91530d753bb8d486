// The supervisor's check of a submitted year-end table (`gongkai audit`): read the file, check
// every rule of its template. Needs no database and no member: the file is all it looks at.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

#include "report/table_audit.h"

namespace gongkai::app {

struct AuditRequest {
  std::string file;
  std::string previous;           // last year's table, "" for none
  std::string encoding = "utf-8";  // of a CSV file: utf-8, gbk, gb18030
};
using RuleCheck = report::RuleCheck;
// UsageError (one line naming the file and what is wrong) when a file cannot be read.
RuleCheck audit_table_file(const AuditRequest& r);
using report::audit_json;

}  // namespace gongkai::app
