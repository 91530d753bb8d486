// A report as plain text for a terminal: each table under its title, columns aligned by display
// width (a Chinese character takes two columns), merged header cells centred over their columns; the
// notes under the tables (注：…).
#pragma once
#include <ostream>

#include "report/table.h"

namespace gongkai::report {

void write_text(const Report& r, std::ostream& out);
void write_text_table(const Table& t, std::ostream& out);

}  // namespace gongkai::report
