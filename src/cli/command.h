// cli/command.h — what every `klang` subcommand shares: how a failure ends the process, and
// whether progress may be drawn on the terminal.
#pragma once

#include "core/status.h"

namespace klang::cli {

// Prints the status on stderr; the exit code: 2 for bad input, 1 otherwise.
int Fail(const Status& status);
// stderr is a terminal (progress lines are drawn only then).
bool Terminal();

}  // namespace klang::cli
