#include "sync/centre.h"

#include "auth/totp.h"

#include <set>

#include "sync/gate.h"
#include "sync/wire.h"

namespace klang::sync {
namespace {

using ledger::Entry;
using ledger::EntryDraft;
using nlohmann::json;

json HeadJson(const ledger::Head& head) { return {{"seq", head.seq}, {"hash", head.hash}}; }

json OrgJson(const org::Organisation& organisation) {
  return {{"id", organisation.id},
          {"parent_id", organisation.parent_id},
          {"type", std::string(org::OrgTypeCode(organisation.type))},
          {"code", organisation.code},
          {"name", organisation.name}};
}

Result<org::Organisation> OrgFromJson(const json& value) {
  try {
    KLANG_ASSIGN_OR_RETURN(org::OrgType type, org::ParseOrgType(value.at("type").get<std::string>()));
    return org::Organisation{value.at("id").get<int64_t>(), value.at("parent_id").get<int64_t>(),
                             type, value.at("code").get<std::string>(),
                             value.at("name").get<std::string>()};
  } catch (const json::exception& error) {
    return Status::InvalidInput("sync.bad_org", "ข้อมูลหน่วยงานไม่ถูกต้อง", error.what());
  }
}

json UserJson(const auth::ReplicaUser& replica) {
  return {{"id", replica.user.id},
          {"org_id", replica.user.org_id},
          {"username", replica.user.username},
          {"display_name", replica.user.display_name},
          {"role", replica.user.role},
          {"must_change_password", replica.user.must_change_password},
          {"disabled", replica.user.disabled},
          {"password_hash", replica.password_hash},
          {"totp_secret", replica.totp_secret}};
}

}  // namespace

Result<auth::ReplicaUser> UserFromJson(const json& value) {
  try {
    auth::ReplicaUser replica;
    replica.user.id = value.at("id").get<int64_t>();
    replica.user.org_id = value.at("org_id").get<int64_t>();
    replica.user.username = value.at("username").get<std::string>();
    replica.user.display_name = value.at("display_name").get<std::string>();
    replica.user.role = value.at("role").get<std::string>();
    replica.user.must_change_password = value.at("must_change_password").get<bool>();
    replica.user.disabled = value.value("disabled", false);
    replica.password_hash = value.at("password_hash").get<std::string>();
    replica.totp_secret = value.value("totp_secret", "");
    if (!replica.totp_secret.empty() && !auth::TotpSecretFromBase32(replica.totp_secret).ok()) {
      return Status::InvalidInput("sync.bad_user", "ข้อมูลผู้ใช้ไม่ถูกต้อง", "bad TOTP secret");
    }
    if (replica.password_hash.rfind("$argon2id$", 0) != 0) {
      return Status::InvalidInput("sync.bad_user", "ข้อมูลผู้ใช้ไม่ถูกต้อง", "not an Argon2id hash");
    }
    return replica;
  } catch (const json::exception& error) {
    return Status::InvalidInput("sync.bad_user", "ข้อมูลผู้ใช้ไม่ถูกต้อง", error.what());
  }
}

json UsersJson(const std::vector<auth::ReplicaUser>& users) {
  json out = json::array();
  for (const auto& user : users) out.push_back(UserJson(user));
  return out;
}

json OrgsJson(const std::vector<org::Organisation>& orgs) {
  json out = json::array();
  for (const auto& organisation : orgs) out.push_back(OrgJson(organisation));
  return out;
}

Result<std::vector<org::Organisation>> OrgsFromJson(const json& value) {
  std::vector<org::Organisation> orgs;
  if (!value.is_array()) return Status::InvalidInput("sync.bad_org", "ข้อมูลหน่วยงานไม่ถูกต้อง", "");
  for (const auto& item : value) {
    KLANG_ASSIGN_OR_RETURN(org::Organisation organisation, OrgFromJson(item));
    orgs.push_back(std::move(organisation));
  }
  return orgs;
}

CentreSync::CentreSync(ledger::Ledger& ledger, NodeRegistry& nodes, org::OrgDirectory& orgs,
                       auth::AuthService& auth, const Clock& clock, CentreOptions options)
    : ledger_(ledger), nodes_(nodes), orgs_(orgs), auth_(auth), clock_(clock), options_(options) {}

std::vector<int64_t> CentreSync::BookOrgsOf(const Node& node) {
  std::vector<int64_t> orgs;
  auto root = orgs_.Get(node.org);
  if (!root.ok() || !org::KeepsBooks(root->type)) return orgs;
  orgs.push_back(root->id);
  for (const auto& child : orgs_.Children(root->id)) {
    if (org::KeepsBooks(child.type)) orgs.push_back(child.id);
  }
  return orgs;
}

Status CentreSync::CheckScope(const Node& node, int64_t org) {
  if (!orgs_.IsWithin(org, node.org)) {
    return Status::PermissionDenied("sync.out_of_scope", "องค์กรนี้ไม่อยู่ในความดูแลของเครื่องนี้",
                                    "org " + std::to_string(org) + " is outside node " + node.name);
  }
  return Status::Ok();
}

Result<json> CentreSync::Bootstrap(const Node& node) {
  KLANG_ASSIGN_OR_RETURN(org::Organisation root, orgs_.Get(node.org));
  if (!org::IsLao(root.type)) {
    return Status::InvalidInput("sync.node_org", "เครื่องของสำนักงานต้องผูกกับ อปท.",
                                "node org is not an LAO");
  }
  std::vector<org::Organisation> orgs = orgs_.PathTo(root.id);
  for (const auto& child : orgs_.Children(root.id)) orgs.push_back(child);
  const std::vector<int64_t> books = BookOrgsOf(node);
  KLANG_ASSIGN_OR_RETURN(std::vector<auth::ReplicaUser> users, auth_.ExportUsers(books));
  json heads = json::object();
  for (int64_t org : books) {
    KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(org));
    heads[std::to_string(org)] = HeadJson(head);
  }
  return json{{"node", node.name}, {"org", node.org}, {"orgs", OrgsJson(orgs)},
              {"books", books},    {"users", UsersJson(users)}, {"heads", heads}};
}

Status CentreSync::TakeHomes(const Node& node) {
  KLANG_RETURN_IF_ERROR(nodes_.TakeHomes(node, BookOrgsOf(node)));
  return Status::Ok();
}

Result<json> CentreSync::Entries(const Node& node, int64_t org, int64_t after, size_t limit) {
  KLANG_RETURN_IF_ERROR(CheckScope(node, org));
  KLANG_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                         ledger_.List(org, after, std::clamp<size_t>(limit, 1, options_.entries_page_max)));
  json out = json::array();
  for (const auto& entry : entries) out.push_back(EntryToWire(entry));
  KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(org));
  return json{{"entries", out}, {"head", HeadJson(head)}};
}

Result<Entry> CentreSync::Forward(const Node& node, EntryDraft draft) {
  KLANG_RETURN_IF_ERROR(CheckScope(node, draft.org));
  if (draft.origin.type == ledger::Origin::Type::kEdge && draft.origin.node != node.name) {
    return Status::InvalidInput("sync.origin_node", "ต้นทางของเอกสารไม่ตรงกับเครื่องที่ส่ง",
                                "origin node " + draft.origin.node + " sent by " + node.name);
  }
  ScopedActingNode acting(node.name);
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, ledger_.Append(std::move(draft)));
  return appended.entry;
}

Result<Entry> CentreSync::Hold(const Node& node, const EntryDraft& original, int64_t local_seq,
                               int64_t expected_seq, const std::string& expected_previous_entry_id,
                               const Status& why) {
  Entry shaped;  // the original as the node holds it, for the reviewer
  shaped.org = original.org;
  shaped.seq = local_seq;
  shaped.entry_id = original.entry_id;
  shaped.kind = original.kind;
  shaped.document_date = original.document_date;
  shaped.posting_date = original.posting_date;
  shaped.fiscal_year = original.fiscal_year;
  for (const auto& series : original.number_series) shaped.numbers[series] = 0;
  shaped.origin = original.origin;
  shaped.author = original.author;
  shaped.body = original.body;
  shaped.lines = original.lines;
  EntryDraft held;
  held.org = original.org;
  held.entry_id = HeldEntryId(original.entry_id);
  held.kind = kHeld;
  held.document_date = original.document_date;
  held.posting_date = original.posting_date;
  held.fiscal_year = original.fiscal_year;
  held.author = "system:" + node.name;
  held.expected_seq = expected_seq;
  held.expected_previous_entry_id = expected_previous_entry_id;
  held.body = {{"original", ledger::CanonicalJson(shaped)},
               {"original_entry_id", original.entry_id},
               {"original_kind", original.kind},
               {"node", node.name},
               {"provisional", original.origin.provisional},
               {"local_seq", local_seq},
               {"amount", ledger::SumLines(original.lines).debit.satang()},
               {"reason_code", why.stable_code()},
               {"reason_th", why.message_th()},
               {"reason_en", why.detail_en()}};
  auto results = ledger_.AppendAllUngated({std::move(held)});
  if (!results[0].ok()) return results[0].status();
  return results[0]->entry;
}

namespace {

// One shipped draft and the position it was made at on the node.
struct ShipItem {
  int64_t local_seq = 0;
  EntryDraft draft;
};

// The drafts of a ship request, checked: each of `org`, made at `node` (when made offline),
// at consecutive local positions.
Result<std::vector<ShipItem>> ParseShipment(const Node& node, int64_t org, const json& items,
                                            size_t entries_max) {
  if (items.size() > entries_max) {
    return Status::InvalidInput("sync.ship_too_large", "ส่งรายการมากเกินไปในครั้งเดียว",
                                "at most " + std::to_string(entries_max));
  }
  std::vector<ShipItem> parsed;
  parsed.reserve(items.size());
  for (const auto& item : items) {
    if (!item.is_object() || !item.contains("local_seq") || !item.contains("draft")) {
      return Status::InvalidInput("sync.bad_ship", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "local_seq and draft");
    }
    KLANG_ASSIGN_OR_RETURN(EntryDraft draft, DraftFromJson(item["draft"]));
    if (draft.org != org) {
      return Status::InvalidInput("sync.bad_ship", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "draft of another org");
    }
    if (draft.origin.type == ledger::Origin::Type::kEdge && draft.origin.node != node.name) {
      return Status::InvalidInput("sync.origin_node", "ต้นทางของเอกสารไม่ตรงกับเครื่องที่ส่ง",
                                  draft.origin.node);
    }
    const int64_t local_seq =
        item["local_seq"].is_number_integer() ? item["local_seq"].get<int64_t>() : 0;
    if (local_seq <= 0 || (!parsed.empty() && local_seq != parsed.back().local_seq + 1)) {
      return Status::InvalidInput("sync.bad_ship", "ลำดับรายการที่ส่งมาไม่ต่อเนื่อง", "local_seq");
    }
    parsed.push_back({local_seq, std::move(draft)});
  }
  return parsed;
}

}  // namespace

struct CentreSync::Shipment {
  const Node& node;
  int64_t org;
  std::vector<ShipItem> items;
  std::string previous_hash;  // of the entry before the first item, as the node holds it
  std::string previous_id;    // the entry id each next draft expects before it
  size_t index = 0;           // the next item to decide
  bool forked = false;        // the centre's chain no longer lines up with the node's
  json results = json::array();

  const ShipItem& next() const { return items[index]; }
  // Records the result of the next item and moves past it.
  void Record(const char* status, const Entry& entry, const Status& why) {
    const ShipItem& item = items[index];
    previous_id = entry.entry_id;
    json result = {{"local_seq", item.local_seq},
                   {"entry_id", item.draft.entry_id},
                   {"status", status},
                   {"seq", entry.seq}};
    if (!why.ok()) {
      result["reason_code"] = why.stable_code();
      result["reason_th"] = why.message_th();
    }
    results.push_back(std::move(result));
    ++index;
  }
};

Result<json> CentreSync::Ship(const Node& node, int64_t org, const json& request) {
  KLANG_RETURN_IF_ERROR(CheckScope(node, org));
  if (!request.is_object() || !request.contains("entries") || !request["entries"].is_array()) {
    return Status::InvalidInput("sync.bad_ship", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "entries[] required");
  }
  KLANG_ASSIGN_OR_RETURN(std::optional<Home> home, nodes_.HomeOf(org));
  if (home && home->node != node.name) {
    return Status::Conflict("sync.homed_elsewhere",
                            "องค์กรนี้บันทึกที่เครื่อง " + home->node + " ไม่ใช่เครื่องนี้",
                            "org " + std::to_string(org) + " is homed at " + home->node);
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<ShipItem> items,
                         ParseShipment(node, org, request["entries"],
                                       options_.ship_batch_entries_max));
  Shipment shipment{node, org, std::move(items), request.value("previous_hash", ""),
                    request.value("previous_entry_id", "")};
  if (!shipment.previous_id.empty()) {
    // The predecessor the node names may be one the centre held: expect the held entry.
    KLANG_ASSIGN_OR_RETURN(std::optional<Entry> held_before,
                           ledger_.FindByEntryId(HeldEntryId(shipment.previous_id)));
    if (held_before) shipment.previous_id = held_before->entry_id;
  }
  while (shipment.index < shipment.items.size()) {
    KLANG_ASSIGN_OR_RETURN(bool decided, ShipHeldBefore(shipment));
    if (decided) continue;
    if (shipment.forked) {
      KLANG_RETURN_IF_ERROR(ShipAfterFork(shipment));
      continue;
    }
    KLANG_ASSIGN_OR_RETURN(std::optional<Status> stopped, ShipRun(shipment));
    if (stopped) {
      // Nothing after this is decided; the node ships the rest again later.
      return json{{"results", shipment.results},
                  {"stopped", stopped->stable_code()},
                  {"head", HeadJson(ledger_.GetHead(org).value())}};
    }
  }
  KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(org));
  return json{{"results", shipment.results}, {"head", HeadJson(head)}};
}

// Held before (a repeated catch-up): the same answer again. True when the next item was decided.
Result<bool> CentreSync::ShipHeldBefore(Shipment& shipment) {
  KLANG_ASSIGN_OR_RETURN(std::optional<Entry> held_before,
                         ledger_.FindByEntryId(HeldEntryId(shipment.next().draft.entry_id)));
  if (!held_before) return false;
  shipment.Record("held", *held_before,
                  Status::Conflict(held_before->body.value("reason_code", ""),
                                   held_before->body.value("reason_th", "")));
  return true;
}

// After a fork nothing is appended at the node's positions: each item is a duplicate of what the
// centre already holds (a forward whose answer was lost, a repeated catch-up) or held for review.
Status CentreSync::ShipAfterFork(Shipment& shipment) {
  const ShipItem& item = shipment.next();
  KLANG_ASSIGN_OR_RETURN(std::optional<Entry> there, ledger_.FindByEntryId(item.draft.entry_id));
  if (there) {
    shipment.Record("duplicate", *there, Status::Ok());
    return Status::Ok();
  }
  KLANG_ASSIGN_OR_RETURN(
      Entry held,
      Hold(shipment.node, item.draft, item.local_seq, 0, "",
           Status::Conflict("sync.fork",
                            "ศูนย์บันทึกเอกสารขององค์กรนี้เพิ่มระหว่างที่เครื่อง " + shipment.node.name +
                                " ขาดการติดต่อ (หลังคืนสิทธิ์บันทึกมาที่ศูนย์) "
                                "เอกสารนี้จึงยังไม่ได้ลงบัญชี ต้องตรวจสอบและบันทึกแทนหรือยกเลิก",
                            "the centre's chain moved while the node was offline")));
  shipment.Record("held", held, Status::Conflict("sync.fork", held.body.value("reason_th", "")));
  return Status::Ok();
}

// Appends a run of drafts up to the next one held before, each expected at its own seq and after
// its predecessor. Returns the failure that stops the request (the store unavailable), if any.
Result<std::optional<Status>> CentreSync::ShipRun(Shipment& shipment) {
  const size_t start = shipment.index;
  std::vector<EntryDraft> drafts;
  for (size_t at = start;
       at < shipment.items.size() && drafts.size() < options_.ship_batch_entries_max; ++at) {
    if (at > start) {
      KLANG_ASSIGN_OR_RETURN(std::optional<Entry> held,
                             ledger_.FindByEntryId(HeldEntryId(shipment.items[at].draft.entry_id)));
      if (held) break;
    }
    EntryDraft draft = shipment.items[at].draft;
    draft.expected_seq = shipment.items[at].local_seq;
    if (at == 0 && !shipment.previous_hash.empty()) {
      draft.expected_previous_hash = shipment.previous_hash;
    }
    draft.expected_previous_entry_id =
        at == start ? shipment.previous_id : shipment.items[at - 1].draft.entry_id;
    drafts.push_back(std::move(draft));
  }
  auto appended = ledger_.AppendAllUngated(std::move(drafts));
  size_t done = 0;
  while (done < appended.size() && appended[done].ok()) {
    const Entry& entry = appended[done]->entry;
    // An earlier catch-up's entry found at another seq: positions no longer line up.
    if (entry.seq != shipment.next().local_seq) shipment.forked = true;
    shipment.Record(appended[done]->duplicate ? "duplicate" : "appended", entry, Status::Ok());
    ++done;
  }
  if (done == appended.size()) return std::optional<Status>();
  const Status failure = appended[done].status();
  if (failure.code() == ErrorCode::kUnavailable || failure.code() == ErrorCode::kInternal) {
    return std::optional<Status>(failure);
  }
  KLANG_RETURN_IF_ERROR(ShipRefused(shipment, failure));
  return std::optional<Status>();
}

// The next item was refused: the chain moved (a fork), or a business rule refused it here — then
// it is kept at its own seq for review.
Status CentreSync::ShipRefused(Shipment& shipment, const Status& failure) {
  const ShipItem& item = shipment.next();
  if (failure.stable_code() == "ledger.seq_moved") {
    shipment.forked = true;
    (void)nodes_.Record(shipment.node.name, shipment.org, "sync.fork",
                        "the centre's chain moved; documents from local seq " +
                            std::to_string(item.local_seq) + " are held for review");
    return Status::Ok();  // held by ShipAfterFork
  }
  auto held = Hold(shipment.node, item.draft, item.local_seq, item.local_seq,
                   shipment.previous_id, failure);
  if (!held.ok()) {
    if (held.status().stable_code() != "ledger.seq_moved") return held.status();
    shipment.forked = true;
    return Status::Ok();
  }
  (void)nodes_.Record(shipment.node.name, shipment.org, "sync.held",
                      "local seq " + std::to_string(item.local_seq) + ": " + failure.stable_code());
  shipment.Record("held", *held, failure);
  return Status::Ok();
}

Result<json> CentreSync::Heartbeat(const Node& node, const json& request) {
  json out = json::array();
  std::set<int64_t> books;
  for (int64_t org : BookOrgsOf(node)) books.insert(org);
  std::map<int64_t, json> asked;
  if (request.is_object() && request.contains("orgs") && request["orgs"].is_array()) {
    for (const auto& item : request["orgs"]) {
      if (item.is_object() && item.contains("org")) asked[item.value("org", int64_t{0})] = item;
    }
  }
  // Organisations the node asks about that this centre does not know at all (it lost them, or
  // is being rebuilt): answered too, so the node sees what is missing.
  for (const auto& [org, item] : asked) {
    if (!orgs_.Get(org).ok()) books.insert(org);
  }
  for (int64_t org : books) {
    KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(org));
    KLANG_ASSIGN_OR_RETURN(std::optional<Home> home, nodes_.HomeOf(org));
    json result = {{"org", org}, {"head", HeadJson(head)}, {"home", home ? home->node : ""},
                   {"status", "ok"}};
    if (checkpoint_feed_) {
      if (std::optional<json> checkpoint = checkpoint_feed_(org)) result["checkpoint"] = std::move(*checkpoint);
    }
    auto found = asked.find(org);
    if (found != asked.end()) {
      const int64_t acked_seq = found->second.value("acked_seq", int64_t{0});
      const std::string acked_hash = found->second.value("acked_hash", "");
      if (acked_seq > head.seq) {
        result["status"] = "missing";
        result["detail"] = "centre holds " + std::to_string(head.seq) + " entries, node saw " +
                           std::to_string(acked_seq) + " acknowledged";
      } else if (acked_seq > 0) {
        auto entry = ledger_.Get(org, acked_seq);
        if (!entry.ok() || entry->hash != acked_hash) {
          result["status"] = "diverged";
          result["detail"] = "entry " + std::to_string(acked_seq) + " differs at the centre";
        }
      }
      if (result["status"] != "ok") {
        (void)nodes_.Record(node.name, org, "sync.loss_detected",
                            result["detail"].get<std::string>())
            ;
      }
    }
    out.push_back(std::move(result));
  }
  return json{{"node", node.name}, {"orgs", out}, {"at_ms", clock_.NowUnixMillis()}};
}

Status CentreSync::PushPassword(const Node& node, const json& request) {
  KLANG_ASSIGN_OR_RETURN(auth::ReplicaUser user, UserFromJson(request));
  KLANG_RETURN_IF_ERROR(CheckScope(node, user.user.org_id));
  KLANG_ASSIGN_OR_RETURN(std::vector<auth::ReplicaUser> held, auth_.ExportUsers({user.user.org_id}));
  for (const auto& one : held) {
    if (one.user.id == user.user.id && one.user.username == user.user.username) {
      auth::ReplicaUser updated = one;
      updated.password_hash = user.password_hash;
      updated.user.must_change_password = user.user.must_change_password;
      return auth_.ImportUsers({updated});
    }
  }
  return Status::NotFound("sync.user_not_found", "ไม่พบผู้ใช้", user.user.username);
}

Status CentreSync::RestoreOrgs(const Node& node, const json& request) {
  KLANG_ASSIGN_OR_RETURN(std::vector<org::Organisation> orgs,
                         OrgsFromJson(request.value("orgs", json::array())));
  for (const auto& organisation : orgs) {
    // The path to the node's LAO and its subtree only.
    const bool in_subtree = organisation.id == node.org || organisation.parent_id == node.org;
    const bool on_path = organisation.type == org::OrgType::kDla ||
                         organisation.type == org::OrgType::kProvince;
    if (!in_subtree && !on_path) {
      return Status::PermissionDenied("sync.out_of_scope", "องค์กรนี้ไม่อยู่ในความดูแลของเครื่องนี้",
                                      organisation.code);
    }
    KLANG_RETURN_IF_ERROR(orgs_.Import(organisation).status());
  }
  std::vector<auth::ReplicaUser> users;
  for (const auto& item : request.value("users", json::array())) {
    KLANG_ASSIGN_OR_RETURN(auth::ReplicaUser user, UserFromJson(item));
    KLANG_RETURN_IF_ERROR(CheckScope(node, user.user.org_id));
    users.push_back(std::move(user));
  }
  // Users already here keep what the centre has (their passwords may have changed since).
  std::vector<auth::ReplicaUser> missing;
  for (auto& user : users) {
    auto held = auth_.FindUser(user.user.username);
    if (!held.ok() && held.status().code() == ErrorCode::kNotFound) missing.push_back(user);
  }
  KLANG_RETURN_IF_ERROR(auth_.ImportUsers(missing));
  return nodes_.Record(node.name, node.org, "restore.orgs",
                       std::to_string(orgs.size()) + " organisations, " +
                           std::to_string(missing.size()) + " users re-supplied");
}

Result<json> CentreSync::Restore(const Node& node, int64_t org, const json& request) {
  KLANG_RETURN_IF_ERROR(CheckScope(node, org));
  std::vector<Entry> entries;
  for (const auto& item : request.value("entries", json::array())) {
    KLANG_ASSIGN_OR_RETURN(Entry entry, EntryFromWire(item));
    if (entry.org != org) {
      return Status::InvalidInput("sync.bad_entry", "รายการที่ส่งมาไม่ถูกต้อง", "entry of another org");
    }
    entries.push_back(std::move(entry));
  }
  if (entries.size() > options_.restore_batch_entries_max) {
    return Status::InvalidInput("sync.restore_too_large", "ส่งรายการมากเกินไปในครั้งเดียว", "");
  }
  const size_t count = entries.size();
  auto results = ledger_.Mirror(std::move(entries));
  int64_t restored = 0;
  for (const auto& result : results) {
    if (!result.ok()) return result.status();
    if (!result->duplicate) ++restored;
  }
  if (restored > 0) {
    KLANG_RETURN_IF_ERROR(nodes_.Record(node.name, org, "restore.entries",
                                        std::to_string(restored) + " of " + std::to_string(count) +
                                            " entries re-supplied, each checked against the chain"));
  }
  KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(org));
  return json{{"restored", restored}, {"head", HeadJson(head)}};
}

Result<json> CentreSync::VerifyOrg(const Node& node, int64_t org) {
  KLANG_RETURN_IF_ERROR(CheckScope(node, org));
  KLANG_ASSIGN_OR_RETURN(ledger::VerifyReport report, ledger_.Verify(org));
  KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(org));
  json out = {{"org", org}, {"ok", report.ok()}, {"entries", report.entries}, {"head", HeadJson(head)}};
  if (!report.ok() && !report.orgs.empty()) {
    out["first_bad_seq"] = report.orgs[0].first_bad_seq;
    out["problem"] = report.orgs[0].problem;
  }
  return out;
}

}  // namespace klang::sync
