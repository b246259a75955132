// ledger/ledger.h — appending to, reading, verifying and rebuilding the organisations' logs.
//
// Append is durable group commit: callers on any thread hand their drafts to a writer thread,
// which appends many of them in one transaction (one durable flush) and answers each caller only
// after the commit. Each organisation has one writer (one on SQLite, several on PostgreSQL, see
// LedgerOptions::writers); per organisation, appends are also serialised by locking its chain
// head row; different organisations proceed in the same batch or in other writers' batches.
// Appending the same entry id again returns the entry already stored (idempotent); the same id
// with other content is a conflict.
//
// Thread-safe: every public method may be called from any thread once Start() has run.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

#include "core/clock.h"
#include "ledger/entry.h"
#include "ledger/projection.h"
#include "store/db.h"

namespace klang::ledger {

struct LedgerOptions {
  size_t batch_entries_max = 512;    // entries per append transaction
  size_t queue_entries_max = 50'000; // callers wait when this many appends are queued
  // A batch that meets a transient error (busy, deadlock, a lost connection, a failover, a commit
  // not acknowledged) is tried again, waiting twice as long each time up to retry_backoff_ms_max,
  // until unavailable_retry_ms_max has passed; only then are its callers answered "unavailable".
  int unavailable_retry_ms_max = 60'000;
  int retry_backoff_ms_max = 2'000;
  // Verify walks each chain this many entries at a time, reading one chunk while the one before
  // is checked (ledger/verify.cc). Two chunks' text is held at once (≈ 15 MB each).
  size_t verify_chunk_entries = 20'000;
  // Writer threads, each with its own queue, batches and connection. An organisation's appends
  // always go to the same writer (org mod writers), so its chain still grows in the order its
  // appends arrive; different organisations commit side by side. 0: as the store suits — one on
  // SQLite (it has one write transaction at a time), kPostgresWriters on PostgreSQL (one backend
  // per writer, so a batch's round trips and its COMMIT's flush overlap another's).
  size_t writers = 0;
};

// Writers on PostgreSQL unless LedgerOptions::writers says otherwise (docs/performance.md).
inline constexpr size_t kPostgresWriters = 2;

struct Appended {
  Entry entry;
  bool duplicate = false;  // the entry id had been appended before; `entry` is that entry
};

struct Head {
  int64_t seq = 0;
  std::string hash;  // GenesisHash() when seq == 0
};

struct AccountTotals {
  std::string account;
  Money debit;
  Money credit;
};

// The movements of one account on one day.
struct DayTotals {
  std::string account;
  Date day;
  Money debit;
  Money credit;
};

struct OrgVerification {
  int64_t org = 0;
  int64_t entries = 0;
  bool ok = true;
  int64_t first_bad_seq = 0;  // when !ok
  std::string problem;        // when !ok, English
  // With anchors (Verify): how many of the organisation's anchors the chain was held to, and —
  // when it does not pass through one — the sequence numbers that must hold the change: from the
  // entry after the last anchor that agrees to the first anchor that does not (or, when the chain
  // ends before an anchor, from the entry after its end to the highest anchor). 0 when none.
  int64_t anchors_checked = 0;
  int64_t range_from = 0;
  int64_t range_to = 0;
};

// A hash the chain must pass through: a checkpoint (seq, hash) kept outside this store, e.g. by
// a witness (src/witness). Verify recomputes every hash from the entries' bytes and compares it
// with each anchor, so a history rewritten with every later hash recomputed is still caught.
struct Anchor {
  int64_t seq = 0;
  std::string hash;
};
using Anchors = std::unordered_map<int64_t, std::vector<Anchor>>;  // org -> anchors, any order

// Decides where an append goes before the ledger queues it. An edge node's gate (src/sync)
// forwards drafts to the centre and mirrors what it answers, or turns them into provisional
// entries while the centre is out of reach; the centre's gate refuses direct writes to an
// organisation whose books are kept at an edge node. Called on the appending thread; must be
// thread-safe. Installed before Start().
class AppendGate {
 public:
  virtual ~AppendGate() = default;
  // Either changes `draft` (and returns nullopt: append it here), returns the entry it has
  // already appended (upstream and mirrored here), or returns an error (nothing written).
  virtual Result<std::optional<Appended>> Route(EntryDraft& draft) = 0;
  // True when Route only checks and changes drafts (never appends anywhere itself) and its answer
  // for each of `drafts` cannot depend on the others having been appended first: AppendAll then
  // routes the whole list and queues what passes as one group. Otherwise (the default) each
  // draft is routed and appended in turn.
  virtual bool RoutesAsOneList(const std::vector<EntryDraft>& drafts) const {
    (void)drafts;
    return false;
  }
};

struct VerifyReport {
  std::vector<OrgVerification> orgs;
  int64_t entries = 0;
  bool ok() const;
};

// What the group commit has done since the ledger started (for GET /metrics).
struct LedgerStats {
  // Batches by their number of entries: at most 1, 2, 4, 16, 64, 128, 256, 512 (not cumulative).
  static constexpr std::array<size_t, 8> kBatchSizeBounds = {1, 2, 4, 16, 64, 128, 256, 512};
  std::array<uint64_t, kBatchSizeBounds.size()> batches_by_size{};
  uint64_t batches = 0;       // committed append transactions
  uint64_t entries = 0;       // entries answered by them (stored or found stored)
  uint64_t retries = 0;       // attempts made again after the store was unavailable
  double commit_seconds = 0;  // time in those transactions, summed
  double wait_seconds = 0;    // from a caller's hand-over to its answer, summed over entries
};

class Ledger {
 public:
  Ledger(store::Db& db, const Clock& clock, LedgerOptions options = {});
  ~Ledger();
  Ledger(const Ledger&) = delete;
  Ledger& operator=(const Ledger&) = delete;

  // The ledger's tables (and the built-in account-balance projection's).
  static std::vector<store::Migration> Migrations();

  // Registers a projection; only before Start(). The ledger does not own it.
  void AddProjection(Projection* projection);
  void Start();
  // Finishes queued appends, then stops the writer. Appends after Stop fail with kUnavailable.
  void Stop();

  // Appends one entry and returns once it is durable. Errors: invalid input (the draft breaks
  // a ledger rule; nothing written), conflict (entry id reused), unavailable (database down).
  Result<Appended> Append(EntryDraft draft);
  // Appends many (e.g. an import or the demo), all through group commit; one result each.
  std::vector<Result<Appended>> AppendAll(std::vector<EntryDraft> drafts);
  // As AppendAll, but past the gate: for the sync module's own appends (catch-up at the centre,
  // held-entry markers), which the gate has already decided on.
  std::vector<Result<Appended>> AppendAllUngated(std::vector<EntryDraft> drafts);

  // Appends entries exactly as another node holds them (a replica, an edge's mirror, a
  // restore): same seq, numbers, time and hash, projections applied. Each must extend its
  // organisation's chain (seq = head + 1 and hash = SHA-256(head hash ‖ its canonical bytes)),
  // else kConflict "ledger.chain_mismatch" for it and nothing of it is written; an entry id
  // already held with the same hash is a duplicate, with another hash kConflict
  // "ledger.mirror_conflict". Group-committed like Append.
  std::vector<Result<Appended>> Mirror(std::vector<Entry> entries);
  // Replaces `org`'s entries after `after_seq` by `official` (verbatim, extending the chain from
  // entry `after_seq`) and rebuilds the organisation's projections — one transaction. An edge
  // node uses it when the centre has numbered its provisional entries (docs/continuity.md). The
  // official entries must continue at after_seq + 1, else kConflict and nothing changes.
  Status ReplaceSuffix(int64_t org, int64_t after_seq, std::vector<Entry> official);

  // Optional; before Start(). Not owned.
  void SetGate(AppendGate* gate);

  Result<Entry> Get(int64_t org, int64_t seq);
  Result<std::optional<Entry>> FindByEntryId(const std::string& entry_id);
  // Entries of `org` with seq > after_seq, in order, at most `limit`.
  Result<std::vector<Entry>> List(int64_t org, int64_t after_seq, size_t limit);
  Result<Head> GetHead(int64_t org);
  // The head of every organisation that has one, in organisation order.
  Result<std::vector<std::pair<int64_t, Head>>> AllHeads();
  // The highest seq after `after_seq` of an entry of `org` whose kind is one of `kinds`; 0 when
  // there is none (reads the (org, kind, seq) index, not the entries).
  Result<int64_t> LastSeqOfKinds(int64_t org, int64_t after_seq, const std::vector<std::string>& kinds);
  // The fiscal year of the first entry recorded for `org` (seq 1); none before it. Fixed once
  // written: documents dated earlier cannot move it, so once found it is kept in memory (every
  // document's date check asks). Only ReplaceSuffix can change an entry already written — an edge
  // node taking the centre's chain, in that node's own process — and it forgets the year.
  Result<std::optional<int>> FirstFiscalYear(int64_t org);

  // Sums of movements per account for posting dates in [from, to] (either bound optional).
  Result<std::vector<AccountTotals>> Totals(int64_t org, std::optional<Date> from,
                                            std::optional<Date> to);

  // The same per day, for the accounts named, in (account, day) order.
  Result<std::vector<DayTotals>> DailyTotals(int64_t org, Date from, Date to,
                                             const std::vector<std::string>& accounts);

  // Recomputes every chain and projection (all organisations, or one). `progress` is called
  // now and then with the number of entries checked so far. With `anchors`, each organisation's
  // recomputed chain must also pass through each of its anchors; an organisation named only by
  // an anchor (its entries and head gone) is walked too.
  Result<VerifyReport> Verify(std::optional<int64_t> org,
                              const std::function<void(int64_t)>& progress = {},
                              const Anchors* anchors = nullptr);
  // Rebuilds every projection from the log (all organisations, or one).
  Status Rebuild(std::optional<int64_t> org);

  store::Db& db() { return db_; }
  LedgerStats Stats() const;

 private:
  struct Pending {
    enum class Type { kDraft, kVerbatim, kTask };
    Type type = Type::kDraft;
    EntryDraft draft;                               // kDraft
    // kDraft: the draft's canonical bytes but for what the writer decides, encoded in the
    // caller's thread (FrameDraft); none when the writer changes the origin (a provisional node).
    std::optional<CanonicalFrame> frame;
    Entry verbatim;                                 // kVerbatim
    std::function<Status(store::Connection&)> task;  // kTask: runs alone in its own transaction
    int64_t task_org = 0;                            // kTask: the organisation it changes
    std::promise<Result<Appended>> promise;
    std::chrono::steady_clock::time_point handed_over;  // set by Enqueue
  };

  // One writer thread with its queue; its organisations are those with org mod writers = its index.
  struct Writer {
    std::mutex mutex;
    std::condition_variable queue_changed;
    std::deque<Pending*> queue;  // guarded by mutex
    bool stopping = false;       // guarded by mutex
    std::thread thread;
  };

  // Encodes pending.frame in the caller's thread, unless the writer will set the draft's origin.
  static void FrameDraft(Pending& pending);
  // Waits for room in the queue of the organisation's writer and hands `pending` to it; errors
  // once stopping.
  Status Enqueue(Pending* pending);
  Writer& WriterOf(const Pending& pending);
  void WriterLoop(Writer& writer);
  void CommitBatch(std::vector<Pending*>& batch);
  void Count(const std::vector<Pending*>& batch, std::chrono::steady_clock::time_point began,
             int retries);
  std::vector<Result<Appended>> EnqueueAll(std::vector<std::unique_ptr<Pending>> pendings);
  Status RebuildOrg(store::Connection& tx, int64_t org);
  // One batch in one transaction (ledger.cc): what is stored already, the heads and number series
  // locked, each entry built in arrival order, everything written, then each caller's result.
  // An Outcome is a result decided without appending (a duplicate, a conflict); nullopt when the
  // entry joined the batch.
  struct BatchState;
  std::vector<Result<Appended>> AppendAllRoutedAsOneList(std::vector<EntryDraft> drafts);
  using Outcome = std::optional<Result<Appended>>;
  Status AppendBatch(store::Connection& tx, std::vector<Pending*>& batch,
                     std::vector<std::optional<Result<Appended>>>& results);
  Status LookUpStored(store::Connection& tx, const std::vector<Pending*>& batch,
                      BatchState& state);
  Status LockHeadsAndSeries(store::Connection& tx, const std::vector<Pending*>& batch,
                            BatchState& state);
  Result<Outcome> AddVerbatim(const Entry& given, size_t index, BatchState& state);
  Result<Outcome> AddDraft(store::Connection& tx, const Pending& pending, size_t index,
                           BatchState& state);
  Status WriteBatch(store::Connection& tx, BatchState& state);

  store::Db& db_;
  const Clock& clock_;
  const LedgerOptions options_;
  std::vector<Projection*> projections_;
  AppendGate* gate_ = nullptr;
  std::unique_ptr<Projection> balances_;

  mutable std::mutex stats_mutex_;
  std::mutex first_years_mutex_;
  std::unordered_map<int64_t, int> first_years_;  // org -> fiscal year of its seq 1, once found
  uint64_t first_years_generation_ = 0;  // advanced around ReplaceSuffix: a read across it is not kept
  LedgerStats stats_;  // guarded by stats_mutex_
  std::vector<std::unique_ptr<Writer>> writers_;  // made by the constructor, started by Start()
  std::atomic<bool> started_{false};
};

}  // namespace klang::ledger
