// gongkai serve [--listen ADDR:PORT]: the web pages and the JSON API (web/, docs/web.md).
#include "cli/command_registry.h"
#include "web/server.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<web::ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve the office's web pages and the JSON API (until SIGTERM)");
  cmd->add_option("--listen", o->listen, "ADDR:PORT to listen on (default 127.0.0.1:8080; loopback)");
  cmd->add_option("--workers", o->workers, "database sessions serving requests at once (default 4)");
  cmd->add_option("--cert", o->cert, "a PEM certificate (chain): serve HTTPS directly");
  cmd->add_option("--key", o->key, "the certificate's PEM private key");
  cmd->callback([&ctx, o] {
    ctx.run = [&ctx, o] {
      o->db = ctx.connect_options();
      web::serve(*o);
    };
  });
}
const CommandRegistrar reg{"serve", &setup};

}  // namespace
}  // namespace gongkai::cli
