// gongkai receive: the registry logs a new application as a case.
#include <iostream>

#include "cli/case_view.h"
#include "cli/command_registry.h"
#include "db/case_store.h"
#include "engine/errors.h"
#include "workflows/regime.h"

namespace gongkai::cli {
namespace {

struct ReceiveOptions {
  std::string agency, received, channel, applicant_type, applicant, subject, letter_ref, contact;
  std::optional<int> regime;
};

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<ReceiveOptions>();
  auto* cmd = app.add_subcommand("receive", "Log a new application; prints its case number");
  cmd->add_option("--agency", o->agency, "code of the agency that received it")->required();
  cmd->add_option("--received", o->received, "legal receipt date YYYY-MM-DD (Art. 31)")->required();
  cmd->add_option("--channel", o->channel, "in-person | online | post | fax | email | other")->required();
  cmd->add_option("--applicant-type", o->applicant_type,
                  "person | business | research | nonprofit | legal | other-org")->required();
  cmd->add_option("--applicant", o->applicant, "the applicant's name")->required();
  cmd->add_option("--subject", o->subject, "what information is asked for");
  cmd->add_option("--letter-ref", o->letter_ref, "the registry's own number for the letter (unique per agency)");
  cmd->add_option("--contact", o->contact, "how to reach the applicant");
  cmd->add_option("--regime", o->regime, "2008 | 2019 (default: by receipt date, 2019 rules from 2019-05-15)");
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      workflows::CaseFacts f;
      f.agency = o->agency;
      f.received_on = parse_date(o->received, "--received");
      if (f.received_on > today())
        throw UsageError("--received " + o->received + " is in the future (today is " + today().str() + ")");
      f.regime = o->regime ? *o->regime : workflows::default_regime(f.received_on);
      f.channel = o->channel;
      f.applicant_type = o->applicant_type;
      f.applicant = o->applicant;
      f.subject = o->subject;
      f.letter_ref = o->letter_ref;
      f.contact = o->contact;
      workflows::validate_facts(f);
      auto agency = db::agency_or_throw(ctx.session(), f.agency);
      workflows::DisclosureCase c(f, ctx.calendar(), ctx.resolved_actor());
      std::string case_no = db::insert_case(ctx.session(), agency.id, c);
      if (ctx.json) {
        // Show it as stored, with its number and audit timestamp.
        auto stored = db::load_case_or_throw(ctx.session(), case_no);
        auto replayed = workflows::DisclosureCase::replay(stored.events, case_no, stored.agency, ctx.calendar());
        ctx.print_json(case_json(replayed));
      } else {
        std::cout << case_no << "\n";
      }
    };
  });
}
const CommandRegistrar reg{"receive", &setup};

}  // namespace
}  // namespace gongkai::cli
