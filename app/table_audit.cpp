#include "app/table_audit.h"

#include "engine/text_encoding.h"
#include "workflows/input_checks.h"

namespace gongkai::app {

RuleCheck audit_table_file(const AuditRequest& r) {
  const TextEncoding encoding = parse_text_encoding(r.encoding);
  workflows::check_file_name(r.file, "table file");
  auto table = report::read_submitted_table(r.file, encoding);
  if (r.previous.empty()) return report::audit_tables(table, nullptr);
  workflows::check_file_name(r.previous, "previous table file");
  auto previous = report::read_submitted_table(r.previous, encoding);
  return report::audit_tables(table, &previous);
}

}  // namespace gongkai::app
