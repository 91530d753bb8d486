// Text from users made safe to print on a terminal: control characters and bidirectional
// controls shown as escapes (workflows/input_checks.h), so that an escape sequence stored in an
// applicant's name never reaches a terminal. Front ends pass every stored text through it.
#pragma once
#include "workflows/input_checks.h"

namespace gongkai::app {
using workflows::printable;
}
