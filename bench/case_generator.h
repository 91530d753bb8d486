// The generated cases of the import benchmark and of the federation part, and the import CSV
// they are written as (the columns of docs/import-export.md, rows grouped by case).
#pragma once
#include <cmath>
#include <ostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/date.h"

namespace gongkai::bench {

// One generated case: the same decisions, thresholds and day offsets as bench/gen_bigdb.sql
// (keep the two in step).
struct GenEvent {
  GenEvent(const char* k, Date d, const char* o = nullptr, std::string v = {})
      : kind(k), on(d), key(o), value(std::move(v)) {}
  const char* kind;
  Date on;
  const char* key;
  std::string value;
};

inline const char* pick_channel(double u) {
  return u < .55 ? "online" : u < .80 ? "post" : u < .92 ? "in-person" : u < .97 ? "email" : u < .98 ? "fax" : "other";
}
inline const char* pick_type(double u) {
  return u < .85 ? "person" : u < .93 ? "business" : u < .94 ? "research" : u < .95 ? "nonprofit" : u < .99 ? "legal" : "other-org";
}
inline const char* pick_outcome(double u, int regime) {
  static const std::pair<double, const char*> table[] = {
      {.40, "disclosed"},
      {.52, "partially-disclosed"},
      {.53, "withheld/state-secret"},
      {.54, "withheld/prohibited-by-law"},
      {.545, "withheld/security-stability"},
      {.56, "withheld/third-party-rights"},
      {.57, "withheld/internal-affairs"},
      {.585, "withheld/process-information"},
      {.595, "withheld/enforcement-file"},
      {.60, "withheld/administrative-inquiry"},
      {.78, "unavailable/not-held"},
      {.81, "unavailable/needs-creation"},
      {.82, "unavailable/still-unclear"},
      {.86, "not-processed/petition-complaint"},
      {.89, "not-processed/duplicate"},
      {.90, "not-processed/publication"},
      {.91, "not-processed/vexatious"},
      {.92, "not-processed/confirmation"},
      {.97, "other/other"},
  };
  for (const auto& [lim, code] : table)
    if (u < lim) return code;
  if (regime == 2019) return "other/other";
  return u < .98 ? "already-public" : u < .99 ? "not-this-agency" : "not-government-information";
}
inline const char* pick_result(double u) { return u < .70 ? "upheld" : u < .85 ? "corrected" : "other"; }
inline constexpr const char* kSubjects[] = {"征收补偿方案", "行政许可档案", "城市规划图", "环境影响评价", "财政预算执行", "招投标文件",
                                 "学校招生政策", "拆迁安置协议"};

struct Generator {
  Date start, end;
  const std::vector<std::string>& slots;  // 10 000 agency codes, weighted (bench_slot)
  std::mt19937_64 rng{20240501};
  std::uniform_real_distribution<double> uni{0.0, 1.0};
  double u() { return uni(rng); }

  void one(long i, std::vector<GenEvent>& ev, std::string& agency, std::string& channel, std::string& type,
           std::string& applicant, std::string& subject, std::string& letter_ref, Date& rec) {
    ev.clear();
    const int days = end - start + 1;
    rec = start + static_cast<int>(std::floor(days * std::sqrt(u())));
    agency = slots[static_cast<size_t>(std::floor(u() * 10000))];
    channel = pick_channel(u());
    type = pick_type(u());
    applicant = "申请人" + std::to_string(i % 200000);
    subject = kSubjects[static_cast<size_t>(u() * 8)];
    letter_ref = u() < 0.10 ? "LR-" + std::to_string(i) : "";
    const int regime = rec < Date::from_ymd(2019, 5, 15) ? 2008 : 2019;
    const int age = end - rec;
    const int lat = 2 + static_cast<int>(std::floor(38 * std::pow(u(), 1.8)));
    bool corr = u() < 0.15 && age >= 10;
    const double r_stuck = u(), r_tp = u(), r_ext = u(), r_wd = u(), r_out = u(), r_ap = u(), r_ap2 = u(),
                 r_ap3 = u(), r_res = u(), r_lit = u(), r_lit2 = u(), r_res2 = u(), r_cmp = u();
    Date base = rec + (corr ? 6 : 0);
    Date close_on = base + 1 + lat;
    const bool open = (r_stuck < 0.01 && age > 60) || close_on > end;
    bool tp = false, ext = false, rev = true;
    if (open) {
      if (rec + 7 > end) corr = false, base = rec;
      rev = base + 1 <= end;
    } else {
      tp = r_tp < 0.03 && lat >= 12;
      ext = r_ext < 0.12 && lat >= 12;
    }
    const Date rev_on = base + 1;
    ev.push_back({"received", rec});
    if (corr) {
      ev.push_back({"correction-requested", rec + 2});
      ev.push_back({"correction-received", rec + 6});
    }
    if (rev) ev.push_back({"reviewed", rev_on, "handler", "经办人" + std::to_string(i % 37)});
    if (tp) {
      ev.push_back({"third-party-consulted", rev_on + 2});
      ev.push_back({"third-party-replied", rev_on + 7});
    }
    if (ext) ev.push_back({"extended", rev_on + 9, "approved_by", "分管领导"});
    if (!open) {
      if (r_wd < 0.03) {
        ev.push_back({"withdrawn", close_on});
      } else {
        const char* outcome = pick_outcome(r_out, regime);
        ev.push_back({"answered", close_on, "outcome", outcome});
        bool recon = false;
        if (r_ap < 0.045) {
          Date rf = close_on + 10 + static_cast<int>(std::floor(r_ap2 * 40));
          if (rf <= end) {
            recon = true;
            ev.push_back({"reconsideration-filed", rf});
            Date rd = rf + 60;
            if (r_ap3 < 0.85 && rd <= end) {
              ev.push_back({"reconsideration-decided", rd, "result", pick_result(r_res)});
              Date lf = rd + 15;
              if (r_lit < 0.2 && lf <= end) {
                ev.push_back({"litigation-filed", lf});
                if (r_lit2 < 0.7 && lf + 90 <= end) ev.push_back({"litigation-decided", lf + 90, "result", pick_result(r_res2)});
              }
            }
          }
        }
        Date lf = close_on + 20;
        bool withheld = std::string_view(outcome).rfind("withheld/", 0) == 0;
        if (!recon && r_lit < 0.012 && lf <= end && !(withheld && lf >= Date::from_ymd(2024, 1, 1))) {
          ev.push_back({"litigation-filed", lf});
          if (r_lit2 < 0.7 && lf + 90 <= end) ev.push_back({"litigation-decided", lf + 90, "result", pick_result(r_res2)});
        }
      }
    }
    if (r_cmp < 0.02 && ev.back().on + 3 <= end) ev.push_back({"complaint-filed", ev.back().on + 3, "note", "办理超期"});
  }
};

// Writes `cases` generated cases as import CSV rows (the header first); their references are
// `ref_prefix` and the case's number. Returns the rows written (events).
inline size_t write_import_csv(std::ostream& f, Generator& g, long cases, const std::string& ref_prefix = "R") {
  f << "case,event,on,agency,channel,applicant_type,applicant,subject,letter_ref,outcome,result,amount,approved_by,"
       "handler,note\n";
  std::vector<GenEvent> ev;
  std::string agency, channel, type, applicant, subject, letter_ref;
  Date rec;
  size_t rows = 0;
  std::string line;
  for (long i = 1; i <= cases; ++i) {
    g.one(i, ev, agency, channel, type, applicant, subject, letter_ref, rec);
    std::string ref = ref_prefix + std::to_string(i);
    for (const auto& e : ev) {
      line.clear();
      line += ref;
      line += ',';
      line += e.kind;
      line += ',';
      line += e.on.str();
      line += ',';
      if (std::string_view(e.kind) == "received") {
        line += agency + ',' + channel + ',' + type + ',' + applicant + ',' + subject + ',' + letter_ref + ",,,,,,\n";
      } else {
        line += ",,,,,";  // agency … letter_ref empty
        std::string_view k = e.key ? e.key : "";
        for (const char* col : {"outcome", "result", "amount", "approved_by", "handler", "note"}) {
          line += ',';
          if (k == col) line += e.value;
        }
        line += '\n';
      }
      f << line;
      ++rows;
    }
  }
  return rows;
}

}  // namespace gongkai::bench
