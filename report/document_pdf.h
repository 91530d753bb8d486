// Printing an HTML page to PDF with headless Chromium (Debian's chromium, fonts-noto-cjk for the
// glyphs): the browser's print engine honours the page's @page rules, so the PDF has the same
// GB/T 9704 layout as the HTML printed from a browser.
#pragma once
#include <string>

namespace gongkai::report {

// `html` printed as PDF: the PDF's bytes. The browser: GONGKAI_CHROMIUM, else `chromium` on PATH.
// UsageError naming what to install when there is no browser; InternalError with the browser's
// last words when it fails or takes more than a minute.
std::string print_pdf(const std::string& html);

}  // namespace gongkai::report
