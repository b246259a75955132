// sync/transport.h — how an edge node talks to the centre: one JSON request, one reply. Behind
// an interface so tests put faults in its way (the centre gone mid-request, a reply lost).
// CurlTransport is the real one (libcurl; HTTP or HTTPS). Thread-safe: each call uses its own
// connection handle.
#pragma once

#include <memory>
#include <string>

#include "core/status.h"

namespace klang::sync {

struct Reply {
  int status = 0;  // HTTP status
  std::string body;
};

class Transport {
 public:
  virtual ~Transport() = default;
  // Errors are about reaching the centre, never about what it answered (a 4xx or 5xx is a
  // Reply): kUnavailable "sync.unreachable" when no connection could be made (the request was
  // certainly not processed), "sync.uncertain" when it failed after the request went out (the
  // centre may have processed it).
  virtual Result<Reply> Send(const std::string& method, const std::string& path,
                             const std::string& json_body) = 0;
};

struct CurlOptions {
  std::string base_url;     // "http://127.0.0.1:8080" (no trailing slash)
  std::string credential;   // the node's bearer token
  long connect_timeout_ms = 2'000;
  long request_timeout_ms = 30'000;
  size_t reply_bytes_max = 64 << 20;
};

std::unique_ptr<Transport> MakeCurlTransport(CurlOptions options);

}  // namespace klang::sync
