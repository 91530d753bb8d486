// A document as a value — a letter to an applicant or the whole annual report — as the blocks it
// says, in order. The writers (document_writer.h: HTML, DOCX, Markdown, PDF) lay it out on an A4
// page after GB/T 9704; none of them decides what it says. Its JSON form is what a frozen notice
// keeps, so that printing it again later gives the same document.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "report/table.h"

namespace gongkai::report {

enum class BlockKind {
  title,      // 标题: centred, large (e.g. 政府信息公开申请补正告知书, 连江县2018年政府信息公开工作年度报告)
  number,     // 发文字号: centred under the title (连政信〔2024〕3号)
  addressee,  // 主送: the applicant's name and a full-width colon, not indented (张三：)
  heading,    // a section heading: level 1 一、…, level 2 （一）…, level 3 1.… (text carries its numbering)
  paragraph,  // body text, first line indented two characters
  signature,  // 落款: the issuing agency, right-aligned
  date,       // 成文日期 in Chinese form (2024年9月27日), right-aligned under the signature
  note,       // small print at the end (抄送, 附注, a notice's number and content hash)
  table,      // a year-end table (report::Table), with its official labels and header layout
  page_break,
};

struct Block {
  BlockKind kind = BlockKind::paragraph;
  std::string text;            // empty for table and page_break
  int level = 1;               // heading only
  std::optional<Table> table;  // table only
};

struct Document {
  std::string title;  // the file's metadata title (usually the title block's text)
  bool landscape = false;  // a page wide enough for the 15 columns of a report's tables
  std::vector<Block> blocks;

  // Appending, so that builders read as the document does.
  Document& add(BlockKind kind, std::string text, int level = 1);
  Document& add_table(Table t);
};

// The document as JSON and back (report/document.cpp); from_json throws UsageError naming what is
// malformed. The JSON is canonical: the same document always gives the same text, so its SHA-256
// identifies the content.
nlohmann::json document_json(const Document& d);
Document document_from_json(const nlohmann::json& j);

// Every text a reader sees, one block a line (tables: their titles, labels and figures), for
// checks that read a document back (a notice's fields, the prose's numbers).
std::string document_plain_text(const Document& d);

}  // namespace gongkai::report
