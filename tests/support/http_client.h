// A plain HTTP/1.1 client for a server on 127.0.0.1: one request on a connection of its own, and
// the response as the tests read it.
#pragma once
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <map>
#include <string>

namespace gongkai::test {

struct HttpResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string header(const std::string& lower_name) const;  // "" when absent
};

// A response Beast has parsed, as an HttpResponse.
HttpResponse response_of(const boost::beast::http::response<boost::beast::http::string_body>& message);

// Sends one request to 127.0.0.1:port (a Host header, the body's length, then `headers`) and reads
// the response; throws boost::system::system_error when the connection fails.
HttpResponse http_request(int port, const std::string& method, const std::string& target,
                          const std::string& body = "", const std::map<std::string, std::string>& headers = {});

}  // namespace gongkai::test
