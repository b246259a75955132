#include "store/postgres/postgres_db.h"

#include <libpq-fe.h>

#include <cstdlib>
#include <unordered_map>

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
  if (sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "53100" ||
      PQstatus(handle) != CONNECTION_OK) {
    return Status::Unavailable("store.connection", detail);
  }
  return Status::Internal("store.postgres", detail);
}

struct ResultDeleter {
  void operator()(PGresult* result) const { PQclear(result); }
};
using ResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

class PostgresConnection final : public Connection {
 public:
  explicit PostgresConnection(PGconn* handle) : handle_(handle) {}
  ~PostgresConnection() override { PQfinish(handle_); }

  Dialect dialect() const override { return Dialect::kPostgres; }
  bool in_transaction() const override { return in_transaction_; }
  bool healthy() const override { return PQstatus(handle_) == CONNECTION_OK; }

  Status ExecuteScript(std::string_view sql) override {
    const std::string text = Dialectize(sql, Dialect::kPostgres);
    ResultPtr result(PQexec(handle_, text.c_str()));
    const ExecStatusType status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      return ResultError(handle_, result.get(), "exec");
    }
    return Status::Ok();
  }

  Result<Rows> Query(std::string_view sql, const Params& params) override {
    KLANG_ASSIGN_OR_RETURN(std::string name, Prepare(sql));
    ParamArrays arrays(params);
    ResultPtr result(PQexecPrepared(handle_, name.c_str(), static_cast<int>(params.size()),
                                    arrays.values.data(), nullptr, nullptr, 0));
    return Collect(result.get());
  }

  Result<int64_t> Execute(std::string_view sql, const Params& params) override {
    KLANG_ASSIGN_OR_RETURN(std::string name, Prepare(sql));
    ParamArrays arrays(params);
    ResultPtr result(PQexecPrepared(handle_, name.c_str(), static_cast<int>(params.size()),
                                    arrays.values.data(), nullptr, nullptr, 0));
    KLANG_RETURN_IF_ERROR(Collect(result.get()).status());
    const char* tuples = PQcmdTuples(result.get());
    return static_cast<int64_t>(tuples && *tuples ? std::atoll(tuples) : 0);
  }

  Status ExecuteMany(std::string_view sql, const std::vector<Params>& rows) override {
    if (rows.empty()) return Status::Ok();
    KLANG_ASSIGN_OR_RETURN(std::string name, Prepare(sql));
    if (PQenterPipelineMode(handle_) != 1) {
      return Status::Internal("store.pipeline", PQerrorMessage(handle_));
    }
    Status first_error;
    for (const Params& params : rows) {
      ParamArrays arrays(params);
      if (PQsendQueryPrepared(handle_, name.c_str(), static_cast<int>(params.size()),
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

  Status CheckIntegrity() override { return Status::Ok(); }

  Status Begin(TransactionMode mode) override {
    KLANG_ASSERT_MSG(!in_transaction_, "nested transaction");
    KLANG_RETURN_IF_ERROR(ExecuteScript(mode == TransactionMode::kWrite
                                            ? "BEGIN ISOLATION LEVEL READ COMMITTED"
                                            : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
    in_transaction_ = true;
    return Status::Ok();
  }

  Status Commit() override {
    KLANG_ASSERT(in_transaction_);
    in_transaction_ = false;
    return ExecuteScript("COMMIT");
  }

  Status Rollback() override {
    in_transaction_ = false;
    if (PQtransactionStatus(handle_) == PQTRANS_IDLE) return Status::Ok();
    return ExecuteScript("ROLLBACK");
  }

 private:
  struct ParamArrays {
    explicit ParamArrays(const Params& params) {
      texts.reserve(params.size());
      values.reserve(params.size());
      for (const Value& value : params) {
        if (std::holds_alternative<Null>(value)) {
          texts.emplace_back();
        } else if (std::holds_alternative<int64_t>(value)) {
          texts.push_back(std::to_string(std::get<int64_t>(value)));
        } else {
          texts.push_back(std::get<std::string>(value));
        }
      }
      for (size_t index = 0; index < params.size(); ++index) {
        values.push_back(std::holds_alternative<Null>(params[index]) ? nullptr
                                                                      : texts[index].c_str());
      }
    }
    std::vector<std::string> texts;
    std::vector<const char*> values;
  };

  Result<std::string> Prepare(std::string_view sql) {
    auto found = prepared_.find(std::string(sql));
    if (found != prepared_.end()) return found->second;
    const std::string name = "k" + std::to_string(prepared_.size() + 1);
    const std::string text = Dialectize(sql, Dialect::kPostgres);
    ResultPtr result(PQprepare(handle_, name.c_str(), text.c_str(), 0, nullptr));
    if (PQresultStatus(result.get()) != PGRES_COMMAND_OK) {
      return ResultError(handle_, result.get(), "prepare '" + text + "'");
    }
    prepared_.emplace(std::string(sql), name);
    return name;
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
  bool in_transaction_ = false;
  std::unordered_map<std::string, std::string> prepared_;
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
  auto connection = std::make_unique<PostgresConnection>(handle);
  KLANG_RETURN_IF_ERROR(connection->ExecuteScript(
      "SET client_encoding = 'UTF8'; SET client_min_messages = warning;"));
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace

Result<std::unique_ptr<Db>> OpenPostgres(const PostgresOptions& options) {
  KLANG_ASSIGN_OR_RETURN(auto probe, OpenConnection(options));
  probe.reset();
  DbOptions db_options;
  db_options.connections_max = options.connections_max;
  return std::make_unique<Db>(
      Dialect::kPostgres, RedactUrl(options.url),
      [options]() { return OpenConnection(options); }, db_options);
}

}  // namespace klang::store
