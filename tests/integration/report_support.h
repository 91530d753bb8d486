// Test helpers for the year-end reports: running a script against a test database, reading an
// xlsx back (unzip -p, shared strings, cells, merged ranges), and the published fixtures.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

namespace gongkai::test {

// Runs `bash script args…` with stdout and stderr captured; returns the exit code.
int run_bash_script(const std::string& script, const std::vector<std::string>& args, std::string* output);

class TestDb;
// Builds the Lianjiang 2018 sample in `db` with scripts/sample-lianjiang.sh, as the README does.
void load_lianjiang(const TestDb& db);

// A fixture file of ../shared/fixtures (parsed JSON).
nlohmann::json fixture(const std::string& relative_path);

// An xlsx workbook read back with `unzip -p`: one worksheet's cells (A1 → text or number as text)
// and merged ranges ("A1:C1"); the first worksheet unless `sheet` names another (2: sheet2.xml).
struct XlsxSheet {
  std::map<std::string, std::string> cells;
  std::map<std::string, bool> is_number;
  std::set<std::string> merged;
  // The row number (1-based) whose column-A text is `label`, 0 if none.
  int row_of(const std::string& label) const;
  std::string at(const std::string& ref) const;
};
XlsxSheet read_xlsx(const std::string& path, int sheet = 1);
// One part of the workbook's package as it is stored (e.g. xl/workbook.xml).
std::string read_xlsx_part(const std::string& path, const std::string& part);

}  // namespace gongkai::test
