#include "report/notice_template.h"

#include <algorithm>

#include "engine/errors.h"

namespace gongkai::report {
namespace {

struct KindInfo {
  NoticeKind kind;
  std::string_view name, label, step;
  std::vector<std::string> own;  // its own placeholders
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> all = {
      {NoticeKind::correction, "correction", "补正告知书", "correction-requested",
       {"items", "correction_by", "correction_days", "consequence"}},
      {NoticeKind::third_party, "third-party", "征求第三方意见函", "third-party-consulted",
       {"third_party", "reply_by", "third_party_days", "consequence"}},
      {NoticeKind::extension, "extension", "延期答复告知书", "extended",
       {"reason", "due_before", "due_on", "extension_days"}},
      {NoticeKind::fee, "fee", "收费通知书", "fee-requested", {"amount", "reason", "pay_by", "pay_days", "consequence"}},
      {NoticeKind::reply, "reply", "答复书", "answered",
       {"outcome", "outcome_label", "decision", "reason", "remedy", "reconsideration_organ", "court"}},
  };
  return all;
}

const KindInfo& info(NoticeKind k) {
  for (const auto& i : kinds())
    if (i.kind == k) return i;
  return kinds().front();
}

// Placeholders every kind knows.
const std::vector<std::string>& common() {
  static const std::vector<std::string> all = {"applicant", "case",      "letter_ref", "received_on", "subject",
                                               "agency",    "number",    "issued_on",  "regulation",  "basis"};
  return all;
}

struct Line {
  BlockKind kind = BlockKind::paragraph;
  bool optional = false;
  std::string text;
};

struct BlockName {
  std::string_view name;
  BlockKind kind;
};
constexpr BlockName kBlocks[] = {
    {"title", BlockKind::title},         {"number", BlockKind::number},       {"addressee", BlockKind::addressee},
    {"heading", BlockKind::heading},     {"paragraph", BlockKind::paragraph}, {"signature", BlockKind::signature},
    {"date", BlockKind::date},           {"note", BlockKind::note},
};

std::string trim(std::string s) {
  const char* ws = " \t\r";
  s.erase(0, s.find_first_not_of(ws));
  s.erase(s.find_last_not_of(ws) + 1);
  return s;
}

// The wording's lines as blocks; UsageError for an unknown "[kind]".
std::vector<Line> parse(const std::string& body) {
  std::vector<Line> out;
  size_t pos = 0, no = 0;
  while (pos <= body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string::npos) end = body.size();
    std::string raw = trim(body.substr(pos, end - pos));
    pos = end + 1;
    ++no;
    if (raw.empty()) continue;
    Line l;
    if (raw[0] == '[') {
      size_t close = raw.find(']');
      if (close == std::string::npos) throw UsageError("line " + std::to_string(no) + ": '[' without ']'");
      std::string name = raw.substr(1, close - 1);
      if (!name.empty() && name.back() == '?') {
        l.optional = true;
        name.pop_back();
      }
      auto it = std::find_if(std::begin(kBlocks), std::end(kBlocks), [&](const BlockName& b) { return b.name == name; });
      if (it == std::end(kBlocks))
        throw UsageError("line " + std::to_string(no) + ": unknown block kind '[" + name +
                         "]' (title, number, addressee, heading, paragraph, signature, date, note)");
      l.kind = it->kind;
      l.text = trim(raw.substr(close + 1));
    } else {
      l.text = raw;
    }
    out.push_back(std::move(l));
  }
  return out;
}

// The placeholders of a text, in order; UsageError for an unclosed "{{".
std::vector<std::string> placeholders_of(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = text.find("{{", pos)) != std::string::npos) {
    size_t close = text.find("}}", pos + 2);
    if (close == std::string::npos) throw UsageError("a '{{' without '}}' in the wording");
    out.push_back(trim(text.substr(pos + 2, close - pos - 2)));
    pos = close + 2;
  }
  return out;
}

}  // namespace

const std::vector<NoticeKind>& all_notice_kinds() {
  static const std::vector<NoticeKind> all = {NoticeKind::correction, NoticeKind::third_party, NoticeKind::extension,
                                              NoticeKind::fee, NoticeKind::reply};
  return all;
}

std::string_view notice_kind_name(NoticeKind k) { return info(k).name; }
std::string_view notice_kind_label(NoticeKind k) { return info(k).label; }
std::string_view notice_step_event(NoticeKind k) { return info(k).step; }

NoticeKind parse_notice_kind(std::string_view name) {
  for (const auto& i : kinds())
    if (i.name == name) return i.kind;
  throw UsageError("notice kind '" + std::string(name) + "' is not one of correction, third-party, extension, fee, reply");
}

std::vector<std::string> notice_placeholders(NoticeKind k) {
  auto all = common();
  for (const auto& p : info(k).own) all.push_back(p);
  return all;
}

void check_notice_template(NoticeKind k, const std::string& body) {
  const auto lines = parse(body);
  const auto known = notice_placeholders(k);
  std::vector<std::string> unknown;
  bool has_number = false, has_title = false;
  for (const auto& l : lines) {
    if (l.kind == BlockKind::title) has_title = true;
    for (const auto& p : placeholders_of(l.text)) {
      if (p == "number") has_number = true;
      if (std::find(known.begin(), known.end(), p) == known.end() &&
          std::find(unknown.begin(), unknown.end(), p) == unknown.end())
        unknown.push_back(p);
    }
  }
  if (!unknown.empty()) {
    std::string names;
    for (const auto& u : unknown) names += (names.empty() ? "" : ", ") + ("{{" + u + "}}");
    std::string valid;
    for (const auto& p : known) valid += (valid.empty() ? "" : " ") + p;
    throw UsageError("unknown placeholder(s) " + names + " in the " + std::string(notice_kind_name(k)) +
                     " wording (known: " + valid + ")");
  }
  if (!has_title) throw UsageError("the wording has no [title] line");
  if (!has_number) throw UsageError("the wording must carry the notice's number: {{number}}");
}

Document fill_notice_template(const std::string& body, const std::map<std::string, std::string>& values) {
  Document d;
  for (const auto& l : parse(body)) {
    std::string text;
    bool empty_value = false;
    size_t pos = 0;
    while (true) {
      size_t open = l.text.find("{{", pos);
      if (open == std::string::npos) break;
      size_t close = l.text.find("}}", open + 2);
      if (close == std::string::npos) throw UsageError("a '{{' without '}}' in the wording");
      text += l.text.substr(pos, open - pos);
      const std::string name = trim(l.text.substr(open + 2, close - open - 2));
      auto it = values.find(name);
      if (it == values.end()) throw UsageError("the wording's placeholder {{" + name + "}} has no value");
      if (it->second.empty()) empty_value = true;
      text += it->second;
      pos = close + 2;
    }
    text += l.text.substr(pos);
    // A line left empty (a placeholder standing alone with nothing to say) is no block; an
    // optional line goes when any of its placeholders is empty.
    if ((l.optional && empty_value) || trim(text).empty()) continue;
    if (l.kind == BlockKind::title && d.title.empty()) d.title = text;
    d.add(l.kind, text);
  }
  return d;
}

}  // namespace gongkai::report
