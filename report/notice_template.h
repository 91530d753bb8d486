// The wording of a notice as an office edits it: one block a line ("[title] …", "[number] …",
// plain lines are paragraphs; "[note?] …" a block dropped when a placeholder on it is empty), with
// {{placeholders}} filled from the case. Checked when set, filled into a Document when issued.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "report/document.h"

namespace gongkai::report {

enum class NoticeKind { correction, third_party, extension, fee, reply };

const std::vector<NoticeKind>& all_notice_kinds();
std::string_view notice_kind_name(NoticeKind k);  // correction | third-party | extension | fee | reply
// UsageError naming the word and the kinds.
NoticeKind parse_notice_kind(std::string_view name);
std::string_view notice_kind_label(NoticeKind k);  // 补正告知书 …
// The event a notice is the letter of: correction-requested, third-party-consulted, extended,
// fee-requested, answered.
std::string_view notice_step_event(NoticeKind k);

// The placeholders a notice of kind `k` may use (those of every kind, then its own).
std::vector<std::string> notice_placeholders(NoticeKind k);

// UsageError naming what is wrong: placeholders the kind does not know (all of them, in one
// line), an unclosed "{{", an unknown block kind, or a wording without {{number}} or a title.
void check_notice_template(NoticeKind k, const std::string& body);

// The wording filled in with `values` (every placeholder of the wording must have one), as a
// Document: its title from the title block.
Document fill_notice_template(const std::string& body, const std::map<std::string, std::string>& values);

}  // namespace gongkai::report
