// The national template's section 二 (主动公开政府信息情况) as hand-entered figures: its keys next
// to the legacy table's (`gongkai figures set … KEY=N`), and its tables, built from the figures
// of an agency's subtree for one year.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "report/table.h"

namespace gongkai::report {

// Section 二's figure keys, in the form's order. Every value is a whole number ≥ 0; the fee
// amount (本年收费金额, printed in 万元) is entered in yuan (`proactive.fees-yuan`), so that
// figures stay integers and 12.35万元 is 123500.
struct ProactiveKey {
  std::string key;
  std::string item;    // the row: 规章, 行政规范性文件, 行政许可 …
  std::string column;  // the column: 本年制发件数 …
};
const std::vector<ProactiveKey>& proactive_keys();
bool is_proactive_key(std::string_view key);
inline constexpr std::string_view kFeesKey = "proactive.fees-yuan";

// Any key `figures set` and `figures baseline` accept: a legacy row key or a section 二 key.
// UsageError naming the key and listing the valid ones.
void check_figure_key(std::string_view key);

// Yuan as 万元 with as many decimals as it needs (0, 12.5, 12.3456): 1万元 = 10000元.
std::string wan_yuan(long long yuan);

// Section 二's tables from the year's figures (keys absent count 0): 第二十条第（一）项 (规章,
// 行政规范性文件), 第（五）项 (行政许可), 第（六）项 (行政处罚, 行政强制). The fee amount of 第（八）项
// is no whole number of 万元 in general, and table cells are integers: proactive_fees_line says
// it as a line of text.
std::vector<Table> proactive_tables(const std::map<std::string, long long>& figures);
std::string proactive_fees_line(const std::map<std::string, long long>& figures);

}  // namespace gongkai::report
