#include "db/import_spill.h"

#include <array>

#include "db/case_row.h"
#include "workflows/case_row.h"

namespace gongkai::db {
namespace {

using workflows::ImportCase;

const std::vector<std::string>& columns() {
  static const std::vector<std::string> cols = [] {
    std::vector<std::string> c = {
        "ref", "kind", "kept_number", "number", "agency_id", "regime", "received_on", "first_row", "bad_row", "id",
        "base_count", "version", "channel", "applicant_type", "applicant", "subject", "letter_ref", "contact",
        "history", "ev_kind", "ev_on", "ev_actor", "ev_details", "ev_recorded_at", "ev_salt"};
    // then the projection, as snapshot_params gives it
    for (const auto& col : workflows::case_row_columns())
      if (!col.fact) c.emplace_back(col.name);
    return c;
  }();
  return cols;
}
// libpqxx's COPY writes rows of a fixed size: the staging columns and the case row's projection.
constexpr size_t kColumns = 48;

const char* kind_name(ImportCase::Kind k) {
  switch (k) {
    case ImportCase::Kind::fresh: return "fresh";
    case ImportCase::Kind::existing: return "existing";
    default: return "unknown";
  }
}

// A PostgreSQL array literal of quoted text elements (the COPY escaping comes on top, from
// stream_to); the first `nulls` elements are NULL.
template <class Range, class Get>
std::string text_array(const Range& items, Get get, size_t nulls = 0) {
  std::string out = "{";
  for (const auto& item : items) {
    if (out.size() > 1) out += ',';
    if (nulls) {
      --nulls;
      out += "NULL";
      continue;
    }
    out += '"';
    for (char ch : std::string_view(get(item))) {
      if (ch == '"' || ch == '\\') out += '\\';
      out += ch;
    }
    out += '"';
  }
  out += '}';
  return out;
}

// One value of each event as the file gave it (recorded_at, a salt; NULL where not given); NULL
// for none given at all. The values are checked (digits, -, :, ., T, Z, +, hex): nothing to quote.
std::optional<std::string> given_array(const std::vector<workflows::AddedEvent>& added,
                                       std::string workflows::AddedEvent::*field) {
  bool any = false;
  for (const auto& e : added) any = any || !(e.*field).empty();
  if (!any) return std::nullopt;
  std::string out = "{";
  for (const auto& e : added) {
    if (out.size() > 1) out += ',';
    out += (e.*field).empty() ? "NULL" : "\"" + e.*field + "\"";
  }
  return out + "}";
}

int64_t pack(const workflows::CompactEvent& e) { return int64_t{e.on} * 65536 + e.kind * 256 + e.option; }
workflows::CompactEvent unpack(int64_t v) {
  workflows::CompactEvent e;
  const int64_t low = v & 0xffff;
  e.on = static_cast<int32_t>((v - low) / 65536);
  e.kind = static_cast<uint8_t>(low >> 8);
  e.option = static_cast<uint8_t>(low & 0xff);
  return e;
}

std::string text(const pqxx::field& f) { return f.is_null() ? std::string() : std::string(f.c_str()); }

}  // namespace

ImportSpill::ImportSpill(Session::Impl& impl, pqxx::work& tx) : impl_(impl), tx_(tx) {
  // The staging tables are the database's (gk_import_begin), lent to this transaction.
  translated([&] { tx_.exec("select gk_import_begin()"); });
}

ImportSpill::~ImportSpill() {
  // An exception is on its way (or the caller forgot): the transaction is rolled back anyway.
  if (out_) {
    try {
      out_->complete();
    } catch (...) {
    }
  }
}

void ImportSpill::pause() {
  if (!out_) return;
  out_->complete();
  out_.reset();
}

void ImportSpill::put(const ImportCase& c, const workflows::CaseSnapshot* snapshot) {
  ++puts_;
  if (columns().size() != kColumns)
    throw InternalError("the import's staging row has " + std::to_string(columns().size()) + " columns, not " +
                        std::to_string(kColumns) + " (workflows/case_row.h changed: update db/import_spill.cpp)");
  if (!out_) out_ = std::make_unique<pqxx::stream_to>(tx_, "gk_import_case", columns());
  const auto& f = c.facts;
  const bool fresh = c.kind == ImportCase::Kind::fresh;
  std::string history = "{";
  for (const auto& e : c.history) {
    if (history.size() > 1) history += ',';
    history += std::to_string(pack(e));
  }
  history += '}';
  std::string ev_on = "{";
  for (const auto& e : c.added) {
    if (ev_on.size() > 1) ev_on += ',';
    ev_on += std::to_string(e.on.days());
  }
  ev_on += '}';
  Params p = {c.ref,
              kind_name(c.kind),
              bool_param(c.kept_number),
              std::to_string(c.number),
              std::to_string(c.agency_id),
              std::to_string(f.regime),
              c.kind == ImportCase::Kind::unknown ? std::nullopt : std::optional<std::string>(f.received_on.str()),
              std::to_string(c.first_row),
              std::to_string(c.bad_row),
              std::to_string(c.id),
              std::to_string(c.base_count),
              text_param(c.version),
              fresh ? text_param(f.channel) : std::nullopt,
              fresh ? text_param(f.applicant_type) : std::nullopt,
              fresh ? text_param(f.applicant) : std::nullopt,
              fresh ? text_param(f.subject) : std::nullopt,
              fresh ? text_param(f.letter_ref) : std::nullopt,
              fresh ? text_param(f.contact) : std::nullopt,
              std::move(history),
              text_array(c.added, [](const workflows::AddedEvent& e) -> const std::string& { return e.kind; }),
              std::move(ev_on),
              text_array(c.added, [](const workflows::AddedEvent& e) -> const std::string& { return e.actor; }),
              // A new case's receipt details are its facts (facts_to_details), rebuilt by the write
              // from the columns above: the largest part of a row need not travel twice.
              // (The validator does not even keep them.)
              text_array(
                  c.added, [](const workflows::AddedEvent& e) -> const std::string& { return e.details; },
                  fresh ? 1 : 0),
              given_array(c.added, &workflows::AddedEvent::recorded_at),
              given_array(c.added, &workflows::AddedEvent::personal_salt)};
  if (snapshot) snapshot_params(*snapshot, p);
  p.resize(kColumns);
  std::array<const char*, kColumns> row;
  for (size_t i = 0; i < kColumns; ++i) row[i] = nullable(p[i]);
  *out_ << row;
}

std::optional<ImportCase> ImportSpill::take(const std::string& ref) {
  pause();
  ++takes_;
  if (!ref_index_) {
    tx_.exec("select gk_import_index('ref')");
    ref_index_ = true;
  }
  impl_.prepare("import_spill_take.sql");
  auto r = tx_.exec_prepared("import_spill_take.sql", ref);
  if (r.empty()) return std::nullopt;
  const auto& row = r[0];
  ImportCase c;
  c.ref = ref;
  const std::string kind = row["kind"].c_str();
  c.kind = kind == "fresh" ? ImportCase::Kind::fresh
           : kind == "existing" ? ImportCase::Kind::existing
                                : ImportCase::Kind::unknown;
  c.kept_number = row["kept_number"].as<bool>();
  c.number = row["number"].as<int32_t>();
  c.agency_id = row["agency_id"].as<int32_t>();
  c.facts.regime = row["regime"].as<int>();
  if (!row["received_on"].is_null()) c.facts.received_on = parse_date(row["received_on"].c_str(), "stored date");
  c.first_row = row["first_row"].as<uint32_t>();
  c.bad_row = row["bad_row"].as<uint32_t>();
  c.id = row["id"].as<int64_t>();
  c.base_count = row["base_count"].as<int32_t>();
  c.version = text(row["version"]);
  c.facts.channel = text(row["channel"]);
  c.facts.applicant_type = text(row["applicant_type"]);
  c.facts.applicant = text(row["applicant"]);
  c.facts.subject = text(row["subject"]);
  c.facts.letter_ref = text(row["letter_ref"]);
  c.facts.contact = text(row["contact"]);
  for (const auto& v : nlohmann::json::parse(row["history"].c_str())) c.history.push_back(unpack(v.get<int64_t>()));
  auto kinds = nlohmann::json::parse(row["ev_kind"].c_str());
  auto ons = nlohmann::json::parse(row["ev_on"].c_str());
  auto actors = nlohmann::json::parse(row["ev_actor"].c_str());
  auto details = nlohmann::json::parse(row["ev_details"].c_str());
  auto recorded = row["ev_recorded_at"].is_null() ? nlohmann::json() : nlohmann::json::parse(row["ev_recorded_at"].c_str());
  auto salts = row["ev_salt"].is_null() ? nlohmann::json() : nlohmann::json::parse(row["ev_salt"].c_str());
  for (size_t i = 0; i < kinds.size(); ++i)
    c.added.push_back({kinds[i].get<std::string>(), Date::from_days(ons[i].get<int32_t>()),
                       actors[i].get<std::string>(), details[i].is_string() ? details[i].get<std::string>() : "",
                       recorded.is_array() && recorded[i].is_string() ? recorded[i].get<std::string>() : "",
                       salts.is_array() && salts[i].is_string() ? salts[i].get<std::string>() : ""});
  return c;
}

size_t ImportSpill::letter_ref_row(int agency_id, const std::string& letter_ref) {
  pause();
  if (!letter_ref_index_) {
    tx_.exec("select gk_import_index('letter_ref')");
    letter_ref_index_ = true;
  }
  impl_.prepare("import_spill_letter_ref.sql");
  auto r = tx_.exec_prepared("import_spill_letter_ref.sql", agency_id, letter_ref);
  return r.empty() ? 0 : r[0][0].as<size_t>();
}

}  // namespace gongkai::db
