#include "workflows/import_row.h"

#include <regex>

#include "engine/errors.h"
#include "workflows/input_checks.h"
#include "workflows/event_catalogue.h"
#include "workflows/regime.h"
#include "workflows/vocabulary.h"

namespace gongkai::workflows {
namespace {

// Receipt columns: they describe the case and belong on its `received` row only.
constexpr Col kReceiptCols[] = {Col::channel, Col::applicant_type, Col::applicant, Col::subject,
                                Col::letter_ref, Col::regime, Col::contact};
std::string_view name(Col c) { return column_names()[static_cast<size_t>(c)]; }

// A receipt's texts, checked as `receive` checks them (each named by its column): a file is typed
// by people too, and what it stores is printed later.
void check_receipt_texts(const CaseFacts& f) {
  check_text(f.applicant, "applicant", TextRule{kMaxNameChars, true, false});
  check_text(f.subject, "subject", TextRule{kMaxSubjectChars, false, true});
  check_text(f.letter_ref, "letter_ref", TextRule{kMaxLetterRefChars, false, false});
  check_text(f.contact, "contact", TextRule{kMaxContactChars, false, false});
}

// Event options, as the event catalogue defines them: each in the column named after its key.
Col option_column(std::string_view key) {
  const auto& names = column_names();
  for (size_t i = 0; i < kColumnCount; ++i)
    if (names[i] == key) return static_cast<Col>(i);
  throw InternalError("the import format has no column for the event option " + std::string(key));
}

}  // namespace

const std::array<std::string_view, kColumnCount>& column_names() {
  static const std::array<std::string_view, kColumnCount> names = {
      "case",    "event",  "on",     "agency", "channel",     "applicant_type", "applicant", "subject",
      "letter_ref", "regime", "contact", "outcome", "result", "amount", "approved_by", "handler",
      "field",   "value", "note",    "actor", "recorded_at", "personal_salt"};
  return names;
}

ColumnMap ColumnMap::from_header(const CsvReader& header) {
  ColumnMap m;
  m.index_.fill(-1);
  const auto& names = column_names();
  for (size_t i = 0; i < header.size(); ++i) {
    std::string_view h = header[i];
    size_t c = 0;
    while (c < kColumnCount && names[c] != h) ++c;
    if (c == kColumnCount) {
      std::string valid;
      for (auto n : names) valid += (valid.empty() ? "" : ", ") + std::string(n);
      throw UsageError("row 1: unknown column '" + std::string(h) + "' (column " + std::to_string(i + 1) +
                       "; valid: " + valid + ")");
    }
    if (m.index_[c] >= 0)
      throw UsageError("row 1: column '" + std::string(h) + "' appears twice (columns " +
                       std::to_string(m.index_[c] + 1) + " and " + std::to_string(i + 1) + ")");
    m.index_[c] = static_cast<int>(i);
  }
  for (Col c : {Col::case_ref, Col::event, Col::on})
    if (!m.has(c)) throw UsageError("row 1: the required column '" + std::string(name(c)) + "' is missing");
  return m;
}

ImportRow read_import_row(const CsvReader& r, const ColumnMap& m, const std::string& actor) {
  ImportRow row;
  auto get = [&](Col c) { return m.get(r, c); };
  row.ref = get(Col::case_ref);
  if (row.ref.empty()) throw UsageError("the case column is empty");
  check_case_number(row.ref, "case");
  std::string_view kind = get(Col::event);
  if (kind.empty()) throw UsageError("the event column is empty");
  row.receipt = kind == "received";
  static const std::vector<std::string_view> kinds = [] {
    std::vector<std::string_view> k = {"received"};
    k.insert(k.end(), kEventKinds.begin(), kEventKinds.end());
    return k;
  }();
  if (!row.receipt) check_word(kind, kinds, "event");
  // A correction changes the facts a bulk import writes from the receipt row; the import does not
  // carry that through yet, so it refuses the row rather than write the uncorrected facts.
  if (kind == "corrected")
    throw UsageError("a corrected row cannot be imported yet: record the correction with "
                     "`gongkai event CASE corrected` after the import");
  row.event.kind = kind;
  std::string_view on = get(Col::on);
  if (on.empty()) throw UsageError("the on column (the date) is empty");
  row.event.on = parse_date(on, "on");
  std::string_view who = get(Col::actor);
  if (!who.empty()) check_text(who, "actor", TextRule{kMaxNameChars, true, false});
  row.event.actor = who.empty() ? actor : std::string(who);
  if (std::string_view at = get(Col::recorded_at); !at.empty()) {
    // As export writes it (UTC, microseconds); any ISO 8601 time with its zone is read alike.
    static const std::regex iso(R"(^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$)");
    if (!std::regex_match(at.begin(), at.end(), iso))
      throw UsageError("recorded_at '" + printable(at) +
                       "' is not a time with its zone (like 2024-03-04T09:15:00.000000Z, as export writes it)");
    row.event.recorded_at = at;
  }
  if (std::string_view salt = get(Col::personal_salt); !salt.empty()) {
    if (kind != "received")
      throw UsageError("personal_salt belongs on a received row (with the personal data it salts)");
    if (salt.size() != 32 || salt.find_first_not_of("0123456789abcdef") != std::string_view::npos)
      throw UsageError("personal_salt '" + printable(salt) + "' is not 32 hex digits (as export writes it)");
    row.personal_salt = salt;
  }

  if (row.receipt) {
    for (const auto& o : event_options())
      if (Col c = option_column(o.key); !get(c).empty())
        throw UsageError(std::string(name(c)) + " '" + printable(get(c)) + "' does not belong on a received row");
    CaseFacts& f = row.facts;
    f.agency = get(Col::agency);
    if (f.agency.empty()) throw UsageError("a received row needs the agency");
    check_agency_code(f.agency, "agency");
    f.received_on = row.event.on;
    check_receipt_date(f.received_on);
    std::string_view regime = get(Col::regime);
    if (regime.empty()) f.regime = default_regime(f.received_on);
    else if (regime == "2008" || regime == "2019") f.regime = regime == "2008" ? 2008 : 2019;
    else throw UsageError("unknown regime '" + printable(regime) + "' (valid: 2008, 2019)");
    check_regime_fits(f.regime, f.received_on);
    f.channel = get(Col::channel);
    f.applicant_type = get(Col::applicant_type);
    f.applicant = get(Col::applicant);
    f.subject = get(Col::subject);
    f.letter_ref = get(Col::letter_ref);
    f.contact = get(Col::contact);
    if (f.channel.empty()) throw UsageError("a received row needs the channel");
    if (f.applicant_type.empty()) throw UsageError("a received row needs the applicant_type");
    if (f.applicant.empty()) throw UsageError("a received row needs the applicant");
    check_receipt_texts(f);
    validate_facts(f);
    row.event.details = facts_to_details(f);
    return row;
  }

  for (Col c : kReceiptCols)
    if (!get(c).empty())
      throw UsageError(std::string(name(c)) + " '" + printable(get(c)) +
                       "' belongs on the case's received row only, not on " + row.event.kind);
  row.agency = get(Col::agency);
  if (!row.agency.empty()) check_agency_code(row.agency, "agency");
  // The options an event cannot go without (the rest is checked where the event is applied).
  const EventKind& k = event_kind_or_throw(kind);
  for (auto key : k.required)
    if (get(option_column(key)).empty())
      throw UsageError(row.event.kind + " needs the " + std::string(key) + " column");
  for (const auto& o : event_options())
    if (std::string_view v = get(option_column(o.key)); !v.empty()) row.event.details[std::string(o.key)] = v;
  // The checks of a new event typed in (names, notes, the fee's bounds), the fee's first so that
  // -5 or 0 is told why, as `event` tells it.
  if (std::string_view amount = get(Col::amount); !amount.empty() && takes_option(k, "amount"))
    check_fee_amount(amount);
  check_new_event_input(k, row.event);
  return row;
}

}  // namespace gongkai::workflows
