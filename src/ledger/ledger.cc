#include "ledger/ledger.h"

#include <algorithm>
#include <array>
#include <bit>
#include <chrono>
#include <future>
#include <thread>
#include <map>
#include <set>
#include <unordered_map>

#include "ledger/balances.h"

namespace klang::ledger {
namespace {

using store::Connection;
using store::Params;
using store::Rows;

// Look-ups by a list of keys go in chunks of at most kLookupChunkKeys keys, each padded to a power
// of two: seven shapes of each statement, prepared once, and a list no longer than it needs to be
// (PostgreSQL reads a small table through its index for a short list, whole for a long one).
constexpr size_t kLookupChunkKeys = 64;
constexpr size_t kLookupShapes = 7;  // 1, 2, 4, …, 64 keys
static_assert(size_t{1} << (kLookupShapes - 1) == kLookupChunkKeys);

constexpr size_t kRebuildChunkEntries = 5'000;

// The statement `head` + "(the keys)" + `tail` for each shape.
using LookupShapes = std::array<std::string, kLookupShapes>;
LookupShapes MakeShapes(const std::string& head, const std::string& tail) {
  LookupShapes shapes;
  for (size_t shape = 0; shape < kLookupShapes; ++shape) {
    shapes[shape] = head + store::ParamList(size_t{1} << shape) + tail;
  }
  return shapes;
}

const LookupShapes& EntryIdLookupSql() {
  static const LookupShapes kSql =
      MakeShapes("SELECT entry_id, hash, canonical FROM ledger_entries WHERE entry_id IN ", "");
  return kSql;
}

const LookupShapes& HeadLockSql() {
  static const LookupShapes kSql =
      MakeShapes("SELECT org_id, seq, hash FROM ledger_heads WHERE org_id IN ",
                 " ORDER BY org_id {FOR_UPDATE}");
  return kSql;
}

const LookupShapes& SeriesLockSql() {
  static const LookupShapes kSql =
      MakeShapes("SELECT org_id, fiscal_year, series, last_number FROM ledger_number_series "
                 "WHERE org_id IN ",
                 " ORDER BY org_id, fiscal_year, series {FOR_UPDATE}");
  return kSql;
}

// Same document? Used when an entry id arrives again: a retry carries the same content.
bool SameContent(const EntryDraft& draft, const Entry& stored) {
  Origin origin = draft.origin;
  if (!draft.provisional_node.empty()) {
    // A provisional number is drawn when the entry is first appended; a retry has none yet.
    origin = {Origin::Type::kEdge, draft.provisional_node, stored.origin.provisional, "", "", ""};
  }
  return draft.org == stored.org && draft.kind == stored.kind &&
         draft.document_date == stored.document_date &&
         draft.posting_date == stored.posting_date && draft.fiscal_year == stored.fiscal_year &&
         draft.lines == stored.lines && draft.body == stored.body && origin == stored.origin;
}

Result<Entry> EntryFromRow(const std::string& hash, const std::string& canonical) {
  KLANG_ASSIGN_OR_RETURN(Entry entry, DecodeCanonical(canonical));
  entry.hash = hash;
  // Pair assertion with the writer: what was balanced when written must be balanced when
  // read. A stored entry that is not is damage, reported rather than served.
  if (!SumLines(entry.lines).balanced()) {
    return Status::Internal("ledger.corrupt_entry",
                            "entry " + std::to_string(entry.org) + "/" +
                                std::to_string(entry.seq) + " is unbalanced when read back");
  }
  return entry;
}

}  // namespace

bool VerifyReport::ok() const {
  return std::all_of(orgs.begin(), orgs.end(), [](const auto& org) { return org.ok; });
}

Ledger::Ledger(store::Db& db, const Clock& clock, LedgerOptions options)
    : db_(db), clock_(clock), options_(options), balances_(MakeBalancesProjection()) {
  KLANG_ASSERT(options_.batch_entries_max > 0);
  KLANG_ASSERT(options_.queue_entries_max >= options_.batch_entries_max);
  projections_.push_back(balances_.get());
  size_t writers = options_.writers;
  if (writers == 0) writers = db_.dialect() == store::Dialect::kPostgres ? kPostgresWriters : 1;
  for (size_t index = 0; index < writers; ++index) writers_.push_back(std::make_unique<Writer>());
}

Ledger::~Ledger() { Stop(); }

std::vector<store::Migration> Ledger::Migrations() {
  return {{"ledger", 1, R"SQL(
CREATE TABLE ledger_heads (
  org_id {INT} PRIMARY KEY,
  seq {INT} NOT NULL,
  hash TEXT NOT NULL
) {WITHOUT_ROWID} {STRICT};
CREATE TABLE ledger_entries (
  org_id {INT} NOT NULL,
  seq {INT} NOT NULL,
  entry_id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,
  document_date TEXT NOT NULL,
  posting_date TEXT NOT NULL,
  fiscal_year {INT} NOT NULL,
  hash TEXT NOT NULL,
  canonical TEXT NOT NULL,
  PRIMARY KEY (org_id, seq)
) {STRICT};
CREATE TABLE ledger_number_series (
  org_id {INT} NOT NULL,
  fiscal_year {INT} NOT NULL,
  series TEXT NOT NULL,
  last_number {INT} NOT NULL,
  PRIMARY KEY (org_id, fiscal_year, series)
) {WITHOUT_ROWID} {STRICT};
CREATE TABLE ledger_balances (
  org_id {INT} NOT NULL,
  account TEXT NOT NULL,
  day TEXT NOT NULL,
  debit {INT} NOT NULL,
  credit {INT} NOT NULL,
  PRIMARY KEY (org_id, account, day)
) {WITHOUT_ROWID} {STRICT};
)SQL"}};
}

void Ledger::AddProjection(Projection* projection) {
  KLANG_ASSERT_MSG(!started_, "projections must be added before Start()");
  KLANG_ASSERT(projection != nullptr);
  projections_.push_back(projection);
}

void Ledger::Start() {
  KLANG_ASSERT(!started_);
  for (auto& writer : writers_) {
    writer->thread = std::thread([this, one = writer.get()] { WriterLoop(*one); });
  }
  started_ = true;
}

void Ledger::Stop() {
  for (auto& writer : writers_) {
    {
      std::lock_guard lock(writer->mutex);
      writer->stopping = true;
    }
    writer->queue_changed.notify_all();
  }
  for (auto& writer : writers_) {
    if (writer->thread.joinable()) writer->thread.join();
  }
}

Ledger::Writer& Ledger::WriterOf(const Pending& pending) {
  int64_t org = pending.task_org;
  if (pending.type == Pending::Type::kDraft) org = pending.draft.org;
  if (pending.type == Pending::Type::kVerbatim) org = pending.verbatim.org;
  return *writers_[static_cast<uint64_t>(org) % writers_.size()];
}

Status Ledger::Enqueue(Pending* pending) {
  Writer& writer = WriterOf(*pending);
  {
    std::unique_lock lock(writer.mutex);
    writer.queue_changed.wait(lock, [&] {
      return writer.stopping || writer.queue.size() < options_.queue_entries_max;
    });
    if (writer.stopping || !started_) {
      return Status::Unavailable("ledger.stopped", "the ledger is not accepting appends");
    }
    pending->handed_over = std::chrono::steady_clock::now();
    writer.queue.push_back(pending);
  }
  writer.queue_changed.notify_all();
  return Status::Ok();
}

LedgerStats Ledger::Stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

void Ledger::Count(const std::vector<Pending*>& batch, std::chrono::steady_clock::time_point began,
                   int retries) {
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(stats_mutex_);
  stats_.retries += static_cast<uint64_t>(retries);
  if (batch[0]->type == Pending::Type::kTask) return;  // not an append
  ++stats_.batches;
  stats_.entries += batch.size();
  stats_.commit_seconds += std::chrono::duration<double>(now - began).count();
  for (const Pending* pending : batch) {
    stats_.wait_seconds += std::chrono::duration<double>(now - pending->handed_over).count();
  }
  const auto& bounds = LedgerStats::kBatchSizeBounds;
  const auto bucket = std::lower_bound(bounds.begin(), bounds.end(), batch.size());
  if (bucket != bounds.end()) ++stats_.batches_by_size[bucket - bounds.begin()];  // else only +Inf
}

void Ledger::SetGate(AppendGate* gate) {
  KLANG_ASSERT_MSG(!started_, "the gate must be set before Start()");
  gate_ = gate;
}

// What the draft fixes of its canonical bytes (entry.h), so that the writer only joins them. Not
// for a draft whose origin the writer sets (a provisional node's): that one it encodes whole.
void Ledger::FrameDraft(Pending& pending) {
  if (pending.draft.provisional_node.empty()) pending.frame = CanonicalFrameOf(pending.draft);
}

Result<Appended> Ledger::Append(EntryDraft draft) {
  KLANG_RETURN_IF_ERROR(ValidateDraft(draft));
  if (gate_ != nullptr) {
    KLANG_ASSIGN_OR_RETURN(std::optional<Appended> routed, gate_->Route(draft));
    if (routed) return std::move(*routed);
    KLANG_RETURN_IF_ERROR(ValidateDraft(draft));
  }
  Pending pending;
  pending.draft = std::move(draft);
  FrameDraft(pending);
  auto future = pending.promise.get_future();
  KLANG_RETURN_IF_ERROR(Enqueue(&pending));
  return future.get();
}

std::vector<Result<Appended>> Ledger::EnqueueAll(std::vector<std::unique_ptr<Pending>> pendings) {
  std::vector<std::optional<Result<Appended>>> early(pendings.size());
  std::vector<std::future<Result<Appended>>> futures(pendings.size());
  for (size_t index = 0; index < pendings.size(); ++index) {
    if (!pendings[index]) continue;
    futures[index] = pendings[index]->promise.get_future();
    Status status = Enqueue(pendings[index].get());
    if (!status.ok()) early[index] = Result<Appended>(status);
  }
  std::vector<Result<Appended>> results;
  results.reserve(pendings.size());
  for (size_t index = 0; index < pendings.size(); ++index) {
    if (early[index]) {
      results.push_back(std::move(*early[index]));
    } else if (!pendings[index]) {
      results.push_back(Status::Internal("ledger.not_queued", "entry was not queued"));
    } else {
      results.push_back(futures[index].get());
    }
  }
  return results;
}

std::vector<Result<Appended>> Ledger::AppendAll(std::vector<EntryDraft> drafts) {
  if (gate_ == nullptr) return AppendAllUngated(std::move(drafts));
  if (gate_->RoutesAsOneList(drafts)) return AppendAllRoutedAsOneList(std::move(drafts));
  // Through the gate one by one: it may forward each to the centre, in order.
  std::vector<Result<Appended>> results;
  results.reserve(drafts.size());
  for (auto& draft : drafts) results.push_back(Append(std::move(draft)));
  return results;
}

// Every draft through the gate first, then those it passed queued together, so that they share
// group commits instead of waiting for one each. One answer per draft, in order.
std::vector<Result<Appended>> Ledger::AppendAllRoutedAsOneList(std::vector<EntryDraft> drafts) {
  std::vector<Result<Appended>> results(
      drafts.size(), Result<Appended>(Status::Internal("ledger.not_queued", "entry was not queued")));
  std::vector<EntryDraft> passed;
  std::vector<size_t> passed_index;
  for (size_t index = 0; index < drafts.size(); ++index) {
    Status valid = ValidateDraft(drafts[index]);
    if (valid.ok()) {
      auto routed = gate_->Route(drafts[index]);
      KLANG_ASSERT_MSG(!routed.ok() || !routed->has_value(), "a gate routing one list appended an entry");
      valid = routed.status();
    }
    if (!valid.ok()) {
      results[index] = valid;
      continue;
    }
    passed.push_back(std::move(drafts[index]));
    passed_index.push_back(index);
  }
  auto appended = AppendAllUngated(std::move(passed));
  for (size_t k = 0; k < appended.size(); ++k) results[passed_index[k]] = std::move(appended[k]);
  return results;
}

std::vector<Result<Appended>> Ledger::AppendAllUngated(std::vector<EntryDraft> drafts) {
  std::vector<std::unique_ptr<Pending>> pendings(drafts.size());
  std::vector<std::optional<Status>> invalid(drafts.size());
  for (size_t index = 0; index < drafts.size(); ++index) {
    Status status = ValidateDraft(drafts[index]);
    if (!status.ok()) {
      invalid[index] = status;
      continue;
    }
    pendings[index] = std::make_unique<Pending>();
    pendings[index]->draft = std::move(drafts[index]);
    FrameDraft(*pendings[index]);
  }
  auto results = EnqueueAll(std::move(pendings));
  for (size_t index = 0; index < results.size(); ++index) {
    if (invalid[index]) results[index] = Result<Appended>(*invalid[index]);
  }
  return results;
}

std::vector<Result<Appended>> Ledger::Mirror(std::vector<Entry> entries) {
  std::vector<std::unique_ptr<Pending>> pendings;
  pendings.reserve(entries.size());
  for (auto& entry : entries) {
    auto pending = std::make_unique<Pending>();
    pending->type = Pending::Type::kVerbatim;
    pending->verbatim = std::move(entry);
    pendings.push_back(std::move(pending));
  }
  return EnqueueAll(std::move(pendings));
}

Status Ledger::ReplaceSuffix(int64_t org, int64_t after_seq, std::vector<Entry> official) {
  // The chain's first entry may change: forget it now and keep no read made until it is done.
  auto forget_first_year = [this, org] {
    std::lock_guard lock(first_years_mutex_);
    first_years_.erase(org);
    ++first_years_generation_;
  };
  forget_first_year();
  Pending pending;
  pending.type = Pending::Type::kTask;
  pending.task_org = org;
  pending.task = [this, org, after_seq, &official](Connection& tx) -> Status {
    KLANG_ASSIGN_OR_RETURN(
        Rows head, tx.Query("SELECT seq FROM ledger_heads WHERE org_id = $1 {FOR_UPDATE}", {org}));
    std::string previous_hash = GenesisHash();
    if (after_seq > 0) {
      KLANG_ASSIGN_OR_RETURN(
          Rows rows, tx.Query("SELECT hash FROM ledger_entries WHERE org_id = $1 AND seq = $2",
                              {org, after_seq}));
      if (rows.empty()) {
        return Status::Conflict("ledger.chain_mismatch", "ลำดับรายการไม่ต่อเนื่อง",
                                "no entry " + std::to_string(after_seq) + " to continue from");
      }
      previous_hash = rows[0].Text(0);
      KLANG_RETURN_IF_ERROR(CheckStoredChainHash(org, previous_hash, "entry " + std::to_string(after_seq)));
    }
    KLANG_RETURN_IF_ERROR(
        tx.Execute("DELETE FROM ledger_entries WHERE org_id = $1 AND seq > $2", {org, after_seq})
            .status());
    std::vector<Params> rows;
    std::map<std::pair<int, std::string>, int64_t> series_last;
    int64_t seq = after_seq;
    for (const Entry& entry : official) {
      const std::string canonical = CanonicalBytes(entry);
      if (entry.org != org || entry.seq != seq + 1 ||
          ChainHash(previous_hash, canonical) != entry.hash) {
        return Status::Conflict("ledger.chain_mismatch", "ลำดับรายการไม่ต่อเนื่อง",
                                "official entry " + std::to_string(entry.seq) +
                                    " does not extend the chain at " + std::to_string(seq));
      }
      KLANG_ASSERT_MSG(SumLines(entry.lines).balanced(), "unbalanced official entry");
      rows.push_back({entry.org, entry.seq, entry.entry_id, entry.kind, entry.document_date.ToIso(),
                      entry.posting_date.ToIso(), int64_t{entry.fiscal_year}, entry.hash,
                      canonical});
      for (const auto& [series, number] : entry.numbers) {
        int64_t& last = series_last[{entry.fiscal_year, series}];
        last = std::max(last, number);
      }
      previous_hash = entry.hash;
      seq = entry.seq;
    }
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany(
        "INSERT INTO ledger_entries (org_id, seq, entry_id, kind, document_date, posting_date, "
        "fiscal_year, hash, canonical) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        rows));
    KLANG_RETURN_IF_ERROR(tx.Execute("INSERT INTO ledger_heads (org_id, seq, hash) VALUES "
                                     "($1, $2, $3) ON CONFLICT (org_id) DO UPDATE SET seq = "
                                     "excluded.seq, hash = excluded.hash",
                                     {org, seq, previous_hash})
                              .status());
    std::vector<Params> series_rows;
    for (const auto& [key, last] : series_last) {
      series_rows.push_back({org, int64_t{key.first}, key.second, last});
    }
    KLANG_RETURN_IF_ERROR(tx.ExecuteMany(
        "INSERT INTO ledger_number_series (org_id, fiscal_year, series, last_number) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, fiscal_year, series) "
        "DO UPDATE SET last_number = CASE WHEN excluded.last_number > "
        "ledger_number_series.last_number THEN excluded.last_number ELSE "
        "ledger_number_series.last_number END",
        series_rows));
    return RebuildOrg(tx, org);
  };
  auto future = pending.promise.get_future();
  KLANG_RETURN_IF_ERROR(Enqueue(&pending));
  Status status = future.get().status();
  forget_first_year();
  return status;
}

void Ledger::WriterLoop(Writer& writer) {
  auto& queue = writer.queue;
  for (;;) {
    std::vector<Pending*> batch;
    {
      std::unique_lock lock(writer.mutex);
      writer.queue_changed.wait(lock, [&] { return writer.stopping || !queue.empty(); });
      if (queue.empty() && writer.stopping) return;
      if (queue.front()->type == Pending::Type::kTask) {
        batch.push_back(queue.front());
        queue.pop_front();
      } else {
        while (!queue.empty() && batch.size() < options_.batch_entries_max &&
               queue.front()->type != Pending::Type::kTask) {
          batch.push_back(queue.front());
          queue.pop_front();
        }
      }
    }
    writer.queue_changed.notify_all();  // room in the queue for waiting callers
    CommitBatch(batch);
  }
}

void Ledger::CommitBatch(std::vector<Pending*>& batch) {
  KLANG_ASSERT(!batch.empty());
  constexpr int kFirstBackoffMs = 10;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.unavailable_retry_ms_max);
  Status status;
  int retries = 0;
  for (int backoff_ms = kFirstBackoffMs;; backoff_ms = std::min(2 * backoff_ms, options_.retry_backoff_ms_max)) {
    const auto began = std::chrono::steady_clock::now();
    std::vector<std::optional<Result<Appended>>> results(batch.size());
    auto lease = db_.Acquire(deadline);
    if (!lease.ok()) {
      status = lease.status();
    } else {
      status = store::InTransaction(**lease, store::TransactionMode::kWrite, [&](Connection& tx) {
        if (batch[0]->type == Pending::Type::kTask) {
          KLANG_ASSERT(batch.size() == 1);
          KLANG_RETURN_IF_ERROR(batch[0]->task(tx));
          results[0] = Appended{};
          return Status::Ok();
        }
        return AppendBatch(tx, batch, results);
      });
    }
    if (status.ok()) {
      Count(batch, began, retries);
      // Only now, after the durable commit, is any caller answered.
      for (size_t index = 0; index < batch.size(); ++index) {
        KLANG_ASSERT(results[index].has_value());
        batch[index]->promise.set_value(std::move(*results[index]));
      }
      return;
    }
    // A retry looks every entry up by its id (after taking the chain locks): one whose commit was
    // cut off but happened is found and answered as it stands (and, on PostgreSQL, only after the
    // standby has it too).
    if (status.code() != ErrorCode::kUnavailable) break;
    if (std::chrono::steady_clock::now() + std::chrono::milliseconds(backoff_ms) > deadline) {
      for (Pending* pending : batch) pending->promise.set_value(status);  // the store stayed away
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
    ++retries;
  }
  if (batch.size() > 1) {
    // Something in the batch failed as a whole: append one by one so a single bad entry
    // cannot fail its neighbours.
    for (Pending* pending : batch) {
      std::vector<Pending*> single{pending};
      CommitBatch(single);
    }
    return;
  }
  batch[0]->promise.set_value(status);
}

// What one batch has gathered so far, inside its transaction.
struct Ledger::BatchState {
  struct SeriesKey {
    int64_t org;
    int fiscal_year;
    std::string series;
    auto operator<=>(const SeriesKey&) const = default;
  };

  explicit BatchState(size_t count, int64_t now_ms)
      : repeat_of(count), appended_index(count, SIZE_MAX), now_ms(now_ms) {}

  // The next number of `series`, counting on from the last one stored or drawn in this batch.
  int64_t DrawNumber(const SeriesKey& key) {
    series_drawn.insert(key);
    return ++series_last[key];
  }
  // A number given (a mirrored entry's): the series continues after it.
  void AdvanceTo(const SeriesKey& key, int64_t number) {
    series_drawn.insert(key);
    int64_t& last = series_last[key];
    last = std::max(last, number);
  }

  // Adds a built entry as the new head of its organisation's chain.
  void Add(size_t index, Entry entry, std::string canonical) {
    heads.at(entry.org) = Head{entry.seq, entry.hash};
    head_entry_ids[entry.org] = entry.entry_id;
    appended_index[index] = appended.size();
    canonicals.push_back(std::move(canonical));
    appended.push_back(std::move(entry));
  }

  std::unordered_map<std::string, std::pair<std::string, std::string>> stored;  // id -> hash, bytes
  std::vector<std::optional<size_t>> repeat_of;  // an id repeated in the batch: its first index
  std::vector<int64_t> orgs;                     // every organisation of the batch, in id order
  std::map<int64_t, Head> heads;                 // locked; advanced as entries are built
  std::map<SeriesKey, int64_t> series_last;      // locked; advanced as numbers are drawn
  std::set<SeriesKey> series_drawn;              // the series this batch drew from or advanced
  std::map<int64_t, std::string> head_entry_ids;  // entry id at each head, once looked up
  std::vector<Entry> appended;                   // built, in arrival order
  std::vector<std::string> canonicals;           // their canonical bytes
  std::vector<size_t> appended_index;            // batch index -> index in `appended`
  const int64_t now_ms;
};

namespace {

// Runs the look-up `shapes` over `keys` (store::QueryInChunks), the shape of n keys at log2(n).
template <typename Key>
Status QueryInChunks(Connection& tx, const LookupShapes& shapes, const std::vector<Key>& keys,
                     const std::function<void(const store::Row&)>& on_row) {
  return store::QueryInChunks(
      tx, Params(keys.begin(), keys.end()), kLookupChunkKeys,
      [&shapes](size_t count) { return shapes[static_cast<size_t>(std::countr_zero(count))]; }, on_row);
}

}  // namespace

Status Ledger::AppendBatch(Connection& tx, std::vector<Pending*>& batch,
                           std::vector<std::optional<Result<Appended>>>& results) {
  const size_t count = batch.size();
  BatchState state(count, clock_.NowUnixMillis());
  // Locks first: a commit of the same organisation still in flight elsewhere (a retry after a
  // COMMIT cut off, another server) finishes before the entry ids are looked up, so a retry
  // always finds what that commit stored.
  KLANG_RETURN_IF_ERROR(LockHeadsAndSeries(tx, batch, state));
  KLANG_RETURN_IF_ERROR(LookUpStored(tx, batch, state));
  for (size_t index = 0; index < count; ++index) {
    if (state.repeat_of[index]) continue;
    if (batch[index]->type == Pending::Type::kVerbatim) {
      KLANG_ASSIGN_OR_RETURN(results[index], AddVerbatim(batch[index]->verbatim, index, state));
    } else {
      KLANG_ASSIGN_OR_RETURN(results[index], AddDraft(tx, *batch[index], index, state));
    }
  }
  KLANG_RETURN_IF_ERROR(WriteBatch(tx, state));
  // The results, handed out by CommitBatch after the commit.
  for (size_t index = 0; index < count; ++index) {
    if (state.appended_index[index] != SIZE_MAX) {
      KLANG_ASSERT(!results[index].has_value());
      results[index] = Appended{std::move(state.appended[state.appended_index[index]]), false};
    }
  }
  for (size_t index = 0; index < count; ++index) {
    if (!state.repeat_of[index]) continue;
    const auto& first = results[*state.repeat_of[index]];
    KLANG_ASSERT(first.has_value());
    if (first->ok()) {
      results[index] = Appended{first->value().entry, /*duplicate=*/true};
    } else {
      results[index] = Result<Appended>(first->status());
    }
  }
  return Status::Ok();
}

// Entry ids seen before (idempotent retries), and repeats inside this batch.
Status Ledger::LookUpStored(Connection& tx, const std::vector<Pending*>& batch,
                            BatchState& state) {
  std::unordered_map<std::string, size_t> first_in_batch;
  std::vector<std::string> ids;
  for (size_t index = 0; index < batch.size(); ++index) {
    const std::string& id = batch[index]->type == Pending::Type::kVerbatim
                                ? batch[index]->verbatim.entry_id
                                : batch[index]->draft.entry_id;
    auto [found, inserted] = first_in_batch.emplace(id, index);
    if (!inserted) {
      state.repeat_of[index] = found->second;
    } else {
      ids.push_back(id);
    }
  }
  return QueryInChunks(tx, EntryIdLookupSql(), ids, [&](const store::Row& row) {
    state.stored[row.Text(0)] = {row.Text(1), row.Text(2)};
  });
}

// Locks the chain heads of every organisation in the batch, in id order (no deadlock between
// two servers appending to the same organisations), and their number series.
Status Ledger::LockHeadsAndSeries(Connection& tx, const std::vector<Pending*>& batch,
                                  BatchState& state) {
  std::set<int64_t> org_set;
  for (Pending* pending : batch) {
    org_set.insert(pending->type == Pending::Type::kVerbatim ? pending->verbatim.org
                                                             : pending->draft.org);
  }
  state.orgs.assign(org_set.begin(), org_set.end());
  auto keep_head = [&](const store::Row& row) {
    state.heads[row.Int(0)] = Head{row.Int(1), row.Text(2)};
  };
  KLANG_RETURN_IF_ERROR(QueryInChunks(tx, HeadLockSql(), state.orgs, keep_head));
  // An organisation's first entry: its head is made, then locked like the others.
  std::vector<int64_t> missing;
  std::vector<Params> new_heads;
  for (int64_t org : state.orgs) {
    if (state.heads.contains(org)) continue;
    missing.push_back(org);
    new_heads.push_back({org, int64_t{0}, GenesisHash()});
  }
  if (!missing.empty()) {
    KLANG_RETURN_IF_ERROR(tx.InsertRows(
        "INSERT INTO ledger_heads (org_id, seq, hash) VALUES ($1, $2, $3) "
        "ON CONFLICT (org_id) DO NOTHING",
        new_heads));
    KLANG_RETURN_IF_ERROR(QueryInChunks(tx, HeadLockSql(), missing, keep_head));
  }
  KLANG_ASSERT(state.heads.size() == state.orgs.size());
  return QueryInChunks(
      tx, SeriesLockSql(), state.orgs, [&](const store::Row& row) {
        state.series_last[BatchState::SeriesKey{row.Int(0), static_cast<int>(row.Int(1)),
                                                row.Text(2)}] = row.Int(3);
      });
}

// An entry exactly as another node holds it: it must extend the chain here.
Result<Ledger::Outcome> Ledger::AddVerbatim(const Entry& given, size_t index,
                                            BatchState& state) {
  auto previous = state.stored.find(given.entry_id);
  if (previous != state.stored.end()) {
    if (previous->second.first != given.hash) {
      return Outcome(Result<Appended>(Status::Conflict(
          "ledger.mirror_conflict", "รายการนี้มีอยู่แล้วแต่เนื้อหาไม่ตรงกัน",
          "entry id " + given.entry_id + " is held here with another hash")));
    }
    // A stored entry that does not decode is damage: the whole batch fails (and is split).
    KLANG_ASSIGN_OR_RETURN(Entry held,
                           EntryFromRow(previous->second.first, previous->second.second));
    return Outcome(Appended{std::move(held), /*duplicate=*/true});
  }
  const Head& head = state.heads.at(given.org);
  if (Status damaged = CheckStoredChainHash(given.org, head.hash, "its head"); !damaged.ok()) {
    return Outcome(Result<Appended>(std::move(damaged)));
  }
  std::string canonical = CanonicalBytes(given);
  if (given.seq != head.seq + 1 || ChainHash(head.hash, canonical) != given.hash ||
      !SumLines(given.lines).balanced()) {
    return Outcome(Result<Appended>(Status::Conflict(
        "ledger.chain_mismatch", "รายการไม่ต่อกับสายข้อมูลขององค์กร",
        "entry " + std::to_string(given.org) + "/" + std::to_string(given.seq) +
            " does not extend the chain at seq " + std::to_string(head.seq))));
  }
  for (const auto& [series, number] : given.numbers) {
    state.AdvanceTo({given.org, given.fiscal_year, series}, number);
  }
  state.Add(index, given, std::move(canonical));
  return Outcome();
}

// A new entry from a draft: numbered, chained to its organisation's head.
Result<Ledger::Outcome> Ledger::AddDraft(Connection& tx, const Pending& pending, size_t index,
                                         BatchState& state) {
  const EntryDraft& draft = pending.draft;
  auto previous = state.stored.find(draft.entry_id);
  if (previous != state.stored.end()) {
    KLANG_ASSIGN_OR_RETURN(Entry entry,
                           EntryFromRow(previous->second.first, previous->second.second));
    if (!SameContent(draft, entry)) {
      return Outcome(Result<Appended>(Status::Conflict(
          "ledger.entry_id_reused", "รหัสรายการนี้ถูกใช้กับเอกสารอื่นแล้ว",
          "entry id " + draft.entry_id + " was appended before with other content")));
    }
    return Outcome(Appended{std::move(entry), /*duplicate=*/true});
  }
  const Head head = state.heads.at(draft.org);
  if (Status damaged = CheckStoredChainHash(draft.org, head.hash, "its head"); !damaged.ok()) {
    return Outcome(Result<Appended>(std::move(damaged)));
  }
  if (draft.expected_seq > 0) {
    // Appended at a position the caller named (an edge node's shipped entry): the chain must
    // still end where it expects, at the predecessor it names.
    bool predecessor_ok = true;
    if (!draft.expected_previous_entry_id.empty()) {
      auto known = state.head_entry_ids.find(draft.org);
      if (known == state.head_entry_ids.end()) {
        KLANG_ASSIGN_OR_RETURN(
            Rows rows, tx.Query("SELECT entry_id FROM ledger_entries WHERE org_id = $1 AND seq = $2",
                                {draft.org, head.seq}));
        known = state.head_entry_ids.emplace(draft.org, rows.empty() ? "" : rows[0].Text(0)).first;
      }
      predecessor_ok = known->second == draft.expected_previous_entry_id;
    }
    if (head.seq + 1 != draft.expected_seq || !predecessor_ok ||
        (!draft.expected_previous_hash.empty() && draft.expected_previous_hash != head.hash)) {
      return Outcome(Result<Appended>(Status::Conflict(
          "ledger.seq_moved", "สายข้อมูลขององค์กรเปลี่ยนไปแล้ว",
          "entry would be " + std::to_string(draft.org) + "/" + std::to_string(head.seq + 1) +
              ", expected " + std::to_string(draft.expected_seq))));
    }
  }
  Entry entry;
  entry.org = draft.org;
  entry.seq = head.seq + 1;
  entry.entry_id = draft.entry_id;
  entry.kind = draft.kind;
  entry.document_date = draft.document_date;
  entry.posting_date = draft.posting_date;
  entry.fiscal_year = draft.fiscal_year;
  entry.origin = draft.origin;
  entry.author = draft.author;
  entry.recorded_at_ms = state.now_ms;
  entry.body = draft.body;
  entry.lines = draft.lines;
  for (const std::string& series : draft.number_series) {
    // A deferred number stays 0: the centre numbers it (docs/continuity.md).
    entry.numbers[series] =
        draft.defer_numbers ? 0 : state.DrawNumber({draft.org, draft.fiscal_year, series});
  }
  if (!draft.provisional_node.empty()) {
    // One provisional series per organisation and node, across fiscal years.
    const int64_t number =
        state.DrawNumber({draft.org, 0, ProvisionalSeries(draft.provisional_node)});
    entry.origin.type = Origin::Type::kEdge;
    entry.origin.node = draft.provisional_node;
    entry.origin.provisional = ProvisionalNumberText(draft.provisional_node, number);
  }
  KLANG_ASSERT_MSG(SumLines(entry.lines).balanced(), "unbalanced entry reached the writer");
  std::string canonical =
      pending.frame ? AssembleCanonical(*pending.frame, entry.numbers, entry.recorded_at_ms, entry.seq)
                    : CanonicalBytes(entry);
#ifndef NDEBUG
  KLANG_ASSERT_MSG(canonical == CanonicalBytes(entry), "a draft's frame disagrees with its entry");
#endif
  entry.hash = ChainHash(head.hash, canonical);
  state.Add(index, std::move(entry), std::move(canonical));
  return Outcome();
}

// Writes entries, heads, number series, then the projections — one transaction.
Status Ledger::WriteBatch(Connection& tx, BatchState& state) {
  std::vector<Params> entry_rows;
  entry_rows.reserve(state.appended.size());
  for (size_t index = 0; index < state.appended.size(); ++index) {
    const Entry& entry = state.appended[index];
    Params& row = entry_rows.emplace_back(Params{entry.org, entry.seq, entry.entry_id, entry.kind,
                                                 entry.document_date.ToIso(), entry.posting_date.ToIso(),
                                                 int64_t{entry.fiscal_year}, entry.hash});
    row.emplace_back(std::move(state.canonicals[index]));  // a braced list would copy it
  }
  // Each statement's rows have distinct keys (entries, organisations, series, balance days), so
  // PostgreSQL takes them as multi-row statements, held back and sent with the transaction's next
  // statement or its COMMIT (store::Connection::InsertRowsLater). No error of these is translated:
  // any fails the batch, which is split and tried again entry by entry.
  KLANG_RETURN_IF_ERROR(tx.InsertRowsLater(
      "INSERT INTO ledger_entries (org_id, seq, entry_id, kind, document_date, posting_date, "
      "fiscal_year, hash, canonical) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
      std::move(entry_rows)));
  std::vector<Params> head_rows;
  for (const auto& [org, head] : state.heads) head_rows.push_back({org, head.seq, head.hash});
  // The heads exist and are locked (LockHeadsAndSeries): the upsert always updates.
  KLANG_RETURN_IF_ERROR(tx.InsertRowsLater(
      "INSERT INTO ledger_heads (org_id, seq, hash) VALUES ($1, $2, $3) ON CONFLICT (org_id) "
      "DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
      std::move(head_rows)));
  // Only the series this batch drew from: the others' rows are as they were read.
  std::vector<Params> series_rows;
  for (const auto& key : state.series_drawn) {
    series_rows.push_back({key.org, int64_t{key.fiscal_year}, key.series, state.series_last.at(key)});
  }
  KLANG_RETURN_IF_ERROR(tx.InsertRowsLater(
      "INSERT INTO ledger_number_series (org_id, fiscal_year, series, last_number) "
      "VALUES ($1, $2, $3, $4) ON CONFLICT (org_id, fiscal_year, series) "
      "DO UPDATE SET last_number = excluded.last_number",
      std::move(series_rows)));
  for (Projection* projection : projections_) {
    KLANG_RETURN_IF_ERROR(projection->Apply(tx, state.appended));
  }
  return Status::Ok();
}

Result<Entry> Ledger::Get(int64_t org, int64_t seq) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, lease->Query("SELECT hash, canonical FROM ledger_entries WHERE org_id = $1 AND "
                              "seq = $2",
                              {org, seq}));
  if (rows.empty()) {
    return Status::NotFound("ledger.entry_not_found", "ไม่พบรายการ",
                            "no entry " + std::to_string(org) + "/" + std::to_string(seq));
  }
  KLANG_ASSIGN_OR_RETURN(Entry entry, EntryFromRow(rows[0].Text(0), rows[0].Text(1)));
  if (entry.org != org || entry.seq != seq) {
    return Status::Internal("ledger.corrupt_entry", "stored entry bytes name another position");
  }
  return entry;
}

Result<std::optional<Entry>> Ledger::FindByEntryId(const std::string& entry_id) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows,
      lease->Query("SELECT hash, canonical FROM ledger_entries WHERE entry_id = $1", {entry_id}));
  if (rows.empty()) return std::optional<Entry>();
  KLANG_ASSIGN_OR_RETURN(Entry entry, EntryFromRow(rows[0].Text(0), rows[0].Text(1)));
  return std::optional<Entry>(std::move(entry));
}

Result<std::vector<Entry>> Ledger::List(int64_t org, int64_t after_seq, size_t limit) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, lease->Query("SELECT hash, canonical FROM ledger_entries WHERE org_id = $1 AND "
                              "seq > $2 ORDER BY seq LIMIT $3",
                              {org, after_seq, static_cast<int64_t>(limit)}));
  std::vector<Entry> entries;
  entries.reserve(rows.size());
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Entry entry, EntryFromRow(row.Text(0), row.Text(1)));
    entries.push_back(std::move(entry));
  }
  return entries;
}

Result<Head> Ledger::GetHead(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, lease->Query("SELECT seq, hash FROM ledger_heads WHERE org_id = $1", {org}));
  if (rows.empty()) return Head{0, GenesisHash()};
  return Head{rows[0].Int(0), rows[0].Text(1)};
}

Result<std::optional<int>> Ledger::FirstFiscalYear(int64_t org) {
  uint64_t generation = 0;
  {
    std::lock_guard lock(first_years_mutex_);
    if (auto found = first_years_.find(org); found != first_years_.end()) return std::optional<int>(found->second);
    generation = first_years_generation_;
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, lease->Query("SELECT fiscal_year FROM ledger_entries WHERE org_id = $1 AND seq = 1",
                              {org}));
  if (rows.empty() || rows[0].IsNull(0)) return std::optional<int>();
  const int year = static_cast<int>(rows[0].Int(0));
  std::lock_guard lock(first_years_mutex_);
  if (generation == first_years_generation_) first_years_[org] = year;
  return std::optional<int>(year);
}

Result<std::vector<AccountTotals>> Ledger::Totals(int64_t org, std::optional<Date> from,
                                                  std::optional<Date> to) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows,
      lease->Query("SELECT account, CAST(SUM(debit) AS {INT}), CAST(SUM(credit) AS {INT}) "
                   "FROM ledger_balances WHERE org_id = $1 AND day >= $2 AND day <= $3 "
                   "GROUP BY account ORDER BY account",
                   {org, from ? from->ToIso() : std::string("0000-00-00"),
                    to ? to->ToIso() : std::string("9999-99-99")}));
  std::vector<AccountTotals> totals;
  totals.reserve(rows.size());
  for (const auto& row : rows) {
    totals.push_back({row.Text(0), Money::FromSatang(row.Int(1)), Money::FromSatang(row.Int(2))});
  }
  return totals;
}

Result<std::vector<DayTotals>> Ledger::DailyTotals(int64_t org, Date from, Date to,
                                                   const std::vector<std::string>& accounts) {
  std::vector<DayTotals> totals;
  if (accounts.empty()) return totals;
  store::Params params = {org, from.ToIso(), to.ToIso()};
  std::string in;
  for (const auto& account : accounts) {
    params.push_back(account);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, lease->Query("SELECT account, day, debit, credit FROM ledger_balances WHERE org_id = $1 "
                              "AND day >= $2 AND day <= $3 AND account IN (" + in +
                                  ") ORDER BY account, day",
                              params));
  totals.reserve(rows.size());
  for (const auto& row : rows) {
    auto day = Date::ParseIso(row.Text(1));
    if (!day.ok()) return Status::Internal("ledger.balance_day", "ledger_balances day " + row.Text(1));
    totals.push_back({row.Text(0), *day, Money::FromSatang(row.Int(2)), Money::FromSatang(row.Int(3))});
  }
  return totals;
}

Result<std::vector<std::pair<int64_t, Head>>> Ledger::AllHeads() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT org_id, seq, hash FROM ledger_heads ORDER BY org_id"));
  std::vector<std::pair<int64_t, Head>> heads;
  heads.reserve(rows.size());
  for (const auto& row : rows) heads.push_back({row.Int(0), Head{row.Int(1), row.Text(2)}});
  return heads;
}

Result<int64_t> Ledger::LastSeqOfKinds(int64_t org, int64_t after_seq, const std::vector<std::string>& kinds) {
  if (kinds.empty()) return int64_t{0};
  std::vector<store::Value> params = {org, after_seq};
  std::string in;
  for (const auto& kind : kinds) {
    params.push_back(kind);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT COALESCE(MAX(seq), 0) FROM ledger_entries WHERE org_id = $1 "
                                                 "AND seq > $2 AND kind IN (" + in + ")",
                                                 params));
  return rows.empty() ? int64_t{0} : rows[0].Int(0);
}

Status Ledger::Rebuild(std::optional<int64_t> org) {
  std::vector<int64_t> orgs;
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  if (org) {
    orgs.push_back(*org);
  } else {
    KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query("SELECT org_id FROM ledger_heads ORDER BY 1"));
    for (const auto& row : rows) orgs.push_back(row.Int(0));
  }
  for (int64_t one : orgs) {
    KLANG_RETURN_IF_ERROR(store::InTransaction(
        *lease, store::TransactionMode::kWrite, [&](Connection& tx) -> Status {
          // Holding the head lock keeps appends to this organisation out until we commit.
          KLANG_RETURN_IF_ERROR(
              tx.Query("SELECT seq FROM ledger_heads WHERE org_id = $1 {FOR_UPDATE}", {one})
                  .status());
          return RebuildOrg(tx, one);
        }));
  }
  return Status::Ok();
}

Status Ledger::RebuildOrg(Connection& tx, int64_t org) {
  for (Projection* projection : projections_) {
    KLANG_RETURN_IF_ERROR(projection->Clear(tx, org));
  }
  int64_t after = 0;
  for (;;) {
    KLANG_ASSIGN_OR_RETURN(
        Rows rows, tx.Query("SELECT hash, canonical FROM ledger_entries WHERE org_id = $1 AND "
                            "seq > $2 ORDER BY seq LIMIT $3",
                            {org, after, static_cast<int64_t>(kRebuildChunkEntries)}));
    if (rows.empty()) break;
    std::vector<Entry> entries;
    entries.reserve(rows.size());
    for (const auto& row : rows) {
      KLANG_ASSIGN_OR_RETURN(Entry entry, EntryFromRow(row.Text(0), row.Text(1)));
      entries.push_back(std::move(entry));
    }
    after = entries.back().seq;
    for (Projection* projection : projections_) {
      KLANG_RETURN_IF_ERROR(projection->Apply(tx, entries));
    }
  }
  return Status::Ok();
}

}  // namespace klang::ledger
