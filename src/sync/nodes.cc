#include "sync/nodes.h"

#include "sync/wire.h"

namespace klang::sync {
namespace {

using store::Rows;

Node NodeFromRow(const store::Row& row) {
  return Node{row.Text(0), row.Int(1), row.Int(2), row.Int(3), row.Int(4), row.Text(5)};
}

constexpr const char* kNodeColumns =
    "name, org_id, created_at_ms, revoked_at_ms, last_seen_ms, last_address";

}  // namespace

bool ValidNodeName(const std::string& name) {
  if (name.empty() || name.size() > kNodeNameBytesMax) return false;
  for (char c : name) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '-';
    if (!ok) return false;
  }
  return true;
}

NodeRegistry::NodeRegistry(store::Db& db, org::OrgDirectory& orgs, const Clock& clock,
                           Random& random)
    : db_(db), orgs_(orgs), clock_(clock), random_(random) {}

std::vector<store::Migration> NodeRegistry::Migrations() {
  return {{"sync", 1, R"SQL(
CREATE TABLE sync_nodes (
  name TEXT PRIMARY KEY,
  org_id {INT} NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at_ms {INT} NOT NULL,
  revoked_at_ms {INT} NOT NULL,
  last_seen_ms {INT} NOT NULL,
  last_address TEXT NOT NULL
) {STRICT};
CREATE TABLE sync_homes (
  org_id {INT} PRIMARY KEY,
  node TEXT NOT NULL,
  since_ms {INT} NOT NULL
) {STRICT};
CREATE TABLE sync_events (
  id {ID_PK},
  at_ms {INT} NOT NULL,
  node TEXT NOT NULL,
  org_id {INT} NOT NULL,
  event TEXT NOT NULL,
  detail TEXT NOT NULL
) {STRICT};
)SQL"}};
}

Result<std::string> NodeRegistry::Issue(const std::string& name, int64_t org) {
  if (!ValidNodeName(name)) {
    return Status::InvalidInput("sync.node_name",
                                "ชื่อเครื่องต้องเป็นตัวอักษรอังกฤษ ตัวเลข หรือ - ไม่เกิน 16 ตัว", name, "name");
  }
  if (org <= 0) return Status::InvalidInput("sync.node_org", "ไม่ระบุองค์กรของเครื่อง", "", "org");
  const std::string credential = RandomHex(random_, 32);
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows existing,
                         lease->Query("SELECT 1 FROM sync_nodes WHERE name = $1", {name}));
  if (!existing.empty()) {
    return Status::Conflict("sync.node_exists", "มีเครื่องชื่อนี้แล้ว", "node " + name + " exists");
  }
  KLANG_RETURN_IF_ERROR(lease->Execute("INSERT INTO sync_nodes (name, org_id, token_hash, "
                                       "created_at_ms, revoked_at_ms, last_seen_ms, last_address) "
                                       "VALUES ($1, $2, $3, $4, 0, 0, '')",
                                       {name, org, Sha256Hex(credential), clock_.NowUnixMillis()})
                            .status());
  KLANG_RETURN_IF_ERROR(Record(name, org, "node.issued", "credential issued"));
  return credential;
}

Status NodeRegistry::Revoke(const std::string& name, const std::string& by) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(int64_t changed,
                         lease->Execute("UPDATE sync_nodes SET revoked_at_ms = $1 WHERE name = $2 "
                                        "AND revoked_at_ms = 0",
                                        {clock_.NowUnixMillis(), name}));
  if (changed == 0) {
    return Status::NotFound("sync.node_not_found", "ไม่พบเครื่องนี้ หรือถูกเพิกถอนไปแล้ว", name);
  }
  KLANG_RETURN_IF_ERROR(lease->Execute("DELETE FROM sync_homes WHERE node = $1", {name}).status());
  return Record(name, 0, "node.revoked", "revoked by " + by + "; its homes released");
}

Result<Node> NodeRegistry::Authenticate(const std::string& credential, const std::string& address) {
  auto unauthenticated = [] {
    return Status::Error(ErrorCode::kUnauthenticated, "sync.bad_credential",
                         "รหัสประจำเครื่องไม่ถูกต้องหรือถูกเพิกถอนแล้ว", "unknown or revoked node credential");
  };
  if (credential.size() != 64) return unauthenticated();
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string("SELECT ") + kNodeColumns +
                                                     " FROM sync_nodes WHERE token_hash = $1",
                                                 {Sha256Hex(credential)}));
  if (rows.empty()) return unauthenticated();
  Node node = NodeFromRow(rows[0]);
  if (node.revoked()) return unauthenticated();
  const int64_t now = clock_.NowUnixMillis();
  // Written at most every few seconds: heartbeats come often.
  if (now - node.last_seen_ms > 5'000 || node.last_address != address) {
    KLANG_RETURN_IF_ERROR(lease->Execute("UPDATE sync_nodes SET last_seen_ms = $1, last_address = $2 "
                                         "WHERE name = $3",
                                         {now, address, node.name})
                              .status());
    node.last_seen_ms = now;
    node.last_address = address;
  }
  return node;
}

Result<std::vector<Node>> NodeRegistry::List() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string("SELECT ") + kNodeColumns +
                                                 " FROM sync_nodes ORDER BY name"));
  std::vector<Node> nodes;
  for (const auto& row : rows) nodes.push_back(NodeFromRow(row));
  return nodes;
}

Result<std::optional<Home>> NodeRegistry::HomeOf(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, lease->Query("SELECT org_id, node, since_ms FROM sync_homes WHERE org_id = $1", {org}));
  if (rows.empty()) return std::optional<Home>();
  return std::optional<Home>(Home{rows[0].Int(0), rows[0].Text(1), rows[0].Int(2)});
}

Result<std::vector<Home>> NodeRegistry::Homes() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows,
                         lease->Query("SELECT org_id, node, since_ms FROM sync_homes ORDER BY org_id"));
  std::vector<Home> homes;
  for (const auto& row : rows) homes.push_back({row.Int(0), row.Text(1), row.Int(2)});
  return homes;
}

Status NodeRegistry::TakeHomes(const Node& node, const std::vector<int64_t>& orgs) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  const int64_t now = clock_.NowUnixMillis();
  return store::InTransaction(*lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
    for (int64_t org : orgs) {
      KLANG_ASSIGN_OR_RETURN(
          Rows rows, tx.Query("SELECT node FROM sync_homes WHERE org_id = $1 {FOR_UPDATE}", {org}));
      if (!rows.empty() && rows[0].Text(0) != node.name) {
        return Status::Conflict("sync.homed_elsewhere",
                                "องค์กรนี้บันทึกที่เครื่อง " + rows[0].Text(0) + " อยู่แล้ว",
                                "org " + std::to_string(org) + " is homed at " + rows[0].Text(0));
      }
      if (rows.empty()) {
        KLANG_RETURN_IF_ERROR(tx.Execute("INSERT INTO sync_homes (org_id, node, since_ms) VALUES "
                                         "($1, $2, $3)",
                                         {org, node.name, now})
                                  .status());
        KLANG_RETURN_IF_ERROR(
            tx.Execute("INSERT INTO sync_events (at_ms, node, org_id, event, detail) VALUES ($1, "
                       "$2, $3, 'home.taken', 'the node writes this organisation')",
                       {now, node.name, org})
                .status());
      }
    }
    return Status::Ok();
  });
}

Status NodeRegistry::Release(int64_t org, const std::string& by) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, lease->Query("SELECT node FROM sync_homes WHERE org_id = $1", {org}));
  if (rows.empty()) {
    return Status::NotFound("sync.not_homed", "องค์กรนี้บันทึกที่ศูนย์อยู่แล้ว",
                            "org " + std::to_string(org) + " has no edge home");
  }
  KLANG_RETURN_IF_ERROR(lease->Execute("DELETE FROM sync_homes WHERE org_id = $1", {org}).status());
  return Record(rows[0].Text(0), org, "home.released", "released by " + by);
}

Status NodeRegistry::Record(const std::string& node, int64_t org, const std::string& event,
                            const std::string& detail) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  return lease
      ->Execute("INSERT INTO sync_events (at_ms, node, org_id, event, detail) VALUES ($1, $2, $3, "
                "$4, $5)",
                {clock_.NowUnixMillis(), node, org, event, detail})
      .status();
}

Result<std::vector<SyncEvent>> NodeRegistry::Events(size_t limit) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, lease->Query("SELECT at_ms, node, org_id, event, detail FROM sync_events ORDER BY "
                              "id DESC LIMIT $1",
                              {static_cast<int64_t>(limit)}));
  std::vector<SyncEvent> events;
  for (const auto& row : rows) {
    events.push_back({row.Int(0), row.Text(1), row.Int(2), row.Text(3), row.Text(4)});
  }
  return events;
}

}  // namespace klang::sync
