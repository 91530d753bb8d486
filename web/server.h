// `gongkai serve`: the HTTP server of the pages and the API. Boost.Beast with asynchronous I/O on a
// few threads (an idle keep-alive connection holds no thread), and a small pool of workers, each
// with its own database session logged in as gongkai_web, acting per transaction for the member
// whose request it serves.
#pragma once
#include <cstddef>
#include <string>

#include "app/connect.h"

namespace gongkai::web {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";  // ADDR:PORT
  int workers = 4;                        // database sessions, requests served at once
  int io_threads = 2;
  std::string cert, key;                  // PEM files: serve HTTPS directly
  size_t body_limit = 32 << 20;           // bytes: an upload (a calendar, an import) at most
  app::ConnectOptions db;                 // where and how to connect (conninfo "" = embedded default)
};

// Serves until SIGTERM or SIGINT; prints "listening on http://ADDR:PORT" on stderr once it
// accepts connections. Refuses to start when its database login is a superuser, the tables'
// owner, an administrator or a member (it must be gongkai_web or a role like it).
void serve(const ServeOptions& o);

}  // namespace gongkai::web
