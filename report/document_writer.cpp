#include "report/document_writer.h"

#include <fstream>

#include "engine/errors.h"
#include "report/document_pdf.h"

namespace gongkai::report {
namespace {

constexpr std::pair<DocFormat, std::string_view> kNames[] = {
    {DocFormat::docx, "docx"}, {DocFormat::pdf, "pdf"}, {DocFormat::html, "html"}, {DocFormat::md, "md"}};

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

void write_bytes(const std::string& bytes, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) throw UsageError("cannot write '" + path + "'");
}

}  // namespace

DocFormat parse_doc_format(std::string_view name) {
  for (const auto& [f, n] : kNames)
    if (name == n) return f;
  throw UsageError("unknown document format '" + std::string(name) + "' (valid: docx, pdf, html, md)");
}

std::string_view doc_format_name(DocFormat f) {
  for (const auto& [g, n] : kNames)
    if (f == g) return n;
  return "html";
}

DocFormat doc_format_for_path(std::string_view path) {
  if (ends_with(path, ".docx")) return DocFormat::docx;
  if (ends_with(path, ".pdf")) return DocFormat::pdf;
  if (ends_with(path, ".md")) return DocFormat::md;
  return DocFormat::html;
}

std::string document_bytes(const Document& d, DocFormat f) {
  switch (f) {
    case DocFormat::html: return document_html(d);
    case DocFormat::md: return document_md(d);
    case DocFormat::docx: return document_docx(d);
    case DocFormat::pdf: return print_pdf(document_html(d));
  }
  return document_html(d);
}

void write_document_file(const Document& d, DocFormat f, const std::string& path) {
  write_bytes(document_bytes(d, f), path);
}

}  // namespace gongkai::report
