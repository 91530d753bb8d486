#include "web/server.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/errors.h"
#include "web/site.h"
#include "web/view.h"

namespace gongkai::web {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr auto kHandling = std::chrono::seconds(300);  // a request being served and its answer written
constexpr auto kLinger = std::chrono::seconds(2);      // reading what a refused client still sends
constexpr size_t kLingerBytes = 1 << 20;               // … at most this much
constexpr double kMinBodyRate = 16 * 1024;             // bytes a second: the slowest whole body taken

// The workers: each a thread with its own database session; jobs in arrival order, at most
// `max_queued` waiting (more are refused at once: under a load the workers cannot keep up with,
// a queue without end only makes every answer later and the memory larger).
class WorkerPool {
 public:
  WorkerPool(int n, size_t max_queued, std::function<std::unique_ptr<Worker>()> make) : max_queued_(max_queued) {
    for (int i = 0; i < n; ++i)
      threads_.emplace_back([this, make] {
        std::unique_ptr<Worker> w;
        try {
          w = make();
        } catch (const std::exception& e) {
          spdlog::error("a worker could not open its database session: {}", e.what());
          w = std::make_unique<Worker>();  // it connects on its first request
        }
        for (;;) {
          std::function<void(Worker&)> job;
          {
            std::unique_lock lk(m_);
            cv_.wait(lk, [&] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
          }
          job(*w);
        }
      });
  }
  ~WorkerPool() { stop(); }
  // False (and the job dropped) when the queue is full.
  bool submit(std::function<void(Worker&)> job) {
    {
      std::lock_guard lk(m_);
      if (jobs_.size() >= max_queued_) return false;
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }
  // Serves what is queued, then ends the threads.
  void stop() {
    {
      std::lock_guard lk(m_);
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
      if (t.joinable()) t.join();
  }

 private:
  const size_t max_queued_;
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::function<void(Worker&)>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

struct Shared {
  Site& site;
  WorkerPool& pool;
  size_t body_limit, header_limit;
  std::chrono::seconds idle_timeout, header_timeout, body_timeout;
  std::vector<std::string> trusted_proxies;  // normalised addresses
  int max_queued;
};

// An address as Asio prints it ("::ffff:127.0.0.1" and "127.0.0.1" stay distinct), or "" when it
// is none.
std::string normalised_address(const std::string& text) {
  boost::system::error_code ec;
  auto a = net::ip::make_address(text, ec);
  return ec ? std::string() : a.to_string();
}

// The client a trusted proxy speaks for: the last address of X-Forwarded-For (the one the proxy
// itself appended; those before it are the client's own claims). Nothing when there is none or it
// is no address.
std::optional<std::string> forwarded_client(const Request& r) {
  std::string xff = r.header("x-forwarded-for");
  if (xff.empty()) return std::nullopt;
  std::string last = xff.substr(xff.rfind(',') == std::string::npos ? 0 : xff.rfind(',') + 1);
  while (!last.empty() && last.front() == ' ') last.erase(0, 1);
  while (!last.empty() && last.back() == ' ') last.pop_back();
  std::string a = normalised_address(last);
  if (a.empty()) return std::nullopt;
  return a;
}

bool safe_method(const Request& r) { return r.method == "GET" || r.method == "HEAD"; }

// One request on a worker. Before a login (which writes its session), one round trip checks the
// worker's database session: one the database dropped (a restart) is replaced before anything is
// sent on it, so that a login is not refused for a loss that happened while the worker was idle.
// A member's request needs no such check: its session check comes first and is retried on a new
// connection (Site::member_of), and a read whose connection turns out dead later is retried by
// the site. While the database cannot be reached, the site answers 503.
Response serve_request(Shared& shared, Worker& w, const Request& r) {
  const bool logs_in = (r.path == "/login" || r.path == "/api/session") && !safe_method(r);
  if (w.db && logs_in) {
    try {
      w.db->login_role();
    } catch (const std::exception& e) {
      spdlog::warn("a worker's database session was lost ({}): connecting again", e.what());
      w.db.reset();  // the site connects again
    }
  }
  return shared.site.handle(w, r);
}

Request to_request(http::request<http::string_body>&& m, const std::string& client, bool secure,
                   const std::vector<std::string>& trusted_proxies) {
  Request r;
  r.method = std::string(m.method_string());
  r.target = std::string(m.target());
  for (const auto& f : m) {
    std::string name(f.name_string());
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers[name] = std::string(f.value());
  }
  r.body = std::move(m.body());
  r.client = client;
  r.secure = secure;
  if (std::find(trusted_proxies.begin(), trusted_proxies.end(), client) != trusted_proxies.end()) {
    if (auto c = forwarded_client(r)) r.client = *c;
    if (r.header("x-forwarded-proto") == "https") r.secure = true;
  }
  parse_request(r);
  return r;
}

// One client connection: plain TCP or TLS. Each request is read in phases, each with its
// deadline: the first byte (idle_timeout: a keep-alive connection with nothing to say), the
// headers (header_timeout), the body (body_timeout without a byte, and a bound on the whole
// body). A client slower than that is disconnected; it never holds a worker.
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>;

 public:
  Connection(Stream stream, Shared& shared, std::string client, bool secure)
      : stream_(std::move(stream)), shared_(shared), client_(std::move(client)), secure_(secure) {}

  void start() {
    if constexpr (kTls) {
      lowest().expires_after(shared_.header_timeout);
      stream_.async_handshake(ssl::stream_base::server,
                              beast::bind_front_handler(&Connection::on_handshake, this->shared_from_this()));
    } else {
      read();
    }
  }

 private:
  beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

  void on_handshake(beast::error_code ec) {
    if (!ec) read();
  }

  void read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(shared_.header_limit));
    parser_->body_limit(shared_.body_limit);
    if (buffer_.size() > 0) return read_header();  // the next request has begun already
    lowest().expires_after(shared_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Connection::on_first_bytes, this->shared_from_this()));
  }

  void on_first_bytes(beast::error_code ec, size_t n) {
    if (ec) return close();  // idle for too long, or the client left
    buffer_.commit(n);
    read_header();
  }

  void read_header() {
    lowest().expires_after(shared_.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Connection::on_header, this->shared_from_this()));
  }

  void on_header(beast::error_code ec, size_t) {
    if (ec) return on_error(ec);
    if (parser_->is_done()) return serve();
    // The whole body within body_timeout plus its length at kMinBodyRate (a body of unknown
    // length, chunked: the largest taken).
    const double expected = static_cast<double>(parser_->content_length().value_or(shared_.body_limit));
    body_deadline_ = std::chrono::steady_clock::now() + shared_.body_timeout +
                     std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(expected / kMinBodyRate));
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      // The client waits for a word before it sends the body.
      auto go_on = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      lowest().expires_after(shared_.body_timeout);
      return http::async_write(stream_, *go_on, [self = this->shared_from_this(), go_on](beast::error_code e, size_t) {
        if (e) return self->close();
        self->read_body();
      });
    }
    read_body();
  }

  void read_body() {
    lowest().expires_at(std::min(std::chrono::steady_clock::now() + shared_.body_timeout, body_deadline_));
    http::async_read_some(stream_, buffer_, *parser_,
                          beast::bind_front_handler(&Connection::on_body, this->shared_from_this()));
  }

  void on_body(beast::error_code ec, size_t) {
    if (ec) return on_error(ec);
    if (parser_->is_done()) return serve();
    read_body();
  }

  void on_error(beast::error_code ec) {
    if (ec == http::error::body_limit) return refuse(413, "the request is larger than this server takes");
    if (ec == http::error::header_limit) return refuse(431, "the request's headers are too large");
    // Timed out (the stream is closed already), or the client left in the middle.
    if (ec == beast::error::timeout || ec == http::error::end_of_stream || ec == http::error::partial_message ||
        ec.category() != http::make_error_code(http::error::bad_target).category())
      return close();
    return refuse(400, "the request is not valid HTTP (" + ec.message() + ")");
  }

  void serve() {
    auto message = parser_->release();
    const bool keep_alive = message.keep_alive();
    auto request = std::make_shared<Request>(to_request(std::move(message), client_, secure_, shared_.trusted_proxies));
    lowest().expires_after(kHandling);
    auto self = this->shared_from_this();
    const bool queued = shared_.pool.submit([self, request, keep_alive](Worker& w) {
      auto response = std::make_shared<Response>(serve_request(self->shared_, w, *request));
      const bool secure = request->secure;  // the connection's, or a trusted proxy's word for it
      net::post(self->stream_.get_executor(),
                [self, response, keep_alive, secure] { self->write(*response, keep_alive, false, secure); });
    });
    if (!queued) {
      spdlog::warn("busy: {} requests wait for a worker already; a request from {} is answered 503",
                   shared_.max_queued, client_);
      const std::string why = "服务器繁忙，请稍后重试（the server is busy; try again）";
      write(request->is_api() ? Response::json(503, {{"error", why}}) : error_page(503, why), keep_alive, false,
            request->secure);
    }
  }

  // An answer to a request that was not read whole, and the end of the connection.
  void refuse(int status, const std::string& why) {
    spdlog::info("refused a request from {}: {} {}", client_, status, why);
    Response r = Response::text(status, why + "\n");
    write(r, false, true, secure_);
  }

  void write(const Response& r, bool keep_alive, bool refused, bool secure) {
    auto m = std::make_shared<http::response<http::string_body>>();
    m->result(static_cast<unsigned>(r.status));
    m->version(11);
    m->set(http::field::server, "gongkai");
    m->set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) m->insert(name, value);
    for (const auto& [name, value] : Site::security_headers(secure)) m->set(name, value);
    if (r.status == 503 && m->find(http::field::retry_after) == m->end()) m->set(http::field::retry_after, "5");
    m->body() = r.body;
    m->keep_alive(keep_alive);
    m->prepare_payload();
    lowest().expires_after(kHandling);
    http::async_write(stream_, *m, [self = this->shared_from_this(), m, keep_alive, refused](beast::error_code ec, size_t) {
      if (ec) return self->close();
      if (refused) return self->linger();
      if (!keep_alive) return self->close();
      self->read();
    });
  }

  // After a refusal the client may still be sending (the rest of a body too large): read and
  // drop it for a moment before closing, so that the answer is not lost to a connection reset.
  void linger() {
    if constexpr (kTls) {
      close();
    } else {
      beast::error_code ec;
      lowest().socket().shutdown(tcp::socket::shutdown_send, ec);
      lowest().expires_after(kLinger);
      drain_.resize(16 << 10);
      drain();
    }
  }

  void drain() {
    lowest().async_read_some(net::buffer(drain_), [self = this->shared_from_this()](beast::error_code ec, size_t n) {
      self->drained_ += n;
      if (ec || self->drained_ > kLingerBytes) {
        beast::error_code e;
        self->lowest().socket().close(e);
        return;
      }
      self->drain();
    });
  }

  void close() {
    beast::error_code ec;
    if constexpr (kTls) {
      lowest().expires_after(std::chrono::seconds(5));
      stream_.async_shutdown([self = this->shared_from_this()](beast::error_code) {
        beast::error_code e;
        beast::get_lowest_layer(self->stream_).socket().shutdown(tcp::socket::shutdown_both, e);
      });
    } else {
      stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    }
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::chrono::steady_clock::time_point body_deadline_;
  std::vector<char> drain_;
  size_t drained_ = 0;
  Shared& shared_;
  std::string client_;
  bool secure_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::endpoint at, Shared& shared, ssl::context* tls)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), backoff_(acceptor_.get_executor()), shared_(shared), tls_(tls) {
    acceptor_.open(at.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(at);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }
  void start() { accept(); }
  void stop() {
    beast::error_code ec;
    acceptor_.close(ec);
    backoff_.cancel();
  }
  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (ec) {
      // Out of file descriptors, say: wait a moment rather than spin, and accept again.
      spdlog::warn("accepting a connection failed: {}", ec.message());
      backoff_.expires_after(std::chrono::milliseconds(100));
      backoff_.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->accept();
      });
      return;
    }
    beast::error_code e;
    std::string client = socket.remote_endpoint(e).address().to_string();
    if (tls_)
      std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(
          beast::ssl_stream<beast::tcp_stream>(std::move(socket), *tls_), shared_, client, true)
          ->start();
    else
      std::make_shared<Connection<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), shared_, client, false)
          ->start();
    accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer backoff_;
  Shared& shared_;
  ssl::context* tls_;
};

// Every connection is a file descriptor: take as many as the system allows this process.
void raise_open_files_limit() {
  rlimit l{};
  if (getrlimit(RLIMIT_NOFILE, &l) == 0 && l.rlim_cur < l.rlim_max) {
    l.rlim_cur = l.rlim_max;
    setrlimit(RLIMIT_NOFILE, &l);
  }
}

tcp::endpoint parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) throw UsageError("listen '" + listen + "' is not ADDR:PORT (like 127.0.0.1:8080)");
  std::string host = listen.substr(0, colon), port = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "127.0.0.1";
  int p = 0;
  try {
    size_t used = 0;
    p = std::stoi(port, &used);
    if (used != port.size()) p = -1;
  } catch (const std::exception&) {
    p = -1;
  }
  if (p < 0 || p > 65535) throw UsageError("listen '" + listen + "': the port is not a number from 0 to 65535");
  beast::error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (ec) throw UsageError("listen '" + listen + "': '" + host + "' is not an IP address");
  return {address, static_cast<unsigned short>(p)};
}

}  // namespace

void serve(const ServeOptions& o) {
  const tcp::endpoint at = parse_listen(o.listen);
  std::unique_ptr<ssl::context> tls;
  if (!o.cert.empty() || !o.key.empty()) {
    if (o.cert.empty() || o.key.empty()) throw UsageError("TLS needs both cert and key (PEM files)");
    tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                     ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    beast::error_code ec;
    tls->use_certificate_chain_file(o.cert, ec);
    if (ec) throw UsageError("cannot use the certificate '" + o.cert + "': " + ec.message());
    tls->use_private_key_file(o.key, ssl::context::pem, ec);
    if (ec) throw UsageError("cannot use the key '" + o.key + "': " + ec.message());
  }

  // The database login is checked once before anything listens: never a superuser, owner or admin.
  Site site(o.db);
  site.check_database_login();
  WorkerPool pool(std::max(1, o.workers), static_cast<size_t>(std::max(1, o.max_queued)),
                  [&site] { return site.new_worker(); });
  Shared shared{site,
                pool,
                o.body_limit,
                o.header_limit,
                std::chrono::seconds(std::max(1, o.idle_timeout)),
                std::chrono::seconds(std::max(1, o.header_timeout)),
                std::chrono::seconds(std::max(1, o.body_timeout)),
                {},
                std::max(1, o.max_queued)};
  for (const auto& p : o.trusted_proxies) {
    std::string a = normalised_address(p);
    if (a.empty()) throw UsageError("trusted proxy '" + p + "' is not an IP address");
    shared.trusted_proxies.push_back(a);
  }
  raise_open_files_limit();

  net::io_context ioc(std::max(1, o.io_threads));
  std::shared_ptr<Listener> listener;
  try {
    listener = std::make_shared<Listener>(ioc, at, shared, tls.get());
  } catch (const boost::system::system_error& e) {
    throw UsageError("cannot listen on " + o.listen + ": " + e.code().message());
  }
  listener->start();
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](beast::error_code, int) {
    listener->stop();
    ioc.stop();
  });
  const auto bound = listener->endpoint();
  std::cerr << "listening on " << (tls ? "https" : "http") << "://"
            << (bound.address().is_v6() ? "[" + bound.address().to_string() + "]" : bound.address().to_string()) << ":"
            << bound.port() << std::endl;

  std::vector<std::thread> io;
  for (int i = 1; i < std::max(1, o.io_threads); ++i) io.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : io) t.join();
  pool.stop();
  spdlog::info("stopped");
}

}  // namespace gongkai::web
