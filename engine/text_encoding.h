// The text encodings a CSV file may come in — UTF-8, or GB18030 (which GBK and GB2312 are subsets
// of: what Excel on Chinese Windows saves as "CSV") — and converting a CSV in GB18030 to UTF-8
// with glibc's iconv, naming the row (as a spreadsheet counts them) of a byte that is not valid.
#pragma once
#include <istream>
#include <ostream>
#include <string>
#include <string_view>

namespace gongkai {

enum class TextEncoding { utf8, gb18030 };

// "utf-8" (also "utf8"), "gbk" and "gb18030" (both read as GB18030), any case. UsageError naming
// the value and the valid ones otherwise.
TextEncoding parse_text_encoding(std::string_view name);
std::string_view text_encoding_name(TextEncoding e);

// Copies the CSV text of `in`, in encoding `from`, to `out` in UTF-8 (utf8: copied as it is; the
// CSV reader checks it). UsageError "row N: byte 0x.. is not valid GB18030 text" — N counting
// records as CsvReader does (header = row 1, a quoted line break stays in its row) — when a byte
// sequence is not valid in `from`, or the input ends inside a character.
void csv_to_utf8(std::istream& in, std::ostream& out, TextEncoding from);

}  // namespace gongkai
