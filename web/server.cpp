#include "web/server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "engine/errors.h"
#include "web/site.h"

namespace gongkai::web {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr auto kIdle = std::chrono::seconds(60);      // a keep-alive connection with nothing to say
constexpr auto kHandling = std::chrono::seconds(300);  // a request being served and its answer written

// The workers: each a thread with its own database session; jobs in arrival order.
class WorkerPool {
 public:
  WorkerPool(int n, std::function<std::unique_ptr<Worker>()> make) {
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
  void submit(std::function<void(Worker&)> job) {
    {
      std::lock_guard lk(m_);
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
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
  std::mutex m_;
  std::condition_variable cv_;
  std::deque<std::function<void(Worker&)>> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

struct Shared {
  Site& site;
  WorkerPool& pool;
  size_t body_limit;
};

Request to_request(http::request<http::string_body>&& m, const std::string& client, bool secure) {
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
  parse_request(r);
  return r;
}

// One client connection: plain TCP or TLS.
template <class Stream>
class Connection : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  Connection(Stream stream, Shared& shared, std::string client, bool secure)
      : stream_(std::move(stream)), shared_(shared), client_(std::move(client)), secure_(secure) {}

  void start() {
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
      stream_.async_handshake(ssl::stream_base::server,
                              beast::bind_front_handler(&Connection::on_handshake, this->shared_from_this()));
    } else {
      read();
    }
  }

 private:
  void on_handshake(beast::error_code ec) {
    if (!ec) read();
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(shared_.body_limit);
    beast::get_lowest_layer(stream_).expires_after(kIdle);
    http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Connection::on_read, this->shared_from_this()));
  }

  void on_read(beast::error_code ec, size_t) {
    if (ec == http::error::body_limit) return refuse(413, "the request is larger than this server takes");
    if (ec == http::error::header_limit) return refuse(431, "the request's headers are too large");
    if (ec) return close();
    auto message = parser_->release();
    const bool keep_alive = message.keep_alive();
    auto request = std::make_shared<Request>(to_request(std::move(message), client_, secure_));
    beast::get_lowest_layer(stream_).expires_after(kHandling);
    auto self = this->shared_from_this();
    shared_.pool.submit([self, request, keep_alive](Worker& w) {
      auto response = std::make_shared<Response>(self->shared_.site.handle(w, *request));
      net::post(self->stream_.get_executor(), [self, response, keep_alive] { self->write(*response, keep_alive); });
    });
  }

  void refuse(int status, const std::string& why) {
    Response r = Response::text(status, why + "\n");
    write(r, false);
  }

  void write(const Response& r, bool keep_alive) {
    auto m = std::make_shared<http::response<http::string_body>>();
    m->result(static_cast<unsigned>(r.status));
    m->version(11);
    m->set(http::field::server, "gongkai");
    m->set(http::field::content_type, r.content_type);
    for (const auto& [name, value] : r.headers) m->insert(name, value);
    for (const auto& [name, value] : Site::security_headers(secure_)) m->set(name, value);
    m->body() = r.body;
    m->keep_alive(keep_alive);
    m->prepare_payload();
    http::async_write(stream_, *m, [self = this->shared_from_this(), m, keep_alive](beast::error_code ec, size_t) {
      if (ec || !keep_alive) return self->close();
      self->read();
    });
  }

  void close() {
    beast::error_code ec;
    if constexpr (std::is_same_v<Stream, beast::ssl_stream<beast::tcp_stream>>) {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(5));
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
  Shared& shared_;
  std::string client_;
  bool secure_;
};

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  Listener(net::io_context& ioc, tcp::endpoint at, Shared& shared, ssl::context* tls)
      : ioc_(ioc), acceptor_(net::make_strand(ioc)), shared_(shared), tls_(tls) {
    acceptor_.open(at.protocol());
    acceptor_.set_option(net::socket_base::reuse_address(true));
    acceptor_.bind(at);
    acceptor_.listen(net::socket_base::max_listen_connections);
  }
  void start() { accept(); }
  void stop() {
    beast::error_code ec;
    acceptor_.close(ec);
  }
  tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }

 private:
  void accept() {
    acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
  }
  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted) return;
    if (!ec) {
      beast::error_code e;
      std::string client = socket.remote_endpoint(e).address().to_string();
      if (tls_)
        std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(
            beast::ssl_stream<beast::tcp_stream>(std::move(socket), *tls_), shared_, client, true)
            ->start();
      else
        std::make_shared<Connection<beast::tcp_stream>>(beast::tcp_stream(std::move(socket)), shared_, client, false)
            ->start();
    }
    accept();
  }

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  Shared& shared_;
  ssl::context* tls_;
};

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
  WorkerPool pool(std::max(1, o.workers), [&site] { return site.new_worker(); });
  Shared shared{site, pool, o.body_limit};

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
