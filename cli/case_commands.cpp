#include "cli/case_commands.h"

#include "db/case_store.h"
#include "engine/errors.h"

namespace gongkai::cli {

workflows::DisclosureCase load_and_replay(AppContext& ctx, const std::string& case_no) {
  auto stored = db::load_case_or_throw(ctx.session(), case_no);
  auto c = workflows::DisclosureCase::replay(stored.events, stored.case_no, stored.agency, ctx.calendar());
  auto s = c.snapshot();
  if (s.state != stored.state || s.appeal_state != stored.appeal_state || s.event_count != stored.event_count)
    throw InternalError("case " + case_no + ": its history replays to " + s.state + "/" + s.appeal_state +
                        " but the case row says " + stored.state + "/" + stored.appeal_state +
                        " (corruption: run 'gongkai verify')");
  return c;
}

}  // namespace gongkai::cli
