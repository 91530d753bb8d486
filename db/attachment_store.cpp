#include "db/attachment_store.h"

#include "db/pg_session.h"

namespace gongkai::db {
namespace {

std::optional<int> opt_int(const pqxx::field& f) {
  return f.is_null() ? std::nullopt : std::optional<int>(f.as<int>());
}

}  // namespace

StoredFile add_file(Session& s, const std::string& case_no, const std::string& name, const std::string& type,
                    const std::string& note, const std::string& data, const std::string& actor) {
  return translated([&] {
    Statement tx(s.impl());
    pqxx::binarystring bytes(data.data(), data.size());
    auto r = tx->exec_params1(
        "select file_no, sha256, size, supersedes, attached_at::date::text as attached_on, attached_at::text "
        "from gk_attachment_add($1, $2, $3, $4, $5, $6)",
        case_no, name, type, note, bytes, actor);
    tx.commit();
    StoredFile f;
    f.file_no = r["file_no"].as<int>();
    f.name = name;
    f.type = type;
    f.note = note;
    f.actor = actor;
    f.sha256 = r["sha256"].c_str();
    f.size = r["size"].as<long long>();
    f.supersedes = opt_int(r["supersedes"]);
    f.attached_on = r["attached_on"].c_str();
    f.attached_at = r["attached_at"].c_str();
    return f;
  });
}

std::vector<StoredFile> case_files(Session& s, const std::string& case_no) {
  auto& impl = s.impl();
  impl.prepare("attachment_list.sql");
  Statement tx(impl);
  std::vector<StoredFile> out;
  for (const auto& r : tx->exec_prepared("attachment_list.sql", case_no)) {
    StoredFile f;
    f.file_no = r["file_no"].as<int>();
    f.name = r["name"].c_str();
    f.size = r["size"].as<long long>();
    f.sha256 = r["sha256"].c_str();
    f.type = r["type"].c_str();
    f.note = opt_text(r["note"]);
    f.supersedes = opt_int(r["supersedes"]);
    f.superseded_by = opt_int(r["superseded_by"]);
    f.actor = r["actor"].c_str();
    f.attached_on = r["attached_on"].c_str();
    f.attached_at = r["attached_at"].c_str();
    out.push_back(std::move(f));
  }
  return out;
}

std::optional<FileBytes> file_bytes(Session& s, const std::string& case_no, int file_no) {
  auto& impl = s.impl();
  impl.prepare("attachment_data.sql");
  Statement tx(impl);
  auto r = tx->exec_prepared("attachment_data.sql", case_no, file_no);
  if (r.empty()) return std::nullopt;
  pqxx::binarystring data(r[0]["data"]);
  return FileBytes{r[0]["name"].c_str(), r[0]["sha256"].c_str(), data.str()};
}

}  // namespace gongkai::db
