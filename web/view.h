// How pages look: mustache templates (web/templates, compiled into the binary; every {{value}}
// HTML-escaped), the layout around them, and the Chinese names of gongkai's codes.
#pragma once
#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>

#include "web/http.h"
#include "web/site.h"

namespace gongkai::web {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;

// Sets list `name` and `has_name` (whether it has any item: mustache cannot ask a list that).
void set_list(Data& d, const std::string& name, const List& items);

// The page template `name` in the layout: title, the member's name and role, the menu, the CSRF
// token (as {{csrf}} in every form).
Response render_page(const Visit& v, const std::string& name, const std::string& title, Data data, int status = 200);
Response render_login(const std::string& next, const std::string& login, const std::string& error, int status);
Response error_page(int status, const std::string& message);
Response static_file(const std::string& name, const std::string& content_type);

std::string state_label(std::string_view state);
std::string appeal_state_label(std::string_view state);
std::string channel_label(std::string_view channel);
std::string applicant_type_label(std::string_view type);
std::string role_label(std::string_view role);
std::string agency_kind_label(std::string_view kind);
std::string result_label(std::string_view result);
std::string event_label(std::string_view kind);
std::string outcome_label(std::string_view code);  // the national template's label, verbatim
std::string option_label(std::string_view key);    // an event option: handler 承办人 …

}  // namespace gongkai::web
