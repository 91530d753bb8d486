// Writing a Document (report/document.h) as a file the office can sign or publish: HTML (print
// CSS after GB/T 9704: A4, 仿宋 body, 小标宋 title, the standard margins), DOCX (a minimal OOXML
// package with the same layout), Markdown, and PDF (the HTML printed by headless Chromium with
// the Noto CJK fonts).
#pragma once
#include <string>
#include <string_view>

#include "report/document.h"

namespace gongkai::report {

enum class DocFormat { html, docx, pdf, md };

// UsageError naming the value and the valid formats.
DocFormat parse_doc_format(std::string_view name);
std::string_view doc_format_name(DocFormat f);
// The format a file name's extension implies (.html .htm .docx .pdf .md), or html.
DocFormat doc_format_for_path(std::string_view path);

std::string document_html(const Document& d);
std::string document_md(const Document& d);
// The DOCX package's bytes; deterministic (fixed timestamps), so equal documents give equal files.
std::string document_docx(const Document& d);

// The file's bytes in format `f` (PDF: printed by Chromium, as below), for a file or a download.
std::string document_bytes(const Document& d, DocFormat f);
// Writes `d` to `path` (replacing it). PDF runs Chromium (GONGKAI_CHROMIUM, else `chromium` on
// PATH); UsageError when the file cannot be written, and when Chromium
// is missing or fails, naming what to install.
void write_document_file(const Document& d, DocFormat f, const std::string& path);

}  // namespace gongkai::report
