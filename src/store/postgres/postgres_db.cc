#include "store/postgres/postgres_db.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace klang::store {
namespace {

// Type OIDs of the integer types (pg_type.h); every other type is returned as text.
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;

std::string RedactUrl(const std::string& url) {
  // Drop a password from "postgresql://user:secret@host/db" before it reaches a log.
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + ":***" + url.substr(at);
}

Status ResultError(PGconn* handle, const PGresult* result, std::string_view context) {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  std::string detail = std::string(context) + ": " +
                       (result ? PQresultErrorMessage(result) : PQerrorMessage(handle));
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  if (sqlstate == "23505") {
    return Status::Conflict("store.unique_violation", "รายการนี้มีอยู่แล้ว", detail);
  }
  if (sqlstate.rfind("23", 0) == 0) {
    return Status::Error(ErrorCode::kInvalidInput, "store.constraint",
                         "ข้อมูลขัดกับเงื่อนไขของระบบ", detail);
  }
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return Status::Unavailable("store.serialization", detail);
  }
  // 25006: a read-only transaction (a standby, or a primary demoted under us); 57P0x: shutting
  // down, crashed, not accepting connections yet. Another attempt may reach the new leader.
  if (sqlstate == "25006") return Status::Unavailable("store.read_only", detail);
  // lock_timeout: a lock held by a commit still waiting for its standby (an abandoned COMMIT).
  if (sqlstate == "55P03") return Status::Unavailable("store.lock_timeout", detail);
  if (sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57P0", 0) == 0 || sqlstate == "53100" ||
      PQstatus(handle) != CONNECTION_OK) {
    return Status::Unavailable("store.connection", detail);
  }
  return Status::Internal("store.postgres", detail);
}

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

// The server's warning when a COMMIT's wait for the synchronous standby ends before the standby
// confirmed it (cancelled, or the backend terminated): committed locally, perhaps not replicated.
// Matched in English: the deployment keeps lc_messages = 'C' (deploy/).
constexpr std::string_view kSyncRepCancelled = "synchronous replication";

class PostgresConnection final : public Connection {
 public:
  PostgresConnection(PGconn* handle, int commit_wait_ms_max, size_t statements_max)
      : handle_(handle), commit_wait_ms_max_(commit_wait_ms_max), prepared_(statements_max), multi_row_(statements_max) {
    PQsetNoticeReceiver(handle_, &PostgresConnection::OnNotice, this);
  }
  ~PostgresConnection() override { PQfinish(handle_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool in_transaction() const override { return in_transaction_; }
  size_t prepared_statements() const override { return prepared_.size(); }
  // An idle connection the server or the router closed is seen as gone before it is lent: the
  // server sends nothing unasked to an idle session of Klang's (no LISTEN), so anything waiting
  // on its socket — the FATAL of a terminated backend, the end of the stream — condemns it.
  // Only an idle connection is polled: one inside a transaction is in its lender's hands.
  bool healthy() const override {
    if (abandoned_ || PQstatus(handle_) != CONNECTION_OK) return false;
    if (in_transaction_) return true;
    if (PQtransactionStatus(handle_) != PQTRANS_IDLE || PQpipelineStatus(handle_) != PQ_PIPELINE_OFF) {
      return false;  // a failed ROLLBACK, or results left unread: not fit to lend
    }
    pollfd waiting{PQsocket(handle_), POLLIN, 0};
    int ready = 0;
    do {
      ready = ::poll(&waiting, 1, /*timeout_ms=*/0);
    } while (ready < 0 && errno == EINTR);
    return ready == 0;
  }

  Status ExecuteScript(std::string_view sql) override {
    KLANG_RETURN_IF_ERROR(SendHeld());
    const std::string text = Dialectize(sql, Dialect::kPostgres);
    ResultPtr result(PQexec(handle_, text.c_str()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return ResultError(handle_, result.get(), "exec");
    }
    return Status::Ok();
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    KLANG_RETURN_IF_ERROR(SendHeld());
    KLANG_ASSIGN_OR_RETURN(std::string name, Prepare(sql));
    ParamArrays arrays(params);
    ResultPtr result(PQexecPrepared(handle_, name.c_str(), static_cast<int>(params.size()),
                                    arrays.values.data(), nullptr, nullptr, 0));
    return Collect(result.get());
  }

  Result<int64_t> Execute(std::string_view sql, const Params& params) override {
    KLANG_RETURN_IF_ERROR(SendHeld());
    KLANG_ASSIGN_OR_RETURN(std::string name, Prepare(sql));
    ParamArrays arrays(params);
    ResultPtr result(PQexecPrepared(handle_, name.c_str(), static_cast<int>(params.size()),
                                    arrays.values.data(), nullptr, nullptr, 0));
    KLANG_RETURN_IF_ERROR(Collect(result.get()).status());
    const char* tuples = PQcmdTuples(result.get());
    return static_cast<int64_t>(tuples && *tuples ? std::atoll(tuples) : 0);
  }

  // Rows held back by InsertRowsLater go first, in the same pipeline.
  Status ExecuteMany(std::string_view sql, const std::vector<Params>& rows) override {
    if (rows.empty()) return SendHeld();
    KLANG_ASSIGN_OR_RETURN(std::string name, Prepare(sql));
    std::vector<Statement> statements = HeldStatements();
    statements.reserve(statements.size() + rows.size());
    for (const Params& params : rows) statements.push_back({name, &params});
    Status status = RunPipeline(statements);
    held_.clear();
    return status;
  }

  Status InsertRows(std::string_view sql, const std::vector<Params>& rows) override {
    KLANG_RETURN_IF_ERROR(Hold(sql, std::vector<Params>(rows)));
    return SendHeld();
  }

  // Held until the next statement of this transaction, or its COMMIT (Connection::InsertRowsLater).
  Status InsertRowsLater(std::string_view sql, std::vector<Params> rows) override {
    KLANG_RETURN_IF_ERROR(Hold(sql, std::move(rows)));
    return in_transaction_ ? Status::Ok() : SendHeld();
  }

  Status CheckIntegrity() override { return Status::Ok(); }

  Status Begin(TransactionMode mode) override {
    KLANG_ASSERT_MSG(!in_transaction_, "nested transaction");
    DeallocateForgotten();
    // A write transaction takes its transaction id at once: its COMMIT then always writes a
    // commit record and waits for the synchronous standby, even when it wrote nothing else (a
    // retry that found its entries stored). On a standby this fails at BEGIN with 25006.
    Status begun = ExecuteScript(mode == TransactionMode::kWrite
                                     ? "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_current_xact_id()"
                                     : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    if (!begun.ok()) {
      // BEGIN ran and the id was refused: leave no aborted transaction behind for the next user.
      if (PQtransactionStatus(handle_) != PQTRANS_IDLE) (void)ExecuteScript("ROLLBACK");
      // A server that is a standby now (a primary demoted under a multi-host URL) stays one:
      // this connection is not lent again.
      if (begun.stable_code() == "store.read_only") abandoned_ = true;
      return begun;
    }
    in_transaction_ = true;
    return Status::Ok();
  }

  // COMMIT, never cancelled: answered within commit_wait_ms_max and without the warning that the
  // synchronous standby's confirmation was given up, or not acknowledged.
  Status Commit() override {
    KLANG_ASSERT(in_transaction_);
    // Rows held back go first (nothing is committed if they fail: the transaction is rolled
    // back and their error returned, so a cut connection here is "unavailable", not "unknown").
    if (Status sent = SendHeld(); !sent.ok()) {
      (void)Rollback();
      return sent;
    }
    in_transaction_ = false;
    notices_.clear();
    if (PQsendQuery(handle_, "COMMIT") != 1) {
      abandoned_ = true;
      return Status::Unavailable("store.commit_unknown", std::string("COMMIT not sent: ") + PQerrorMessage(handle_));
    }
    KLANG_RETURN_IF_ERROR(AwaitResult());
    Status status;
    while (PGresult* raw = PQgetResult(handle_)) {
      ResultPtr result(raw);
      if (PQresultStatus(result.get()) != PGRES_COMMAND_OK && status.ok()) {
        status = ResultError(handle_, result.get(), "commit");
      }
    }
    if (!status.ok()) {
      // A commit cut off may have committed: the caller cannot know, so it is never "success".
      return status.code() == ErrorCode::kUnavailable ? Status::Unavailable("store.commit_unknown", status.ToString())
                                                      : status;
    }
    for (const auto& notice : notices_) {
      if (notice.find(kSyncRepCancelled) != std::string::npos) {
        abandoned_ = true;
        return Status::Unavailable("store.commit_unreplicated", "COMMIT answered with: " + notice);
      }
    }
    return Status::Ok();
  }

  Status Rollback() override {
    in_transaction_ = false;
    held_.clear();
    if (PQtransactionStatus(handle_) == PQTRANS_IDLE) return Status::Ok();
    return ExecuteScript("ROLLBACK");
  }

 private:
  static void OnNotice(void* self, const PGresult* result) {
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    static_cast<PostgresConnection*>(self)->notices_.emplace_back(primary ? primary : "");
  }

  // Waits for the COMMIT's answer; past commit_wait_ms_max the connection is abandoned (dropped
  // from the pool, the query left running: a cancel would turn an unreplicated commit into a
  // "success") and the commit is not acknowledged.
  Status AwaitResult() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(commit_wait_ms_max_);
    for (;;) {
      if (PQconsumeInput(handle_) != 1) {
        abandoned_ = true;
        return Status::Unavailable("store.commit_unknown", std::string("COMMIT cut off: ") + PQerrorMessage(handle_));
      }
      if (PQisBusy(handle_) == 0) return Status::Ok();
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) {
        abandoned_ = true;
        return Status::Unavailable("store.commit_unknown",
                                   "COMMIT not answered within " + std::to_string(commit_wait_ms_max_) + " ms");
      }
      pollfd socket{PQsocket(handle_), POLLIN, 0};
      if (poll(&socket, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
        abandoned_ = true;  // the COMMIT may still be running on it
        return Status::Unavailable("store.commit_unknown", "poll failed while waiting for COMMIT");
      }
    }
  }

  // libpq's text parameters: text values point into `params` itself (which outlives the call),
  // integers are written out here.
  struct ParamArrays {
    explicit ParamArrays(const Params& params) {
      integers.resize(params.size());
      values.reserve(params.size());
      for (size_t index = 0; index < params.size(); ++index) {
        const Value& value = params[index];
        if (std::holds_alternative<Null>(value)) {
          values.push_back(nullptr);
        } else if (std::holds_alternative<int64_t>(value)) {
          integers[index] = std::to_string(std::get<int64_t>(value));
          values.push_back(integers[index].c_str());
        } else {
          values.push_back(std::get<std::string>(value).c_str());
        }
      }
    }
    ParamArrays(const ParamArrays&) = delete;  // `values` points into `integers`
    ParamArrays& operator=(const ParamArrays&) = delete;
    std::vector<std::string> integers;  // by index; empty for the others
    std::vector<const char*> values;
  };

  struct Statement {
    std::string name;  // prepared
    const Params* params;
  };

  struct HeldStatement {
    std::string name;  // prepared
    Params params;
  };

  // The rows of the next statement when `left` are to go: kInsertRowsPerStatement, or the largest
  // power of two that fits (at most seven shapes of a statement, each prepared once).
  static size_t ChunkRows(size_t left) {
    size_t size = kInsertRowsPerStatement;
    while (size > left) size /= 2;
    return size;
  }

  // `rows` as multi-row statements (ChunkRows), added to held_; nothing is added when it fails.
  Status Hold(std::string_view sql, std::vector<Params> rows) {
    for (const Params& row : rows) {
      if (row.size() != rows[0].size()) return Status::Internal("store.insert_rows", "rows of different widths");
    }
    // Each statement joins held_ as soon as it is prepared, so that preparing the next cannot
    // let it go (Prepare passes over held statements).
    const size_t held_before = held_.size();
    for (size_t start = 0; start < rows.size();) {
      const size_t size = ChunkRows(rows.size() - start);
      Result<std::string> name = size == 1 ? Prepare(sql) : PrepareRows(sql, size);
      if (!name.ok()) {
        held_.erase(held_.begin() + static_cast<std::ptrdiff_t>(held_before), held_.end());
        return name.status();
      }
      HeldStatement& held = held_.emplace_back(HeldStatement{std::move(*name), {}});
      held.params.reserve(size * rows[start].size());
      for (size_t row = start; row < start + size; ++row) {
        held.params.insert(held.params.end(), std::make_move_iterator(rows[row].begin()),
                           std::make_move_iterator(rows[row].end()));
      }
      start += size;
    }
    return Status::Ok();
  }

  std::vector<Statement> HeldStatements() const {
    std::vector<Statement> statements;
    statements.reserve(held_.size());
    for (const HeldStatement& held : held_) statements.push_back({held.name, &held.params});
    return statements;
  }

  // Sends what is held, if anything: one round trip.
  Status SendHeld() {
    if (held_.empty()) return Status::Ok();
    Status status = RunPipeline(HeldStatements());
    held_.clear();
    return status;
  }

  // Sends the statements in one pipeline ending in one sync point and reads every answer: one
  // round trip. The first error is returned (the server skips what follows it up to the sync).
  Status RunPipeline(const std::vector<Statement>& statements) {
    if (PQenterPipelineMode(handle_) != 1) {
      return Status::Internal("store.pipeline", PQerrorMessage(handle_));
    }
    Status first_error;
    for (const Statement& statement : statements) {
      ParamArrays arrays(*statement.params);
      if (PQsendQueryPrepared(handle_, statement.name.c_str(), static_cast<int>(statement.params->size()),
                              arrays.values.data(), nullptr, nullptr, 0) != 1) {
        first_error = Status::Unavailable("store.connection", PQerrorMessage(handle_));
        break;
      }
    }
    if (PQpipelineSync(handle_) != 1 && first_error.ok()) {
      first_error = Status::Unavailable("store.connection", PQerrorMessage(handle_));
    }
    // Drain every result up to and including the sync point.
    for (;;) {
      ResultPtr result(PQgetResult(handle_));
      if (result == nullptr) {  // the end of one query's results
        if (PQstatus(handle_) != CONNECTION_OK) {
          if (first_error.ok()) first_error = Status::Unavailable("store.connection", "lost");
          break;
        }
        continue;
      }
      const ExecStatusType status = PQresultStatus(result.get());
      if (status == PGRES_PIPELINE_SYNC) break;
      if (status == PGRES_FATAL_ERROR && first_error.ok()) {
        first_error = ResultError(handle_, result.get(), "pipeline");
      }
      if (PQstatus(handle_) != CONNECTION_OK) {
        if (first_error.ok()) first_error = Status::Unavailable("store.connection", "lost");
        break;
      }
    }
    PQexitPipelineMode(handle_);
    return first_error;
  }

  // The multi-row shape of `sql` for `rows` rows: its text written once (multi_row_), prepared as
  // any other statement.
  Result<std::string> PrepareRows(std::string_view sql, size_t rows) {
    std::string key = std::to_string(rows) + "\x1f" + std::string(sql);
    if (const std::string* text = multi_row_.Find(key)) return Prepare(*text);
    KLANG_ASSIGN_OR_RETURN(std::string text, MultiRowInsertSql(sql, rows));
    multi_row_.Add(std::move(key), text);
    while (multi_row_.TakeOverflow([](const std::string&) { return false; })) {
    }
    return Prepare(text);
  }

  // The name of the server-side statement for `sql`, prepared once and kept (StatementCache:
  // past its bound the least recently used is DEALLOCATEd, unless it is held for a pipeline).
  Result<std::string> Prepare(std::string_view sql) {
    if (const std::string* name = prepared_.Find(sql)) return *name;
    std::string name = "k" + std::to_string(++statements_named_);
    const std::string text = Dialectize(sql, Dialect::kPostgres);
    ResultPtr result(PQprepare(handle_, name.c_str(), text.c_str(), 0, nullptr));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return ResultError(handle_, result.get(), "prepare '" + text + "'");
    }
    prepared_.Add(std::string(sql), name);
    const auto held = [this](const std::string& kept) {
      return std::any_of(held_.begin(), held_.end(), [&kept](const HeldStatement& one) { return one.name == kept; });
    };
    while (std::optional<std::string> old = prepared_.TakeOverflow(held)) {
      forgotten_.push_back(std::move(*old));
    }
    if (!in_transaction_) DeallocateForgotten();
    return name;
  }

  // Lets the server forget the statements the cache let go. Only outside a transaction: a
  // DEALLOCATE that failed inside one would abort the caller's transaction. One that fails here
  // (the connection is going) only leaves the statement on the server until the session ends —
  // its name is never used again.
  void DeallocateForgotten() {
    for (const std::string& name : forgotten_) {
      ResultPtr result(PQexec(handle_, ("DEALLOCATE " + name).c_str()));
      (void)result;
    }
    forgotten_.clear();
  }

  Result<Rows> Collect(const PGresult* result) {
    const ExecStatusType status = PQresultStatus(result);
    if (status == PGRES_COMMAND_OK) return Rows{};
    if (status != PGRES_TUPLES_OK) return ResultError(handle_, result, "query");
    const int row_count = PQntuples(result);
    const int column_count = PQnfields(result);
    Rows rows;
    rows.reserve(row_count);
    for (int row = 0; row < row_count; ++row) {
      std::vector<Value> values;
      values.reserve(column_count);
      for (int column = 0; column < column_count; ++column) {
        if (PQgetisnull(result, row, column)) {
          values.emplace_back(Null{});
          continue;
        }
        const char* text = PQgetvalue(result, row, column);
        const Oid type = PQftype(result, column);
        if (type == kInt8Oid || type == kInt4Oid || type == kInt2Oid) {
          values.emplace_back(static_cast<int64_t>(std::strtoll(text, nullptr, 10)));
        } else {
          values.emplace_back(std::string(text, PQgetlength(result, row, column)));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  PGconn* handle_;
  const int commit_wait_ms_max_;
  bool in_transaction_ = false;
  bool abandoned_ = false;            // a COMMIT left unanswered or unreplicated: never reused
  std::vector<std::string> notices_;  // the server's notices and warnings since the COMMIT was sent
  StatementCache<std::string> prepared_;   // SQL text → the server-side statement's name
  StatementCache<std::string> multi_row_;  // rows "\x1f" SQL text → the multi-row statement's text
  uint64_t statements_named_ = 0;          // names are never reused, even after a DEALLOCATE
  std::vector<std::string> forgotten_;     // let go inside a transaction, DEALLOCATEd after it
  std::vector<HeldStatement> held_;  // InsertRowsLater's rows not yet sent (inside a transaction)
};

Result<std::unique_ptr<Connection>> OpenConnection(const PostgresOptions& options) {
  const std::string timeout = std::to_string(options.connect_seconds_max);
  const char* keys[] = {"dbname", "connect_timeout", "application_name", nullptr};
  const char* values[] = {options.url.c_str(), timeout.c_str(), "klang", nullptr};
  PGconn* handle = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  if (handle == nullptr || PQstatus(handle) != CONNECTION_OK) {
    Status status = Status::Unavailable(
        "store.connection", "cannot connect to " + RedactUrl(options.url) + ": " +
                                (handle ? PQerrorMessage(handle) : "out of memory"));
    PQfinish(handle);
    return status;
  }
  auto connection = std::make_unique<PostgresConnection>(handle, options.commit_wait_ms_max, options.statements_max);
  KLANG_RETURN_IF_ERROR(connection->ExecuteScript(
      "SET client_encoding = 'UTF8'; SET client_min_messages = warning; SET client_connection_check_interval = " +
      std::to_string(options.client_check_ms) + "; SET lock_timeout = " + std::to_string(options.commit_wait_ms_max)));
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace

Result<std::unique_ptr<Db>> OpenPostgres(const PostgresOptions& given) {
  PostgresOptions options = given;
  if (const char* wait = std::getenv("KLANG_PG_COMMIT_WAIT_MS"); wait != nullptr && std::atoi(wait) > 0) {
    options.commit_wait_ms_max = std::atoi(wait);
  }
  KLANG_ASSIGN_OR_RETURN(auto probe, OpenConnection(options));
  probe.reset();
  DbOptions db_options;
  db_options.connections_max = options.connections_max;
  db_options.unavailable_wait_ms_max = std::chrono::milliseconds(options.unavailable_wait_ms_max);
  return std::make_unique<Db>(
      Dialect::kPostgres, RedactUrl(options.url),
      [options]() { return OpenConnection(options); }, db_options);
}

}  // namespace klang::store
