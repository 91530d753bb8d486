// `gongkai serve`: the HTTP server of the pages and the API. Boost.Beast with asynchronous I/O on a
// few threads (an idle keep-alive connection holds no thread), and a small pool of workers, each
// with its own database session logged in as gongkai_web, acting per transaction for the member
// whose request it serves.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "app/connect.h"

namespace gongkai::web {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";  // ADDR:PORT
  int workers = 4;                        // database sessions, requests served at once
  int max_queued = 256;                   // requests waiting for a worker at most (503 beyond)
  int io_threads = 2;
  std::string cert, key;                  // PEM files: serve HTTPS directly
  // Addresses of reverse proxies (nginx) whose X-Forwarded-For and X-Forwarded-Proto are believed:
  // a request from one of them is the client's whose address the proxy appended last, over HTTPS
  // when the proxy says so. From any other peer those headers are ignored (anyone can send them).
  std::vector<std::string> trusted_proxies;
  size_t body_limit = 32 << 20;           // bytes: an upload (a calendar, an import) at most (413 beyond)
  size_t header_limit = 16 << 10;         // bytes: the request line and headers at most (431 beyond)
  // Timeouts, in seconds. A connection is closed when its client is slower than this, so that
  // slow or stalled clients hold a socket for a bounded time (never a worker: requests are read
  // and answers written on the I/O threads).
  int idle_timeout = 60;    // a keep-alive connection waiting for its next request's first byte
  int header_timeout = 20;  // from a request's first byte to the end of its headers
  int body_timeout = 30;    // a body with no byte for this long; and the whole body in this long
                            // plus its length at 16 KiB/s
  app::ConnectOptions db;                 // where and how to connect (conninfo "" = embedded default)
};

// Serves until SIGTERM or SIGINT; prints "listening on http://ADDR:PORT" on stderr once it
// accepts connections. Refuses to start when its database login is a superuser, the tables'
// owner, an administrator or a member (it must be gongkai_web or a role like it).
//
// When the database goes away (a restart), each worker connects again by itself; while it cannot,
// requests are answered 503 with a clear message. A member's request begins with its session
// check, which also finds a database session the restart cut and replaces it before anything is
// written (a login checks its session first, with one round trip); a write cut off in the middle
// is answered 503 and may or may not have happened. When max_queued requests wait for a worker
// already, more are answered 503 at once.
void serve(const ServeOptions& o);

}  // namespace gongkai::web
