// The pages (server-rendered HTML, in Chinese): which page a path is, and each page. Every page
// works without JavaScript; every form posts back with the session's CSRF token.
#pragma once
#include "app/case_view.h"
#include "web/http.h"
#include "web/site.h"
#include <kainjow/mustache.hpp>

namespace gongkai::web {

// The page for a logged-in member's request: 404 for a path that is none.
Response page(Visit& v);

// The pages, one function each.
Response home_page(Visit& v);
Response cases_page(Visit& v);
Response case_page(Visit& v, const std::string& case_no, const std::string& notice = "");
Response intake_page(Visit& v, const std::string& error = "", int status = 200);
Response receive_form(Visit& v);
Response event_form(Visit& v, const std::string& case_no);
Response supervise_page(Visit& v);
Response reports_page(Visit& v);
Response report_download(Visit& v);
Response admin_page(Visit& v, const std::string& notice = "", const std::string& error = "", int status = 200);
Response admin_action(Visit& v);
Response export_download(Visit& v);
// A case's notices (web/pages_notices.cpp): the case page's part, printing a frozen one (GET
// ?format=pdf|docx|html|md), issuing one (POST).
kainjow::mustache::data notices_data(Visit& v, const app::CaseView& view);
Response notice_download(Visit& v, const std::string& case_no, const std::string& kind);
Response notice_issue(Visit& v, const std::string& case_no, const std::string& kind);
// A case's files (web/pages_files.cpp): the case page's part, attaching one (POST, multipart),
// downloading one.
kainjow::mustache::data files_data(Visit& v, const app::CaseView& view);
Response file_upload(Visit& v, const std::string& case_no);
Response file_download(Visit& v, const std::string& case_no, const std::string& id);

}  // namespace gongkai::web
