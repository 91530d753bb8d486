#include "report/xlsx_reader.h"

#include <expat.h>

#include <exception>
#include <functional>
#include <map>
#include <string_view>
#include <vector>

#include "engine/errors.h"
#include "engine/zip_reader.h"

namespace gongkai::report {
namespace {

constexpr size_t kMaxRows = 100000;
constexpr size_t kMaxColumns = 16384;  // Excel's own limit (XFD)

// The local part of an expat name in namespace mode ("uri|local" → "local").
std::string_view local(const XML_Char* name) {
  std::string_view n(name);
  auto bar = n.rfind('|');
  return bar == std::string_view::npos ? n : n.substr(bar + 1);
}

std::string attribute(const XML_Char** attrs, std::string_view name) {
  for (size_t i = 0; attrs[i]; i += 2)
    if (local(attrs[i]) == name) return attrs[i + 1];
  return {};
}

// One XML document through expat, its events to the handlers. A document type declaration (and
// with it any entity definition) is refused: the parts of a workbook have none.
class XmlParser {
 public:
  std::function<void(std::string_view, const XML_Char**)> on_start;
  std::function<void(std::string_view)> on_end;
  std::function<void(std::string_view)> on_text;

  void parse(const std::string& xml, const std::string& part) {
    XML_Parser p = XML_ParserCreateNS(nullptr, '|');
    if (!p) throw InternalError("cannot create an XML parser");
    XML_SetUserData(p, this);
    // A handler's exception must not unwind through expat's C frames: kept, the parser stopped,
    // and rethrown once XML_Parse has returned.
    XML_SetElementHandler(
        p, [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* me = static_cast<XmlParser*>(self);
          me->guarded([&] { if (me->on_start) me->on_start(local(name), attrs); });
        },
        [](void* self, const XML_Char* name) {
          auto* me = static_cast<XmlParser*>(self);
          me->guarded([&] { if (me->on_end) me->on_end(local(name)); });
        });
    XML_SetCharacterDataHandler(p, [](void* self, const XML_Char* s, int len) {
      auto* me = static_cast<XmlParser*>(self);
      me->guarded([&] { if (me->on_text) me->on_text(std::string_view(s, static_cast<size_t>(len))); });
    });
    XML_SetStartDoctypeDeclHandler(p, [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
      auto* me = static_cast<XmlParser*>(self);
      me->doctype_ = true;
      XML_StopParser(me->parser_, XML_FALSE);
    });
    parser_ = p;
    const auto status = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), XML_TRUE);
    if (failure_) {
      XML_ParserFree(p);
      std::rethrow_exception(failure_);
    }
    std::string problem;
    if (doctype_) problem = "has a document type declaration, which a workbook part never has";
    else if (status != XML_STATUS_OK)
      problem = std::string("is not well-formed XML (") + XML_ErrorString(XML_GetErrorCode(p)) + " at line " +
                std::to_string(XML_GetCurrentLineNumber(p)) + ")";
    XML_ParserFree(p);
    if (!problem.empty()) throw UsageError("the workbook's part " + part + " " + problem);
  }

 private:
  template <class F>
  void guarded(F&& f) {
    if (failure_) return;
    try {
      f();
    } catch (...) {
      failure_ = std::current_exception();
      XML_StopParser(parser_, XML_FALSE);
    }
  }

  XML_Parser parser_ = nullptr;
  bool doctype_ = false;
  std::exception_ptr failure_;
};

// xl/sharedStrings.xml: each <si>'s text, its runs joined, phonetic guides (<rPh>) left out.
std::vector<std::string> shared_strings(const std::string& xml) {
  std::vector<std::string> out;
  bool in_t = false;
  int phonetic = 0;
  XmlParser p;
  p.on_start = [&](std::string_view n, const XML_Char**) {
    if (n == "si") out.emplace_back();
    else if (n == "rPh") ++phonetic;
    else if (n == "t") in_t = true;
  };
  p.on_end = [&](std::string_view n) {
    if (n == "rPh") --phonetic;
    else if (n == "t") in_t = false;
  };
  p.on_text = [&](std::string_view s) {
    if (in_t && !phonetic && !out.empty()) out.back() += s;
  };
  p.parse(xml, "xl/sharedStrings.xml");
  return out;
}

struct SheetRef {
  std::string name, path;
};

// The worksheets in the workbook's order, with the package paths of their parts.
std::vector<SheetRef> sheets(const ZipReader& zip) {
  if (!zip.find("xl/workbook.xml")) throw UsageError("not an XLSX workbook (the package has no xl/workbook.xml)");
  std::vector<std::pair<std::string, std::string>> named;  // name, relationship id
  XmlParser wb;
  wb.on_start = [&](std::string_view n, const XML_Char** attrs) {
    if (n == "sheet") named.push_back({attribute(attrs, "name"), attribute(attrs, "id")});
  };
  wb.parse(zip.read("xl/workbook.xml"), "xl/workbook.xml");
  std::map<std::string, std::string> target;
  if (zip.find("xl/_rels/workbook.xml.rels")) {
    XmlParser rels;
    rels.on_start = [&](std::string_view n, const XML_Char** attrs) {
      if (n == "Relationship") target[attribute(attrs, "Id")] = attribute(attrs, "Target");
    };
    rels.parse(zip.read("xl/_rels/workbook.xml.rels"), "xl/_rels/workbook.xml.rels");
  }
  std::vector<SheetRef> out;
  for (size_t i = 0; i < named.size(); ++i) {
    std::string path = target.count(named[i].second) ? target[named[i].second] : "";
    if (path.empty()) path = "worksheets/sheet" + std::to_string(i + 1) + ".xml";
    path = path[0] == '/' ? path.substr(1) : "xl/" + path;
    out.push_back({named[i].first, path});
  }
  if (out.empty()) throw UsageError("the workbook has no worksheet");
  return out;
}

// "C7" → column 2 (0-based), row 7; false if it is not a cell reference.
bool parse_ref(std::string_view ref, size_t* col, size_t* row) {
  size_t i = 0, c = 0, r = 0;
  while (i < ref.size() && ref[i] >= 'A' && ref[i] <= 'Z' && i < 3) c = c * 26 + static_cast<size_t>(ref[i++] - 'A' + 1);
  if (i == 0 || i == ref.size()) return false;
  for (; i < ref.size(); ++i) {
    if (ref[i] < '0' || ref[i] > '9' || r > kMaxRows * 100) return false;
    r = r * 10 + static_cast<size_t>(ref[i] - '0');
  }
  *col = c - 1;
  *row = r;
  return r > 0;
}

void read_sheet(const std::string& xml, const SheetRef& sheet, const std::vector<std::string>& strings, Grid& g) {
  std::map<size_t, std::vector<GridCell>> rows;
  size_t row = 0, col = 0, next_row = 1;
  std::string type, value, inline_text;
  bool in_cell = false, in_v = false, in_is_t = false, in_is = false;
  XmlParser p;
  p.on_start = [&](std::string_view n, const XML_Char** attrs) {
    if (n == "row") {
      std::string r = attribute(attrs, "r");
      row = r.empty() ? next_row : std::stoul(r.substr(0, 9));
      if (row == 0 || row > kMaxRows) throw UsageError("worksheet '" + sheet.name + "' has a row beyond " + std::to_string(kMaxRows));
      next_row = row + 1;
      col = 0;
    } else if (n == "c") {
      std::string ref = attribute(attrs, "r");
      size_t c = col, r = row;
      if (!ref.empty() && !parse_ref(ref, &c, &r))
        throw UsageError("worksheet '" + sheet.name + "' has a cell named '" + ref.substr(0, 20) + "'");
      if (c >= kMaxColumns) throw UsageError("worksheet '" + sheet.name + "' has a cell beyond column XFD");
      row = r;
      col = c;
      type = attribute(attrs, "t");
      value.clear();
      inline_text.clear();
      in_cell = true;
    } else if (in_cell && n == "v") {
      in_v = true;
    } else if (in_cell && n == "is") {
      in_is = true;
    } else if (in_is && n == "t") {
      in_is_t = true;
    }
  };
  p.on_end = [&](std::string_view n) {
    if (n == "v") in_v = false;
    else if (n == "t") in_is_t = false;
    else if (n == "is") in_is = false;
    else if (n == "c" && in_cell) {
      in_cell = false;
      GridCell cell;
      if (type == "s") {
        size_t index = 0;
        try {
          index = std::stoul(value);
        } catch (const std::exception&) {
          index = strings.size();
        }
        if (index >= strings.size())
          throw UsageError("worksheet '" + sheet.name + "' refers to shared string " + value.substr(0, 20) +
                           ", which the workbook does not have");
        cell.text = strings[index];
      } else if (type == "inlineStr") {
        cell.text = inline_text;
      } else if (type == "str" || type == "e" || type == "b") {
        cell.text = value;  // a formula's text, an error (#DIV/0!) or a boolean: not a figure
      } else {
        cell.text = value;
        cell.number = !value.empty();
      }
      if (row == 0) row = next_row;  // a cell outside any <row>: not in a well-formed sheet, but harmless
      auto& cells = rows[row];
      if (cells.size() <= col) cells.resize(col + 1);
      cells[col] = std::move(cell);
      ++col;
    }
  };
  p.on_text = [&](std::string_view s) {
    if (in_v) value += s;
    else if (in_is_t) inline_text += s;
  };
  p.parse(xml, sheet.path);
  for (auto& [number, cells] : rows) g.rows.push_back({sheet.name, number, std::move(cells)});
}

}  // namespace

Grid xlsx_grid(const std::string& bytes) {
  ZipLimits limits;
  limits.max_entry_bytes = 32ull << 20;
  limits.max_total_bytes = 128ull << 20;
  ZipReader zip(bytes, limits);
  std::vector<std::string> strings;
  if (zip.find("xl/sharedStrings.xml")) strings = shared_strings(zip.read("xl/sharedStrings.xml"));
  Grid g;
  g.workbook = true;
  for (const auto& sheet : sheets(zip)) {
    if (!zip.find(sheet.path)) throw UsageError("the workbook names a worksheet part " + sheet.path + " it does not have");
    read_sheet(zip.read(sheet.path), sheet, strings, g);
  }
  return g;
}

}  // namespace gongkai::report
