// cli/close_command.h — `klang close month|reopen|year|reopen-year`: an operator (or a script)
// closes or reopens an organisation's month or fiscal year as a named user, who must hold the
// permission over that organisation as on the screens (close.month, close.year, close.reopen).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/app.h"

namespace klang::cli {

struct CloseArgs {
  std::string action;  // month | reopen | year | reopen-year
  int64_t org = 0;
  std::string month;   // month, reopen: YYYY-MM (Christian or Buddhist year)
  int fiscal_year = 0; // year, reopen-year: BE
  std::string reason;
  std::string approval_ref;
  std::string as_user;
};

// Adds the subcommand to `cli`; `args` and `location` receive what was typed.
CLI::App* AddCloseCommand(CLI::App& cli, Location& location, CloseArgs& args);
// Exit 0 when done; 1 with the differences listed when a check refuses the close; 2 for bad
// input (the month or year, an order, a missing reason, a second close) and an unauthorised user.
int Close(const Location& location, const CloseArgs& args);

}  // namespace klang::cli
