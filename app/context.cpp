#include "app/context.h"

#include "db/calendar_store.h"

namespace gongkai::app {

Context::Context(std::unique_ptr<db::Session> session, Member me, Date today, std::string actor)
    : session_(std::move(session)), me_(std::move(me)), today_(today), actor_(std::move(actor)) {}

Context::~Context() = default;

void Context::load_calendar() {
  auto loaded = db::load_calendar(*session_);
  calendar_ = std::make_unique<WorkingCalendar>(std::move(loaded.calendar));
  calendar_version_ = loaded.version;
}

const WorkingCalendar& Context::calendar() {
  if (!calendar_) load_calendar();
  return *calendar_;
}

long long Context::calendar_version() {
  if (!calendar_) load_calendar();
  return calendar_version_;
}

bool Context::refresh_calendar(bool force) {
  if (!force && calendar_ && db::calendar_version(*session_) == calendar_version_) return false;
  load_calendar();
  return true;
}

}  // namespace gongkai::app
