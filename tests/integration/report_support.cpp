#include "report_support.h"

#include "harness.h"

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cctype>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>

namespace gongkai::test {
namespace {

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

std::string capture(const std::string& command, int* code) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 65536> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  int status = pclose(p);
  *code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return out;
}

std::string unzip_entry(const std::string& path, const std::string& entry) {
  int code = 0;
  std::string out = capture("unzip -p " + shell_quote(path) + " " + shell_quote(entry) + " 2>&1", &code);
  INFO("unzip -p " << path << " " << entry << ": " << out.substr(0, 300));
  REQUIRE(code == 0);
  return out;
}

std::string xml_unescape(std::string s) {
  const std::pair<const char*, const char*> entities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&amp;", "&"}};
  for (const auto& [from, to] : entities)
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + 1)) s.replace(at, strlen(from), to);
  return s;
}

}  // namespace

void load_lianjiang(const TestDb& db) {
  std::string output;
  int code = run_bash_script(std::string(GONGKAI_SOURCE_DIR) + "/scripts/sample-lianjiang.sh",
                             {GONGKAI_EXE, "--db", db.conninfo()}, &output);
  INFO("sample-lianjiang.sh: " << output);
  REQUIRE(code == 0);
}

int run_bash_script(const std::string& script, const std::vector<std::string>& args, std::string* output) {
  std::string command = "bash " + shell_quote(script);
  for (const auto& a : args) command += " " + shell_quote(a);
  int code = 0;
  *output = capture(command + " 2>&1", &code);
  return code;
}

nlohmann::json fixture(const std::string& relative_path) {
  // Copied from ../shared/fixtures (published facts), so that a clone without ../shared tests too.
  std::ifstream in(std::string(GONGKAI_SOURCE_DIR) + "/tests/fixtures/" + relative_path);
  REQUIRE_MESSAGE(in.good(), "missing fixture " << relative_path);
  return nlohmann::json::parse(in);
}

int XlsxSheet::row_of(const std::string& label) const {
  for (const auto& [ref, text] : cells)
    if (ref[0] == 'A' && std::isdigit(static_cast<unsigned char>(ref[1])) && text == label && !is_number.at(ref))
      return std::stoi(ref.substr(1));
  return 0;
}

std::string XlsxSheet::at(const std::string& ref) const {
  auto it = cells.find(ref);
  return it == cells.end() ? std::string() : it->second;
}

std::string read_xlsx_part(const std::string& path, const std::string& part) { return unzip_entry(path, part); }

XlsxSheet read_xlsx(const std::string& path, int sheet_number) {
  XlsxSheet sheet;
  std::vector<std::string> strings;
  const std::string shared = unzip_entry(path, "xl/sharedStrings.xml");
  static const std::regex si_re("<si>(.*?)</si>");
  static const std::regex t_re("<t[^>]*>([^<]*)</t>");
  for (std::sregex_iterator it(shared.begin(), shared.end(), si_re), end; it != end; ++it) {
    std::string item = (*it)[1], text;
    for (std::sregex_iterator t(item.begin(), item.end(), t_re); t != end; ++t) text += (*t)[1];
    strings.push_back(xml_unescape(text));
  }
  const std::string xml = unzip_entry(path, "xl/worksheets/sheet" + std::to_string(sheet_number) + ".xml");
  static const std::regex cell_re("<c r=\"([A-Z]+[0-9]+)\"([^>]*?)(/>|>(.*?)</c>)");
  static const std::regex v_re("<v>([^<]*)</v>");
  for (std::sregex_iterator it(xml.begin(), xml.end(), cell_re), end; it != end; ++it) {
    std::string ref = (*it)[1], attrs = (*it)[2], body = (*it)[4];
    std::smatch v;
    if (!std::regex_search(body, v, v_re)) continue;  // a blank, formatted cell
    bool shared_string = attrs.find("t=\"s\"") != std::string::npos;
    if (shared_string) {
      size_t index = std::stoul(v[1]);
      REQUIRE(index < strings.size());
      sheet.cells[ref] = strings[index];
    } else {
      sheet.cells[ref] = v[1];
    }
    sheet.is_number[ref] = !shared_string;
  }
  static const std::regex merge_re("<mergeCell ref=\"([A-Z0-9:]+)\"/>");
  for (std::sregex_iterator it(xml.begin(), xml.end(), merge_re), end; it != end; ++it) sheet.merged.insert((*it)[1]);
  return sheet;
}

}  // namespace gongkai::test
