#include "sync/edge.h"

#include <cstdio>
#include <set>
#include <shared_mutex>

#include "sync/wire.h"

namespace klang::sync {

// Defined in centre.cc (the shapes both sides read and write).
Result<auth::ReplicaUser> UserFromJson(const nlohmann::json& value);
nlohmann::json UsersJson(const std::vector<auth::ReplicaUser>& users);
nlohmann::json OrgsJson(const std::vector<org::Organisation>& orgs);
Result<std::vector<org::Organisation>> OrgsFromJson(const nlohmann::json& value);

namespace {

using ledger::Appended;
using ledger::Entry;
using ledger::EntryDraft;
using nlohmann::json;
using store::Rows;

std::string OrgPath(int64_t org, const std::string& what) {
  return "/api/v1/sync/orgs/" + std::to_string(org) + "/" + what;
}

// The draft an entry was made from, to ship it: official numbers still to be drawn are the
// series it holds with 0.
EntryDraft DraftOf(const Entry& entry) {
  EntryDraft draft;
  draft.org = entry.org;
  draft.entry_id = entry.entry_id;
  draft.kind = entry.kind;
  draft.document_date = entry.document_date;
  draft.posting_date = entry.posting_date;
  draft.fiscal_year = entry.fiscal_year;
  for (const auto& [series, number] : entry.numbers) draft.number_series.push_back(series);
  draft.origin = entry.origin;
  draft.author = entry.author;
  draft.body = entry.body;
  draft.lines = entry.lines;
  return draft;
}

}  // namespace

std::string OrgModeThai(OrgMode mode) {
  switch (mode) {
    case OrgMode::kOnline: return "เชื่อมต่อศูนย์";
    case OrgMode::kOffline: return "ขาดการติดต่อศูนย์ (ทำงานต่อด้วยเลขที่ชั่วคราว)";
    case OrgMode::kCatchingUp: return "กำลังส่งเอกสารที่ทำระหว่างขาดการติดต่อเข้าศูนย์";
    case OrgMode::kLoss: return "ศูนย์ข้อมูลสูญหาย ต้องส่งข้อมูลคืนศูนย์";
    case OrgMode::kHomedElsewhere: return "องค์กรนี้บันทึกที่เครื่องอื่น";
  }
  return "";
}

struct EdgeNode::OrgState {
  int64_t org = 0;
  std::string name;
  // Exclusive: a forward (one in flight per organisation), a pull, the catch-up's swap, state
  // changes. Shared: provisional appends while offline, which group-commit together.
  std::shared_mutex mutex;
  std::mutex outage_mutex;  // one outage record per outage
  int64_t base_seq = 0;  // guarded by mutex
  std::string base_hash = ledger::GenesisHash();  // guarded by mutex
  std::string loss;                // guarded by mutex
  bool homed_elsewhere = false;    // guarded by mutex
  std::atomic<bool> catching_up{false};
  std::atomic<int64_t> centre_seq{0};
  std::atomic<int64_t> shipped{0};
};

class EdgeNode::Gate final : public ledger::AppendGate {
 public:
  explicit Gate(EdgeNode& node) : node_(node) {}
  Result<std::optional<Appended>> Route(EntryDraft& draft) override { return node_.Route(draft); }

 private:
  EdgeNode& node_;
};

EdgeNode::EdgeNode(ledger::Ledger& ledger, store::Db& db, org::OrgDirectory& orgs,
                   auth::AuthService& auth, ContinuityService& continuity,
                   std::unique_ptr<Transport> transport, const Clock& clock, EdgeOptions options)
    : ledger_(ledger),
      db_(db),
      orgs_(orgs),
      auth_(auth),
      continuity_(continuity),
      transport_(std::move(transport)),
      clock_(clock),
      options_(std::move(options)),
      paper_(continuity, clock),
      gate_(std::make_unique<Gate>(*this)) {}

EdgeNode::~EdgeNode() { Stop(); }

std::vector<store::Migration> EdgeNode::Migrations() {
  return {{"edge", 1, R"SQL(
CREATE TABLE edge_config (key TEXT PRIMARY KEY, value TEXT NOT NULL) {STRICT};
CREATE TABLE edge_orgs (
  org_id {INT} PRIMARY KEY, base_seq {INT} NOT NULL, base_hash TEXT NOT NULL, loss TEXT NOT NULL
) {STRICT};
CREATE TABLE edge_inflight (
  entry_id TEXT PRIMARY KEY, org_id {INT} NOT NULL, draft TEXT NOT NULL, at_ms {INT} NOT NULL
) {STRICT};
CREATE TABLE edge_user_pushes (user_id {INT} PRIMARY KEY, payload TEXT NOT NULL) {STRICT};
CREATE TABLE edge_log (
  id {ID_PK}, at_ms {INT} NOT NULL, event TEXT NOT NULL, detail TEXT NOT NULL
) {STRICT};
)SQL"}};
}

ledger::AppendGate* EdgeNode::gate() { return gate_.get(); }

std::vector<int64_t> EdgeNode::books() const {
  std::vector<int64_t> out;
  for (const auto& [org, state] : states_) out.push_back(org);
  return out;
}

EdgeNode::OrgState* EdgeNode::StateOf(int64_t org) {
  auto found = states_.find(org);
  return found == states_.end() ? nullptr : found->second.get();
}

void EdgeNode::Log(const std::string& event, const std::string& detail) {
  std::fprintf(stderr, "klang edge %s: %s %s\n", node_.c_str(), event.c_str(), detail.c_str());
  auto lease = db_.Acquire();
  if (lease.ok()) {
    (void)(*lease)->Execute("INSERT INTO edge_log (at_ms, event, detail) VALUES ($1, $2, $3)",
                            {clock_.NowUnixMillis(), event, detail});
  }
}

void EdgeNode::MarkDisconnected(const Status& why) {
  bool changed = false;
  {
    std::lock_guard lock(link_mutex_);
    changed = connected_ || offline_since_ms_ == 0;
    connected_ = false;
    if (offline_since_ms_ == 0) offline_since_ms_ = clock_.NowUnixMillis();
    last_error_ = why.detail_en().empty() ? why.stable_code() : why.detail_en();
  }
  if (changed) Log("link.down", why.ToString());
}

void EdgeNode::MarkConnected() {
  bool changed = false;
  {
    std::lock_guard lock(link_mutex_);
    changed = !connected_;
    if (!connected_) connected_since_ms_ = clock_.NowUnixMillis();
    connected_ = true;
    offline_since_ms_ = 0;
    last_contact_ms_ = clock_.NowUnixMillis();
    last_error_.clear();
  }
  if (changed) Log("link.up", "the centre answers");
}

bool EdgeNode::Connected() {
  std::lock_guard lock(link_mutex_);
  return connected_ && !revoked_;
}

Result<json> EdgeNode::Call(const std::string& method, const std::string& path, const json& body) {
  KLANG_ASSIGN_OR_RETURN(Reply reply, transport_->Send(method, path, body.is_null() ? "" : body.dump()));
  if (reply.status == 401) {
    {
      std::lock_guard lock(link_mutex_);
      revoked_ = true;
    }
    return StatusFromProblem(reply.status, reply.body);
  }
  if (reply.status >= 500) {
    // The centre answers but cannot work (its database is down): treated as out of reach. Its
    // transaction was rolled back, so nothing of the request was kept.
    return Status::Unavailable("sync.centre_error",
                               "centre answered " + std::to_string(reply.status) + ": " +
                                   reply.body.substr(0, 200));
  }
  if (reply.status >= 400) return StatusFromProblem(reply.status, reply.body);
  json parsed = json::parse(reply.body, nullptr, false);
  if (parsed.is_discarded()) return Status::Unavailable("sync.bad_reply", "centre reply is not JSON");
  return parsed;
}

// ---- opening: clone or load ----

Status EdgeNode::Open(const std::function<void(const std::string&)>& progress) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows config, lease->Query("SELECT value FROM edge_config WHERE key = 'node'"));
  if (config.empty()) return Clone(progress);
  node_ = config[0].Text(0);
  KLANG_ASSIGN_OR_RETURN(Rows orgs, lease->Query("SELECT value FROM edge_config WHERE key = 'org'"));
  if (orgs.empty() || orgs[0].Text(0) != std::to_string(options_.org)) {
    return Status::InvalidInput("edge.other_org", "โฟลเดอร์ข้อมูลนี้เป็นของ อปท. อื่น",
                                "this data folder serves org " +
                                    (orgs.empty() ? std::string("?") : orgs[0].Text(0)));
  }
  return LoadState();
}

Status EdgeNode::LoadState() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows,
                         lease->Query("SELECT org_id, base_seq, base_hash, loss FROM edge_orgs ORDER BY org_id"));
  for (const auto& row : rows) {
    auto state = std::make_unique<OrgState>();
    state->org = row.Int(0);
    state->base_seq = row.Int(1);
    state->base_hash = row.Text(2);
    state->loss = row.Text(3);
    auto organisation = orgs_.Get(state->org);
    state->name = organisation.ok() ? organisation->name : std::to_string(state->org);
    states_[state->org] = std::move(state);
  }
  // A forward in flight when the node stopped: the centre may or may not hold it. Keep it here,
  // with the same content, so the catch-up either finds it there or appends it.
  KLANG_ASSIGN_OR_RETURN(Rows inflight, lease->Query("SELECT entry_id, org_id, draft FROM edge_inflight"));
  for (const auto& row : inflight) {
    KLANG_ASSIGN_OR_RETURN(std::optional<Entry> held, ledger_.FindByEntryId(row.Text(0)));
    if (!held) {
      KLANG_ASSIGN_OR_RETURN(EntryDraft draft, DraftFromJson(json::parse(row.Text(2), nullptr, false)));
      OrgState* state = StateOf(draft.org);
      if (state != nullptr) {
        std::lock_guard lock(state->mutex);
        KLANG_RETURN_IF_ERROR(AppendProvisional(*state, std::move(draft), false).status());
        Log("inflight.kept", "entry " + row.Text(0) + " kept for the catch-up");
      }
    }
    KLANG_RETURN_IF_ERROR(
        lease->Execute("DELETE FROM edge_inflight WHERE entry_id = $1", {row.Text(0)}).status());
  }
  return Status::Ok();
}

Status EdgeNode::Clone(const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& text) {
    if (progress) progress(text);
  };
  KLANG_ASSIGN_OR_RETURN(json boot, Call("GET", "/api/v1/sync/bootstrap", nullptr));
  node_ = boot.value("node", "");
  if (boot.value("org", int64_t{0}) != options_.org) {
    return Status::InvalidInput("edge.other_org", "รหัสประจำเครื่องนี้ออกให้ อปท. อื่น",
                                "the credential is for org " +
                                    std::to_string(boot.value("org", int64_t{0})));
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<org::Organisation> orgs, OrgsFromJson(boot["orgs"]));
  for (const auto& organisation : orgs) KLANG_RETURN_IF_ERROR(orgs_.Import(organisation).status());
  std::vector<auth::ReplicaUser> users;
  for (const auto& item : boot["users"]) {
    KLANG_ASSIGN_OR_RETURN(auth::ReplicaUser user, UserFromJson(item));
    users.push_back(std::move(user));
  }
  KLANG_RETURN_IF_ERROR(auth_.ImportUsers(users));
  say("node " + node_ + ": " + std::to_string(orgs.size()) + " organisations, " +
      std::to_string(users.size()) + " users");
  for (const auto& book : boot["books"]) {
    auto state = std::make_unique<OrgState>();
    state->org = book.get<int64_t>();
    auto organisation = orgs_.Get(state->org);
    state->name = organisation.ok() ? organisation->name : std::to_string(state->org);
    OrgState& ref = *state;
    states_[state->org] = std::move(state);
    std::lock_guard lock(ref.mutex);
    KLANG_RETURN_IF_ERROR(PullLocked(ref, INT64_MAX));
    say("org " + std::to_string(ref.org) + ": " + std::to_string(ref.base_seq) + " entries, chain verified");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  for (const auto& [key, value] :
       std::vector<std::pair<std::string, std::string>>{{"node", node_},
                                                        {"org", std::to_string(options_.org)},
                                                        {"upstream", options_.upstream},
                                                        {"credential", options_.credential}}) {
    KLANG_RETURN_IF_ERROR(lease->Execute("INSERT INTO edge_config (key, value) VALUES ($1, $2) ON "
                                         "CONFLICT (key) DO UPDATE SET value = excluded.value",
                                         {key, value})
                              .status());
  }
  KLANG_RETURN_IF_ERROR(TakeHomes());
  MarkConnected();
  Log("clone.done", std::to_string(states_.size()) + " organisations");
  return Status::Ok();
}

Status EdgeNode::SaveBase(OrgState& state) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  return lease
      ->Execute("INSERT INTO edge_orgs (org_id, base_seq, base_hash, loss) VALUES ($1, $2, $3, $4) "
                "ON CONFLICT (org_id) DO UPDATE SET base_seq = excluded.base_seq, base_hash = "
                "excluded.base_hash, loss = excluded.loss",
                {state.org, state.base_seq, state.base_hash, state.loss})
      .status();
}

// Pulls the centre's entries after our head, up to `through_seq`, and mirrors them. Only when
// nothing is pending here. Caller holds state.mutex.
Status EdgeNode::PullLocked(OrgState& state, int64_t through_seq) {
  for (;;) {
    KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(state.org));
    KLANG_ASSERT_MSG(head.seq == state.base_seq, "pull with entries pending");
    if (head.seq >= through_seq) return Status::Ok();
    KLANG_ASSIGN_OR_RETURN(
        json page, Call("GET",
                        OrgPath(state.org, "entries") + "?after=" + std::to_string(head.seq) +
                            "&limit=" + std::to_string(options_.pull_batch_entries_max),
                        nullptr));
    std::vector<Entry> entries;
    for (const auto& item : page.value("entries", json::array())) {
      KLANG_ASSIGN_OR_RETURN(Entry entry, EntryFromWire(item));
      if (entry.seq > through_seq) break;
      entries.push_back(std::move(entry));
    }
    if (entries.empty()) return Status::Ok();
    const Entry last = entries.back();
    for (auto& result : ledger_.Mirror(std::move(entries))) {
      if (!result.ok()) {
        state.loss = "the centre's entries do not extend this node's chain: " +
                     result.status().detail_en();
        (void)SaveBase(state);
        Log("pull.mismatch", state.loss);
        return result.status();
      }
    }
    state.base_seq = last.seq;
    state.base_hash = last.hash;
    KLANG_RETURN_IF_ERROR(SaveBase(state));
  }
}

Status EdgeNode::TakeHomes() {
  KLANG_ASSIGN_OR_RETURN(json reply, Call("POST", "/api/v1/sync/home", json::object()));
  (void)reply;
  return Status::Ok();
}

// ---- the gate ----

Status EdgeNode::EnsureOutage(OrgState& state) {
  std::lock_guard once(state.outage_mutex);
  KLANG_ASSIGN_OR_RETURN(std::optional<Outage> open, continuity_.OpenEdgeOutage(state.org, node_));
  if (open) return Status::Ok();
  int64_t since = clock_.NowUnixMillis();
  std::string why;
  {
    std::lock_guard lock(link_mutex_);
    if (offline_since_ms_ != 0) since = offline_since_ms_;
    why = last_error_;
  }
  EntryDraft draft = continuity_.OutageBeginDraft(state.org, node_, since, "");
  draft.body["detail"] = why;
  draft.defer_numbers = true;
  auto results = ledger_.AppendAllUngated({std::move(draft)});
  if (!results[0].ok()) return results[0].status();
  Log("outage.begin", "org " + std::to_string(state.org) + " seq " +
                          std::to_string(results[0]->entry.seq));
  return Status::Ok();
}

Result<Appended> EdgeNode::AppendProvisional(OrgState& state, EntryDraft draft, bool with_number) {
  // A document the centre may already hold (its forward's answer was lost) must keep the seq it
  // has there — the next one — so the outage record comes after it, not before.
  if (with_number) KLANG_RETURN_IF_ERROR(EnsureOutage(state));
  draft.defer_numbers = true;
  if (with_number && !IsContinuityKind(draft.kind) &&
      draft.origin.type != ledger::Origin::Type::kPaper) {
    draft.provisional_node = node_;
  }
  auto results = ledger_.AppendAllUngated({std::move(draft)});
  if (results[0].ok() && !with_number) KLANG_RETURN_IF_ERROR(EnsureOutage(state));
  return std::move(results[0]);
}

Result<std::optional<Appended>> EdgeNode::Route(EntryDraft& draft) {
  KLANG_RETURN_IF_ERROR(paper_.Apply(draft));
  OrgState* state = StateOf(draft.org);
  if (state == nullptr) {
    return Status::PermissionDenied("edge.not_here", "เครื่องนี้ไม่ได้เก็บบัญชีขององค์กรนี้",
                                    "org " + std::to_string(draft.org) + " is not held by this node");
  }
  {
    std::lock_guard lock(link_mutex_);
    if (revoked_) {
      return Status::PermissionDenied("edge.revoked",
                                      "ศูนย์เพิกถอนสิทธิ์ของเครื่องนี้แล้ว บันทึกเอกสารไม่ได้ กรุณาติดต่อผู้ดูแลระบบ",
                                      "node credential revoked");
    }
  }
  if (draft.origin.type == ledger::Origin::Type::kOnline) {
    draft.origin = {ledger::Origin::Type::kEdge, node_, "", "", "", ""};  // made at this office
  }
  auto online_now = [&]() -> Result<bool> {
    KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(draft.org));
    return head.seq == state->base_seq && state->loss.empty() && !state->homed_elsewhere &&
           !state->catching_up && Connected();
  };
  {
    // Offline: appended here, many at once (they share the lock and the group commit).
    std::shared_lock shared(state->mutex);
    KLANG_ASSIGN_OR_RETURN(bool online, online_now());
    if (!online) {
      KLANG_ASSIGN_OR_RETURN(Appended appended, AppendProvisional(*state, std::move(draft), true));
      return std::optional<Appended>(std::move(appended));
    }
  }
  std::unique_lock lock(state->mutex);
  KLANG_ASSIGN_OR_RETURN(bool online, online_now());
  if (!online) {
    KLANG_ASSIGN_OR_RETURN(Appended appended, AppendProvisional(*state, std::move(draft), true));
    return std::optional<Appended>(std::move(appended));
  }
  // Recorded before it leaves: if this node stops before the answer, the draft is still here.
  const std::string payload = DraftToJson(draft).dump();
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
    KLANG_RETURN_IF_ERROR(lease
                              ->Execute("INSERT INTO edge_inflight (entry_id, org_id, draft, at_ms) "
                                        "VALUES ($1, $2, $3, $4) ON CONFLICT (entry_id) DO NOTHING",
                                        {draft.entry_id, draft.org, payload, clock_.NowUnixMillis()})
                              .status());
  }
  auto done_inflight = [&]() -> Status {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
    return lease->Execute("DELETE FROM edge_inflight WHERE entry_id = $1", {draft.entry_id}).status();
  };
  auto reply = Call("POST", OrgPath(draft.org, "append"), json::parse(payload));
  if (!reply.ok()) {
    const Status& why = reply.status();
    const bool unreachable = why.code() == ErrorCode::kUnavailable;
    const bool homed = why.stable_code() == "sync.homed_at_edge" ||
                       why.stable_code() == "sync.homed_elsewhere";
    if (!unreachable && !homed) {
      // The centre refused the document itself (a business rule): nothing written anywhere.
      KLANG_RETURN_IF_ERROR(done_inflight());
      return why;
    }
    if (homed) {
      state->homed_elsewhere = true;
      Log("home.lost", why.detail_en());
    } else {
      MarkDisconnected(why);
    }
    // Certainly not processed: a provisional number. Perhaps processed (the reply was lost): the
    // same content without one, so the catch-up finds it at the centre rather than doubling it.
    const bool certain = why.stable_code() != "sync.uncertain";
    auto appended = AppendProvisional(*state, std::move(draft), certain);
    KLANG_RETURN_IF_ERROR(done_inflight());
    if (!appended.ok()) return appended.status();
    return std::optional<Appended>(std::move(appended).value());
  }
  KLANG_ASSIGN_OR_RETURN(Entry entry, EntryFromWire(reply->value("entry", json::object())));
  if (entry.seq > state->base_seq + 1) KLANG_RETURN_IF_ERROR(PullLocked(*state, entry.seq - 1));
  auto mirrored = ledger_.Mirror({entry});
  if (!mirrored[0].ok()) {
    state->loss = "the centre's answer does not extend this node's chain: " +
                  mirrored[0].status().detail_en();
    (void)SaveBase(*state);
    Log("forward.mismatch", state->loss);
    return mirrored[0].status();
  }
  state->base_seq = entry.seq;
  state->base_hash = entry.hash;
  KLANG_RETURN_IF_ERROR(SaveBase(*state));
  KLANG_RETURN_IF_ERROR(done_inflight());
  return std::optional<Appended>(std::move(mirrored[0]).value());
}

// ---- the loop ----

void EdgeNode::Start() {
  loop_ = std::thread([this] {
    for (;;) {
      (void)SyncOnce();
      std::unique_lock lock(loop_mutex_);
      loop_wake_.wait_for(lock, std::chrono::milliseconds(options_.heartbeat_ms),
                          [this] { return stopping_; });
      if (stopping_) return;
    }
  });
}

void EdgeNode::Stop() {
  {
    std::lock_guard lock(loop_mutex_);
    stopping_ = true;
  }
  loop_wake_.notify_all();
  if (loop_.joinable()) loop_.join();
}

Status EdgeNode::SyncOnce() {
  json orgs = json::array();
  for (auto& [org, state] : states_) {
    std::lock_guard lock(state->mutex);
    orgs.push_back({{"org", org}, {"acked_seq", state->base_seq}, {"acked_hash", state->base_hash}});
  }
  auto beat = Call("POST", "/api/v1/sync/heartbeat", json{{"orgs", orgs}});
  if (!beat.ok()) {
    if (beat.status().code() == ErrorCode::kUnavailable) MarkDisconnected(beat.status());
    return beat.status();
  }
  MarkConnected();
  bool need_home = false;
  for (const auto& result : (*beat)["orgs"]) {
    OrgState* state = StateOf(result.value("org", int64_t{0}));
    if (state == nullptr) continue;
    const std::string status = result.value("status", "ok");
    const std::string home = result.value("home", "");
    state->centre_seq = result["head"].value("seq", int64_t{0});
    if (checkpoint_sink_ && result.contains("checkpoint")) checkpoint_sink_(result["checkpoint"]);
    std::lock_guard lock(state->mutex);
    if (status != "ok") {
      const std::string loss = status + ": " + result.value("detail", "");
      if (state->loss != loss) {
        state->loss = loss;
        (void)SaveBase(*state);
        Log("loss.detected", "org " + std::to_string(state->org) + ": " + loss +
                                 " — run klang restore-from-edge");
      }
    } else if (!state->loss.empty() && state->centre_seq >= state->base_seq) {
      state->loss.clear();
      (void)SaveBase(*state);
      Log("loss.cleared", "org " + std::to_string(state->org) + ": the centre holds everything again");
    }
    state->homed_elsewhere = !home.empty() && home != node_;
    if (home.empty()) need_home = true;
  }
  Status first_error;
  for (auto& [org, state] : states_) {
    bool skip = false;
    {
      std::lock_guard lock(state->mutex);
      skip = !state->loss.empty() || state->homed_elsewhere;
    }
    if (skip) continue;
    auto head = ledger_.GetHead(org);
    if (!head.ok()) return head.status();
    Status status;
    if (head->seq > state->base_seq) {
      status = CatchUp(*state, state->centre_seq);
    } else if (state->centre_seq > head->seq) {
      std::lock_guard lock(state->mutex);
      status = PullLocked(*state, INT64_MAX);
    }
    if (!status.ok() && first_error.ok()) first_error = status;
  }
  if (need_home && first_error.ok()) {
    bool pending = false;
    for (auto& [org, state] : states_) {
      auto head = ledger_.GetHead(org);
      std::lock_guard lock(state->mutex);
      pending = pending || !head.ok() || head->seq != state->base_seq || !state->loss.empty();
    }
    if (!pending) {
      Status taken = TakeHomes();
      if (taken.ok()) Log("home.taken", "this node writes its organisations again");
    }
  }
  (void)PushPasswords();
  if (clock_.NowUnixMillis() - last_users_refresh_ms_ > options_.users_refresh_ms) {
    if (RefreshUsers().ok()) last_users_refresh_ms_ = clock_.NowUnixMillis();
  }
  return first_error;
}

Status EdgeNode::ShipFrom(OrgState& state, int64_t* cursor) {
  for (;;) {
    KLANG_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                           ledger_.List(state.org, *cursor, options_.ship_batch_entries_max));
    if (entries.empty()) return Status::Ok();
    json items = json::array();
    for (const auto& entry : entries) {
      items.push_back({{"local_seq", entry.seq}, {"draft", DraftToJson(DraftOf(entry))}});
    }
    json request = {{"entries", items}};
    {
      std::lock_guard lock(state.mutex);
      if (*cursor == state.base_seq) {
        request["previous_hash"] = state.base_hash;
      } else {
        // The pending entry before this batch: the centre holds it (or its held marker) there.
        KLANG_ASSIGN_OR_RETURN(ledger::Entry previous, ledger_.Get(state.org, *cursor));
        request["previous_entry_id"] = previous.entry_id;
      }
    }
    KLANG_ASSIGN_OR_RETURN(json reply, Call("POST", OrgPath(state.org, "ship"), request));
    const size_t answered = reply.value("results", json::array()).size();
    if (answered > 0) {
      *cursor = reply["results"][answered - 1].value("local_seq", *cursor);
      state.shipped += static_cast<int64_t>(answered);
    }
    if (reply.contains("stopped")) {
      return Status::Unavailable("sync.ship_stopped", reply["stopped"].get<std::string>());
    }
    if (answered < entries.size()) {
      return Status::Unavailable("sync.ship_short", "the centre answered fewer entries than sent");
    }
  }
}

Status EdgeNode::CatchUp(OrgState& state, int64_t /*centre_seq*/) {
  int64_t cursor = 0;
  {
    std::lock_guard lock(state.mutex);
    cursor = state.base_seq;
  }
  if (!state.catching_up.exchange(true)) {
    state.shipped = 0;
    Log("catchup.begin", "org " + std::to_string(state.org));
  }
  // Most of it without the lock: the office keeps working; what it makes now is provisional too
  // and is shipped after, in order.
  KLANG_RETURN_IF_ERROR(ShipFrom(state, &cursor));
  std::optional<Outage> outage;
  int64_t reconnected_at = 0;
  {
    std::lock_guard lock(state.mutex);
    KLANG_RETURN_IF_ERROR(ShipFrom(state, &cursor));
    KLANG_ASSIGN_OR_RETURN(ledger::Head head, ledger_.GetHead(state.org));
    // The centre's official log from our base on: our entries numbered, or held for review.
    std::vector<Entry> official;
    int64_t after = state.base_seq;
    for (;;) {
      KLANG_ASSIGN_OR_RETURN(
          json page, Call("GET",
                          OrgPath(state.org, "entries") + "?after=" + std::to_string(after) +
                              "&limit=" + std::to_string(options_.pull_batch_entries_max),
                          nullptr));
      const json& items = page["entries"];
      for (const auto& item : items) {
        KLANG_ASSIGN_OR_RETURN(Entry entry, EntryFromWire(item));
        after = entry.seq;
        official.push_back(std::move(entry));
      }
      if (items.empty() || after >= page["head"].value("seq", int64_t{0})) break;
    }
    if (official.empty() || official.back().seq < head.seq) {
      return Status::Unavailable("sync.catchup_incomplete",
                                 "the centre holds fewer entries than were shipped");
    }
    const Entry last = official.back();
    const size_t count = official.size();
    KLANG_RETURN_IF_ERROR(ledger_.ReplaceSuffix(state.org, state.base_seq, std::move(official)));
    state.base_seq = last.seq;
    state.base_hash = last.hash;
    KLANG_RETURN_IF_ERROR(SaveBase(state));
    state.catching_up = false;
    Log("catchup.done", "org " + std::to_string(state.org) + ": " + std::to_string(count) +
                            " entries now official, through seq " + std::to_string(last.seq));
    KLANG_ASSIGN_OR_RETURN(outage, continuity_.OpenEdgeOutage(state.org, node_));
    std::lock_guard link(link_mutex_);
    reconnected_at = connected_since_ms_;
  }
  if (outage) {
    // Recorded through the gate like any document: online now, so at the centre first.
    const int64_t ended = std::max(reconnected_at, outage->started_at_ms);
    KLANG_RETURN_IF_ERROR(
        ledger_.Append(continuity_.OutageEndDraft(state.org, outage->id, ended)).status());
    KLANG_ASSIGN_OR_RETURN(Outage closed, continuity_.GetOutage(state.org, outage->id));
    KLANG_RETURN_IF_ERROR(ledger_
                              .Append(continuity_.CaughtUpDraft(state.org, outage->id,
                                                                clock_.NowUnixMillis(),
                                                                closed.documents_edge))
                              .status());
  }
  return Status::Ok();
}

// ---- users ----

void EdgeNode::QueuePasswordPush(const auth::ReplicaUser& user) {
  auto lease = db_.Acquire();
  if (!lease.ok()) return;
  const json payload = UsersJson({user})[0];
  (void)(*lease)->Execute("INSERT INTO edge_user_pushes (user_id, payload) VALUES ($1, $2) ON "
                          "CONFLICT (user_id) DO UPDATE SET payload = excluded.payload",
                          {user.user.id, payload.dump()});
}

Status EdgeNode::PushPasswords() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT user_id, payload FROM edge_user_pushes"));
  for (const auto& row : rows) {
    auto pushed = Call("POST", "/api/v1/sync/users/password", json::parse(row.Text(1), nullptr, false));
    if (!pushed.ok() && pushed.status().code() == ErrorCode::kUnavailable) return pushed.status();
    KLANG_RETURN_IF_ERROR(
        lease->Execute("DELETE FROM edge_user_pushes WHERE user_id = $1", {row.Int(0)}).status());
    if (!pushed.ok()) Log("password.push_refused", pushed.status().ToString());
  }
  return Status::Ok();
}

Status EdgeNode::RefreshUsers() {
  KLANG_ASSIGN_OR_RETURN(json boot, Call("GET", "/api/v1/sync/bootstrap", nullptr));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows pushes, lease->Query("SELECT user_id FROM edge_user_pushes"));
  std::set<int64_t> pending;
  for (const auto& row : pushes) pending.insert(row.Int(0));
  std::vector<auth::ReplicaUser> users;
  for (const auto& item : boot.value("users", json::array())) {
    KLANG_ASSIGN_OR_RETURN(auth::ReplicaUser user, UserFromJson(item));
    if (!pending.count(user.user.id)) users.push_back(std::move(user));
  }
  return auth_.ImportUsers(users);
}

// ---- status and restore ----

EdgeStatus EdgeNode::StatusNow() {
  EdgeStatus status;
  status.node = node_;
  status.upstream = options_.upstream;
  {
    std::lock_guard lock(link_mutex_);
    status.connected = connected_;
    status.revoked = revoked_;
    status.offline_since_ms = offline_since_ms_;
    status.last_contact_ms = last_contact_ms_;
    status.last_error = last_error_;
  }
  for (auto& [org, state] : states_) {
    EdgeOrgStatus one;
    one.org = org;
    one.name = state->name;
    auto head = ledger_.GetHead(org);
    one.head_seq = head.ok() ? head->seq : 0;
    one.centre_seq = state->centre_seq;
    one.shipped = state->shipped;
    {
      std::lock_guard lock(state->mutex);
      one.base_seq = state->base_seq;
      one.loss = state->loss;
      if (!state->loss.empty()) {
        one.mode = OrgMode::kLoss;
      } else if (state->homed_elsewhere) {
        one.mode = OrgMode::kHomedElsewhere;
      } else if (!status.connected) {
        one.mode = OrgMode::kOffline;
      } else if (state->catching_up || one.head_seq > state->base_seq) {
        one.mode = OrgMode::kCatchingUp;
      } else {
        one.mode = OrgMode::kOnline;
      }
    }
    status.orgs.push_back(std::move(one));
  }
  return status;
}

Status EdgeNode::RestoreCentre(const std::function<void(const std::string&)>& report) {
  // Organisations (the path to the LAO and its subtree) and their users.
  std::vector<org::Organisation> orgs;
  for (int64_t org : books()) {
    for (const auto& step : orgs_.PathTo(org)) {
      bool seen = false;
      for (const auto& one : orgs) seen = seen || one.id == step.id;
      if (!seen) orgs.push_back(step);
    }
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<auth::ReplicaUser> users, auth_.ExportUsers(books()));
  KLANG_RETURN_IF_ERROR(
      Call("POST", "/api/v1/sync/restore/orgs", json{{"orgs", OrgsJson(orgs)}, {"users", UsersJson(users)}})
          .status());
  report("organisations and users: " + std::to_string(orgs.size()) + " organisations, " +
         std::to_string(users.size()) + " users offered");
  KLANG_ASSIGN_OR_RETURN(json beat, Call("POST", "/api/v1/sync/heartbeat", json{{"orgs", json::array()}}));
  std::map<int64_t, std::pair<int64_t, std::string>> centre;
  for (const auto& result : beat["orgs"]) {
    centre[result.value("org", int64_t{0})] = {result["head"].value("seq", int64_t{0}),
                                              result["head"].value("hash", "")};
  }
  Status outcome;
  for (auto& [org, state] : states_) {
    int64_t base = 0;
    {
      std::lock_guard lock(state->mutex);
      base = state->base_seq;
    }
    const auto [centre_seq, centre_hash] = centre[org];
    if (centre_seq > base) {
      report("org " + std::to_string(org) + ": the centre holds " + std::to_string(centre_seq) +
             " entries, more than the " + std::to_string(base) + " acknowledged here; nothing to restore");
      continue;
    }
    if (centre_seq > 0) {
      auto mine = ledger_.Get(org, centre_seq);
      if (!mine.ok() || mine->hash != centre_hash) {
        report("org " + std::to_string(org) + ": DIVERGED at seq " + std::to_string(centre_seq) +
               " — the centre holds another entry there; restore refused for this organisation");
        if (outcome.ok()) {
          outcome = Status::Conflict("edge.diverged", "ข้อมูลที่ศูนย์ไม่ตรงกับเครื่องนี้",
                                     "org " + std::to_string(org) + " diverged at " + std::to_string(centre_seq));
        }
        continue;
      }
    }
    int64_t after = centre_seq, restored = 0;
    while (after < base) {
      KLANG_ASSIGN_OR_RETURN(std::vector<Entry> entries,
                             ledger_.List(org, after, options_.pull_batch_entries_max));
      json items = json::array();
      for (const auto& entry : entries) {
        if (entry.seq > base) break;  // provisional ones go by the catch-up, not as they are
        items.push_back(EntryToWire(entry));
        after = entry.seq;
      }
      if (items.empty()) break;
      KLANG_ASSIGN_OR_RETURN(json reply, Call("POST", OrgPath(org, "restore"), json{{"entries", items}}));
      restored += reply.value("restored", int64_t{0});
    }
    KLANG_ASSIGN_OR_RETURN(json verified, Call("GET", OrgPath(org, "verify"), nullptr));
    report("org " + std::to_string(org) + ": " + std::to_string(restored) +
           " entries re-supplied (seq " + std::to_string(centre_seq + 1) + ".." +
           std::to_string(base) + "); centre verify " +
           (verified.value("ok", false) ? "OK" : "FAILED: " + verified.value("problem", "")) +
           ", " + std::to_string(verified.value("entries", int64_t{0})) + " entries");
    if (!verified.value("ok", false) && outcome.ok()) {
      outcome = Status::Internal("edge.restore_verify", "centre verify failed for org " + std::to_string(org));
    }
  }
  return outcome;
}

}  // namespace klang::sync
