// A Document as a DOCX package: the smallest OOXML that Word and WPS open — the document, its
// styles, a footer with the page number, the core properties — laid out after GB/T 9704-2012
// (A4; margins 37/26/35/28 mm; 3号仿宋_GB2312 body at 22 lines a page; 2号方正小标宋简体 title;
// 黑体 and 楷体_GB2312 headings; signature and date 右空四字; page numbers "— 1 —" in 4号宋体).
// The fonts are named as an office's Windows has them; Word substitutes where one is missing.
// A table wider than a portrait page holds gets a landscape section of its own, its header rows
// repeated on every page.
#include <algorithm>

#include "engine/zip_writer.h"
#include "report/display_width.h"
#include "report/document_writer.h"

namespace gongkai::report {
namespace {

constexpr const char* kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr const char* kR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Twips (1/20 pt) of the GB/T 9704 page: A4 210 × 297 mm; 1 mm ≈ 56.7 twips.
constexpr int kPortraitWidth = 11906, kPortraitHeight = 16838;
constexpr int kMarginTop = 2098, kMarginBottom = 1984, kMarginLeft = 1588, kMarginRight = 1474;
constexpr int kLandscapeMargin = 1021;  // 18 mm: the 15 figures of section 四 need the width
constexpr int kLinePitch = 579;         // 28.95 pt: 22 lines in the 225 mm type area

std::string esc(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default:
        if (c < 0x20 && c != '\t') break;  // not allowed in XML 1.0 (line breaks are runs)
        out += static_cast<char>(c);
    }
  }
  return out;
}

// Runs of `text`, a line break where the text has one.
std::string runs(const std::string& text, const std::string& rpr = "") {
  std::string out;
  size_t start = 0;
  while (true) {
    size_t nl = text.find('\n', start);
    std::string part = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    out += "<w:r>" + rpr + "<w:t xml:space=\"preserve\">" + esc(part) + "</w:t></w:r>";
    if (nl == std::string::npos) break;
    out += "<w:r>" + rpr + "<w:br/></w:r>";
    start = nl + 1;
  }
  return out;
}

std::string paragraph(const std::string& style, const std::string& text, const std::string& extra_ppr = "") {
  return "<w:p><w:pPr><w:pStyle w:val=\"" + style + "\"/>" + extra_ppr + "</w:pPr>" + runs(text) + "</w:p>";
}

std::string section_properties(bool landscape) {
  std::string s = "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId2\"/>";
  if (landscape)
    s += "<w:pgSz w:w=\"" + std::to_string(kPortraitHeight) + "\" w:h=\"" + std::to_string(kPortraitWidth) +
         "\" w:orient=\"landscape\"/><w:pgMar w:top=\"" + std::to_string(kLandscapeMargin) + "\" w:right=\"" +
         std::to_string(kLandscapeMargin) + "\" w:bottom=\"" + std::to_string(kLandscapeMargin) + "\" w:left=\"" +
         std::to_string(kLandscapeMargin) + "\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>";
  else
    s += "<w:pgSz w:w=\"" + std::to_string(kPortraitWidth) + "\" w:h=\"" + std::to_string(kPortraitHeight) +
         "\"/><w:pgMar w:top=\"" + std::to_string(kMarginTop) + "\" w:right=\"" + std::to_string(kMarginRight) +
         "\" w:bottom=\"" + std::to_string(kMarginBottom) + "\" w:left=\"" + std::to_string(kMarginLeft) +
         "\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>";
  s += "<w:docGrid w:type=\"lines\" w:linePitch=\"" + std::to_string(kLinePitch) + "\"/></w:sectPr>";
  return s;
}

bool is_wide(const Table& t) { return t.columns.size() > 8; }

std::string table_xml(const Table& t, int width_twips) {
  const int grid = static_cast<int>(t.columns.size()) + 1;
  int label_chars = display_width(t.corner);
  for (const auto& r : t.rows) label_chars = std::max(label_chars, display_width(r.label) + 2 * r.level);
  // 10.5 pt characters are 105 twips per display column (a 汉字 is two).
  int label_width = std::clamp(label_chars * 105 + 200, 900, width_twips * 2 / 5);
  int data_width = (width_twips - label_width) / std::max(1, grid - 1);
  std::string out = "<w:tbl><w:tblPr><w:tblW w:w=\"" + std::to_string(width_twips) +
                    "\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>";
  for (const char* side : {"top", "left", "bottom", "right", "insideH", "insideV"})
    out += std::string("<w:") + side + " w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>";
  out += "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/>"
         "<w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>";
  out += "<w:gridCol w:w=\"" + std::to_string(label_width) + "\"/>";
  for (int i = 1; i < grid; ++i) out += "<w:gridCol w:w=\"" + std::to_string(data_width) + "\"/>";
  out += "</w:tblGrid>";
  auto cell_width = [&](int col, int cols) {
    int w = 0;
    for (int c = col; c < col + cols; ++c) w += c == 0 ? label_width : data_width;
    return w;
  };
  auto tc = [&](int col, int cols, const std::string& merge, const std::string& text, const std::string& jc,
                int indent) {
    std::string s = "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(cell_width(col, cols)) + "\" w:type=\"dxa\"/>";
    if (cols > 1) s += "<w:gridSpan w:val=\"" + std::to_string(cols) + "\"/>";
    if (!merge.empty()) s += merge;
    s += "<w:vAlign w:val=\"center\"/></w:tcPr>";
    std::string ppr = "<w:jc w:val=\"" + jc + "\"/>";
    if (indent > 0) ppr += "<w:ind w:left=\"" + std::to_string(indent * 210) + "\"/>";
    s += paragraph("TableText", text, ppr) + "</w:tc>";
    return s;
  };

  // The header block: each grid position is the origin of a cell, covered by a cell started in a
  // row above (a vertical merge goes on), covered by one started to its left (skipped), or empty.
  const auto cells = t.header_cells();
  for (int r = 0; r < t.header_height(); ++r) {
    out += "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>";
    for (int c = 0; c < grid;) {
      const HeaderCell* cover = nullptr;
      for (const auto& h : cells)
        if (r >= h.row && r < h.row + h.rows && c >= h.col && c < h.col + h.cols) cover = &h;
      if (!cover) {
        out += tc(c, 1, "", "", "center", 0);
        ++c;
        continue;
      }
      std::string merge;
      if (cover->rows > 1) merge = cover->row == r ? "<w:vMerge w:val=\"restart\"/>" : "<w:vMerge/>";
      out += tc(cover->col, cover->cols, merge, cover->row == r ? cover->label : "", "center", 0);
      c = cover->col + cover->cols;
    }
    out += "</w:tr>";
  }
  for (const auto& row : t.rows) {
    out += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
    if (row.heading()) {
      out += tc(0, grid, "", row.label, "left", row.level);
    } else {
      out += tc(0, 1, "", row.label, "left", row.level);
      for (int c = 1; c < grid; ++c)
        out += tc(c, 1, "", static_cast<size_t>(c - 1) < row.cells.size() ? std::to_string(row.cells[c - 1]) : "",
                  "right", 0);
    }
    out += "</w:tr>";
  }
  out += "</w:tbl>";
  return out;
}

std::string document_xml(const Document& d) {
  std::string body;
  const int portrait_text = kPortraitWidth - kMarginLeft - kMarginRight;
  const int landscape_text = kPortraitHeight - 2 * kLandscapeMargin;
  bool section_has_content = false;
  for (const auto& b : d.blocks) {
    switch (b.kind) {
      case BlockKind::title: body += paragraph("GKTitle", b.text); break;
      case BlockKind::number: body += paragraph("GKNumber", b.text); break;
      case BlockKind::addressee: body += paragraph("GKAddressee", b.text); break;
      case BlockKind::heading: body += paragraph("Heading" + std::to_string(std::clamp(b.level, 1, 3)), b.text); break;
      case BlockKind::paragraph: body += paragraph("GKBody", b.text); break;
      case BlockKind::signature: body += paragraph("GKSignature", b.text); break;
      case BlockKind::date: body += paragraph("GKDate", b.text); break;
      case BlockKind::note: body += paragraph("GKNote", b.text); break;
      case BlockKind::page_break: body += "<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"; break;
      case BlockKind::table: {
        if (!b.table) break;
        const Table& t = *b.table;
        bool own_section = is_wide(t) && !d.landscape;
        // A section ends with the paragraph that carries its properties: close the portrait pages
        // before the table, and the table's landscape pages after it.
        if (own_section && section_has_content)
          body += "<w:p><w:pPr>" + section_properties(false) + "</w:pPr></w:p>";
        if (!t.title.empty()) body += paragraph("GKTableTitle", t.title);
        body += table_xml(t, own_section || d.landscape ? landscape_text : portrait_text);
        if (own_section) {
          body += "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/>" + section_properties(true) + "</w:pPr></w:p>";
          section_has_content = false;
          continue;
        }
        // A paragraph after a table keeps Word from joining two adjacent tables.
        body += paragraph("TableText", "");
        break;
      }
    }
    section_has_content = true;
  }
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"") + kW +
         "\" xmlns:r=\"" + kR + "\"><w:body>" + body + section_properties(d.landscape) + "</w:body></w:document>";
}

std::string fonts(const char* east_asia, const char* latin = "Times New Roman") {
  return std::string("<w:rFonts w:ascii=\"") + latin + "\" w:hAnsi=\"" + latin + "\" w:eastAsia=\"" + east_asia +
         "\" w:cs=\"" + latin + "\"/>";
}

std::string style(const char* id, const char* name, const std::string& ppr, const std::string& rpr,
                  const char* type = "paragraph") {
  return std::string("<w:style w:type=\"") + type + "\" w:customStyle=\"1\" w:styleId=\"" + id + "\"><w:name w:val=\"" +
         name + "\"/><w:basedOn w:val=\"Normal\"/><w:qFormat/><w:pPr>" + ppr + "</w:pPr><w:rPr>" + rpr +
         "</w:rPr></w:style>";
}

std::string styles_xml() {
  const std::string exact = "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"" + std::to_string(kLinePitch) +
                            "\" w:lineRule=\"exact\"/>";
  const std::string indent2 = "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>";
  std::string s = std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"") +
                  kW + "\"><w:docDefaults><w:rPrDefault><w:rPr>" + fonts("仿宋_GB2312") +
                  "<w:kern w:val=\"2\"/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/><w:lang w:val=\"en-US\" "
                  "w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>" +
                  exact + "<w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>";
  s += "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>";
  s += style("GKTitle", "公文标题", "<w:spacing w:before=\"0\" w:after=\"" + std::to_string(kLinePitch) +
                                        "\" w:line=\"720\" w:lineRule=\"exact\"/><w:jc w:val=\"center\"/>",
             fonts("方正小标宋简体") + "<w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>");
  s += style("GKNumber", "发文字号", exact + "<w:jc w:val=\"center\"/>", "");
  s += style("GKAddressee", "主送机关", exact, "");
  s += style("GKBody", "正文", exact + indent2, "");
  s += style("GKSignature", "发文机关署名", "<w:spacing w:before=\"" + std::to_string(kLinePitch) +
                                            "\" w:after=\"0\" w:line=\"" + std::to_string(kLinePitch) +
                                            "\" w:lineRule=\"exact\"/><w:ind w:right=\"1280\"/><w:jc w:val=\"right\"/>",
             "");
  s += style("GKDate", "成文日期", exact + "<w:ind w:right=\"1280\"/><w:jc w:val=\"right\"/>", "");
  s += style("GKNote", "附注", "<w:spacing w:before=\"240\" w:after=\"0\" w:line=\"360\" w:lineRule=\"auto\"/>",
             "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>");
  s += style("GKTableTitle", "表格标题", exact + "<w:keepNext/><w:jc w:val=\"center\"/>", fonts("黑体"));
  s += style("TableText", "表格文字", "<w:spacing w:before=\"0\" w:after=\"0\" w:line=\"300\" w:lineRule=\"exact\"/>",
             fonts("宋体") + "<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>");
  const char* heading_fonts[] = {"黑体", "楷体_GB2312", "仿宋_GB2312"};
  for (int level = 1; level <= 3; ++level) {
    std::string id = "Heading" + std::to_string(level);
    s += "<w:style w:type=\"paragraph\" w:styleId=\"" + id + "\"><w:name w:val=\"heading " + std::to_string(level) +
         "\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"GKBody\"/><w:qFormat/><w:pPr><w:keepNext/>" + exact +
         indent2 + "<w:outlineLvl w:val=\"" + std::to_string(level - 1) + "\"/></w:pPr><w:rPr>" +
         fonts(heading_fonts[level - 1]) + (level == 3 ? "<w:b/>" : "") + "</w:rPr></w:style>";
  }
  return s + "</w:styles>";
}

std::string footer_xml() {
  std::string rpr = "<w:rPr>" + fonts("宋体", "宋体") + "<w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/></w:rPr>";
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:ftr xmlns:w=\"") + kW +
         "\"><w:p><w:pPr><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"center\"/></w:pPr>" +
         "<w:r>" + rpr + "<w:t xml:space=\"preserve\">— </w:t></w:r><w:r>" + rpr +
         "<w:fldChar w:fldCharType=\"begin\"/></w:r><w:r>" + rpr +
         "<w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r><w:r>" + rpr +
         "<w:fldChar w:fldCharType=\"separate\"/></w:r><w:r>" + rpr + "<w:t>1</w:t></w:r><w:r>" + rpr +
         "<w:fldChar w:fldCharType=\"end\"/></w:r><w:r>" + rpr +
         "<w:t xml:space=\"preserve\"> —</w:t></w:r></w:p></w:ftr>";
}

}  // namespace

std::string document_docx(const Document& d) {
  const std::string xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  ZipWriter zip;
  zip.add("[Content_Types].xml",
          xml + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
                "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
                "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
                "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
                "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
                "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
                "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
                "vnd.openxmlformats-package.core-properties+xml\"/></Types>");
  zip.add("_rels/.rels",
          xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                "relationships/officeDocument\" Target=\"word/document.xml\"/>"
                "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/"
                "metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>");
  zip.add("docProps/core.xml",
          xml + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/"
                "core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>" +
              esc(d.title) + "</dc:title><dc:language>zh-CN</dc:language></cp:coreProperties>");
  zip.add("word/_rels/document.xml.rels",
          xml + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                "relationships/styles\" Target=\"styles.xml\"/>"
                "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
                "relationships/footer\" Target=\"footer1.xml\"/></Relationships>");
  zip.add("word/document.xml", document_xml(d));
  zip.add("word/styles.xml", styles_xml());
  zip.add("word/footer1.xml", footer_xml());
  return zip.finish();
}

}  // namespace gongkai::report
