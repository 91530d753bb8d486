#include "report/annual_figures.h"

#include "engine/errors.h"
#include "report/legacy_template.h"

namespace gongkai::report {
namespace {

long long get(const std::map<std::string, long long>& m, const std::string& k) {
  auto it = m.find(k);
  return it == m.end() ? 0 : it->second;
}

}  // namespace

const std::vector<ProactiveKey>& proactive_keys() {
  // Labels verbatim from the national form (国办公开办函〔2021〕30号), section 二.
  static const std::vector<ProactiveKey> keys = {
      {"proactive.rules.issued", "规章", "本年制发件数"},
      {"proactive.rules.repealed", "规章", "本年废止件数"},
      {"proactive.rules.in-force", "规章", "现行有效件数"},
      {"proactive.normative.issued", "行政规范性文件", "本年制发件数"},
      {"proactive.normative.repealed", "行政规范性文件", "本年废止件数"},
      {"proactive.normative.in-force", "行政规范性文件", "现行有效件数"},
      {"proactive.licensing", "行政许可", "本年处理决定数量"},
      {"proactive.penalties", "行政处罚", "本年处理决定数量"},
      {"proactive.coercion", "行政强制", "本年处理决定数量"},
      {std::string(kFeesKey), "行政事业性收费", "本年收费金额（单位：万元）"},
  };
  return keys;
}

bool is_proactive_key(std::string_view key) {
  for (const auto& k : proactive_keys())
    if (k.key == key) return true;
  return false;
}

void check_figure_key(std::string_view key) {
  if (is_legacy_key(key) || is_proactive_key(key)) return;
  std::string valid;
  for (const auto& r : legacy_rows()) valid += (valid.empty() ? "" : ", ") + r.key;
  for (const auto& k : proactive_keys()) valid += ", " + k.key;
  throw UsageError("unknown figure key '" + std::string(key) + "' (valid: " + valid + ")");
}

std::string wan_yuan(long long yuan) {
  std::string s = std::to_string(yuan / 10000);
  long long rest = yuan % 10000;
  if (rest == 0) return s;
  std::string frac = std::to_string(rest);
  frac = std::string(4 - frac.size(), '0') + frac;
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return s + "." + frac;
}

std::vector<Table> proactive_tables(const std::map<std::string, long long>& f) {
  std::vector<Table> out;
  Table t1;
  t1.key = "proactive-article-20-1";
  t1.title = "第二十条第（一）项";
  t1.corner = "信息内容";
  t1.columns = {{"issued", "本年制发件数"}, {"repealed", "本年废止件数"}, {"in-force", "现行有效件数"}};
  t1.rows = {
      {"rules", "规章", 0,
       {get(f, "proactive.rules.issued"), get(f, "proactive.rules.repealed"), get(f, "proactive.rules.in-force")}},
      {"normative", "行政规范性文件", 0,
       {get(f, "proactive.normative.issued"), get(f, "proactive.normative.repealed"),
        get(f, "proactive.normative.in-force")}},
  };
  out.push_back(std::move(t1));

  Table t5;
  t5.key = "proactive-article-20-5";
  t5.title = "第二十条第（五）项";
  t5.corner = "信息内容";
  t5.columns = {{"decisions", "本年处理决定数量"}};
  t5.rows = {{"licensing", "行政许可", 0, {get(f, "proactive.licensing")}}};
  out.push_back(std::move(t5));

  Table t6;
  t6.key = "proactive-article-20-6";
  t6.title = "第二十条第（六）项";
  t6.corner = "信息内容";
  t6.columns = {{"decisions", "本年处理决定数量"}};
  t6.rows = {{"penalties", "行政处罚", 0, {get(f, "proactive.penalties")}},
             {"coercion", "行政强制", 0, {get(f, "proactive.coercion")}}};
  out.push_back(std::move(t6));
  return out;
}

std::string proactive_fees_line(const std::map<std::string, long long>& f) {
  return "第二十条第（八）项　行政事业性收费　本年收费金额（单位：万元）：" + wan_yuan(get(f, std::string(kFeesKey)));
}

}  // namespace gongkai::report
