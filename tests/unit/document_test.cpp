// The document writers: JSON round trip, HTML and Markdown layout, DOCX packages that unzip into
// well-formed parts with the GB/T 9704 page, and a PDF printed by Chromium in the CJK fonts.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine/errors.h"
#include "report/document.h"
#include "report/document_writer.h"

using namespace gongkai::report;
namespace fs = std::filesystem;

namespace {

Table two_level_table() {
  Table t;
  t.key = "appeals";
  t.title = "四、政府信息公开行政复议、行政诉讼情况";
  for (int i = 0; i < 15; ++i) t.columns.push_back({"c" + std::to_string(i), "结果维持"});
  t.header_rows = 2;
  t.header = {{"", 0, 0, 2, 1}, {"行政复议", 0, 1, 1, 5}, {"行政诉讼", 0, 6, 1, 10}};
  for (int i = 0; i < 15; ++i) t.header.push_back({"列" + std::to_string(i), 1, i + 1, 1, 1});
  Row r{"all", "", 0, {}};
  for (int i = 0; i < 15; ++i) r.cells.push_back(i * 7);
  t.rows.push_back(r);
  return t;
}

Document letter() {
  Document d;
  d.title = "政府信息公开申请答复书";
  d.add(BlockKind::title, "政府信息公开申请答复书")
      .add(BlockKind::number, "连政信〔2024〕3号")
      .add(BlockKind::addressee, "张三 & <李四>：")
      .add(BlockKind::paragraph, "本机关于2024年9月27日收到您的申请。\n第二行。")
      .add(BlockKind::heading, "一、总体情况", 1)
      .add_table(two_level_table())
      .add(BlockKind::signature, "连江县人民政府")
      .add(BlockKind::date, "2024年10月15日")
      .add(BlockKind::note, "文号 连政信〔2024〕3号");
  return d;
}

std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  pclose(p);
  return out;
}

// Every start tag closed by its end tag, in order: enough to catch a writer's broken nesting.
bool balanced(const std::string& xml, std::string* why) {
  std::vector<std::string> open;
  for (size_t i = xml.find('<'); i != std::string::npos; i = xml.find('<', i + 1)) {
    size_t end = xml.find('>', i);
    if (end == std::string::npos) return *why = "an unclosed '<'", false;
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag.empty() || tag[0] == '?' || tag[0] == '!') continue;
    bool closing = tag[0] == '/', empty = tag.back() == '/';
    std::string name = tag.substr(closing ? 1 : 0);
    name = name.substr(0, name.find_first_of(" /"));
    if (closing) {
      if (open.empty() || open.back() != name) return *why = "</" + name + "> closes <" + (open.empty() ? "" : open.back()) + ">", false;
      open.pop_back();
    } else if (!empty) {
      open.push_back(name);
    }
  }
  if (!open.empty()) return *why = "<" + open.back() + "> never closed", false;
  return true;
}

}  // namespace

TEST_SUITE("documents") {
  TEST_CASE("a document's JSON is canonical and reads back to the same document") {
    Document d = letter();
    auto j = document_json(d);
    CHECK(document_json(document_from_json(j)) == j);
    CHECK(j.dump() == document_json(letter()).dump());
    CHECK_THROWS_AS(document_from_json(nlohmann::json{{"title", "x"}, {"blocks", {{{"kind", "poem"}}}}}),
                    gongkai::UsageError);
    CHECK_THROWS_AS(document_from_json(nlohmann::json::object()), gongkai::UsageError);
    CHECK(document_plain_text(d).find("连政信〔2024〕3号") != std::string::npos);
    CHECK(document_plain_text(d).find("\t98") != std::string::npos);  // the table's figures are text too
  }

  TEST_CASE("HTML escapes the text, merges header cells and puts a wide table on a landscape page") {
    std::string html = document_html(letter());
    CHECK(html.find("张三 &amp; &lt;李四&gt;：") != std::string::npos);
    CHECK(html.find("<李四>") == std::string::npos);
    CHECK(html.find("<th colspan=\"5\">行政复议</th>") != std::string::npos);
    CHECK(html.find("<th rowspan=\"2\"></th>") != std::string::npos);
    CHECK(html.find("class=\"table wide\"") != std::string::npos);
    CHECK(html.find("@page { size: A4; margin: 37mm 26mm 35mm 28mm; }") != std::string::npos);
    std::string why;
    CHECK_MESSAGE(balanced(html.substr(html.find("<body>"), html.find("</body>") + 7 - html.find("<body>")), &why), why);
  }

  TEST_CASE("Markdown has the title, headings, paragraphs and the table") {
    std::string md = document_md(letter());
    CHECK(md.rfind("# 政府信息公开申请答复书\n", 0) == 0);
    CHECK(md.find("\n## 一、总体情况\n") != std::string::npos);
    CHECK(md.find("| 98 |") != std::string::npos);
  }

  TEST_CASE("DOCX: the same document gives the same bytes, a valid ZIP of well-formed parts, A4 after GB/T 9704") {
    std::string a = document_docx(letter()), b = document_docx(letter());
    CHECK(a == b);
    fs::path file = fs::temp_directory_path() / ("gongkai-doc-test-" + std::to_string(getpid()) + ".docx");
    std::ofstream(file, std::ios::binary) << a;
    std::string test = run("unzip -t '" + file.string() + "' 2>&1");
    CHECK_MESSAGE(test.find("No errors detected") != std::string::npos, test);
    for (const char* part : {"[[]Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml",
                             "word/footer1.xml", "word/_rels/document.xml.rels", "docProps/core.xml"}) {
      std::string xml = run("unzip -p '" + file.string() + "' '" + part + "'");
      std::string why;
      CHECK_MESSAGE(!xml.empty(), part);
      CHECK_MESSAGE(balanced(xml, &why), part << ": " << why);
    }
    std::string doc = run("unzip -p '" + file.string() + "' word/document.xml");
    CHECK(doc.find("张三 &amp; &lt;李四&gt;：") != std::string::npos);
    CHECK(doc.find("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>") != std::string::npos);               // A4 portrait
    CHECK(doc.find("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\"") != std::string::npos);
    CHECK(doc.find("w:orient=\"landscape\"") != std::string::npos);  // the 16-column table's own section
    CHECK(doc.find("<w:gridSpan w:val=\"10\"/>") != std::string::npos);
    CHECK(doc.find("<w:vMerge w:val=\"restart\"/>") != std::string::npos);
    CHECK(doc.find("<w:tblHeader/>") != std::string::npos);
    std::string styles = run("unzip -p '" + file.string() + "' word/styles.xml");
    CHECK(styles.find("w:eastAsia=\"仿宋_GB2312\"") != std::string::npos);
    CHECK(styles.find("w:eastAsia=\"方正小标宋简体\"") != std::string::npos);
    fs::remove(file);
  }

  TEST_CASE("PDF: printed by Chromium with the Noto CJK fonts embedded") {
    fs::path file = fs::temp_directory_path() / ("gongkai-doc-test-" + std::to_string(getpid()) + ".pdf");
    write_document_file(letter(), DocFormat::pdf, file.string());
    std::ifstream in(file, std::ios::binary);
    std::stringstream bytes;
    bytes << in.rdbuf();
    std::string pdf = bytes.str();
    CHECK(pdf.rfind("%PDF-", 0) == 0);
    CHECK_MESSAGE(pdf.find("CJK") != std::string::npos, "no CJK font embedded: the Chinese would print as boxes");
    fs::remove(file);
  }

  TEST_CASE("formats by name and by file name; an unknown one is named") {
    CHECK(parse_doc_format("docx") == DocFormat::docx);
    CHECK(doc_format_for_path("a/报告.pdf") == DocFormat::pdf);
    CHECK(doc_format_for_path("x.md") == DocFormat::md);
    CHECK_THROWS_WITH_AS(parse_doc_format("odt"), "unknown document format 'odt' (valid: docx, pdf, html, md)",
                         gongkai::UsageError);
  }
}
