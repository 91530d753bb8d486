#include "report/document.h"

#include "engine/errors.h"

namespace gongkai::report {
namespace {

struct KindName {
  BlockKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {BlockKind::title, "title"},         {BlockKind::number, "number"},       {BlockKind::addressee, "addressee"},
    {BlockKind::heading, "heading"},     {BlockKind::paragraph, "paragraph"}, {BlockKind::signature, "signature"},
    {BlockKind::date, "date"},           {BlockKind::note, "note"},           {BlockKind::table, "table"},
    {BlockKind::page_break, "page-break"},
};

const char* kind_name(BlockKind k) {
  for (const auto& n : kKindNames)
    if (n.kind == k) return n.name;
  return "paragraph";
}

BlockKind kind_of(const std::string& name) {
  for (const auto& n : kKindNames)
    if (name == n.name) return n.kind;
  throw UsageError("a document block of unknown kind '" + name + "'");
}

nlohmann::json table_json(const Table& t) {
  nlohmann::json cols = nlohmann::json::array(), header = nlohmann::json::array(), rows = nlohmann::json::array();
  for (const auto& c : t.columns) cols.push_back({{"key", c.key}, {"label", c.label}});
  for (const auto& h : t.header)
    header.push_back({{"label", h.label}, {"row", h.row}, {"col", h.col}, {"rows", h.rows}, {"cols", h.cols}});
  for (const auto& r : t.rows)
    rows.push_back({{"key", r.key}, {"label", r.label}, {"level", r.level}, {"cells", r.cells}});
  return {{"key", t.key},         {"title", t.title},   {"corner", t.corner}, {"columns", cols},
          {"header_rows", t.header_rows}, {"header", header}, {"rows", rows}};
}

Table table_from_json(const nlohmann::json& j) {
  Table t;
  t.key = j.at("key").get<std::string>();
  t.title = j.at("title").get<std::string>();
  t.corner = j.at("corner").get<std::string>();
  for (const auto& c : j.at("columns")) t.columns.push_back({c.at("key").get<std::string>(), c.at("label").get<std::string>()});
  t.header_rows = j.at("header_rows").get<int>();
  for (const auto& h : j.at("header"))
    t.header.push_back({h.at("label").get<std::string>(), h.at("row").get<int>(), h.at("col").get<int>(),
                        h.at("rows").get<int>(), h.at("cols").get<int>()});
  for (const auto& r : j.at("rows"))
    t.rows.push_back({r.at("key").get<std::string>(), r.at("label").get<std::string>(), r.at("level").get<int>(),
                      r.at("cells").get<std::vector<long long>>()});
  return t;
}

}  // namespace

Document& Document::add(BlockKind kind, std::string text, int level) {
  blocks.push_back(Block{kind, std::move(text), level, std::nullopt});
  return *this;
}

Document& Document::add_table(Table t) {
  blocks.push_back(Block{BlockKind::table, "", 1, std::move(t)});
  return *this;
}

nlohmann::json document_json(const Document& d) {
  nlohmann::json blocks = nlohmann::json::array();
  for (const auto& b : d.blocks) {
    nlohmann::json j = {{"kind", kind_name(b.kind)}};
    if (b.kind == BlockKind::table && b.table) j["table"] = table_json(*b.table);
    else if (b.kind != BlockKind::page_break) j["text"] = b.text;
    if (b.kind == BlockKind::heading) j["level"] = b.level;
    blocks.push_back(std::move(j));
  }
  return {{"title", d.title}, {"landscape", d.landscape}, {"blocks", blocks}};
}

Document document_from_json(const nlohmann::json& j) {
  try {
    Document d;
    d.title = j.at("title").get<std::string>();
    d.landscape = j.value("landscape", false);
    for (const auto& b : j.at("blocks")) {
      Block block;
      block.kind = kind_of(b.at("kind").get<std::string>());
      if (block.kind == BlockKind::table) block.table = table_from_json(b.at("table"));
      else if (block.kind != BlockKind::page_break) block.text = b.at("text").get<std::string>();
      if (block.kind == BlockKind::heading) block.level = b.at("level").get<int>();
      d.blocks.push_back(std::move(block));
    }
    return d;
  } catch (const nlohmann::json::exception& e) {
    throw UsageError(std::string("a malformed document: ") + e.what());
  }
}

std::string document_plain_text(const Document& d) {
  std::string s;
  for (const auto& b : d.blocks) {
    if (b.kind == BlockKind::page_break) continue;
    if (b.kind != BlockKind::table || !b.table) {
      s += b.text + "\n";
      continue;
    }
    const Table& t = *b.table;
    if (!t.title.empty()) s += t.title + "\n";
    for (const auto& h : t.header_cells()) s += h.label + "\n";
    for (const auto& r : t.rows) {
      s += r.label;
      for (long long c : r.cells) s += "\t" + std::to_string(c);
      s += "\n";
    }
  }
  return s;
}

}  // namespace gongkai::report
