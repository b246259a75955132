// witness/witness_client.h — how the signing node and `klang verify` talk to a witness: deliver
// checkpoints, fetch what it holds. Behind an interface so tests put a witness that is down, or
// one in the same process, in its place. The HTTP one speaks docs/api.md "Witness".
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "witness/checkpoint.h"

namespace klang::witness {

class WitnessClient {
 public:
  virtual ~WitnessClient() = default;
  // Where it is (its URL), for logs and the integrity page.
  virtual const std::string& name() const = 0;
  // One answer per checkpoint, in order: OK (accepted or already held) or the witness's refusal.
  // An error (kUnavailable) means the witness could not be reached or answered nonsense: nothing
  // can be said of any of them.
  virtual Result<std::vector<Status>> Deliver(const std::vector<SignedCheckpoint>& checkpoints) = 0;
  // Every checkpoint it holds (of one organisation, or all), a page at a time underneath.
  virtual Result<std::vector<SignedCheckpoint>> Fetch(std::optional<int64_t> org) = 0;
  // The latest checkpoint it holds of each organisation.
  virtual Result<std::vector<SignedCheckpoint>> FetchLatest() = 0;
};

// A witness at `url` ("http://127.0.0.1:9090"), through libcurl.
std::unique_ptr<WitnessClient> MakeHttpWitnessClient(const std::string& url);

// The witness's wire answers (web/witness uses them to answer; the client to read).
nlohmann::json DeliveryAnswerJson(const Status& status);
Status DeliveryAnswerFromJson(const nlohmann::json& answer);

}  // namespace klang::witness
