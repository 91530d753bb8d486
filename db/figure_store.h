// Figures the cases cannot give, entered by hand: an agency's figures of a year (gk_figure) and
// its opening totals of the years before it used gongkai (gk_baseline). Keys are the legacy
// table's row keys (report/legacy_template.h); each call writes in one transaction.
#pragma once
#include <string>
#include <vector>

#include "db/session.h"

namespace gongkai::db {

struct FigureValue {
  std::string key;
  long long value = 0;
};

// Sets (replaces) the given keys of `agency` for `year`. NotFound outside the member's scope,
// NotPermitted unless a statistician or an admin.
void set_figures(Session& s, const std::string& agency, int year, const std::vector<FigureValue>& values);
// Sets (replaces) the given keys of the agency's baseline of the years before `before_year`.
void set_baseline(Session& s, const std::string& agency, int before_year, const std::vector<FigureValue>& values);

struct StoredFigure {
  std::string agency;
  std::string kind;  // figure | baseline
  int year = 0;      // the figure's year, or the baseline's before-year
  std::string key;
  long long value = 0;
};
// Everything entered for an agency's subtree ("" = all agencies).
std::vector<StoredFigure> list_figures(Session& s, const std::string& agency);

}  // namespace gongkai::db
