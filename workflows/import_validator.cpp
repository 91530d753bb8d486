#include "workflows/import_validator.h"

#include <fmt/format.h>

namespace gongkai::workflows {
namespace {

// Messages of the state machine already name the case; others get it in front.
std::string about(const std::string& ref, const std::string& msg) {
  return msg.rfind("case ", 0) == 0 ? msg : "case " + ref + ": " + msg;
}

}  // namespace

ImportValidator::ImportValidator(const WorkingCalendar& cal, Date today, Lookups lookups, size_t live_cases)
    : cal_(cal), today_(today), lookups_(std::move(lookups)), slots_(live_cases ? live_cases : 1) {
  for (const auto& [code, id] : lookups_.agencies) agency_codes_[id] = code;
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

ImportCase* ImportValidator::find(const std::string& ref) {
  auto it = refs_.find(ref);
  return it == refs_.end() ? nullptr : &cases_[it->second];
}

void ImportValidator::put_live(ImportCase& c, DisclosureCase dc) {
  Slot& s = slots_[next_slot_];
  if (s.c) {
    // The case's projection is taken now, while its machine is at hand: most cases are never
    // touched again, and finish() then need not rebuild them.
    ImportCase& old = cases_[s.case_index];
    old.slot = -1;
    if (!old.bad_row) {
      old.snapshot = compact_snapshot(s.c->snapshot(), words_);
      old.snapshot_current = true;
    }
  }
  s.c = std::make_unique<DisclosureCase>(std::move(dc));
  s.case_index = static_cast<uint32_t>(&c - cases_.data());
  c.slot = static_cast<int32_t>(next_slot_);
  next_slot_ = (next_slot_ + 1) % slots_.size();
}

DisclosureCase& ImportValidator::live(ImportCase& c) {
  if (c.slot < 0) put_live(c, rebuild_case(*c.ref, agency_code(c.agency_id), c.regime, c.events, cal_));
  return *slots_[static_cast<size_t>(c.slot)].c;
}

ImportCase& ImportValidator::resolve(const std::string& ref, size_t row) {
  if (auto it = refs_.find(ref); it != refs_.end()) return cases_[it->second];
  auto [it, inserted] = refs_.emplace(ref, static_cast<uint32_t>(cases_.size()));
  cases_.emplace_back();
  ImportCase& c = cases_.back();
  c.ref = &it->first;
  c.first_row = static_cast<uint32_t>(row);
  auto stored = lookups_.stored_case ? lookups_.stored_case(ref) : std::nullopt;
  if (!stored) return c;  // unknown: every row naming it is bad
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
  c.regime = static_cast<int16_t>(dc.facts().regime);
  c.received_on = dc.facts().received_on;
  c.events.reserve(dc.history().size() + 2);
  for (const auto& e : dc.history()) c.events.push_back(compact_event(e));
  put_live(c, std::move(dc));
  return c;
}

std::optional<RowProblem> ImportValidator::check(size_t row, const ImportRow& r) {
  auto problem = [&](ExitCode code, std::string msg, bool dependent = false) {
    return std::optional<RowProblem>(RowProblem{row, code, std::move(msg), dependent});
  };

  if (r.receipt) {
    auto it = refs_.find(r.ref);
    if (it != refs_.end()) {
      ImportCase& c = cases_[it->second];
      if (c.kind == ImportCase::Kind::fresh)
        return problem(ExitCode::usage, fmt::format("case '{}' was already received at row {}", r.ref, c.first_row));
      if (c.kind == ImportCase::Kind::existing)
        return problem(ExitCode::usage,
                       "case " + r.ref + " already exists in the database and cannot be received again");
    } else {
      it = refs_.emplace(r.ref, static_cast<uint32_t>(cases_.size())).first;
      cases_.emplace_back();
      cases_.back().ref = &it->first;
    }
    ImportCase& c = cases_[it->second];  // new, or an unknown reference that now gets its receipt
    c.kind = ImportCase::Kind::fresh;
    c.first_row = static_cast<uint32_t>(row);
    c.bad_row = 0;
    const CaseFacts& f = r.facts;
    auto bad = [&](ExitCode code, std::string msg) {
      c.bad_row = static_cast<uint32_t>(row);
      return problem(code, about(r.ref, msg));
    };
    auto agency = lookups_.agencies.find(f.agency);
    if (agency == lookups_.agencies.end()) return bad(ExitCode::usage, "unknown agency '" + f.agency + "'");
    c.agency_id = agency->second;
    c.regime = static_cast<int16_t>(f.regime);
    c.received_on = f.received_on;
    if (f.received_on > today_)
      return bad(ExitCode::usage,
                 fmt::format("date {} is in the future (today is {})", f.received_on.str(), today_.str()));
    if (!f.letter_ref.empty()) {
      auto [lr, fresh] = letter_refs_.emplace(std::to_string(c.agency_id) + "/" + f.letter_ref, it->second);
      if (!fresh && lr->second != it->second)
        return bad(ExitCode::usage, fmt::format("letter ref '{}' is already used at agency {} by row {}", f.letter_ref,
                                                f.agency, cases_[lr->second].first_row));
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
      c.events.assign(1, compact_event(dc.history().front()));
      c.snapshot_current = false;
      put_live(c, std::move(dc));
    } catch (const Error& e) {
      return bad(e.code(), e.what());
    }
    ++event_rows_;
    return std::nullopt;
  }

  ImportCase& c = resolve(r.ref, row);
  if (c.kind == ImportCase::Kind::unknown)
    return problem(ExitCode::usage, "unknown case '" + r.ref +
                                        "': no received row for it earlier in the file and no such case number "
                                        "in the database");
  if (c.bad_row)
    return problem(ExitCode::usage,
                   fmt::format("not checked: case {} has a bad row before it (row {})", r.ref, c.bad_row), true);
  auto bad = [&](ExitCode code, std::string msg) {
    c.bad_row = static_cast<uint32_t>(row);
    return problem(code, about(r.ref, msg));
  };
  if (!r.agency.empty() && r.agency != agency_code(c.agency_id))
    return bad(ExitCode::usage,
               "agency '" + r.agency + "' is not the case's agency (" + agency_code(c.agency_id) + ")");
  DisclosureCase& dc = live(c);
  try {
    dc.apply(r.event, today_);
  } catch (const Error& e) {
    return bad(e.code(), e.what());
  }
  c.events.push_back(compact_event(dc.history().back()));
  c.snapshot_current = false;
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
    return RowProblem{r.row(), ExitCode::usage, ref.empty() ? e.what() : about(std::string(ref), e.what()), false};
  }
}

void ImportValidator::mark_bad(size_t row, std::string_view ref, bool receipt) {
  if (ref.empty()) return;
  std::string key(ref);
  ImportCase* c = find(key);
  if (receipt) {
    if (c && c->kind != ImportCase::Kind::unknown) return;  // a second receipt: the first case stands
    if (!c) {
      auto it = refs_.emplace(key, static_cast<uint32_t>(cases_.size())).first;
      cases_.emplace_back();
      c = &cases_.back();
      c->ref = &it->first;
    }
    c->kind = ImportCase::Kind::fresh;
    c->first_row = static_cast<uint32_t>(row);
    c->bad_row = static_cast<uint32_t>(row);
    return;
  }
  if (!c) c = &resolve(key, row);
  if (c->kind != ImportCase::Kind::unknown && !c->bad_row) c->bad_row = static_cast<uint32_t>(row);
}

void ImportValidator::mark_case_bad(ImportCase& c, size_t row) {
  if (!c.bad_row || c.bad_row > row) c.bad_row = static_cast<uint32_t>(row);
}

void ImportValidator::for_each_letter_ref(const std::function<void(int, std::string_view, ImportCase&)>& fn) {
  for (const auto& [key, index] : letter_refs_) {
    size_t slash = key.find('/');
    fn(std::stoi(key.substr(0, slash)), std::string_view(key).substr(slash + 1), cases_[index]);
  }
}

ImportCase* ImportValidator::find_letter_ref(int agency_id, std::string_view letter_ref) {
  auto it = letter_refs_.find(std::to_string(agency_id) + "/" + std::string(letter_ref));
  return it == letter_refs_.end() ? nullptr : &cases_[it->second];
}

void ImportValidator::finish() {
  for (auto& c : cases_) {
    if (c.kind == ImportCase::Kind::unknown || c.bad_row || (c.slot < 0 && c.snapshot_current)) continue;
    c.snapshot = compact_snapshot(live(c).snapshot(), words_);
    c.snapshot_current = true;
  }
  for (auto& c : cases_) std::vector<CompactEvent>().swap(c.events);
  for (auto& s : slots_) s.c.reset();
  for (auto& c : cases_) c.slot = -1;
}

}  // namespace gongkai::workflows
