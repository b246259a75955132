// auth/totp.h — time-based one-time passwords (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps)
// for a second login step, as authenticator apps (Google Authenticator, Microsoft
// Authenticator, FreeOTP) compute them. liboath does the arithmetic; this wraps it with
// errors as values. Pure functions; thread-safe after TotpInit().
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace klang::auth {

inline constexpr int64_t kTotpStepSeconds = 30;
inline constexpr size_t kTotpSecretBytes = 20;  // 160 bits, as RFC 4226 recommends

// The secret as an app takes it typed in (RFC 4648 base32, no padding).
std::string TotpBase32(const std::string& secret);
// Back from base32 (what an app does with the typed secret); the secret must be
// kTotpSecretBytes long. Errors: auth.totp_secret.
Result<std::string> TotpSecretFromBase32(const std::string& text);
// otpauth://totp/<issuer>:<account>?secret=…&issuer=…&algorithm=SHA1&digits=6&period=30 (the
// de-facto Key URI format the apps scan from a QR code).
std::string TotpUri(const std::string& issuer, const std::string& account,
                    const std::string& secret);
// Checks `code` against the steps now−1, now, now+1 (clock drift). Returns the time-step counter
// it matched (callers refuse a counter already used: a code works once). Errors: auth.totp_wrong.
Result<uint64_t> VerifyTotp(const std::string& secret, const std::string& code,
                            int64_t now_seconds);
// The code at a moment (for tests and for showing nothing else).
std::string TotpCodeAt(const std::string& secret, int64_t now_seconds);

}  // namespace klang::auth
