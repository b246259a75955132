// sync/centre.h — the centre's side of the continuity protocol (docs/continuity.md "Protocol"):
// what an authenticated edge node may ask for and hand over. Every call checks that the
// organisation lies within the node's LAO subtree.
//
//  Bootstrap    the node's organisations (root path and LAO subtree), their users and heads
//  TakeHomes    the node writes its organisations from now on
//  Entries      the log of one organisation after a seq (canonical bytes + hash)
//  Forward      an online write made at the office: appended here, answered with the entry
//  Ship         catch-up: entries the node made offline, in their order, each appended at the
//               seq it was made at (so references between them stay true) or, when the centre
//               cannot take it as it is, kept in a sync.held entry for review
//  Heartbeat    heads per organisation, and whether the centre still holds everything the node
//               has seen acknowledged (loss detection)
//  Restore      entries exactly as the node holds them, re-supplied to a centre that lost them
//
// Thread-safe.
#pragma once

#include <functional>
#include <optional>

#include <nlohmann/json.hpp>

#include <vector>

#include "auth/auth.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "sync/continuity.h"
#include "sync/nodes.h"

namespace klang::sync {

struct CentreOptions {
  size_t ship_batch_entries_max = 1'000;   // entries per ship request
  size_t entries_page_max = 5'000;         // entries per Entries reply
  size_t restore_batch_entries_max = 5'000;
};

class CentreSync {
 public:
  CentreSync(ledger::Ledger& ledger, NodeRegistry& nodes, org::OrgDirectory& orgs,
             auth::AuthService& auth, const Clock& clock, CentreOptions options = {});

  Result<nlohmann::json> Bootstrap(const Node& node);
  Status TakeHomes(const Node& node);
  Result<nlohmann::json> Entries(const Node& node, int64_t org, int64_t after, size_t limit);
  Result<ledger::Entry> Forward(const Node& node, ledger::EntryDraft draft);
  Result<nlohmann::json> Ship(const Node& node, int64_t org, const nlohmann::json& request);
  Result<nlohmann::json> Heartbeat(const Node& node, const nlohmann::json& request);
  Status PushPassword(const Node& node, const nlohmann::json& request);
  Status RestoreOrgs(const Node& node, const nlohmann::json& request);
  Result<nlohmann::json> Restore(const Node& node, int64_t org, const nlohmann::json& request);
  Result<nlohmann::json> VerifyOrg(const Node& node, int64_t org);

  // The organisations a node holds: its LAO and the LAO's units (those that keep books).
  std::vector<int64_t> BookOrgsOf(const Node& node);

  // What each heartbeat also hands a node for each of its organisations: the latest signed
  // checkpoint (src/witness, as its JSON), so that an edge node keeps them as a witness without
  // the centre having to reach it. Set by cli before serving; none by default.
  using CheckpointFeed = std::function<std::optional<nlohmann::json>(int64_t org)>;
  void SetCheckpointFeed(CheckpointFeed feed) { checkpoint_feed_ = std::move(feed); }

 private:
  Status CheckScope(const Node& node, int64_t org);
  CheckpointFeed checkpoint_feed_;
  // One ship request as it is worked through (centre.cc): each step decides the next entries
  // and records their results; an error (the store down) stops the whole request.
  struct Shipment;
  Result<bool> ShipHeldBefore(Shipment& shipment);
  Status ShipAfterFork(Shipment& shipment);
  Result<std::optional<Status>> ShipRun(Shipment& shipment);
  Status ShipRefused(Shipment& shipment, const Status& failure);
  // Appends `original` as a sync.held entry (at `expected_seq` when > 0).
  Result<ledger::Entry> Hold(const Node& node, const ledger::EntryDraft& original,
                             int64_t local_seq, int64_t expected_seq,
                             const std::string& expected_previous_entry_id, const Status& why);

  ledger::Ledger& ledger_;
  NodeRegistry& nodes_;
  org::OrgDirectory& orgs_;
  auth::AuthService& auth_;
  const Clock& clock_;
  const CentreOptions options_;
};

}  // namespace klang::sync
