// A case's files: the incoming letter, the reply, delivery receipts — attached from a file,
// listed, and read back, under the case's access rules (docs/cli.md, "The case file").
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/context.h"
#include "db/attachment_store.h"

namespace gongkai::app {

// The largest file gongkai keeps (25 MiB): a scanned letter, not an archive of them.
inline constexpr long long kMaxFileBytes = 25LL * 1024 * 1024;

struct AttachRequest {
  std::string case_no;
  std::string name;  // the file's name as the case lists it (the path's last part)
  std::string data;  // its bytes
  std::string note;
};
using StoredFile = db::StoredFile;
// Keeps the file with the case (registrars, handlers and admins of its agency); a file of the
// same name as an earlier one supersedes it, both kept. The type is sniffed from the bytes.
StoredFile attach_file(Context& ctx, const AttachRequest& r);
// Reads the file at `path` into an AttachRequest (UsageError naming it when it cannot be read or is
// larger than kMaxFileBytes).
AttachRequest attach_request_from_path(const std::string& case_no, const std::string& path, const std::string& note);
std::vector<StoredFile> case_files(Context& ctx, const std::string& case_no);
nlohmann::json files_json(const std::vector<StoredFile>& files);

struct FileContent {
  std::string name, data;
};
// The bytes of file `file_no`, checked against the hash kept with them. NotFound when the case has
// no such file; NotPermitted when the member may not read files' contents (personal data).
FileContent file_content(Context& ctx, const std::string& case_no, int file_no);

}  // namespace gongkai::app
