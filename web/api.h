// The JSON API under /api/ (interface.md, "The web server"): the same shapes as the CLI's --json,
// a bearer token for authentication, errors as {"error": …} with the contract's statuses.
#pragma once
#include "web/http.h"
#include "web/site.h"

namespace gongkai::web {

Response api(Visit& v);

}  // namespace gongkai::web
