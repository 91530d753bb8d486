// What kind of file some bytes are, from their first bytes (as `file` would say), so that a case
// file's type never rests on what its name claims: PDF, the Office formats, images, text.
#pragma once
#include <string>
#include <string_view>

namespace gongkai {

// A MIME type: application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document,
// image/jpeg … ; text/plain for UTF-8 text without control bytes; application/octet-stream else.
std::string sniff_type(std::string_view bytes);

}  // namespace gongkai
