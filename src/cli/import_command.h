// cli/import_command.h — `klang import opening-balances|taxpayers|budget|outage-receipts FILE`:
// the same check and commit as the upload screen (exchange/import.h), as a named user who must
// hold the kind's permissions over the organisation. Prints the check's messages (row, column,
// what is wrong) and, when any row has a problem, exits 1 having written nothing. --dry-run
// checks only.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/app.h"

namespace klang::cli {

struct ImportArgs {
  std::string kind;  // an exchange::ImportKindInfo code
  std::string file;
  int64_t org = 0;
  std::string as_user;
  std::string map_file;  // opening balances: an account map for this import
  std::string date;      // opening balances: the opening date (ISO or dd/mm/BE)
  int fiscal_year = 0;   // budget
  std::string title;     // budget
  bool dry_run = false;
};

CLI::App* AddImportCommand(CLI::App& cli, Location& location, ImportArgs& args);
// 0: written (or written before); 1: the file has problems (listed), nothing written; 2: bad
// input on the command line, an unauthorised user, or a file that cannot be read.
int Import(const Location& location, const ImportArgs& args);

}  // namespace klang::cli
