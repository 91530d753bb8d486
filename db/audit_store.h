// What `verify` reads: every case with its whole history and stored row (to replay and compare),
// the hash chains checked link by link, and each case's chain head — all in one snapshot.
#pragma once
#include <functional>
#include <string>
#include <vector>

#include "db/case_store.h"
#include "db/session.h"

namespace gongkai::db {

struct ChainBreak {
  std::string case_no;
  int seq = 0;  // the first event whose link is broken
  std::string problem;
};

struct ChainHead {
  std::string case_no;
  int events = 0;    // its last event's number
  std::string head;  // its last event's hash, hex
};

struct PersonalBreak {
  std::string case_no, problem;
};

struct AuditScan {
  size_t cases = 0;
  std::vector<ChainBreak> breaks;  // the first break of each case
  // Copies kept beside the personal data (its agency, the masked forms) that disagree with it.
  std::vector<PersonalBreak> personal;
};

// Hands every case the reader sees to `on_case`, then checks the chains, then hands every case's
// chain head to `on_head` (by case number; skipped when null) — in one repeatable-read snapshot,
// with memory flat in the number of cases.
AuditScan audit_scan(Session& s, const std::function<void(StoredCase&&)>& on_case,
                     const std::function<void(const ChainHead&)>& on_head);

}  // namespace gongkai::db

namespace gongkai::db {

struct HeadMismatch {
  std::string case_no;
  int kept_events = 0;
  std::string problem;
};
// Compares chain heads kept elsewhere (pulled from `next` until it returns false) with the
// database's: a case gone, fewer events than kept, or a different hash at the kept event (its
// history rewritten, hashes recomputed or not). Cases added since are not mismatches.
std::vector<HeadMismatch> compare_heads(Session& s, const std::function<bool(ChainHead&)>& next);

// The notices and files whose stored content does not hash to the SHA-256 kept with it
// (audit_paper.sql): the case and what ("notice 连政信〔2024〕3号 (reply)", "file 2 (回证.png)").
struct PaperBreak {
  std::string case_no, what;
};
std::vector<PaperBreak> paper_breaks(Session& s);

}  // namespace gongkai::db
