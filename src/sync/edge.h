// sync/edge.h — an edge node: the same Klang at an LAO's office, on SQLite, holding a full,
// verified copy of the logs of its LAO and the LAO's subordinate units (R11, R13;
// docs/continuity.md).
//
//  - Online: every write is forwarded to the centre (one at a time per organisation, recorded
//    locally first as "in flight" so a crash cannot lose track of it) and the centre's entry is
//    mirrored here; entries the centre holds beyond ours are pulled down.
//  - Offline (centre unreachable or answering errors): writes are appended here with official
//    numbers left to the centre and a provisional number of this node's own series
//    ("ชั่วคราว E1-000123"); the outage is recorded; every page says so.
//  - Catch-up: when the centre answers again, the pending entries are shipped in their order,
//    the centre appends each at the seq it was made at and numbers it; the node then swaps its
//    provisional entries for the centre's official ones (ledger::ReplaceSuffix). Documents made
//    meanwhile are provisional too, so they queue behind, never ahead.
//  - Loss detection: every heartbeat tells the centre what the node has seen acknowledged; if
//    the centre no longer holds it (restored from an old backup) the node raises the alarm and
//    RestoreCentre() re-supplies the missing entries, checked by hash.
//
// Thread-safe: the gate is called from request threads, the loop runs on its own thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "auth/auth.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "sync/continuity.h"
#include "sync/gate.h"
#include "sync/transport.h"

namespace klang::sync {

struct EdgeOptions {
  std::string upstream;    // the centre's base URL, as given (for the status page)
  std::string credential;  // the node's credential (kept in the data folder after the clone)
  int64_t org = 0;         // the LAO this node serves
  int64_t heartbeat_ms = 2'000;
  int64_t users_refresh_ms = 60'000;
  size_t ship_batch_entries_max = 500;
  size_t pull_batch_entries_max = 2'000;
};

enum class OrgMode {
  kOnline,          // writes go to the centre
  kOffline,         // writes are provisional here
  kCatchingUp,      // shipping what was made offline; new writes queue behind
  kLoss,            // the centre lost entries this node saw acknowledged: restore needed
  kHomedElsewhere,  // another node writes this organisation (an operator's decision)
};

struct EdgeOrgStatus {
  int64_t org = 0;
  std::string name;
  OrgMode mode = OrgMode::kOffline;
  int64_t base_seq = 0;   // last entry the centre acknowledged (official)
  int64_t head_seq = 0;   // last entry held here
  int64_t centre_seq = 0; // the centre's head at the last heartbeat
  int64_t shipped = 0;    // of the pending ones, shipped in the current catch-up
  std::string loss;       // what the centre is missing, when mode is kLoss
  int64_t pending() const { return head_seq - base_seq; }
};

struct EdgeStatus {
  std::string node, upstream;
  bool connected = false;
  bool revoked = false;
  int64_t offline_since_ms = 0;  // 0 when connected
  int64_t last_contact_ms = 0;
  std::string last_error;
  std::vector<EdgeOrgStatus> orgs;
};

std::string OrgModeThai(OrgMode mode);

class EdgeNode {
 public:
  EdgeNode(ledger::Ledger& ledger, store::Db& db, org::OrgDirectory& orgs, auth::AuthService& auth,
           ContinuityService& continuity, std::unique_ptr<Transport> transport,
           const Clock& clock, EdgeOptions options);
  ~EdgeNode();
  static std::vector<store::Migration> Migrations();

  // The gate to install in the ledger (before the ledger starts).
  ledger::AppendGate* gate();
  // First start on an empty folder: clones the organisations, their users and their logs from
  // the centre and takes their homes. Later starts: reads what the folder holds (the centre may
  // be down). Call after the ledger has started.
  Status Open(const std::function<void(const std::string&)>& progress = {});
  // The background loop: heartbeat, pull, catch-up, pushes.
  // Where the centre's signed checkpoints go when a heartbeat brings them (a witness store: the node
  // keeps its organisations' checkpoints). Set before Start; called on the node's loop thread.
  using CheckpointSink = std::function<void(const nlohmann::json& signed_checkpoint)>;
  void SetCheckpointSink(CheckpointSink sink) { checkpoint_sink_ = std::move(sink); }
  void Start();
  void Stop();
  // One round of the loop (tests drive it directly).
  Status SyncOnce();

  EdgeStatus StatusNow();
  // A password changed here goes to the centre with the next heartbeat (kept until it has).
  void QueuePasswordPush(const auth::ReplicaUser& user);
  const std::string& node() const { return node_; }
  std::vector<int64_t> books() const;

  // Re-supplies the centre with entries it lost (restored from an old backup, or rebuilt
  // empty): organisations and users it lacks, then each log's missing suffix verbatim; the
  // centre checks every entry against its chain, then verifies each organisation. `report`
  // receives one line per step.
  Status RestoreCentre(const std::function<void(const std::string&)>& report);

 private:
  class Gate;
  struct OrgState;

  Result<std::optional<ledger::Appended>> Route(ledger::EntryDraft& draft);
  Result<ledger::Appended> AppendProvisional(OrgState& state, ledger::EntryDraft draft,
                                             bool with_number);
  Status EnsureOutage(OrgState& state);
  Status Clone(const std::function<void(const std::string&)>& progress);
  Status LoadState();
  Status SaveBase(OrgState& state);
  Status PullLocked(OrgState& state, int64_t through_seq);
  Status CatchUp(OrgState& state, int64_t centre_seq);
  Status ShipFrom(OrgState& state, int64_t* cursor);
  Status TakeHomes();
  Status PushPasswords();
  Status RefreshUsers();
  Result<nlohmann::json> Call(const std::string& method, const std::string& path,
                              const nlohmann::json& body);
  void MarkDisconnected(const Status& why);
  void MarkConnected();
  bool Connected();
  void Log(const std::string& event, const std::string& detail);
  OrgState* StateOf(int64_t org);

  ledger::Ledger& ledger_;
  store::Db& db_;
  org::OrgDirectory& orgs_;
  auth::AuthService& auth_;
  ContinuityService& continuity_;
  std::unique_ptr<Transport> transport_;
  const Clock& clock_;
  const EdgeOptions options_;
  PaperRules paper_;
  std::unique_ptr<Gate> gate_;
  std::string node_;
  std::map<int64_t, std::unique_ptr<OrgState>> states_;  // fixed after Open
  CheckpointSink checkpoint_sink_;

  std::mutex link_mutex_;
  bool connected_ = false;          // guarded by link_mutex_
  bool revoked_ = false;            // guarded by link_mutex_
  int64_t offline_since_ms_ = 0;    // guarded by link_mutex_
  int64_t connected_since_ms_ = 0;  // guarded by link_mutex_
  int64_t last_contact_ms_ = 0;     // guarded by link_mutex_
  std::string last_error_;          // guarded by link_mutex_
  int64_t last_users_refresh_ms_ = 0;

  std::mutex loop_mutex_;
  std::condition_variable loop_wake_;
  bool stopping_ = false;  // guarded by loop_mutex_
  std::thread loop_;
};

}  // namespace klang::sync
