// sync/nodes.h — the centre's register of edge nodes and of where each organisation's books are
// written (its "home").
//
// A node is issued a credential (a random token shown once; only its SHA-256 is kept) for one
// LAO and its subordinate units, and can be revoked. When a node has cloned an organisation it
// takes its home: from then on the centre appends to that organisation only what the node
// forwards or ships, so an office's documents keep the positions (seq) they were made at and
// the references between them stay true (docs/continuity.md "Why one home"). An operator
// releases a home when an office node is lost; documents the node then ships on top of what the
// centre wrote meanwhile are held for review, never dropped. Every act is recorded in
// sync_events. Thread-safe; state lives in the store (several centre processes share it).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "org/org.h"
#include "store/db.h"

namespace klang::sync {

constexpr size_t kNodeNameBytesMax = 16;

struct Node {
  std::string name;  // "E1": letters, digits, '-'
  int64_t org = 0;   // the LAO whose subtree the node holds
  int64_t created_at_ms = 0, revoked_at_ms = 0, last_seen_ms = 0;
  std::string last_address;
  bool revoked() const { return revoked_at_ms != 0; }
};

struct Home {
  int64_t org = 0;
  std::string node;
  int64_t since_ms = 0;
};

struct SyncEvent {
  int64_t at_ms = 0;
  std::string node;
  int64_t org = 0;
  std::string event, detail;
};

class NodeRegistry {
 public:
  NodeRegistry(store::Db& db, org::OrgDirectory& orgs, const Clock& clock, Random& random);
  static std::vector<store::Migration> Migrations();

  // A new node for `org` (which need not exist yet: a fresh centre being rebuilt from its
  // edges). Returns the credential, shown once. Errors: sync.node_name, sync.node_exists.
  Result<std::string> Issue(const std::string& name, int64_t org);
  // Revokes the credential and releases the node's homes.
  Status Revoke(const std::string& name, const std::string& by);
  // The node behind a credential; kUnauthenticated when unknown or revoked. Records when and
  // from where it was last seen.
  Result<Node> Authenticate(const std::string& credential, const std::string& address);
  Result<std::vector<Node>> List();

  Result<std::optional<Home>> HomeOf(int64_t org);
  Result<std::vector<Home>> Homes();
  // Takes the homes of `orgs` for `node`; kConflict sync.homed_elsewhere if another node holds one.
  Status TakeHomes(const Node& node, const std::vector<int64_t>& orgs);
  // The organisation is written at the centre again. kNotFound when it has no home.
  Status Release(int64_t org, const std::string& by);

  Status Record(const std::string& node, int64_t org, const std::string& event,
                const std::string& detail);
  Result<std::vector<SyncEvent>> Events(size_t limit);

 private:
  store::Db& db_;
  org::OrgDirectory& orgs_;
  const Clock& clock_;
  Random& random_;
};

bool ValidNodeName(const std::string& name);

}  // namespace klang::sync
