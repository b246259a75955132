// core/status.h — errors as values.
//
// Every fallible function returns Status or Result<T>. The code set is small and each code
// maps to one HTTP status (see http/problem.cc) and says whether the surrounding transaction
// must be aborted. A Status carries a stable machine code ("gl.unbalanced"), a Thai message
// for people, an English detail for operators and, for validation errors, the field at fault.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

#include "core/assert.h"

namespace klang {

enum class ErrorCode {
  kOk = 0,
  kInvalidInput,      // 400/422: the caller sent something wrong; nothing was written.
  kNotFound,          // 404
  kConflict,          // 409: state changed underneath, or a duplicate with other content.
  kPermissionDenied,  // 403 (401 when unauthenticated; see kUnauthenticated).
  kUnauthenticated,   // 401
  kUnavailable,       // 503: a dependency (database, disk) is down; retry may succeed.
  kInternal,          // 500: a bug or corruption; the transaction is aborted.
};

const char* ErrorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  static Status Ok() { return Status(); }
  static Status Error(ErrorCode code, std::string stable_code, std::string message_th,
                      std::string detail_en = {}, std::string field = {});
  static Status InvalidInput(std::string stable_code, std::string message_th,
                             std::string detail_en = {}, std::string field = {}) {
    return Error(ErrorCode::kInvalidInput, std::move(stable_code), std::move(message_th),
                 std::move(detail_en), std::move(field));
  }
  // Input refused by a rule, told in Thai and pinned to a field (no English detail needed).
  static Status Refusal(std::string stable_code, std::string message_th, std::string field = {}) {
    return InvalidInput(std::move(stable_code), std::move(message_th), {}, std::move(field));
  }
  static Status NotFound(std::string stable_code, std::string message_th,
                         std::string detail_en = {}) {
    return Error(ErrorCode::kNotFound, std::move(stable_code), std::move(message_th),
                 std::move(detail_en));
  }
  static Status Conflict(std::string stable_code, std::string message_th,
                         std::string detail_en = {}) {
    return Error(ErrorCode::kConflict, std::move(stable_code), std::move(message_th),
                 std::move(detail_en));
  }
  static Status PermissionDenied(std::string stable_code, std::string message_th,
                                 std::string detail_en = {}) {
    return Error(ErrorCode::kPermissionDenied, std::move(stable_code), std::move(message_th),
                 std::move(detail_en));
  }
  static Status Unavailable(std::string stable_code, std::string detail_en) {
    return Error(ErrorCode::kUnavailable, std::move(stable_code),
                 "ระบบไม่พร้อมให้บริการชั่วคราว กรุณาลองใหม่อีกครั้ง", std::move(detail_en));
  }
  static Status Internal(std::string stable_code, std::string detail_en) {
    return Error(ErrorCode::kInternal, std::move(stable_code),
                 "เกิดข้อผิดพลาดภายในระบบ รายการไม่ถูกบันทึก", std::move(detail_en));
  }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& stable_code() const { return stable_code_; }
  const std::string& message_th() const { return message_th_; }
  const std::string& detail_en() const { return detail_en_; }
  const std::string& field() const { return field_; }
  // Whether the caller must abort its transaction (DuckDB's InvalidatesTransaction).
  bool AbortsTransaction() const {
    return code_ == ErrorCode::kInternal || code_ == ErrorCode::kUnavailable;
  }
  // One line for logs and CLI output.
  std::string ToString() const;

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string stable_code_;
  std::string message_th_;
  std::string detail_en_;
  std::string field_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) {  // NOLINT
    KLANG_ASSERT_MSG(!status_.ok(), "Result constructed from an OK status without a value");
  }
  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    KLANG_ASSERT(ok());
    return *value_;
  }
  const T& value() const& {
    KLANG_ASSERT(ok());
    return *value_;
  }
  // On a temporary, returns the value itself (moved out), never a reference into the dying
  // Result: `for (auto& x : *Compute())` is then safe.
  T value() && {
    KLANG_ASSERT(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace klang

// Propagates a non-OK Status from an expression returning Status.
#define KLANG_RETURN_IF_ERROR(expr)          \
  do {                                       \
    ::klang::Status klang_status_ = (expr);  \
    if (!klang_status_.ok()) return klang_status_; \
  } while (false)

#define KLANG_CONCAT_INNER(a, b) a##b
#define KLANG_CONCAT(a, b) KLANG_CONCAT_INNER(a, b)
// Declares `lhs` from a Result<T> expression, or returns its Status.
#define KLANG_ASSIGN_OR_RETURN(lhs, expr) \
  KLANG_ASSIGN_OR_RETURN_IMPL(KLANG_CONCAT(klang_result_, __LINE__), lhs, expr)
#define KLANG_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
