// A case's files on the web: the case page's list (with downloads for those who may read them) and
// an upload form for those who handle the case; POST /cases/CASE/files (multipart, with the CSRF
// token) attaches, GET /cases/CASE/files/N downloads — always as an attachment, never shown in the
// page, so that an uploaded file cannot run as part of the site.
#include <fmt/format.h>

#include "app/attachments.h"
#include "engine/errors.h"
#include "web/pages.h"
#include "web/view.h"

namespace gongkai::web {

kainjow::mustache::data files_data(Visit& v, const app::CaseView& view) {
  Data d;
  const std::string case_no = view.c.facts().case_no;
  const bool may_read = v.ctx.me().sees_personal_data() && !view.personal_masked;
  List files;
  for (const auto& f : app::case_files(v.ctx, case_no)) {
    Data row;
    row.set("case", case_no);
    row.set("id", std::to_string(f.file_no));
    row.set("name", f.name);
    row.set("size", f.size < 1024 ? fmt::format("{} B", f.size) : fmt::format("{:.1f} KiB", f.size / 1024.0));
    row.set("type", f.type);
    row.set("attached_on", f.attached_on);
    row.set("actor", f.actor);
    row.set("note", f.note);
    row.set("sha256", f.sha256);
    row.set("superseded", f.superseded_by.has_value());
    if (f.superseded_by) row.set("superseded_by", std::to_string(*f.superseded_by));
    row.set("may_read", may_read);
    files.push_back(row);
  }
  set_list(d, "files", files);
  d.set("case", case_no);
  d.set("may_attach", may_read);
  d.set("csrf", v.csrf);
  d.set("max_mib", std::to_string(app::kMaxFileBytes / (1024 * 1024)));
  return d;
}

Response file_upload(Visit& v, const std::string& case_no) {
  const Upload* file = nullptr;
  for (const auto& u : v.req.files)
    if (u.field == "file") file = &u;
  if (!file || file->filename.empty()) throw UsageError("choose a file to attach");
  app::AttachRequest q{case_no, file->filename, file->data, v.req.param("note")};
  auto f = app::attach_file(v.ctx, q);
  return Response::redirect("/cases/" + url_encode(case_no) + "?attached=" + std::to_string(f.file_no), 303);
}

Response file_download(Visit& v, const std::string& case_no, const std::string& id) {
  if (id.empty() || id.size() > 9 || id.find_first_not_of("0123456789") != std::string::npos)
    throw NotFound("case " + case_no + " has no file " + id);
  auto content = app::file_content(v.ctx, case_no, std::stoi(id));
  Response res;
  res.body = std::move(content.data);
  res.content_type = "application/octet-stream";
  // The name as kept, for browsers that read RFC 5987; an ASCII one for the others.
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"file-" + case_no + "-" + id +
                                                      "\"; filename*=UTF-8''" + url_encode(content.name));
  return res;
}

}  // namespace gongkai::web
