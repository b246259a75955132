#include "cli/command.h"

#include <unistd.h>

#include <cstdio>

namespace klang::cli {

int Fail(const Status& status) {
  std::fprintf(stderr, "klang: %s\n", status.ToString().c_str());
  return status.code() == ErrorCode::kInvalidInput ? 2 : 1;
}

bool Terminal() { return isatty(STDERR_FILENO) != 0; }

}  // namespace klang::cli
