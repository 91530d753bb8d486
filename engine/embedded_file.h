// A text file compiled into the executable (see cmake/embed.cmake).
#pragma once
#include <string>
#include <vector>

namespace gongkai {

struct EmbeddedFile {
  std::string name;
  std::string contents;
};

}  // namespace gongkai
