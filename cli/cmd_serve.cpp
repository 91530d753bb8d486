// gongkai serve [--listen ADDR:PORT] [--workers N] [timeouts, limits]: the web pages and the JSON
// API (web/, docs/web.md).
#include "cli/command_registry.h"
#include "web/server.h"

namespace gongkai::cli {
namespace {

void setup(CLI::App& app, AppContext& ctx) {
  auto o = std::make_shared<web::ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Serve the office's web pages and the JSON API (until SIGTERM)");
  cmd->add_option("--listen", o->listen, "ADDR:PORT to listen on (default 127.0.0.1:8080; loopback)");
  cmd->add_option("--workers", o->workers, "database sessions serving requests at once (default 4)");
  cmd->add_option("--max-queue", o->max_queued,
                  "requests that may wait for a worker; more are answered 503 at once (default 256)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--idle-timeout", o->idle_timeout,
                  "seconds a keep-alive connection may wait with nothing to say (default 60)")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--header-timeout", o->header_timeout,
                  "seconds from a request's first byte to the end of its headers (default 20)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--body-timeout", o->body_timeout,
                  "seconds a request body may send nothing; the whole body gets this plus its length at 16 KiB/s "
                  "(default 30)")
      ->check(CLI::Range(1, 3600));
  auto max_body_mib = std::make_shared<int>(static_cast<int>(o->body_limit >> 20));
  cmd->add_option("--max-body", *max_body_mib, "largest request body in MiB (default 32; larger: 413)")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--cert", o->cert, "a PEM certificate (chain): serve HTTPS directly");
  cmd->add_option("--key", o->key, "the certificate's PEM private key");
  cmd->add_option("--trusted-proxy", o->trusted_proxies,
                  "the address of a reverse proxy (nginx) whose X-Forwarded-For and X-Forwarded-Proto are believed; "
                  "repeatable (docs/deploy.md)");
  cmd->callback([&ctx, o, max_body_mib] {
    o->body_limit = static_cast<size_t>(*max_body_mib) << 20;
    ctx.run = [&ctx, o] {
      o->db = ctx.connect_options();
      web::serve(*o);
    };
  });
}
const CommandRegistrar reg{"serve", &setup};

}  // namespace
}  // namespace gongkai::cli
