// cli/witness_command.h — the signed checkpoints on the command line (docs/operations.md
// "Witnesses"):
//   klang keys new --out FILE                     a new Ed25519 key pair (FILE mode 600, FILE.pub)
//   klang witness serve --data DIR --listen A:P --trust FILE.pub…   an independent witness
//   klang witness list --data DIR [--org ID]      what a witness holds, as JSON lines (auditors)
//   klang checkpoint --data DIR|--db URL --key FILE --witness URL…  sign every head now, deliver
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

#include "cli/app.h"

namespace klang::cli {

struct WitnessArgs {
  std::string key_action;  // keys: new
  std::string out;
  std::string witness_action;  // witness: serve | list
  std::string witness_data;
  std::string listen = "127.0.0.1:9090";
  std::vector<std::string> trust;
  std::string key_file;
  std::vector<std::string> witnesses;
  int64_t org = 0;
};

struct WitnessCommands {
  CLI::App* keys = nullptr;
  CLI::App* witness = nullptr;
  CLI::App* checkpoint = nullptr;
};

// Adds the subcommands to `cli`; `args` and `location` receive what was typed.
WitnessCommands AddWitnessCommands(CLI::App& cli, Location& location, WitnessArgs& args);
// Runs whichever of them was parsed; nullopt when none was.
std::optional<int> RunWitnessCommand(const WitnessCommands& commands, const Location& location,
                                     const WitnessArgs& args);

// The checkpoints every witness at `urls` holds, as anchors for Ledger::Verify; with `trust`, a
// checkpoint none of those keys signed is left out and reported on stderr. Errors: a witness that
// cannot be read (witness.unreachable), a key file (witness.key_file).
Result<ledger::Anchors> WitnessedAnchors(const std::vector<std::string>& urls, const std::vector<std::string>& trust);

}  // namespace klang::cli
