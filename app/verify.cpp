#include "app/verify.h"

#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "app/permissions.h"
#include "engine/errors.h"
#include "workflows/case_row.h"

namespace gongkai::app {
namespace {

constexpr const char* kHeadsTitle = "# gongkai chain heads: case, number of its last event, that event's hash";

void report(const VerifyRequest& r, const std::string& line) {
  if (r.on_problem) r.on_problem(line);
}

// Heads kept in a file: the title line, then one tab-separated line per case.
class HeadsReader {
 public:
  explicit HeadsReader(const std::string& path) : path_(path), in_(path) {
    if (!in_) throw UsageError("cannot read the kept chain heads '" + path + "'");
    std::string title;
    std::getline(in_, title);
    if (title.rfind(kHeadsTitle, 0) != 0)
      throw UsageError("'" + path + "' is not a file of chain heads written by 'gongkai verify --heads'");
  }
  bool next(db::ChainHead& h) {
    std::string line;
    while (std::getline(in_, line)) {
      ++row_;
      if (line.empty()) continue;
      auto a = line.find('\t'), b = line.find('\t', a == std::string::npos ? a : a + 1);
      if (a == std::string::npos || b == std::string::npos || line.size() - b - 1 != 64)
        throw UsageError(fmt::format("{} line {}: not 'case<TAB>events<TAB>hash'", path_, row_ + 1));
      h.case_no = line.substr(0, a);
      try {
        h.events = std::stoi(line.substr(a + 1, b - a - 1));
      } catch (const std::exception&) {
        throw UsageError(fmt::format("{} line {}: the number of events is not a number", path_, row_ + 1));
      }
      h.head = line.substr(b + 1);
      ++count_;
      return true;
    }
    return false;
  }
  size_t count() const { return count_; }

 private:
  std::string path_;
  std::ifstream in_;
  size_t row_ = 0, count_ = 0;
};

}  // namespace

bool VerifyResult::ok() const {
  return corrupt.empty() && chain_breaks.empty() && (tallies.empty() || tallies_repaired) && heads_differing.empty();
}

VerifyResult verify(Context& ctx, const VerifyRequest& r) {
  require(ctx.me(), Action::verify);
  if ((!r.heads_out.empty() || !r.against.empty()) && !ctx.me().installation_admin)
    throw NotPermitted("keeping and checking chain heads is for the installation's administrator");
  VerifyResult v;

  // The heads go to a file beside the target, renamed at the end: a failed verify leaves none.
  std::ofstream heads;
  const std::string heads_tmp = r.heads_out + ".partial";
  if (!r.heads_out.empty()) {
    heads.open(heads_tmp, std::ios::trunc);
    if (!heads) throw UsageError("cannot write '" + r.heads_out + "'");
    heads << kHeadsTitle << "\n";
  }
  std::function<void(const db::ChainHead&)> on_head;
  if (!r.heads_out.empty())
    on_head = [&](const db::ChainHead& h) {
      heads << h.case_no << '\t' << h.events << '\t' << h.head << '\n';
      ++v.heads_written;
    };

  const WorkingCalendar& calendar = ctx.calendar();  // read before the scan's transaction starts
  try {
    auto scan = db::audit_scan(
        ctx.db(),
        [&](db::StoredCase&& stored) {
          std::string problem;
          try {
            auto c = workflows::DisclosureCase::replay(stored.events, stored.case_no, stored.agency, calendar);
            auto differences = workflows::case_row_differences(stored.row, workflows::case_row(c));
            for (const auto& d : differences) problem += (problem.empty() ? "" : "; ") + d;
            if (!problem.empty()) problem = "case " + stored.case_no + ": its stored row differs from its history: " + problem;
          } catch (const InternalError& e) {
            problem = e.what();
          }
          if (!problem.empty()) {
            report(r, problem);
            v.corrupt.push_back(std::move(problem));
          }
        },
        on_head);
    v.cases = scan.cases;
    v.chain_breaks = std::move(scan.breaks);
    for (const auto& p : scan.personal) {
      std::string problem = "case " + p.case_no + ": " + p.problem;
      report(r, problem);
      v.corrupt.push_back(std::move(problem));
    }
  } catch (...) {
    if (heads.is_open()) {
      heads.close();
      std::remove(heads_tmp.c_str());
    }
    throw;
  }
  for (const auto& b : v.chain_breaks)
    report(r, fmt::format("case {}: the hash chain breaks at event {}: {}", b.case_no, b.seq, b.problem));

  if (heads.is_open()) {
    heads.close();
    if (!heads) throw InternalError("could not write the chain heads to '" + r.heads_out + "' (disk full?)");
    std::error_code ec;
    std::filesystem::rename(heads_tmp, r.heads_out, ec);
    if (ec) throw InternalError("cannot move the chain heads to '" + r.heads_out + "': " + ec.message());
  }

  if (!r.against.empty()) {
    HeadsReader kept(r.against);
    v.heads_differing = db::compare_heads(ctx.db(), [&](db::ChainHead& h) { return kept.next(h); });
    v.heads_checked = true;
    v.heads_kept = kept.count();
    for (const auto& m : v.heads_differing)
      report(r, fmt::format("case {}: against the kept heads: {}", m.case_no, m.problem));
  }

  // A case's paper: each notice and file still hashes to what was kept when it was stored.
  for (const auto& b : db::paper_breaks(ctx.db())) {
    std::string problem = "case " + b.case_no + ": " + b.what + " does not match the SHA-256 kept with it";
    report(r, problem);
    v.corrupt.push_back(std::move(problem));
  }

  // The report counts are derived from the case rows the replay just checked.
  v.tallies = db::tally_differences(ctx.db());
  for (const auto& d : v.tallies)
    report(r, fmt::format("{}: {} group(s) differ from a recount of the cases", d.table, d.groups));
  if (!v.tallies.empty() && r.repair_tallies) {
    db::rebuild_tallies(ctx.db());
    v.tallies_repaired = true;
  }
  return v;
}

nlohmann::json verify_json(const VerifyResult& v) {
  nlohmann::json breaks = nlohmann::json::array(), tallies = nlohmann::json::array(),
                 heads = nlohmann::json::array();
  for (const auto& b : v.chain_breaks) breaks.push_back({{"case", b.case_no}, {"seq", b.seq}, {"problem", b.problem}});
  for (const auto& d : v.tallies) tallies.push_back({{"table", d.table}, {"groups", d.groups}});
  for (const auto& m : v.heads_differing)
    heads.push_back({{"case", m.case_no}, {"kept_events", m.kept_events}, {"problem", m.problem}});
  nlohmann::json j = {{"cases", v.cases},
                      {"corrupt", v.corrupt},
                      {"chain_breaks", breaks},
                      {"tallies_differing", tallies},
                      {"tallies_repaired", v.tallies_repaired},
                      {"ok", v.ok()}};
  if (v.heads_written) j["heads_written"] = v.heads_written;
  if (v.heads_checked) {
    j["heads_checked"] = v.heads_kept;
    j["heads_differing"] = heads;
  }
  return j;
}

}  // namespace gongkai::app
