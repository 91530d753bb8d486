// An HTTP request and response as the pages and the API see them. The server (web/server.cpp)
// turns Beast's messages into these and back, so that no handler sees Beast; the parsing of
// queries, forms, cookies and uploads is here.
#pragma once
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gongkai::web {

struct Upload {
  std::string field, filename, content_type, data;
};

struct Request {
  std::string method;  // GET, POST …
  std::string target;  // as sent: path and query
  std::string path;    // decoded, without the query
  std::map<std::string, std::string> query;    // decoded; a repeated key keeps its last value
  std::multimap<std::string, std::string> form;  // a form's fields (urlencoded or multipart)
  std::vector<Upload> files;                     // multipart uploads
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
  std::string client;   // the peer's address
  bool secure = false;  // over TLS

  std::string header(const std::string& lower_name) const;
  // The form's (else the query's) value of `name`, "" when absent.
  std::string param(const std::string& name) const;
  std::vector<std::string> params(const std::string& name) const;
  bool is_api() const { return path.rfind("/api/", 0) == 0; }
};

struct Response {
  int status = 200;
  std::string content_type = "text/html; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response redirect(const std::string& location, int status = 303);
  static Response json(int status, const nlohmann::json& body);
  static Response text(int status, const std::string& body);
};

std::string url_decode(std::string_view s, bool plus_is_space);
std::string url_encode(std::string_view s);
std::map<std::string, std::string> parse_query(std::string_view query);
std::multimap<std::string, std::string> parse_form(std::string_view body);
std::map<std::string, std::string> parse_cookies(std::string_view header);
// A multipart/form-data body's fields (into `form`) and files. Returns false when it cannot be read.
bool parse_multipart(std::string_view body, std::string_view content_type, std::multimap<std::string, std::string>& form,
                     std::vector<Upload>& files);
// Fills path, query, form, files and cookies from target, headers and body.
void parse_request(Request& r);

}  // namespace gongkai::web
