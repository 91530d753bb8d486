#include "app/attachments.h"

#include <filesystem>
#include <fstream>

#include "app/sha256.h"
#include "db/case_store.h"
#include "engine/errors.h"
#include "engine/file_type.h"
#include "workflows/input_checks.h"

namespace gongkai::app {
namespace {

// The case exists and the member sees it: NotFound as `show` says it.
void visible_case(Context& ctx, const std::string& case_no) {
  workflows::check_case_number(case_no, "case");
  db::load_case_or_throw(ctx.db(), case_no);
}

}  // namespace

AttachRequest attach_request_from_path(const std::string& case_no, const std::string& path, const std::string& note) {
  namespace fs = std::filesystem;
  std::error_code ec;
  auto size = fs::file_size(path, ec);
  if (ec) throw UsageError("cannot read the file '" + path + "': " + ec.message());
  if (static_cast<long long>(size) > kMaxFileBytes)
    throw UsageError("the file '" + path + "' has " + std::to_string(size) + " bytes, more than the " +
                     std::to_string(kMaxFileBytes / (1024 * 1024)) + " MiB a case file may have");
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) throw UsageError("cannot read the file '" + path + "'");
  return {case_no, fs::path(path).filename().string(), std::move(data), note};
}

StoredFile attach_file(Context& ctx, const AttachRequest& r) {
  // The role first, as for events: the same refusal whatever case it names.
  if (!ctx.me().sees_personal_data())
    throw NotPermitted("a " + ctx.me().role + " may not attach files to a case (registrars, handlers and admins do)");
  workflows::check_case_number(r.case_no, "case");
  workflows::check_text(r.name, "file name", workflows::TextRule{255, true, false});
  if (!r.note.empty()) workflows::check_text(r.note, "note", workflows::TextRule{2000, false, true});
  if (static_cast<long long>(r.data.size()) > kMaxFileBytes)
    throw UsageError("a case file may have at most " + std::to_string(kMaxFileBytes / (1024 * 1024)) + " MiB");
  return db::add_file(ctx.db(), r.case_no, r.name, sniff_type(r.data), r.note, r.data, ctx.actor());
}

std::vector<StoredFile> case_files(Context& ctx, const std::string& case_no) {
  visible_case(ctx, case_no);
  return db::case_files(ctx.db(), case_no);
}

nlohmann::json files_json(const std::vector<StoredFile>& files) {
  auto opt = [](const std::optional<int>& n) { return n ? nlohmann::json(*n) : nlohmann::json(nullptr); };
  nlohmann::json j = nlohmann::json::array();
  for (const auto& f : files)
    j.push_back({{"id", f.file_no},
                 {"name", f.name},
                 {"size", f.size},
                 {"sha256", f.sha256},
                 {"type", f.type},
                 {"attached_on", f.attached_on},
                 {"attached_at", f.attached_at},
                 {"actor", f.actor},
                 {"note", f.note.empty() ? nlohmann::json(nullptr) : nlohmann::json(f.note)},
                 {"supersedes", opt(f.supersedes)},
                 {"superseded_by", opt(f.superseded_by)}});
  return j;
}

FileContent file_content(Context& ctx, const std::string& case_no, int file_no) {
  visible_case(ctx, case_no);
  auto bytes = db::file_bytes(ctx.db(), case_no, file_no);
  if (!bytes) {
    for (const auto& f : db::case_files(ctx.db(), case_no))
      if (f.file_no == file_no)
        throw NotPermitted("a " + ctx.me().role +
                           " may not read the contents of case files (they carry personal data)");
    throw NotFound("case " + case_no + " has no file " + std::to_string(file_no));
  }
  if (sha256_hex(bytes->data) != bytes->sha256)
    throw InternalError("file " + std::to_string(file_no) + " of case " + case_no +
                        " does not match the SHA-256 kept with it: the stored bytes were changed");
  return {bytes->name, std::move(bytes->data)};
}

}  // namespace gongkai::app
