// cli/serve_config.h — everything `klang serve` is told, from its flags or from one TOML file
// (`klang serve --config FILE`, read with toml++). A key the file may not hold is refused at
// start, so a misspelt setting is never silently ignored.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/app.h"
#include "core/status.h"
#include "http/http.h"

namespace klang::cli {

struct ServeSettings {
  Location location;
  // How the server faces the network.
  std::string listen = "127.0.0.1:8080";
  bool secure_cookies = false;
  size_t connections_per_address_max = http::ServerOptions{}.connections_per_address_max;
  std::vector<std::string> trusted_proxies;
  size_t connections_max = http::ServerOptions{}.connections_max;
  size_t body_bytes_max = 8 << 20;  // catch-up and restore requests carry batches of entries
  // The OpenID Connect provider (ThaID) and SMTP server, a JSON file (docs/operations.md).
  std::string auth_config;
  // An edge node of `upstream` when set.
  std::optional<EdgeSettings> edge;
  std::string credential_file;
  // Operators: one JSON line per request on stderr; GET /metrics from these addresses only.
  bool access_log = true;
  std::vector<std::string> metrics_allowed = {"127.0.0.1"};
  // Signed checkpoints and their witnesses; the public address printed in documents' QR codes.
  WitnessSettings witness;
  std::string public_url;
};

// "127.0.0.1:8080" as (address, port). Errors: cli.listen (no port, or one outside 1-65535).
Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen);

// Reads a TOML file into settings. Errors (kInvalidInput): cli.config_read (cannot be read or is
// not TOML: the line and column), cli.config_key (a key or section the file may not hold),
// cli.config_type (a value of the wrong type), cli.config_store (neither or both of
// store.data and store.db).
Result<ServeSettings> LoadServeConfig(const std::string& path);

}  // namespace klang::cli
