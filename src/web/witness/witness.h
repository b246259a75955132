// web/witness/witness.h — the witness's routes (receiving and listing checkpoints; the signature
// is the credential, so they are public), the public check page of a printed document
// (rate-limited per client address), and what the integrity page shows of the checkpoints.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "web/kit/page.h"
#include "web/kit/routes.h"
#include "witness/checkpoints.h"
#include "witness/document_check.h"
#include "witness/witness_store.h"

namespace klang::web {

struct WitnessWeb {
  witness::WitnessStore& store;
};

// Registers POST and GET /witness/v1/checkpoints (docs/api.md "Witness").
void RegisterWitnessRoutes(RouteTable& table, WitnessWeb& web);

// At most `per_minute` requests a minute from one client address (a token bucket refilled
// continuously); remembers at most kAddressesMax addresses, forgetting the full buckets first.
class RateLimiter {
 public:
  static constexpr size_t kAddressesMax = 10'000;
  explicit RateLimiter(double per_minute) : per_minute_(per_minute) {}
  bool Allow(const std::string& address, int64_t now_ms);

 private:
  struct Bucket {
    double tokens = 0;
    int64_t at_ms = 0;
  };
  const double per_minute_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

struct CheckWeb {
  Pages& pages;
  witness::DocumentChecker& checker;
  RateLimiter limiter{kChecksPerMinute};
  static constexpr double kChecksPerMinute = 20;
};

// Registers GET /check (the form), GET /check/{code} and GET /api/v1/check/{code}: public.
void RegisterCheckRoutes(RouteTable& table, CheckWeb& web);

// The anchors the integrity page holds `org`'s chain to: this node's copies a witness accepted
// (or, with no witness configured, all), each signature checked. `klang verify --witness` asks the
// witnesses themselves.
Result<ledger::Anchors> IntegrityAnchors(witness::CheckpointService& checkpoints, int64_t org);
// The checkpoints of `org` for the integrity page: the last signed, each witness's latest and its
// age, and — from `verified`, the verification held to IntegrityAnchors, when it ran — whether the
// chain passes through every one.
nlohmann::json CheckpointsJson(witness::CheckpointService& checkpoints, const Clock& clock, int64_t org,
                               const ledger::OrgVerification* verified);

// "2 ชั่วโมง 5 นาที" for a duration.
std::string AgeTextTh(int64_t milliseconds);

}  // namespace klang::web
