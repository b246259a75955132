#include "auth/enrolment.h"

#include <openssl/evp.h>
#include <sodium.h>

namespace klang::auth {
namespace {

constexpr int64_t kHourMs = 3600 * 1000;

Status StageError() {
  return Status::InvalidInput("auth.enrolment_stage", "ขั้นตอนไม่ถูกต้อง กรุณาทำตามลำดับบนหน้าจอ",
                              "enrolment is at another stage");
}

}  // namespace

struct EnrolmentService::Row {
  std::string token_hash;
  Enrolment enrolment;
  std::string otp_hash;
  int otp_attempts = 0;
  int otp_sends = 0;
  int64_t last_sent_ms = 0;
};

EnrolmentService::EnrolmentService(AuthService& auth, store::Db& db, Mailer& mailer,
                                   const Clock& clock, Random& random, EnrolmentOptions options)
    : auth_(auth), db_(db), mailer_(mailer), clock_(clock), random_(random), options_(options) {
  KLANG_ASSERT_MSG(sodium_init() >= 0, "libsodium failed to initialise");
}

std::vector<store::Migration> EnrolmentService::Migrations() {
  return {{"enrolment", 1, R"SQL(
CREATE TABLE enrolments (
  token_hash TEXT PRIMARY KEY,
  user_id {INT} NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  stage TEXT NOT NULL,
  email TEXT NOT NULL DEFAULT '',
  otp_hash TEXT NOT NULL DEFAULT '',
  otp_expires_ms {INT} NOT NULL DEFAULT 0,
  otp_attempts {INT} NOT NULL DEFAULT 0,
  otp_sends {INT} NOT NULL DEFAULT 0,
  last_sent_ms {INT} NOT NULL DEFAULT 0,
  recovery {INT} NOT NULL DEFAULT 0,
  created_at_ms {INT} NOT NULL
) {STRICT};
CREATE INDEX enrolments_by_user ON enrolments (user_id);
CREATE TABLE otp_sends (
  id {ID_PK},
  address TEXT NOT NULL,
  at_ms {INT} NOT NULL
) {STRICT};
CREATE INDEX otp_sends_by_address ON otp_sends (address, at_ms);
)SQL"}};
}

std::string EnrolmentService::NewOtp() {
  // Uniform over 000000–999999: reject the top of the 32-bit range that would bias it.
  constexpr uint32_t kLimit = 4'294'000'000u;
  for (;;) {
    uint32_t value = 0;
    random_.Fill(std::span<unsigned char>(reinterpret_cast<unsigned char*>(&value), sizeof value));
    if (value < kLimit) {
      std::string digits = std::to_string(value % 1'000'000);
      return std::string(6 - digits.size(), '0') + digits;
    }
  }
}

Result<std::string> EnrolmentService::Begin(const IdTokenClaims& claims,
                                            const std::string& remote_address, Enrolment* started) {
  auto user = auth_.FindByNationalId(claims.citizen_id);
  if (!user.ok()) {
    (void)auth_.RecordEvent({.username = "(" + claims.issuer + " " + claims.subject + ")",
                             .event = "oidc_no_invitation",
                             .remote_address = remote_address});
    return user.status();
  }
  if (user->disabled) {
    return Status::Error(ErrorCode::kPermissionDenied, "auth.disabled",
                         "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
                         "account disabled");
  }
  const std::string token = RandomHex(random_, 32);
  const std::string csrf = RandomHex(random_, 32);
  const int64_t now = clock_.NowUnixMillis();
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows enrolled,
                         lease->Query("SELECT enrolled_at_ms FROM users WHERE id = $1", {user->id}));
  const bool recovery = !enrolled.empty() && enrolled[0].Int(0) != 0;
  KLANG_RETURN_IF_ERROR(store::InTransaction(
      *lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
        // One enrolment per user at a time: a new sign-in replaces an earlier unfinished one.
        KLANG_RETURN_IF_ERROR(
            tx.Execute("DELETE FROM enrolments WHERE user_id = $1 OR created_at_ms < $2",
                       {user->id, now - options_.enrolment_seconds_max * 1000})
                .status());
        return tx
            .Execute("INSERT INTO enrolments (token_hash, user_id, csrf_token, stage, recovery, "
                     "created_at_ms) VALUES ($1, $2, $3, 'email', $4, $5)",
                     {Sha256Hex(token), user->id, csrf, int64_t{recovery ? 1 : 0}, now})
            .status();
      }));
  KLANG_RETURN_IF_ERROR(auth_.RecordEvent({.org_id = user->org_id, .user_id = user->id,
                                           .username = user->username, .event = "oidc_verified",
                                           .remote_address = remote_address,
                                           .detail = claims.issuer}));
  if (started != nullptr) {
    KLANG_ASSIGN_OR_RETURN(*started, Get(token));
  }
  return token;
}

Result<EnrolmentService::Row> EnrolmentService::Load(const std::string& token) {
  auto unknown = [] {
    return Status::Error(ErrorCode::kUnauthenticated, "auth.enrolment",
                         "การลงทะเบียนหมดอายุหรือไม่พบ กรุณาเริ่มยืนยันตัวตนใหม่อีกครั้ง",
                         "unknown or expired enrolment");
  };
  if (token.size() != 64) return unknown();
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query("SELECT user_id, csrf_token, stage, email, otp_hash, otp_expires_ms, "
                   "otp_attempts, otp_sends, last_sent_ms, recovery, created_at_ms FROM "
                   "enrolments WHERE token_hash = $1",
                   {Sha256Hex(token)}));
  if (rows.empty() ||
      clock_.NowUnixMillis() - rows[0].Int(10) > options_.enrolment_seconds_max * 1000) {
    return unknown();
  }
  KLANG_ASSIGN_OR_RETURN(User user, auth_.GetUser(rows[0].Int(0)));
  Row row;
  row.token_hash = Sha256Hex(token);
  row.enrolment.csrf = rows[0].Text(1);
  row.enrolment.user = user;
  row.enrolment.stage = rows[0].Text(2);
  row.enrolment.email = rows[0].Text(3);
  row.otp_hash = rows[0].Text(4);
  row.enrolment.otp_expires_at_ms = rows[0].Int(5);
  row.otp_attempts = static_cast<int>(rows[0].Int(6));
  row.enrolment.attempts_left = options_.otp_attempts_max - row.otp_attempts;
  row.otp_sends = static_cast<int>(rows[0].Int(7));
  row.last_sent_ms = rows[0].Int(8);
  row.enrolment.recovery = rows[0].Int(9) != 0;
  return row;
}

Result<Enrolment> EnrolmentService::Get(const std::string& token) {
  KLANG_ASSIGN_OR_RETURN(Row row, Load(token));
  return row.enrolment;
}

Status EnrolmentService::SendOtp(const std::string& token, const std::string& email,
                                 const std::string& remote_address) {
  KLANG_ASSIGN_OR_RETURN(Row row, Load(token));
  if (row.enrolment.stage != "email" && row.enrolment.stage != "otp") return StageError();
  if (!IsEmailAddress(email)) {
    return Status::InvalidInput("mail.address", "ที่อยู่อีเมลไม่ถูกต้อง", email, "email");
  }
  const int64_t now = clock_.NowUnixMillis();
  if (row.last_sent_ms != 0 && now - row.last_sent_ms < options_.otp_resend_seconds_min * 1000) {
    const int64_t wait = (options_.otp_resend_seconds_min * 1000 - (now - row.last_sent_ms) + 999) / 1000;
    return Status::InvalidInput("auth.otp_wait",
                                "ขอรหัส OTP ใหม่ได้อีกครั้งใน " + std::to_string(wait) + " วินาที",
                                "resend too soon");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows sent,
                         lease->Query("SELECT COUNT(*) FROM otp_sends WHERE address = $1 AND "
                                      "at_ms > $2",
                                      {email, now - kHourMs}));
  if (row.otp_sends >= options_.otp_sends_max ||
      sent[0].Int(0) >= options_.otp_sends_per_address_per_hour_max) {
    (void)auth_.RecordEvent({.org_id = row.enrolment.user.org_id,
                             .user_id = row.enrolment.user.id,
                             .username = row.enrolment.user.username,
                             .event = "otp_refused_too_many", .remote_address = remote_address,
                             .detail = email});
    return Status::InvalidInput("auth.otp_sends",
                                "ขอรหัส OTP บ่อยเกินไป กรุณารอหนึ่งชั่วโมงแล้วเริ่มยืนยันตัวตนใหม่",
                                "too many OTPs sent");
  }
  const std::string otp = NewOtp();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, otp.c_str(), otp.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Unavailable("auth.hash_memory", "not enough memory to hash the OTP");
  }
  // Recorded before the mail leaves: a crash between the two costs a resend, never a limit.
  KLANG_RETURN_IF_ERROR(store::InTransaction(
      *lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
        KLANG_RETURN_IF_ERROR(
            tx.Execute("UPDATE enrolments SET stage = 'otp', email = $1, otp_hash = $2, "
                       "otp_expires_ms = $3, otp_attempts = 0, otp_sends = otp_sends + 1, "
                       "last_sent_ms = $4 WHERE token_hash = $5",
                       {email, std::string(hash), now + options_.otp_seconds * 1000, now,
                        row.token_hash})
                .status());
        return tx.Execute("INSERT INTO otp_sends (address, at_ms) VALUES ($1, $2)", {email, now})
            .status();
      }));
  MailMessage message;
  message.to = email;
  message.subject = "รหัส OTP สำหรับลงทะเบียนเข้าใช้ระบบคลัง: " + otp;
  message.body = "เรียน " + row.enrolment.user.display_name + "\n\n" +
                 "รหัส OTP ของท่านคือ " + otp + "\n" +
                 "ใช้ได้ครั้งเดียวภายใน " + std::to_string(options_.otp_seconds / 60) +
                 " นาที สำหรับชื่อผู้ใช้ " + row.enrolment.user.username + "\n\n" +
                 "หากท่านไม่ได้ขอรหัสนี้ ไม่ต้องดำเนินการใด ๆ และโปรดแจ้งผู้ดูแลระบบของหน่วยงาน\n";
  Status mailed = mailer_.Send(message);
  (void)auth_.RecordEvent({.org_id = row.enrolment.user.org_id, .user_id = row.enrolment.user.id,
                           .username = row.enrolment.user.username,
                           .event = mailed.ok() ? "otp_sent" : "otp_mail_failed",
                           .remote_address = remote_address, .detail = email});
  return mailed;
}

Status EnrolmentService::ConfirmOtp(const std::string& token, const std::string& code,
                                    const std::string& remote_address) {
  KLANG_ASSIGN_OR_RETURN(Row row, Load(token));
  if (row.enrolment.stage != "otp" || row.otp_hash.empty()) return StageError();
  const User& user = row.enrolment.user;
  auto record = [&](const char* event, const std::string& detail) {
    (void)auth_.RecordEvent({.org_id = user.org_id, .user_id = user.id, .username = user.username,
                             .event = event, .remote_address = remote_address, .detail = detail});
  };
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  if (clock_.NowUnixMillis() > row.enrolment.otp_expires_at_ms) {
    record("otp_expired", "");
    return Status::InvalidInput("auth.otp_expired", "รหัส OTP หมดอายุแล้ว กรุณากดขอรหัสใหม่", "OTP expired",
                                "otp");
  }
  const bool right = code.size() == 6 && crypto_pwhash_str_verify(row.otp_hash.c_str(), code.c_str(),
                                                                  code.size()) == 0;
  if (!right) {
    const int attempts = row.otp_attempts + 1;
    if (attempts >= options_.otp_attempts_max) {
      KLANG_RETURN_IF_ERROR(
          lease->Execute("DELETE FROM enrolments WHERE token_hash = $1", {row.token_hash}).status());
      record("otp_locked", "");
      return Status::Error(ErrorCode::kPermissionDenied, "auth.otp_locked",
                           "ใส่รหัส OTP ผิดเกินกำหนด การลงทะเบียนนี้ถูกยกเลิก กรุณาเริ่มยืนยันตัวตนใหม่",
                           "too many wrong OTPs");
    }
    KLANG_RETURN_IF_ERROR(lease->Execute("UPDATE enrolments SET otp_attempts = $1 WHERE "
                                         "token_hash = $2",
                                         {int64_t{attempts}, row.token_hash})
                              .status());
    record("otp_failed", "ครั้งที่ " + std::to_string(attempts));
    return Status::InvalidInput("auth.otp_wrong",
                                "รหัส OTP ไม่ถูกต้อง (ใส่ได้อีก " +
                                    std::to_string(options_.otp_attempts_max - attempts) + " ครั้ง)",
                                "wrong OTP", "otp");
  }
  // Single use: the hash goes as the stage moves on.
  KLANG_RETURN_IF_ERROR(lease->Execute("UPDATE enrolments SET stage = 'password', otp_hash = '' "
                                       "WHERE token_hash = $1",
                                       {row.token_hash})
                            .status());
  record("otp_used", row.enrolment.email);
  return Status::Ok();
}

Result<Session> EnrolmentService::SetPassword(const std::string& token,
                                              const std::string& password,
                                              const std::string& confirm,
                                              const std::string& remote_address) {
  KLANG_ASSIGN_OR_RETURN(Row row, Load(token));
  if (row.enrolment.stage != "password") return StageError();
  if (password != confirm) {
    return Status::InvalidInput("auth.password_mismatch", "รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน", "",
                                "confirm_password");
  }
  KLANG_RETURN_IF_ERROR(auth_.CheckPasswordPolicy(row.enrolment.user.username, password));
  KLANG_ASSIGN_OR_RETURN(Session session,
                         auth_.CompleteEnrolment(row.enrolment.user.id, row.enrolment.email,
                                                 password, remote_address));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(
      lease->Execute("DELETE FROM enrolments WHERE token_hash = $1", {row.token_hash}).status());
  return session;
}

}  // namespace klang::auth
