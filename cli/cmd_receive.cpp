// gongkai receive: the registry logs a new application as a case.
#include <iostream>

#include "app/cases.h"
#include "app/printable.h"
#include "cli/command_registry.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<app::ReceiveRequest>();
  auto* cmd = app.add_subcommand("receive", "Log a new application; prints its case number");
  cmd->add_option("--agency", o->agency, "code of the agency that received it")->required();
  cmd->add_option("--received", o->received, "legal receipt date YYYY-MM-DD (Art. 31), not before 2008-05-01")
      ->required();
  cmd->add_option("--channel", o->channel, "in-person | online | post | fax | email | other")->required();
  cmd->add_option("--applicant-type", o->applicant_type,
                  "person | business | research | nonprofit | legal | other-org")->required();
  cmd->add_option("--applicant", o->applicant, "the applicant's name (personal data)")->required();
  cmd->add_option("--subject", o->subject, "what information is asked for");
  cmd->add_option("--letter-ref", o->letter_ref, "the registry's own number for the letter (unique per agency)");
  cmd->add_option("--contact", o->contact, "how to reach the applicant (personal data)");
  cmd->add_option("--regime", o->regime, "2008 | 2019 (default and only fit: by receipt date, 2019 rules from 2019-05-15)");
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      auto v = app::receive(ctx.app(), *o);
      auto repeats = app::possible_repeats(ctx.app(), v);
      for (const auto& r : repeats)
        std::cerr << "warning: possible repeat application: " << app::printable(r.case_no) << " (received "
                  << r.received_on.str() << ") is from the same applicant, on "
                  << (r.subject.empty() ? std::string("no subject") : "«" + app::printable(r.subject) + "»")
                  << "; if it is, answer --outcome not-processed/duplicate naming it in --note\n";
      if (ctx.json) {
        auto j = app::case_json(v);
        j["possible_repeats"] = app::repeats_json(repeats);
        ctx.print_json(j);
      } else {
        std::cout << v.c.facts().case_no << "\n";
      }
    };
  });
}
const CommandRegistrar reg{"receive", &setup};

}  // namespace
}  // namespace gongkai::cli
