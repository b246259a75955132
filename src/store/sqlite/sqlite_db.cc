#include "store/sqlite/sqlite_db.h"

#include <sqlite3.h>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/wal_vfs.h"

namespace klang::store {
namespace {

Status SqliteError(sqlite3* handle, int code, std::string_view context) {
  const int primary = code & 0xff;
  const std::string detail = std::string(context) + ": " +
                             (handle ? sqlite3_errmsg(handle) : sqlite3_errstr(code)) +
                             " (sqlite code " + std::to_string(code) + ")";
  switch (primary) {
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return Status::Conflict("store.unique_violation", "รายการนี้มีอยู่แล้ว", detail);
      }
      return Status::Error(ErrorCode::kInvalidInput, "store.constraint",
                           "ข้อมูลขัดกับเงื่อนไขของระบบ", detail);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Unavailable("store.busy", detail);
    case SQLITE_FULL:
      return Status::Unavailable("store.disk_full", detail);
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      return Status::Unavailable("store.io", detail);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Internal("store.corrupt", detail);
    default:
      return Status::Internal("store.sqlite", detail);
  }
}

// Runs statements without parameters; SQLite's result code.
int Exec(sqlite3* handle, const std::string& sql) {
  char* message = nullptr;
  const int code = sqlite3_exec(handle, sql.c_str(), nullptr, nullptr, &message);
  if (message != nullptr) sqlite3_free(message);
  return code;
}

// The current row of a stepped statement, read in place.
class StatementRowView final : public RowView {
 public:
  explicit StatementRowView(sqlite3_stmt* statement) : statement_(statement) {}
  bool IsNull(size_t column) const override {
    return sqlite3_column_type(statement_, Index(column)) == SQLITE_NULL;
  }
  int64_t Int(size_t column) const override {
    KLANG_ASSERT_MSG(sqlite3_column_type(statement_, Index(column)) == SQLITE_INTEGER,
                     "column is not an integer");
    return static_cast<int64_t>(sqlite3_column_int64(statement_, Index(column)));
  }
  std::string_view Text(size_t column) const override {
    const int type = sqlite3_column_type(statement_, Index(column));
    // As Query reads it: anything but NULL and an integer is text.
    KLANG_ASSERT_MSG(type != SQLITE_NULL && type != SQLITE_INTEGER, "column is not text");
    // As a blob: the bytes where they lie in the page. (sqlite3_column_text would copy each value
    // to add the terminating NUL a string_view does not need; the database is UTF-8, so the
    // bytes are the text.)
    const auto* text = static_cast<const char*>(sqlite3_column_blob(statement_, Index(column)));
    const int bytes = sqlite3_column_bytes(statement_, Index(column));
    return text == nullptr ? std::string_view() : std::string_view(text, static_cast<size_t>(bytes));
  }

 private:
  int Index(size_t column) const {
    KLANG_ASSERT(column < static_cast<size_t>(sqlite3_column_count(statement_)));
    return static_cast<int>(column);
  }
  sqlite3_stmt* statement_;
};

// Moves committed WAL frames into the database file on its own connection and thread, so no
// committing transaction does it (SQLite's automatic checkpoint runs inside the COMMIT that
// crosses the threshold: the ledger's writer stalled there, behind every caller it batched —
// docs/performance.md "The HTTP path"). PASSIVE: it copies what no reader still needs and never
// waits for, or blocks, a reader or the writer. Past wal_restart_frames it also restarts the WAL,
// holding this pool's writers back for that moment (Checkpoint). Durability is unchanged: a
// commit is durable once its WAL frames are synced; the checkpoint only copies them.
class Checkpointer {
 public:
  Checkpointer(sqlite3* handle, const SqliteOptions& options)
      : handle_(handle), checkpoint_frames_(options.wal_checkpoint_frames),
        restart_frames_(options.wal_restart_frames) {
    KLANG_ASSERT(checkpoint_frames_ > 0 && restart_frames_ >= checkpoint_frames_);
    KLANG_ASSERT(options.wal_restart_wait_ms_max > 0);
    sqlite3_busy_timeout(handle_, options.wal_restart_wait_ms_max);  // used by the restart only
    thread_ = std::thread([this] { Run(); });
  }
  ~Checkpointer() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
    sqlite3_close_v2(handle_);
  }
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Called by this pool's connections before BEGIN IMMEDIATE: waits while a restart is under
  // way. A writer that commits and begins again at once would otherwise take SQLite's write lock
  // back before the restart's busy handler looks again, and the restart would never get it.
  void WaitWhileRestarting() {
    std::unique_lock lock(mutex_);
    restart_done_.wait(lock, [this] { return !restarting_; });
  }

  // sqlite3_wal_hook: called after each commit with the frames now in the WAL.
  static int OnCommit(void* self, sqlite3*, const char*, int frames) {
    auto* checkpointer = static_cast<Checkpointer*>(self);
    if (frames >= checkpointer->checkpoint_frames_) {
      {
        std::lock_guard lock(checkpointer->mutex_);
        checkpointer->due_ = true;
      }
      checkpointer->wake_.notify_one();
    }
    return SQLITE_OK;
  }

 private:
  void Run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      wake_.wait(lock, [this] { return due_ || stopping_; });
      if (stopping_) return;
      due_ = false;
      lock.unlock();
      Checkpoint();
      lock.lock();
    }
  }

  // A failure (busy, I/O) is left to the next commit past the threshold, as SQLite leaves a
  // failed automatic checkpoint; the WAL keeps every committed frame meanwhile.
  void Checkpoint() {
    int wal_frames = 0;
    (void)sqlite3_wal_checkpoint_v2(handle_, nullptr, SQLITE_CHECKPOINT_PASSIVE, &wal_frames, nullptr);
    // Under steady load the writer never pauses, so a passive checkpoint never reaches the WAL's
    // end, SQLite never starts the WAL from its beginning again, and the file grows without
    // bound (1 GB in 10 s of bench_posting). Every commit then appends to the file, and its
    // fdatasync also commits the file's new size (3.8 ms here instead of 0.4 ms for an
    // overwrite). Most frames are copied by now: the restart copies the rest while the writer
    // waits, and the next commit writes the WAL from its beginning, over the old frames.
    // The writers wait while the restart waits for locks (at most wal_restart_wait_ms_max each
    // time) and while it copies the last frames and syncs the database file.
    // A restart that gave up (a long read, such as a verification, still uses the WAL) is tried
    // again only once the WAL has grown by as much again, so the writers are held up once per
    // restart_frames_ and not after every commit; a WAL that started over meanwhile (the read
    // ended and a quiet moment let a passive checkpoint finish) brings the threshold back.
    if (wal_frames < restart_frames_) next_restart_frames_ = restart_frames_;
    if (wal_frames < next_restart_frames_) return;
    {
      std::lock_guard lock(mutex_);
      restarting_ = true;
    }
    const int code = sqlite3_wal_checkpoint_v2(handle_, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    {
      std::lock_guard lock(mutex_);
      restarting_ = false;
      // The transaction that was under way when the restart began committed while it waited,
      // and its wal hook, still counting the old frames, asked for another checkpoint. Until the
      // next commit starts the WAL over, a checkpoint would see those old frames and restart
      // again for nothing.
      if (code == SQLITE_OK) due_ = false;
    }
    restart_done_.notify_all();
    next_restart_frames_ = code == SQLITE_OK ? restart_frames_ : wal_frames + restart_frames_;
  }

  sqlite3* handle_;
  const int checkpoint_frames_;
  const int restart_frames_;
  int next_restart_frames_ = restart_frames_;  // the checkpointer thread's own
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable restart_done_;
  bool due_ = false;       // guarded by mutex_
  bool restarting_ = false;  // guarded by mutex_
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(sqlite3* handle, std::shared_ptr<Checkpointer> checkpointer, size_t statements_max)
      : handle_(handle), checkpointer_(std::move(checkpointer)), statements_(statements_max) {
    if (checkpointer_) sqlite3_wal_hook(handle_, &Checkpointer::OnCommit, checkpointer_.get());
  }
  ~SqliteConnection() override {
    statements_.ForEach([](sqlite3_stmt* statement) { sqlite3_finalize(statement); });
    sqlite3_close_v2(handle_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  bool in_transaction() const override { return in_transaction_; }
  bool healthy() const override { return healthy_; }
  size_t prepared_statements() const override { return statements_.size(); }

  Status ExecuteScript(std::string_view sql) override {
    const int code = Exec(handle_, Dialectize(sql, Dialect::kSqlite));
    if (code != SQLITE_OK) return Fail(code, "exec");
    return Status::Ok();
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    Rows rows;
    KLANG_RETURN_IF_ERROR(Step(sql, params, [&rows](sqlite3_stmt* statement) {
      const int columns = sqlite3_column_count(statement);
      std::vector<Value> values;
      values.reserve(columns);
      for (int column = 0; column < columns; ++column) {
        switch (sqlite3_column_type(statement, column)) {
          case SQLITE_NULL:
            values.emplace_back(Null{});
            break;
          case SQLITE_INTEGER:
            values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(statement, column)));
            break;
          default: {
            const auto* text =
                reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
            const int bytes = sqlite3_column_bytes(statement, column);
            values.emplace_back(std::string(text ? text : "", static_cast<size_t>(bytes)));
          }
        }
      }
      rows.emplace_back(std::move(values));
      return Status::Ok();
    }));
    return rows;
  }

  Status QueryEach(std::string_view sql, const Params& params, const RowVisitor& visit) override {
    return Step(sql, params, [&visit](sqlite3_stmt* statement) { return visit(StatementRowView(statement)); });
  }

  Result<int64_t> Execute(std::string_view sql, const Params& params) override {
    KLANG_RETURN_IF_ERROR(Query(sql, params).status());
    return static_cast<int64_t>(sqlite3_changes64(handle_));
  }

  Status ExecuteMany(std::string_view sql, const std::vector<Params>& rows) override {
    KLANG_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
    for (const Params& params : rows) {
      KLANG_RETURN_IF_ERROR(Bind(statement, params));
      const int code = sqlite3_step(statement);
      sqlite3_reset(statement);
      if (code != SQLITE_DONE && code != SQLITE_ROW) return Fail(code, "step");
    }
    return Status::Ok();
  }

  Status BulkRead(bool on) override {
    return ExecuteScript(on ? "PRAGMA mmap_size=1073741824" : "PRAGMA mmap_size=0");
  }

  Status CheckIntegrity() override {
    // quick_check reads and checks every page and record (O(N)); the full integrity_check also
    // cross-checks every index against its table, at several times the cost for 1M entries.
    KLANG_ASSIGN_OR_RETURN(Rows rows, Query("PRAGMA quick_check", {}));
    if (rows.size() == 1 && !rows[0].IsNull(0) && rows[0].Text(0) == "ok") return Status::Ok();
    std::string problems;
    for (size_t index = 0; index < rows.size() && index < 5; ++index) {
      problems += (index ? "; " : "") + rows[index].TextOr(0, "?");
    }
    return Status::Internal("store.corrupt", "SQLite integrity check failed: " + problems);
  }

  Status Begin(TransactionMode mode) override {
    KLANG_ASSERT_MSG(!in_transaction_, "nested transaction");
    if (mode == TransactionMode::kWrite && checkpointer_) checkpointer_->WaitWhileRestarting();
    KLANG_RETURN_IF_ERROR(
        ExecuteScript(mode == TransactionMode::kWrite ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED"));
    in_transaction_ = true;
    return Status::Ok();
  }

  Status Commit() override {
    KLANG_ASSERT(in_transaction_);
    Status status = ExecuteScript("COMMIT");
    if (!status.ok()) {
      (void)Rollback();
      return status;
    }
    in_transaction_ = false;
    return Status::Ok();
  }

  Status Rollback() override {
    in_transaction_ = false;
    if (sqlite3_get_autocommit(handle_)) return Status::Ok();  // already rolled back
    return ExecuteScript("ROLLBACK");
  }

 private:
  Status Fail(int code, std::string_view context) {
    const int primary = code & 0xff;
    if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_IOERR) {
      healthy_ = false;
    }
    return SqliteError(handle_, code, context);
  }

  // Runs one statement, handing each row (the stepped statement) to `each`; an error from a step
  // or from `each` stops it. The statement is reset either way.
  Status Step(std::string_view sql, const Params& params, const std::function<Status(sqlite3_stmt*)>& each) {
    KLANG_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql));
    KLANG_RETURN_IF_ERROR(Bind(statement, params));
    for (;;) {
      const int code = sqlite3_step(statement);
      if (code == SQLITE_DONE) break;
      Status status = code == SQLITE_ROW ? each(statement) : Fail(code, "step");
      if (!status.ok()) {
        sqlite3_reset(statement);
        return status;
      }
    }
    sqlite3_reset(statement);
    return Status::Ok();
  }

  // The statement for `sql`, prepared once and kept (StatementCache: past its bound the least
  // recently used is finalized, unless a caller up the stack is still stepping it).
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    if (sqlite3_stmt** found = statements_.Find(sql)) return *found;
    const std::string text = Dialectize(sql, Dialect::kSqlite);
    sqlite3_stmt* statement = nullptr;
    const int code = sqlite3_prepare_v3(handle_, text.c_str(), static_cast<int>(text.size()),
                                        SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
    if (code != SQLITE_OK) return Fail(code, "prepare '" + text + "'");
    statements_.Add(std::string(sql), statement);
    const auto stepping = [](sqlite3_stmt* const& kept) { return sqlite3_stmt_busy(kept) != 0; };
    while (std::optional<sqlite3_stmt*> old = statements_.TakeOverflow(stepping)) sqlite3_finalize(*old);
    return statement;
  }

  Status Bind(sqlite3_stmt* statement, const Params& params) {
    sqlite3_clear_bindings(statement);
    const int count = sqlite3_bind_parameter_count(statement);
    if (static_cast<size_t>(count) != params.size()) {
      return Status::Internal("store.bind", "statement expects " + std::to_string(count) +
                                                " parameters, got " +
                                                std::to_string(params.size()));
    }
    for (int index = 1; index <= count; ++index) {
      // Parameters are written $1..$n; SQLite numbers them by first appearance, so look the
      // position up by name.
      const char* name = sqlite3_bind_parameter_name(statement, index);
      KLANG_ASSERT(name != nullptr && name[0] == '$');
      const size_t position = static_cast<size_t>(std::atoi(name + 1));
      KLANG_ASSERT(position >= 1 && position <= params.size());
      const Value& value = params[position - 1];
      int code = SQLITE_OK;
      if (std::holds_alternative<Null>(value)) {
        code = sqlite3_bind_null(statement, index);
      } else if (std::holds_alternative<int64_t>(value)) {
        code = sqlite3_bind_int64(statement, index, std::get<int64_t>(value));
      } else {
        const std::string& text = std::get<std::string>(value);
        code = sqlite3_bind_text64(statement, index, text.data(), text.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8);
      }
      if (code != SQLITE_OK) return Fail(code, "bind");
    }
    return Status::Ok();
  }

  sqlite3* handle_;
  std::shared_ptr<Checkpointer> checkpointer_;  // outlives the hook that names it
  bool in_transaction_ = false;
  bool healthy_ = true;
  StatementCache<sqlite3_stmt*> statements_;
};

Result<sqlite3*> OpenHandle(const SqliteOptions& options) {
  sqlite3* handle = nullptr;
  // Through the coalescing VFS (wal_vfs.h) unless measuring without it; durability comes from
  // synchronous=FULL, which OpenConnection and StartCheckpointer set before anything else.
  const char* vfs = options.coalesce_wal_writes ? CoalescingWalVfs() : nullptr;
  const int code = sqlite3_open_v2(options.path.c_str(), &handle,
                                   SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                       SQLITE_OPEN_NOMUTEX,
                                   vfs);
  if (code != SQLITE_OK) {
    Status status = SqliteError(handle, code, "open " + options.path);
    sqlite3_close_v2(handle);
    return status;
  }
  sqlite3_extended_result_codes(handle, 1);
  sqlite3_busy_timeout(handle, options.busy_wait_ms_max);
  return handle;
}

// `checkpointer`: the pool's (its connections never checkpoint on commit), or none.
Result<std::unique_ptr<Connection>> OpenConnection(const SqliteOptions& options,
                                                   std::shared_ptr<Checkpointer> checkpointer) {
  KLANG_ASSIGN_OR_RETURN(sqlite3 * handle, OpenHandle(options));
  auto connection = std::make_unique<SqliteConnection>(handle, std::move(checkpointer), options.statements_max);
  // synchronous=FULL: fsync the WAL on every commit, so an acknowledged entry survives a
  // power cut. The default (NORMAL in WAL mode) could lose the last transactions. No memory
  // mapping but for a long scan (Connection::BulkRead): docs/performance.md "The HTTP path".
  KLANG_RETURN_IF_ERROR(connection->ExecuteScript(
      "PRAGMA synchronous=FULL; PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
      " PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=0;"));
  // Touch the schema so an unreadable or non-database file is reported at open.
  KLANG_RETURN_IF_ERROR(connection->Query("SELECT count(*) FROM sqlite_schema", {}).status());
  return std::unique_ptr<Connection>(std::move(connection));
}

// The pool's checkpointer, on a connection of its own (opened after the probe made the file WAL).
Result<std::shared_ptr<Checkpointer>> StartCheckpointer(const SqliteOptions& options) {
  KLANG_ASSIGN_OR_RETURN(sqlite3 * handle, OpenHandle(options));
  const int code = Exec(handle, "PRAGMA synchronous=FULL; PRAGMA mmap_size=0;");
  if (code != SQLITE_OK) {
    Status status = SqliteError(handle, code, "checkpointer");
    sqlite3_close_v2(handle);
    return status;
  }
  return std::make_shared<Checkpointer>(handle, options);
}

}  // namespace

Result<std::unique_ptr<Db>> OpenSqlite(const SqliteOptions& options) {
  if (sqlite3_threadsafe() == 0) {
    return Status::Internal("store.sqlite_threads", "SQLite built without thread support");
  }
  // Open one connection now so configuration errors surface here, not on first use.
  KLANG_ASSIGN_OR_RETURN(auto probe, OpenConnection(options, nullptr));
  probe.reset();
  KLANG_ASSIGN_OR_RETURN(std::shared_ptr<Checkpointer> checkpointer, StartCheckpointer(options));
  DbOptions db_options;
  db_options.connections_max = options.connections_max;
  return std::make_unique<Db>(
      Dialect::kSqlite, "sqlite:" + options.path,
      [options, checkpointer]() { return OpenConnection(options, checkpointer); }, db_options);
}

}  // namespace klang::store
