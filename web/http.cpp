#include "web/http.h"

#include <cctype>

namespace gongkai::web {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// The value of `key` in a header's `; key=value` parameters ("" when absent), quotes removed.
std::string header_param(std::string_view header, std::string_view key) {
  size_t pos = 0;
  while (pos < header.size()) {
    size_t semi = header.find(';', pos);
    std::string_view part = trim(header.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos));
    if (auto eq = part.find('='); eq != std::string_view::npos && trim(part.substr(0, eq)) == key) {
      std::string_view v = trim(part.substr(eq + 1));
      if (v.size() >= 2 && v.front() == '"' && v.back() == '"') v = v.substr(1, v.size() - 2);
      return std::string(v);
    }
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return "";
}

template <class Map>
void split_pairs(std::string_view s, char sep, Map& out, bool plus_is_space) {
  size_t pos = 0;
  while (pos <= s.size()) {
    size_t end = s.find(sep, pos);
    std::string_view pair = s.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = url_decode(pair.substr(0, eq), plus_is_space);
      std::string value = eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1), plus_is_space);
      out.insert_or_assign(std::move(key), std::move(value));
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
}

struct MultiInsert {
  std::multimap<std::string, std::string>& m;
  void insert_or_assign(std::string k, std::string v) { m.emplace(std::move(k), std::move(v)); }
};

}  // namespace

std::string Request::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

std::string Request::param(const std::string& name) const {
  if (auto it = form.find(name); it != form.end()) return it->second;
  if (auto it = query.find(name); it != query.end()) return it->second;
  return "";
}

std::vector<std::string> Request::params(const std::string& name) const {
  std::vector<std::string> out;
  auto [a, b] = form.equal_range(name);
  for (auto it = a; it != b; ++it) out.push_back(it->second);
  return out;
}

Response Response::redirect(const std::string& location, int status) {
  Response r;
  r.status = status;
  r.headers.emplace_back("Location", location);
  r.content_type = "text/plain; charset=utf-8";
  return r;
}

Response Response::json(int status, const nlohmann::json& body) {
  Response r;
  r.status = status;
  r.content_type = "application/json";
  r.body = body.dump(2) + "\n";
  return r;
}

Response Response::text(int status, const std::string& body) {
  Response r;
  r.status = status;
  r.content_type = "text/plain; charset=utf-8";
  r.body = body;
  return r;
}

std::string url_decode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += plus_is_space && s[i] == '+' ? ' ' : s[i];
  }
  return out;
}

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view query) {
  std::map<std::string, std::string> out;
  split_pairs(query, '&', out, true);
  return out;
}

std::multimap<std::string, std::string> parse_form(std::string_view body) {
  std::multimap<std::string, std::string> out;
  MultiInsert m{out};
  split_pairs(body, '&', m, true);
  return out;
}

std::map<std::string, std::string> parse_cookies(std::string_view header) {
  std::map<std::string, std::string> out;
  size_t pos = 0;
  while (pos < header.size()) {
    size_t semi = header.find(';', pos);
    std::string_view part = trim(header.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos));
    if (auto eq = part.find('='); eq != std::string_view::npos)
      out.emplace(std::string(trim(part.substr(0, eq))), std::string(trim(part.substr(eq + 1))));
    if (semi == std::string_view::npos) break;
    pos = semi + 1;
  }
  return out;
}

bool parse_multipart(std::string_view body, std::string_view content_type, std::multimap<std::string, std::string>& form,
                     std::vector<Upload>& files) {
  const std::string boundary = header_param(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return false;
  const std::string delimiter = "--" + boundary;
  size_t pos = body.find(delimiter);
  if (pos == std::string_view::npos) return false;
  for (;;) {
    pos += delimiter.size();
    if (body.compare(pos, 2, "--") == 0) return true;  // the closing delimiter
    if (body.compare(pos, 2, "\r\n") != 0) return false;
    pos += 2;
    size_t headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) return false;
    std::string_view head = body.substr(pos, headers_end - pos);
    size_t next = body.find("\r\n" + delimiter, headers_end + 4);
    if (next == std::string_view::npos) return false;
    std::string_view data = body.substr(headers_end + 4, next - headers_end - 4);
    std::string disposition, type;
    size_t line = 0;
    while (line <= head.size()) {
      size_t end = head.find("\r\n", line);
      std::string_view h = head.substr(line, end == std::string_view::npos ? std::string_view::npos : end - line);
      if (auto colon = h.find(':'); colon != std::string_view::npos) {
        std::string name(trim(h.substr(0, colon)));
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (name == "content-disposition") disposition = std::string(trim(h.substr(colon + 1)));
        if (name == "content-type") type = std::string(trim(h.substr(colon + 1)));
      }
      if (end == std::string_view::npos) break;
      line = end + 2;
    }
    std::string name = header_param(disposition, "name"), filename = header_param(disposition, "filename");
    if (disposition.find("filename=") != std::string::npos) files.push_back({name, filename, type, std::string(data)});
    else form.emplace(name, std::string(data));
    pos = next + 2;
  }
}

void parse_request(Request& r) {
  size_t q = r.target.find('?');
  r.path = url_decode(std::string_view(r.target).substr(0, q), false);
  if (q != std::string::npos) r.query = parse_query(std::string_view(r.target).substr(q + 1));
  r.cookies = parse_cookies(r.header("cookie"));
  const std::string type = r.header("content-type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) r.form = parse_form(r.body);
  else if (type.rfind("multipart/form-data", 0) == 0) parse_multipart(r.body, type, r.form, r.files);
}

}  // namespace gongkai::web
