// ledger/verify.cc — Ledger::Verify: every organisation's chain walked from genesis, every entry
// decoded and checked, every projection folded and compared (docs/ledger-format.md).
//
// The walk is a two-stage pipeline over chunks of the chain, so both cores work (a 1,000,000-entry
// book is checked at the speed docs/performance.md reports):
//   reading  (the caller's thread): the rows are streamed from the store in seq order, each
//            entry's bytes hashed onto the chain and compared with the stored hash, the anchors
//            held; the bytes are kept back to back in the chunk's buffer, not copied row by row;
//   checking (a helper thread, which splits the decoding with one more): each entry decoded
//            where it lies, compared with its index columns and summed, then folded into every
//            projection's check in seq order — while the reader reads the next chunk; after an
//            organisation's last chunk, its head and projections are compared there too, while
//            the reader goes on to the next organisation (on the other of two connections).
// A problem is reported as the walk in order would find it first: the lowest seq, and for one
// entry in the order missing, hash, decoding, index columns, balance.
#include <algorithm>
#include <array>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <thread>

#include "ledger/ledger.h"

namespace klang::ledger {
namespace {

using store::Connection;
using store::Rows;

constexpr size_t kVerifyDecodeThreadsMax = 8;

// Where the chain left its anchors (OrgVerification): the range that must hold the change and,
// unless an earlier problem was found, the first bad seq and the problem. `next_anchor` is the
// first anchor beyond the chain's last entry `last_seq`.
void HoldToAnchors(const std::vector<Anchor>& anchors, size_t next_anchor, int64_t agreed_seq,
                   int64_t disagreed_seq, int64_t last_seq, OrgVerification& result) {
  std::string problem;
  if (disagreed_seq != 0) {
    result.range_from = agreed_seq + 1;
    result.range_to = disagreed_seq;
    problem = "the chain does not pass through the witnessed checkpoint at seq " + std::to_string(disagreed_seq) +
              ": history was rewritten between seq " + std::to_string(result.range_from) + " and " +
              std::to_string(result.range_to) +
              (agreed_seq > 0 ? " (the checkpoint at seq " + std::to_string(agreed_seq) + " still agrees)"
                              : " (no earlier checkpoint agrees)");
  } else if (next_anchor < anchors.size()) {
    result.anchors_checked += static_cast<int64_t>(anchors.size() - next_anchor);
    result.range_from = last_seq + 1;
    result.range_to = anchors.back().seq;
    problem = "the chain ends at seq " + std::to_string(last_seq) + " but a checkpoint witnessed seq " +
              std::to_string(result.range_to) + ": entries " + std::to_string(result.range_from) + " to " +
              std::to_string(result.range_to) + " were removed (or the store was restored from an older copy)";
  } else {
    return;
  }
  if (result.ok || result.first_bad_seq > result.range_from) {
    result.ok = false;
    result.first_bad_seq = result.range_from;
    result.problem = problem;
  }
}

// The first problem of a walk, as a walk in order would meet it.
struct Problem {
  enum Rank { kMissing, kHash, kDecode, kIndexColumns, kUnbalanced };
  int64_t row_seq = 0;       // the row it was found at (the order)
  Rank rank = kMissing;      // the order within one row
  int64_t reported_seq = 0;  // the seq it names
  std::string text;
};

void Note(std::optional<Problem>& first, Problem problem) {
  if (!first || std::tie(problem.row_seq, problem.rank) < std::tie(first->row_seq, first->rank)) {
    first = std::move(problem);
  }
}

// Where one piece of text lies in a chunk's buffer.
struct Slice {
  size_t at = 0;
  size_t bytes = 0;
};

// One chunk of an organisation's chain as read: the text of every row back to back in `text`
// (with kDecodeReadAheadBytes of padding at the end, so the canonical bytes decode in place).
struct Chunk {
  struct RowRef {
    int64_t seq = 0;
    int64_t fiscal_year = 0;
    Slice entry_id, kind, document_date, posting_date, canonical;
  };
  std::string text;
  std::vector<RowRef> rows;

  Slice Keep(std::string_view piece) {
    Slice slice{text.size(), piece.size()};
    text.append(piece);
    return slice;
  }
  std::string_view View(Slice slice) const { return std::string_view(text).substr(slice.at, slice.bytes); }
};

// The checking stage of one organisation: decodes each chunk and folds it in order.
class ChunkChecker {
 public:
  ChunkChecker(int64_t org, std::vector<std::unique_ptr<ProjectionCheck>>& checks)
      : org_(org), checks_(checks) {}

  void Check(const Chunk& chunk) {
    if (entries_.size() < chunk.rows.size()) entries_.resize(chunk.rows.size());
    decoded_.assign(chunk.rows.size(), false);
    std::vector<std::optional<Problem>> found(Workers());
    const size_t per = (chunk.rows.size() + found.size() - 1) / found.size();
    std::vector<std::future<void>> helpers;
    for (size_t worker = 1; worker < found.size(); ++worker) {
      helpers.push_back(std::async(std::launch::async, [&, worker] {
        Decode(chunk, worker * per, (worker + 1) * per, found[worker]);
      }));
    }
    Decode(chunk, 0, per, found[0]);
    for (auto& helper : helpers) helper.get();
    for (auto& one : found) {
      if (one) Note(first_, std::move(*one));
    }
    for (size_t index = 0; index < chunk.rows.size(); ++index) {
      if (!decoded_[index]) continue;
      for (auto& check : checks_) check->Fold(entries_[index]);
    }
  }

  std::optional<Problem>& first() { return first_; }

 private:
  static size_t Workers() {
    return std::clamp<size_t>(std::thread::hardware_concurrency(), 1, kVerifyDecodeThreadsMax);
  }

  bool AnyReadsBody(std::string_view kind) const {
    return std::any_of(checks_.begin(), checks_.end(), [kind](const auto& check) { return check->ReadsBody(kind); });
  }

  void Decode(const Chunk& chunk, size_t begin, size_t end, std::optional<Problem>& first) {
    for (size_t index = begin; index < end && index < chunk.rows.size(); ++index) {
      const Chunk::RowRef& row = chunk.rows[index];
      const std::string_view kind = chunk.View(row.kind);
      Entry& entry = entries_[index];
      const Status status = DecodeCanonicalInto(chunk.View(row.canonical),
                                                AnyReadsBody(kind) ? BodyDecoding::kValue : BodyDecoding::kCheckOnly, entry);
      if (!status.ok()) {
        Note(first, {row.seq, Problem::kDecode, row.seq, status.detail_en()});
        continue;
      }
      if (entry.org != org_ || entry.seq != row.seq || entry.entry_id != chunk.View(row.entry_id) ||
          entry.kind != kind || entry.document_date.ToIso() != chunk.View(row.document_date) ||
          entry.posting_date.ToIso() != chunk.View(row.posting_date) || entry.fiscal_year != row.fiscal_year) {
        Note(first, {row.seq, Problem::kIndexColumns, row.seq, "index columns disagree with the entry bytes"});
      }
      if (!SumLines(entry.lines).balanced()) {
        Note(first, {row.seq, Problem::kUnbalanced, row.seq, "entry is unbalanced"});
      }
      entry.seq = row.seq;
      decoded_[index] = true;
    }
  }

  int64_t org_;
  std::vector<std::unique_ptr<ProjectionCheck>>& checks_;
  std::optional<Problem> first_;
  std::vector<Entry> entries_;
  std::vector<char> decoded_;
};

// The checking stage's one task in flight, and the two chunk buffers the reading stage fills in
// turn: a buffer is read into only after the task that checked it has finished. Shared by the
// organisations of one Verify, so one organisation's last chunk is checked (and its projections
// compared) while the next one's rows are read: a national store's organisations hold a few
// thousand entries each, one chunk, and would otherwise be read and checked one after the other.
class Pipeline {
 public:
  Chunk& NextChunk() {
    Chunk& chunk = chunks_[next_++ % chunks_.size()];
    chunk.text.clear();
    chunk.rows.clear();
    return chunk;
  }
  void Launch(std::function<void()> task) {
    Drain();
    in_flight_ = std::async(std::launch::async, std::move(task));
  }
  void Drain() {
    if (in_flight_.valid()) in_flight_.get();
  }

 private:
  std::array<Chunk, 2> chunks_;
  size_t next_ = 0;
  std::future<void> in_flight_;
};

// One organisation's walk: its rows read in order on the caller's thread (hashed onto the chain,
// held to the anchors), its chunks checked on the pipeline, and — after its last chunk, on the
// pipeline too — its head and projections compared in the same read transaction.
class OrgWalk : public std::enable_shared_from_this<OrgWalk> {
 public:
  OrgWalk(int64_t org, std::vector<Anchor> anchors, const std::vector<Projection*>& projections,
          Connection& connection)
      : anchors_(std::move(anchors)), projections_(projections), connection_(connection),
        checker_(org, checks_) {
    result_.org = org;
    std::sort(anchors_.begin(), anchors_.end(), [](const Anchor& a, const Anchor& b) { return a.seq < b.seq; });
    for (Projection* projection : projections_) checks_.push_back(projection->BeginCheck(org));
  }

  // Reads the chain `chunk_entries` rows at a time. Each task holds the walk, so it outlives any
  // task of its own. On an error nothing of this walk is left on the pipeline and its transaction
  // is ended.
  Status Read(Pipeline& pipeline, size_t chunk_entries, int64_t* checked,
              const std::function<void(int64_t)>& progress) {
    Status status = connection_.Begin(store::TransactionMode::kRead);
    while (status.ok()) {
      Chunk& chunk = pipeline.NextChunk();
      status = connection_.QueryEach(
          "SELECT seq, entry_id, kind, document_date, posting_date, fiscal_year, hash, canonical "
          "FROM ledger_entries WHERE org_id = $1 AND seq >= $2 ORDER BY seq LIMIT $3",
          {result_.org, expected_seq_, static_cast<int64_t>(chunk_entries)},
          [&](const store::RowView& row) { return ReadRow(chunk, row, checked, progress); });
      if (!status.ok()) break;
      chunk.text.append(kDecodeReadAheadBytes, '\0');
      if (chunk.rows.size() < chunk_entries) {  // the last chunk
        pipeline.Launch([self = shared_from_this(), &chunk] {
          self->checker_.Check(chunk);
          self->concluded_ = self->Conclude();
          self->End();
        });
        return Status::Ok();
      }
      pipeline.Launch([self = shared_from_this(), &chunk] { self->checker_.Check(chunk); });
    }
    pipeline.Drain();
    End();
    return status;
  }

  int64_t org() const { return result_.org; }
  // After the pipeline has run this walk's last task.
  Result<OrgVerification> TakeResult() { return std::move(concluded_); }

 private:
  Status ReadRow(Chunk& chunk, const store::RowView& row, int64_t* checked,
                 const std::function<void(int64_t)>& progress) {
    const int64_t seq = row.Int(0);
    if (seq != expected_seq_) {
      Note(read_problem_, {seq, Problem::kMissing, expected_seq_, "entry missing from the chain"});
    }
    const std::string_view canonical = row.Text(7);
    const std::string_view stored_hash = row.Text(6);
    // A damaged stored hash before this entry is reported at that entry (its own hash fails); this
    // link cannot be computed from it.
    const std::string hash = IsChainHashHex(previous_hash_) ? ChainHash(previous_hash_, canonical) : std::string();
    if (hash.empty() || hash != stored_hash) {
      Note(read_problem_, {seq, Problem::kHash, seq, "hash mismatch: the stored bytes or the stored hash were altered"});
    }
    // Anchors are held to the chain hashed from the stored bytes alone: a stored hash left as it
    // was in the middle of a rewrite must not make a later anchor agree.
    if (!anchors_.empty()) {  // the same hash while every stored hash so far was right
      recomputed_hash_ = recomputed_hash_ == previous_hash_ ? hash : ChainHash(recomputed_hash_, canonical);
    }
    for (; next_anchor_ < anchors_.size() && anchors_[next_anchor_].seq <= seq; ++next_anchor_) {
      const Anchor& anchor = anchors_[next_anchor_];
      const bool agrees = anchor.seq == seq && anchor.hash == recomputed_hash_;
      ++result_.anchors_checked;
      if (agrees && disagreed_seq_ == 0) agreed_seq_ = seq;
      if (!agrees && disagreed_seq_ == 0) disagreed_seq_ = anchor.seq;
    }
    chunk.rows.push_back({seq, row.Int(5), chunk.Keep(row.Text(1)), chunk.Keep(row.Text(2)), chunk.Keep(row.Text(3)),
                          chunk.Keep(row.Text(4)), chunk.Keep(canonical)});
    previous_hash_.assign(stored_hash);
    expected_seq_ = seq + 1;
    ++result_.entries;
    if (progress && ++*checked % 100'000 == 0) progress(*checked);
    return Status::Ok();
  }

  // On the pipeline, after the last chunk was checked: the first problem in walk order, the
  // anchors, the head, then every projection against its stored rows (the transaction is ended
  // after it).
  Result<OrgVerification> Conclude() {
    std::optional<Problem> first = std::move(read_problem_);
    if (checker_.first()) Note(first, std::move(*checker_.first()));
    if (first) Bad(first->reported_seq, std::move(first->text));
    const int64_t last_seq = expected_seq_ - 1;
    HoldToAnchors(anchors_, next_anchor_, agreed_seq_, disagreed_seq_, last_seq, result_);
    auto head = connection_.Query("SELECT seq, hash FROM ledger_heads WHERE org_id = $1", {result_.org});
    if (!head.ok()) return head.status();
    if (head->empty() || (*head)[0].Int(0) != last_seq || (*head)[0].Text(1) != previous_hash_) {
      const int64_t head_seq = head->empty() ? 0 : (*head)[0].Int(0);
      Bad(head_seq < last_seq ? head_seq + 1 : (head_seq > last_seq ? last_seq + 1 : last_seq),
          "chain head disagrees with the entries (head says " + std::to_string(head_seq) + ", entries end at " +
              std::to_string(last_seq) + ")");
    }
    for (size_t index = 0; index < checks_.size(); ++index) {
      auto disagreement = checks_[index]->Compare(connection_);
      if (!disagreement.ok()) return disagreement.status();
      if (*disagreement) {
        const int64_t seq = (*disagreement)->seq == INT64_MAX ? expected_seq_ : (*disagreement)->seq;
        Bad(seq, std::string(projections_[index]->name()) + ": " + (*disagreement)->what);
      }
    }
    return std::move(result_);
  }

  void Bad(int64_t seq, std::string problem) {
    if (!result_.ok) return;
    result_.ok = false;
    result_.first_bad_seq = seq;
    result_.problem = std::move(problem);
  }

  // The read transaction ends (read-only: rolled back).
  void End() {
    if (connection_.in_transaction()) (void)connection_.Rollback();
  }

  OrgVerification result_;
  std::vector<Anchor> anchors_;
  const std::vector<Projection*>& projections_;
  Connection& connection_;
  std::vector<std::unique_ptr<ProjectionCheck>> checks_;
  ChunkChecker checker_;
  std::optional<Problem> read_problem_;  // found by the reading stage
  size_t next_anchor_ = 0;
  int64_t agreed_seq_ = 0;     // the last anchor the recomputed chain passed through
  int64_t disagreed_seq_ = 0;  // the first it did not
  std::string previous_hash_ = GenesisHash();
  std::string recomputed_hash_ = GenesisHash();
  int64_t expected_seq_ = 1;
  Result<OrgVerification> concluded_ = Status::Internal("ledger.verify_unfinished", "verify did not conclude");
};

// One of the walk's connections: taken when first needed, read through a memory map while held
// (store::Connection::BulkRead; mapped afresh for each organisation, every page read would fault
// in again), and given back — unmapped — after a failed read, so the next organisation takes
// another instead of meeting the same broken one.
class WalkConnection {
 public:
  explicit WalkConnection(store::Db& db) : db_(db) {}
  WalkConnection(const WalkConnection&) = delete;
  WalkConnection& operator=(const WalkConnection&) = delete;
  ~WalkConnection() { Release(); }

  Result<Connection*> Get() {
    if (!lease_) {
      KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
      lease_.emplace(std::move(lease));
      (void)(**lease_).BulkRead(true);
    }
    return &**lease_;
  }
  void Release() {
    if (!lease_) return;
    (void)(**lease_).BulkRead(false);
    lease_.reset();
  }

 private:
  store::Db& db_;
  std::optional<store::Lease> lease_;
};

}  // namespace

Result<VerifyReport> Ledger::Verify(std::optional<int64_t> org,
                                    const std::function<void(int64_t)>& progress,
                                    const Anchors* anchors) {
  std::vector<int64_t> orgs;
  std::future<Status> integrity;
  if (org) {
    orgs.push_back(*org);
  } else {
    // The whole-store check, on its own connection and thread while the chains are walked: a
    // damaged page anywhere is reported even if no entry row reads back wrong.
    integrity = std::async(std::launch::async, [this]() -> Status {
      KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
      KLANG_RETURN_IF_ERROR(lease->BulkRead(true));
      Status checked = lease->CheckIntegrity();
      (void)lease->BulkRead(false);
      return checked;
    });
    auto rows = [&]() -> Result<Rows> {
      KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
      return lease->Query("SELECT org_id FROM ledger_heads UNION "
                          "SELECT DISTINCT org_id FROM ledger_entries ORDER BY 1");
    }();
    if (!rows.ok()) {
      (void)integrity.get();
      return rows.status();
    }
    for (const auto& row : *rows) orgs.push_back(row.Int(0));
    if (anchors != nullptr) {  // an organisation whose every row is gone still has its anchors
      for (const auto& [one, unused] : *anchors) {
        if (!std::binary_search(orgs.begin(), orgs.end(), one)) orgs.insert(std::upper_bound(orgs.begin(), orgs.end(), one), one);
      }
    }
  }
  VerifyReport report;
  auto add = [&report](int64_t one, Result<OrgVerification> verification) {
    if (!verification.ok()) {
      // The organisation's rows could not even be read (e.g. a damaged database file).
      report.orgs.push_back({one, 0, false, 1, verification.status().ToString()});
      return;
    }
    report.entries += verification->entries;
    report.orgs.push_back(std::move(verification).value());
  };
  // Two connections used in turn: one organisation concludes on one while the next is read on
  // the other. Declared before the pipeline, so destroyed after it: its task in flight uses one.
  WalkConnection connections[] = {WalkConnection(db_), WalkConnection(db_)};
  Pipeline pipeline;
  std::shared_ptr<OrgWalk> concluding;  // its last task is on the pipeline
  int64_t checked = 0;
  for (size_t number = 0; number < orgs.size(); ++number) {
    const int64_t one = orgs[number];
    std::vector<Anchor> held;
    if (anchors != nullptr) {
      if (auto found = anchors->find(one); found != anchors->end()) held = found->second;
    }
    WalkConnection& connection = connections[number % std::size(connections)];
    Result<Connection*> taken = connection.Get();
    Status read = taken.status();
    std::shared_ptr<OrgWalk> walk;
    if (read.ok()) {
      walk = std::make_shared<OrgWalk>(one, std::move(held), projections_, **taken);
      read = walk->Read(pipeline, options_.verify_chunk_entries, &checked, progress);
    } else {
      pipeline.Drain();
    }
    // The walk before has concluded: this one's first task waited for it, and a failed read or a
    // missing connection drained the pipeline.
    if (concluding) add(concluding->org(), concluding->TakeResult());
    concluding.reset();
    if (read.ok()) {
      concluding = std::move(walk);
    } else {
      connection.Release();  // it may be what failed
      add(one, read);
    }
  }
  pipeline.Drain();
  if (concluding) add(concluding->org(), concluding->TakeResult());
  if (integrity.valid()) KLANG_RETURN_IF_ERROR(integrity.get());
  return report;
}

}  // namespace klang::ledger
