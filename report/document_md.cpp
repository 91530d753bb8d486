// A Document as Markdown, for a website's editor: headings as #, paragraphs as they are, the
// tables through the report's own Markdown writer (so they read exactly as `report --format md`).
#include <algorithm>
#include <sstream>

#include "report/document_writer.h"
#include "report/md_writer.h"

namespace gongkai::report {

std::string document_md(const Document& d) {
  std::ostringstream out;
  for (const auto& b : d.blocks) {
    switch (b.kind) {
      case BlockKind::title: out << "# " << b.text << "\n\n"; break;
      case BlockKind::heading: out << std::string(static_cast<size_t>(std::clamp(b.level, 1, 3) + 1), '#') << ' ' << b.text << "\n\n"; break;
      case BlockKind::note: out << "> " << b.text << "\n\n"; break;
      case BlockKind::table:
        if (b.table) {
          Report one;
          one.tables.push_back(*b.table);
          write_md(one, out);
        }
        break;
      case BlockKind::page_break: out << "---\n\n"; break;
      case BlockKind::signature:
      case BlockKind::date:
        // Markdown cannot align right; the two lines stay together as one paragraph.
        out << b.text << (b.kind == BlockKind::signature ? "  \n" : "\n\n");
        break;
      default: out << b.text << "\n\n"; break;
    }
  }
  return out.str();
}

}  // namespace gongkai::report
