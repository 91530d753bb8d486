#include "report/table_audit.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/csv_reader.h"
#include "engine/errors.h"
#include "engine/zip_reader.h"
#include "report/xlsx_reader.h"

namespace gongkai::report {
namespace {

constexpr uintmax_t kMaxFileBytes = 64ull << 20;

std::string read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw UsageError(path + " is a directory; give a table file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > kMaxFileBytes)
    throw UsageError(fmt::format("{} is {} bytes; a year-end table is far smaller (at most {})", path, size,
                                 kMaxFileBytes));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path + ": " + std::strerror(errno));
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw UsageError("cannot read " + path + ": " + std::strerror(errno));
  return bytes;
}

bool ends_with(const std::string& s, std::string_view tail) {
  if (s.size() < tail.size()) return false;
  for (size_t i = 0; i < tail.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - tail.size() + i])) != tail[i]) return false;
  return true;
}

// The first character that is not white space (after a UTF-8 byte order mark).
char first_char(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return c;
  return 0;
}

// "path row 7: …" for a message that names a place, "path: …" otherwise.
[[noreturn]] void rethrow_for(const std::string& path, const std::string& what) {
  const bool placed = what.rfind("row ", 0) == 0 || what.rfind("sheet ", 0) == 0;
  throw UsageError(path + (placed ? " " : ": ") + what);
}

long long json_figure(const nlohmann::json& v, const std::string& where) {
  if (!v.is_number_integer())
    throw UsageError(where + ": " + v.dump().substr(0, 40) + " is not a whole number");
  if (v.is_number_unsigned() && v.get<unsigned long long>() > 1'000'000'000'000ULL)
    throw UsageError(where + ": " + v.dump() + " is too large");
  const long long n = v.get<long long>();
  if (n > 1'000'000'000'000LL || n < -1'000'000'000'000LL) throw UsageError(where + ": " + v.dump() + " is too large");
  return n;
}

const nlohmann::json& member(const nlohmann::json& j, const std::string& key, const std::string& where) {
  if (!j.is_object()) throw UsageError(where + " is not an object");
  auto it = j.find(key);
  if (it == j.end()) throw UsageError(where + " has no " + key);
  return *it;
}

void no_unknown_keys(const nlohmann::json& j, const std::set<std::string>& known, const std::string& where,
                     const std::string& what) {
  for (const auto& [k, v] : j.items())
    if (!known.count(k)) throw UsageError(where + "." + k + " is not " + what);
}

void fill_national(const nlohmann::json& j, SubmittedTables& t) {
  const auto& rows = member(member(j, "applications", "the table"), "rows", "applications");
  if (!rows.is_object()) throw UsageError("applications.rows is not an object");
  std::set<std::string> row_keys, col_keys;
  for (const auto& c : t.applications.columns) col_keys.insert(c.key);
  for (auto& row : t.applications.rows) {
    if (row.heading()) continue;
    row_keys.insert(row.key);
    const std::string where = "applications.rows." + row.key;
    const auto& cells = member(rows, row.key, "applications.rows");
    if (!cells.is_object()) throw UsageError(where + " is not an object");
    no_unknown_keys(cells, col_keys, where, "a column of section 三");
    for (size_t i = 0; i < t.applications.columns.size(); ++i) {
      const std::string& col = t.applications.columns[i].key;
      row.cells[i] = json_figure(member(cells, col, where), where + "." + col);
    }
  }
  no_unknown_keys(rows, row_keys, "applications.rows", "a row of " + t.template_name);

  const auto& appeals = member(j, "appeals", "the table");
  if (!appeals.is_object()) throw UsageError("appeals is not an object");
  std::set<std::string> groups;
  Row& row = t.appeals.rows.front();
  for (size_t i = 0; i < t.appeals.columns.size(); ++i) {
    const std::string& key = t.appeals.columns[i].key;
    const auto dot = key.rfind('.');
    const std::string group = key.substr(0, dot), result = key.substr(dot + 1);
    groups.insert(group);
    const auto& cells = member(appeals, group, "appeals");
    row.cells[i] = json_figure(member(cells, result, "appeals." + group), "appeals." + key);
  }
  no_unknown_keys(appeals, groups, "appeals", "a group of section 四");
  for (const auto& g : groups)
    no_unknown_keys(appeals[g], {"upheld", "corrected", "other", "pending", "total"}, "appeals." + g,
                    "a result of section 四");
}

void fill_legacy(const nlohmann::json& j, SubmittedTables& t) {
  const auto& rows = member(j, "rows", "the table");
  if (!rows.is_object()) throw UsageError("rows is not an object");
  std::set<std::string> keys;
  for (auto& row : t.legacy.rows) {
    keys.insert(row.key);
    const std::string where = "rows." + row.key;
    const auto& cells = member(rows, row.key, "rows");
    row.cells[0] = json_figure(member(cells, "year", where), where + ".year");
    row.cells[1] = json_figure(member(cells, "cumulative", where), where + ".cumulative");
  }
  no_unknown_keys(rows, keys, "rows", "a row of the legacy table");
}

}  // namespace

SubmittedTables tables_from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw UsageError("not a table in gongkai's report JSON shape (not a JSON object)");
  const std::string tmpl = j.contains("template") && j["template"].is_string() ? j["template"].get<std::string>() : "";
  SubmittedTables t;
  if (j.contains("applications")) {
    std::string name = tmpl;
    if (name.empty()) {
      const auto& rows = j["applications"].is_object() ? j["applications"].value("rows", nlohmann::json::object())
                                                       : nlohmann::json::object();
      name = rows.is_object() && rows.contains("other") ? "national-2019" : "national-2021";
    }
    if (name != "national-2019" && name != "national-2021")
      throw UsageError("template '" + name + "' is not national-2019, national-2021 or legacy");
    t = empty_tables(name);
    fill_national(j, t);
  } else if (j.contains("rows")) {
    if (!tmpl.empty() && tmpl != "legacy")
      throw UsageError("template '" + tmpl + "' has no \"applications\" (a national table) and is not legacy");
    t = empty_tables("legacy");
    fill_legacy(j, t);
  } else {
    throw UsageError("not a table in gongkai's report JSON shape (it has neither \"applications\" nor \"rows\")");
  }
  if (j.contains("year")) {
    if (!j["year"].is_number_integer()) throw UsageError("year: " + j["year"].dump().substr(0, 40) + " is not a year");
    t.year = j["year"].get<int>();
  }
  return t;
}

SubmittedTables read_submitted_table(const std::string& path, TextEncoding encoding) {
  const std::string bytes = read_file(path);
  try {
    if (bytes.empty()) throw UsageError("the file is empty");
    if (looks_like_zip(bytes)) return tables_from_grid(xlsx_grid(bytes));
    if (ends_with(path, ".xlsx") || ends_with(path, ".xlsm"))
      throw UsageError("not an XLSX workbook (it is not a ZIP package)");
    if (first_char(bytes) == '{' || ends_with(path, ".json")) {
      nlohmann::json j;
      try {
        j = nlohmann::json::parse(bytes);
      } catch (const nlohmann::json::exception& e) {
        std::string what = e.what();
        if (auto at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
        throw UsageError("not valid JSON (" + what + ")");
      }
      return tables_from_json(j);
    }
    std::istringstream in(bytes);
    std::ostringstream utf8;
    csv_to_utf8(in, utf8, encoding);
    try {
      return tables_from_grid(csv_grid(utf8.str()));
    } catch (const CsvError& e) {
      // Excel on Chinese Windows saves "CSV" in GBK: say how to read it.
      const bool not_utf8 = std::string(e.what()).find("not valid UTF-8") != std::string::npos;
      throw UsageError(e.what() + std::string(not_utf8 && encoding == TextEncoding::utf8
                                                  ? " (saved as GBK? give --encoding gbk)"
                                                  : ""));
    }
  } catch (const UsageError& e) {
    rethrow_for(path, e.what());
  }
}

RuleCheck audit_tables(const SubmittedTables& t, const SubmittedTables* previous) {
  if (!t.national()) {
    if (previous)
      throw UsageError("--previous is for the national template (section 三's carry-over), not the legacy table");
    return check_legacy_rules(t.legacy);
  }
  if (previous) {
    if (!previous->national())
      throw UsageError("the --previous table is a legacy table; the carry-over is checked between national tables");
    if (t.year && previous->year && *previous->year != *t.year - 1)
      throw UsageError(fmt::format("the --previous table is of {}, not of {} (the year before {})", *previous->year,
                                   *t.year - 1, *t.year));
  }
  return check_national_rules(t.applications, t.appeals, previous ? &previous->applications : nullptr);
}

nlohmann::json audit_json(const RuleCheck& c) {
  nlohmann::json broken = nlohmann::json::array();
  for (const auto& b : c.broken) broken.push_back({{"rule", b.rule}, {"cells", b.cells}, {"message", b.message}});
  return {{"rules_checked", c.checked}, {"broken", broken}};
}

}  // namespace gongkai::report
