// A long-lived process's cache of replayed cases (the web server keeps one, shared by its workers;
// the CLI none): recording an event on a cached case is the state machine's check and one round
// trip, gk_append, instead of reading and replaying the case's history first.
//
// What makes it safe (app::record_event, app/cases.cpp):
// - an entry is the case as the database gave it to a member who may see its personal data (never
//   a masked copy), or as this process wrote it, with its number of events and the calendar
//   version it was replayed on;
// - a write from an entry sends that number: gk_append rewrites the case only if it still has
//   that many events (migration 005, `event_count = p_seq - 1`), else nothing is written and the
//   case is read and replayed again — never a write from a stale state;
// - nothing of an entry reaches a member before the database has accepted the member's write
//   (gk_append checks the member's role and scope); any other outcome is answered as if there were
//   no cache: by reading the case from the database as that member. `show`, lists and pages always
//   read the database.
// Bounded (least recently used out) and safe to share between threads.
#pragma once
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/calendar.h"
#include "workflows/disclosure_case.h"

namespace gongkai::app {

class CaseCache {
 public:
  static constexpr size_t kDefaultCapacity = 10000;

  struct Entry {
    workflows::DisclosureCase c;  // replayed, personal data unmasked
    int event_count = 0;          // c.history().size(): what the next write says the case has
    long long calendar_version = 0;
    std::shared_ptr<const WorkingCalendar> calendar;  // the replay refers to it: kept alive with it
  };

  struct Stats {
    size_t hits = 0;       // an entry taken for a write
    size_t misses = 0;     // none there
    size_t stale = 0;      // a write from an entry refused (another writer, calendar): read again
    size_t kept = 0;       // entries stored
    size_t evictions = 0;  // the least recently used dropped for room
    size_t size = 0;
  };

  // Its capacity in cases: GONGKAI_CASE_CACHE when set (0 = keep nothing: every write reads its
  // case first, as the CLI does), else kDefaultCapacity. UsageError for a value that is no number.
  static size_t configured_capacity();

  explicit CaseCache(size_t capacity = configured_capacity());
  ~CaseCache();  // logs its statistics (info) if it was used
  CaseCache(const CaseCache&) = delete;
  CaseCache& operator=(const CaseCache&) = delete;

  // The case's entry, removed: the caller has it to itself (a second writer of the same case
  // meanwhile finds none and reads the database). nullopt when not cached.
  std::optional<Entry> take(const std::string& case_no);
  // Keeps an entry, unless one with more events is there already (a later write won).
  void put(Entry e);
  void drop(const std::string& case_no);
  void clear();
  // A write from a taken entry was refused as stale.
  void note_stale();

  Stats stats() const;
  size_t capacity() const { return capacity_; }

 private:
  struct Node {
    std::string case_no;
    Entry entry;
  };
  size_t capacity_;
  mutable std::mutex m_;
  std::list<Node> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Node>::iterator> index_;
  Stats stats_;
};

}  // namespace gongkai::app
