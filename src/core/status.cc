#include "core/status.h"

#include <cstdio>
#include <cstdlib>

namespace klang {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return "ok";
    case ErrorCode::kInvalidInput: return "invalid_input";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kConflict: return "conflict";
    case ErrorCode::kPermissionDenied: return "permission_denied";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

Status Status::Error(ErrorCode code, std::string stable_code, std::string message_th,
                     std::string detail_en, std::string field) {
  KLANG_ASSERT(code != ErrorCode::kOk);
  KLANG_ASSERT(!stable_code.empty());
  Status status;
  status.code_ = code;
  status.stable_code_ = std::move(stable_code);
  status.message_th_ = std::move(message_th);
  status.detail_en_ = std::move(detail_en);
  status.field_ = std::move(field);
  return status;
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out = std::string(ErrorCodeName(code_)) + " " + stable_code_;
  if (!field_.empty()) out += " [" + field_ + "]";
  if (!detail_en_.empty()) out += ": " + detail_en_;
  if (!message_th_.empty()) out += " (" + message_th_ + ")";
  return out;
}

namespace core {
void AssertFailed(const char* expression, const char* file, int line, const char* message) {
  std::fprintf(stderr, "klang: assertion failed: %s at %s:%d%s%s\n", expression, file, line,
               message ? ": " : "", message ? message : "");
  std::fflush(stderr);
  std::abort();
}
}  // namespace core

}  // namespace klang
