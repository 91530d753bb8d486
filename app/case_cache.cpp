#include "app/case_cache.h"

#include <spdlog/spdlog.h>

#include <cstdlib>

#include "engine/errors.h"
#include "workflows/input_checks.h"

namespace gongkai::app {

size_t CaseCache::configured_capacity() {
  const char* v = std::getenv("GONGKAI_CASE_CACHE");
  if (!v || !*v) return kDefaultCapacity;
  const std::string s(v);
  if (s.size() > 9 || s.find_first_not_of("0123456789") != std::string::npos)
    throw UsageError("GONGKAI_CASE_CACHE='" + workflows::printable(s) + "' is not a number of cases (0 = none)");
  return static_cast<size_t>(std::stoul(s));
}

CaseCache::CaseCache(size_t capacity) : capacity_(capacity) {}

CaseCache::~CaseCache() {
  if (stats_.hits + stats_.misses + stats_.kept == 0) return;
  spdlog::info("case cache: {} hits, {} misses, {} stale (read again), {} kept, {} evicted; {} cases held (capacity {})",
               stats_.hits, stats_.misses, stats_.stale, stats_.kept, stats_.evictions, lru_.size(), capacity_);
}

std::optional<CaseCache::Entry> CaseCache::take(const std::string& case_no) {
  std::list<Node> out;  // the node leaves the lock's scope here and is freed outside it
  {
    std::lock_guard lk(m_);
    auto it = index_.find(case_no);
    if (it == index_.end()) {
      ++stats_.misses;
      return std::nullopt;
    }
    ++stats_.hits;
    out.splice(out.begin(), lru_, it->second);
    index_.erase(it);
  }
  return std::move(out.front().entry);
}

void CaseCache::put(Entry e) {
  const std::string case_no = e.c.facts().case_no;
  std::list<Node> gone;  // replaced or evicted nodes, freed after the lock
  std::lock_guard lk(m_);
  if (capacity_ == 0) return;
  ++stats_.kept;
  if (auto it = index_.find(case_no); it != index_.end()) {
    Node& n = *it->second;
    if (n.entry.event_count > e.event_count) {  // a later write is cached already
      lru_.splice(lru_.begin(), lru_, it->second);
      return;
    }
    gone.splice(gone.begin(), lru_, it->second);
    index_.erase(it);
  }
  lru_.push_front(Node{case_no, std::move(e)});
  index_[case_no] = lru_.begin();
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().case_no);
    gone.splice(gone.begin(), lru_, std::prev(lru_.end()));
    ++stats_.evictions;
  }
}

void CaseCache::drop(const std::string& case_no) {
  std::list<Node> gone;
  std::lock_guard lk(m_);
  if (auto it = index_.find(case_no); it != index_.end()) {
    gone.splice(gone.begin(), lru_, it->second);
    index_.erase(it);
  }
}

void CaseCache::clear() {
  std::list<Node> gone;
  std::lock_guard lk(m_);
  gone.swap(lru_);
  index_.clear();
}

void CaseCache::note_stale() {
  std::lock_guard lk(m_);
  ++stats_.stale;
}

CaseCache::Stats CaseCache::stats() const {
  std::lock_guard lk(m_);
  Stats s = stats_;
  s.size = lru_.size();
  return s;
}

}  // namespace gongkai::app
