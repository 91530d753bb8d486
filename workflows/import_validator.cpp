#include "workflows/import_validator.h"

#include <fmt/format.h>

namespace gongkai::workflows {
namespace {

// Messages of the state machine already name the case; others get it in front.
std::string about(const std::string& ref, const std::string& msg) {
  return msg.rfind("case ", 0) == 0 ? msg : "case " + ref + ": " + msg;
}

AddedEvent added_event(const EventRecord& e) { return {e.kind, e.on, e.actor, e.details.dump(), e.recorded_at, ""}; }

}  // namespace

void MemorySpill::put(const ImportCase& c, const CaseSnapshot* snapshot) {
  ++puts_;
  Kept& k = cases_[c.ref];
  k.c = c;
  if (snapshot) k.snapshot = compact_snapshot(*snapshot, words_);
  else k.snapshot.reset();
}

std::optional<ImportCase> MemorySpill::take(const std::string& ref) {
  auto it = cases_.find(ref);
  if (it == cases_.end()) return std::nullopt;
  ++takes_;
  ImportCase c = std::move(it->second.c);
  cases_.erase(it);
  return c;
}

size_t MemorySpill::letter_ref_row(int agency_id, const std::string& letter_ref) {
  for (const auto& [ref, k] : cases_)
    if (k.c.agency_id == agency_id && k.c.facts.letter_ref == letter_ref) return k.c.first_row;
  return 0;
}

const ImportCase* MemorySpill::find(const std::string& ref) const {
  auto it = cases_.find(ref);
  return it == cases_.end() ? nullptr : &it->second.c;
}

std::optional<CaseSnapshot> MemorySpill::snapshot(const std::string& ref) const {
  auto it = cases_.find(ref);
  if (it == cases_.end() || !it->second.snapshot) return std::nullopt;
  return expand_snapshot(*it->second.snapshot, words_);
}

ImportValidator::ImportValidator(const WorkingCalendar& cal, Date today, Lookups lookups, size_t live_cases,
                                 CaseSpill* spill)
    : cal_(cal), today_(today), lookups_(std::move(lookups)), capacity_(live_cases ? live_cases : 1) {
  for (const auto& [code, id] : lookups_.agencies) agency_codes_[id] = code;
  if (!spill) {
    own_spill_ = std::make_unique<MemorySpill>();
    spill = own_spill_.get();
  }
  spill_ = spill;
}

ImportValidator::~ImportValidator() = default;

std::string ImportValidator::case_number(const std::string& agency_code, int year, int n) {
  return fmt::format("{}-{}-{:04d}", agency_code, year, n);
}

const std::string& ImportValidator::agency_code(int id) const {
  static const std::string none;
  auto it = agency_codes_.find(id);
  return it == agency_codes_.end() ? none : it->second;
}

std::string ImportValidator::letter_key(int agency_id, const std::string& letter_ref) const {
  return std::to_string(agency_id) + "/" + letter_ref;
}

ImportValidator::Held* ImportValidator::lookup(const std::string& ref) {
  if (auto it = index_.find(ref); it != index_.end()) {
    held_.splice(held_.begin(), held_, it->second);
    return &*it->second;
  }
  // Only a reference that was spilled can be in the spill; the filter answers for most without
  // asking it.
  if (!refs_seen_.maybe(ref)) return nullptr;
  auto c = spill_->take(ref);
  if (!c) return nullptr;
  return &hold(std::move(*c));
}

ImportValidator::Held& ImportValidator::hold(ImportCase c) {
  while (held_.size() >= capacity_) release_oldest();
  held_.push_front(Held{std::move(c), nullptr});
  auto it = held_.begin();
  index_.emplace(it->c.ref, it);
  if (it->c.kind == ImportCase::Kind::fresh && !it->c.facts.letter_ref.empty())
    held_letter_refs_[letter_key(it->c.agency_id, it->c.facts.letter_ref)] = &*it;
  return *it;
}

void ImportValidator::release_oldest() {
  Held& h = held_.back();
  ImportCase& c = h.c;
  std::optional<CaseSnapshot> snapshot;
  if (c.kind != ImportCase::Kind::unknown && !c.bad_row) snapshot = live(h).snapshot();
  if (c.kind == ImportCase::Kind::fresh && !c.facts.letter_ref.empty()) {
    std::string key = letter_key(c.agency_id, c.facts.letter_ref);
    held_letter_refs_.erase(key);
    letter_refs_seen_.add(key);
  }
  spill_->put(c, snapshot ? &*snapshot : nullptr);
  refs_seen_.add(c.ref);
  index_.erase(c.ref);
  held_.pop_back();
}

DisclosureCase& ImportValidator::live(Held& h) {
  if (!h.machine)
    h.machine = std::make_unique<DisclosureCase>(
        rebuild_case(h.c.ref, agency_code(h.c.agency_id), h.c.facts.regime, h.c.history, cal_));
  return *h.machine;
}

ImportCase* ImportValidator::find(const std::string& ref) {
  Held* h = lookup(ref);
  return h ? &h->c : nullptr;
}

ImportValidator::Held& ImportValidator::resolve(const std::string& ref, size_t row) {
  if (Held* h = lookup(ref)) return *h;
  ImportCase c;
  c.ref = ref;
  c.first_row = static_cast<uint32_t>(row);
  auto stored = lookups_.stored_case ? lookups_.stored_case(ref) : std::nullopt;
  if (!stored) return hold(std::move(c));  // unknown: every row naming it is bad
  // Replayed once, checked against its case row as every single command does.
  auto dc = DisclosureCase::replay(stored->events, stored->case_no, stored->agency, cal_);
  auto s = dc.snapshot();
  if (s.state != stored->state || s.appeal_state != stored->appeal_state || s.event_count != stored->event_count)
    throw InternalError("case " + stored->case_no + ": its history replays to " + s.state + "/" + s.appeal_state +
                        " but the case row says " + stored->state + "/" + stored->appeal_state +
                        " (corruption: run 'gongkai verify')");
  c.kind = ImportCase::Kind::existing;
  c.id = stored->id;
  c.agency_id = stored->agency_id;
  agency_codes_.emplace(stored->agency_id, stored->agency);
  c.base_count = stored->event_count;
  c.version = stored->version;
  c.facts.regime = dc.facts().regime;
  c.facts.received_on = dc.facts().received_on;
  c.history.reserve(dc.history().size() + 2);
  for (const auto& e : dc.history()) c.history.push_back(compact_event(e));
  // Rebuilt after a spill, the machine starts on the receipt date the corrections left.
  c.history.front().on = dc.facts().received_on.days();
  Held& h = hold(std::move(c));
  h.machine = std::make_unique<DisclosureCase>(std::move(dc));
  return h;
}

std::optional<RowProblem> ImportValidator::check(size_t row, const ImportRow& r) {
  auto problem = [&](ErrorKind code, std::string msg, bool dependent = false) {
    return std::optional<RowProblem>(RowProblem{row, code, std::move(msg), dependent});
  };

  if (r.receipt) {
    Held* h = lookup(r.ref);
    if (h && h->c.kind == ImportCase::Kind::fresh)
      return problem(ErrorKind::invalid_input, fmt::format("case '{}' was already received at row {}", r.ref, h->c.first_row));
    if (h && h->c.kind == ImportCase::Kind::existing)
      return problem(ErrorKind::invalid_input, "case " + r.ref + " already exists in the database and cannot be received again");
    if (!h) {
      ImportCase fresh;
      fresh.ref = r.ref;
      h = &hold(std::move(fresh));
    }
    // New, or an unknown reference that now gets its receipt.
    ImportCase& c = h->c;
    c.kind = ImportCase::Kind::fresh;
    c.first_row = static_cast<uint32_t>(row);
    c.bad_row = 0;
    h->machine.reset();
    const CaseFacts& f = r.facts;
    auto bad = [&](ErrorKind code, std::string msg) {
      c.bad_row = static_cast<uint32_t>(row);
      return problem(code, about(r.ref, msg));
    };
    auto agency = lookups_.agencies.find(f.agency);
    if (agency == lookups_.agencies.end()) return bad(ErrorKind::invalid_input, "unknown agency '" + f.agency + "'");
    c.agency_id = agency->second;
    c.facts = f;
    c.facts.letter_ref.clear();
    if (f.received_on > today_)
      return bad(ErrorKind::invalid_input,
                 fmt::format("date {} is in the future (today is {})", f.received_on.str(), today_.str()));
    if (!f.letter_ref.empty()) {
      std::string key = letter_key(c.agency_id, f.letter_ref);
      size_t holder = 0;
      if (auto it = held_letter_refs_.find(key); it != held_letter_refs_.end()) holder = it->second->c.first_row;
      else if (letter_refs_seen_.maybe(key)) holder = spill_->letter_ref_row(c.agency_id, f.letter_ref);
      if (holder)
        return bad(ErrorKind::invalid_input,
                   fmt::format("letter ref '{}' is already used at agency {} by row {}", f.letter_ref, f.agency, holder));
      c.facts.letter_ref = f.letter_ref;
      held_letter_refs_[key] = h;
    }
    // An export's case numbers are kept: the reference is exactly the number this case would have.
    const std::string prefix = f.agency + "-" + std::to_string(f.received_on.year()) + "-";
    const size_t digits = r.ref.size() - std::min(r.ref.size(), prefix.size());
    if (digits >= 1 && digits <= 9 && r.ref.compare(0, prefix.size(), prefix) == 0 &&
        r.ref.find_first_not_of("0123456789", prefix.size()) == std::string::npos) {
      int n = std::stoi(r.ref.substr(prefix.size()));
      if (n > 0 && case_number(f.agency, f.received_on.year(), n) == r.ref) c.kept_number = true, c.number = n;
    }
    CaseFacts named = f;
    named.case_no = r.ref;
    try {
      DisclosureCase dc(std::move(named), cal_, r.event.actor);
      c.history.assign(1, compact_event(dc.history().front()));
      // Its details are its facts, which the write rebuilds from the case's columns: not kept twice.
      c.added.assign(1, AddedEvent{r.event.kind, r.event.on, r.event.actor, {}, r.event.recorded_at, r.personal_salt});
      h->machine = std::make_unique<DisclosureCase>(std::move(dc));
    } catch (const Error& e) {
      return bad(e.kind(), e.what());
    }
    if (!c.kept_number)
      c.number = ++numbered_[(static_cast<uint64_t>(c.agency_id) << 16) | static_cast<uint16_t>(f.received_on.year())];
    ++event_rows_;
    return std::nullopt;
  }

  Held& h = resolve(r.ref, row);
  ImportCase& c = h.c;
  if (c.kind == ImportCase::Kind::unknown)
    return problem(ErrorKind::invalid_input, "unknown case '" + r.ref +
                                        "': no received row for it earlier in the file and no such case number "
                                        "in the database");
  if (c.bad_row)
    return problem(ErrorKind::invalid_input,
                   fmt::format("not checked: case {} has a bad row before it (row {})", r.ref, c.bad_row), true);
  auto bad = [&](ErrorKind code, std::string msg) {
    c.bad_row = static_cast<uint32_t>(row);
    return problem(code, about(r.ref, msg));
  };
  if (!r.agency.empty() && r.agency != agency_code(c.agency_id))
    return bad(ErrorKind::invalid_input,
               "agency '" + r.agency + "' is not the case's agency (" + agency_code(c.agency_id) + ")");
  DisclosureCase& dc = live(h);
  try {
    dc.apply(r.event, today_);
  } catch (const Error& e) {
    return bad(e.kind(), e.what());
  }
  c.history.push_back(compact_event(dc.history().back()));
  c.added.push_back(added_event(r.event));
  ++event_rows_;
  return std::nullopt;
}

std::optional<RowProblem> ImportValidator::check_record(const CsvReader& r, const ColumnMap& m,
                                                        const std::string& actor) {
  std::string_view ref = m.get(r, Col::case_ref);
  try {
    return check(r.row(), read_import_row(r, m, actor));
  } catch (const UsageError& e) {
    mark_bad(r.row(), ref, m.get(r, Col::event) == "received");
    return RowProblem{r.row(), ErrorKind::invalid_input, ref.empty() ? e.what() : about(std::string(ref), e.what()), false};
  }
}

void ImportValidator::mark_bad(size_t row, std::string_view ref, bool receipt) {
  if (ref.empty()) return;
  std::string key(ref);
  Held* h = lookup(key);
  if (receipt) {
    if (h && h->c.kind != ImportCase::Kind::unknown) return;  // a second receipt: the first case stands
    if (!h) {
      ImportCase c;
      c.ref = key;
      h = &hold(std::move(c));
    }
    h->c.kind = ImportCase::Kind::fresh;
    h->c.first_row = static_cast<uint32_t>(row);
    h->c.bad_row = static_cast<uint32_t>(row);
    return;
  }
  if (!h) h = &resolve(key, row);
  if (h->c.kind != ImportCase::Kind::unknown && !h->c.bad_row) h->c.bad_row = static_cast<uint32_t>(row);
}

void ImportValidator::finish() {
  while (!held_.empty()) release_oldest();
}

}  // namespace gongkai::workflows
