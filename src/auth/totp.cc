#include "auth/totp.h"

#include <curl/curl.h>
#include <liboath/oath.h>

#include <cstdlib>
#include <mutex>

#include "core/assert.h"

namespace klang::auth {
namespace {

void InitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { KLANG_ASSERT_MSG(oath_init() == OATH_OK, "liboath failed to initialise"); });
}

std::string Escape(const std::string& text) {
  char* escaped = curl_easy_escape(nullptr, text.c_str(), static_cast<int>(text.size()));
  std::string out = escaped != nullptr ? escaped : "";
  curl_free(escaped);
  return out;
}

}  // namespace

std::string TotpBase32(const std::string& secret) {
  InitOnce();
  char* out = nullptr;
  size_t length = 0;
  KLANG_ASSERT(oath_base32_encode(secret.data(), secret.size(), &out, &length) == OATH_OK);
  std::string text(out, length);
  std::free(out);
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

Result<std::string> TotpSecretFromBase32(const std::string& text) {
  InitOnce();
  char* out = nullptr;
  size_t length = 0;
  std::string padded = text;
  while (padded.size() % 8 != 0) padded += '=';
  if (oath_base32_decode(padded.c_str(), padded.size(), &out, &length) != OATH_OK) {
    return Status::InvalidInput("auth.totp_secret", "รหัสลับไม่ถูกต้อง", "not base32");
  }
  std::string secret(out, length);
  std::free(out);
  if (secret.size() != kTotpSecretBytes) {
    return Status::InvalidInput("auth.totp_secret", "รหัสลับไม่ถูกต้อง", "not 20 bytes");
  }
  return secret;
}

std::string TotpUri(const std::string& issuer, const std::string& account,
                    const std::string& secret) {
  return "otpauth://totp/" + Escape(issuer) + ":" + Escape(account) +
         "?secret=" + TotpBase32(secret) + "&issuer=" + Escape(issuer) +
         "&algorithm=SHA1&digits=6&period=" + std::to_string(kTotpStepSeconds);
}

Result<uint64_t> VerifyTotp(const std::string& secret, const std::string& code,
                            int64_t now_seconds) {
  InitOnce();
  auto wrong = [] {
    return Status::InvalidInput("auth.totp_wrong", "รหัสจากแอปยืนยันตัวตนไม่ถูกต้อง", "wrong TOTP",
                                "code");
  };
  if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos ||
      secret.size() != kTotpSecretBytes) {
    return wrong();
  }
  int position = 0;
  uint64_t counter = 0;
  const int found = oath_totp_validate3(secret.data(), secret.size(),
                                        static_cast<time_t>(now_seconds), kTotpStepSeconds, 0,
                                        /*window=*/1, &position, &counter, code.c_str());
  if (found < 0) return wrong();
  return counter;
}

std::string TotpCodeAt(const std::string& secret, int64_t now_seconds) {
  InitOnce();
  char code[7] = {};
  KLANG_ASSERT(oath_totp_generate(secret.data(), secret.size(), static_cast<time_t>(now_seconds),
                                  kTotpStepSeconds, 0, 6, code) == OATH_OK);
  return code;
}

}  // namespace klang::auth
