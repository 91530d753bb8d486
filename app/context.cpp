#include "app/context.h"

#include "db/calendar_store.h"

namespace gongkai::app {

Context::Context(std::unique_ptr<db::Session> session, Member me, Date today, std::string actor)
    : owned_(std::move(session)), session_(owned_.get()), cache_(&own_cache_), me_(std::move(me)), today_(today),
      actor_(std::move(actor)) {}

Context::Context(db::Session& session, CalendarCache& cache, Member me, Date today, std::string actor)
    : session_(&session), cache_(&cache), me_(std::move(me)), today_(today), actor_(std::move(actor)) {}

Context::~Context() = default;

void Context::load_calendar() {
  auto loaded = db::load_calendar(*session_);
  cache_->calendar = std::make_shared<const WorkingCalendar>(std::move(loaded.calendar));
  cache_->version = loaded.version;
}

const WorkingCalendar& Context::calendar() {
  if (!cache_->calendar) load_calendar();
  return *cache_->calendar;
}

std::shared_ptr<const WorkingCalendar> Context::calendar_shared() {
  if (!cache_->calendar) load_calendar();
  return cache_->calendar;
}

long long Context::calendar_version() {
  if (!cache_->calendar) load_calendar();
  return cache_->version;
}

bool Context::refresh_calendar(bool force) {
  if (!force && cache_->calendar && db::calendar_version(*session_) == cache_->version) return false;
  load_calendar();
  return true;
}

}  // namespace gongkai::app
