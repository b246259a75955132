// auth/enrolment.h — first sign-in as the letters describe it (R14): the person proves who they
// are through the OpenID Connect provider (ThaID), is matched by national ID to a user an
// administrator invited, gives an e-mail address, receives a one-time password (OTP) there,
// confirms it, and sets their own password. The same path recovers a forgotten password.
//
// An enrolment is a short-lived server-side record behind a random token (the browser holds it
// in a cookie; only its SHA-256 is stored), moving through the stages email → otp → password.
// OTPs: 6 digits, Argon2id-hashed at rest, single use, valid 10 minutes; at most 5 wrong tries
// (then the enrolment is void and must start again at the provider); resends at least a minute
// apart, at most 5 per enrolment and per address per hour. Thread-safe.
#pragma once

#include <string>
#include <vector>

#include "auth/auth.h"
#include "auth/mail.h"
#include "auth/oidc.h"

namespace klang::auth {

struct EnrolmentOptions {
  int64_t enrolment_seconds_max = 30 * 60;
  int64_t otp_seconds = 10 * 60;
  int otp_attempts_max = 5;
  int otp_sends_max = 5;
  int64_t otp_resend_seconds_min = 60;
  int otp_sends_per_address_per_hour_max = 5;
};

struct Enrolment {
  std::string csrf;   // echoed by the enrolment forms
  User user;
  std::string stage;  // "email", "otp" or "password"
  std::string email;
  int64_t otp_expires_at_ms = 0;
  int attempts_left = 0;
  bool recovery = false;  // the user had enrolled before
};

class EnrolmentService {
 public:
  EnrolmentService(AuthService& auth, store::Db& db, Mailer& mailer, const Clock& clock,
                   Random& random, EnrolmentOptions options = {});
  static std::vector<store::Migration> Migrations();

  // The provider vouched for `claims`: the invited user with that national ID starts (or
  // restarts) enrolling. Returns the token for the browser. Errors: auth.no_invitation,
  // auth.disabled.
  Result<std::string> Begin(const IdTokenClaims& claims, const std::string& remote_address,
                            Enrolment* started = nullptr);
  // kUnauthenticated auth.enrolment when the token is unknown or too old.
  Result<Enrolment> Get(const std::string& token);
  // Sends an OTP to `email` (stage email or otp). Errors: mail.address, auth.otp_wait (too soon
  // after the last), auth.otp_sends (too many), mail.unavailable.
  Status SendOtp(const std::string& token, const std::string& email,
                 const std::string& remote_address);
  // Errors: auth.otp_wrong (with the tries left), auth.otp_expired, auth.otp_locked (the last
  // try used: the enrolment is void), auth.enrolment_stage.
  Status ConfirmOtp(const std::string& token, const std::string& code,
                    const std::string& remote_address);
  // Stage password: sets it and opens a session; the enrolment is used up. Errors:
  // auth.password_mismatch, auth.password_policy, auth.enrolment_stage.
  Result<Session> SetPassword(const std::string& token, const std::string& password,
                              const std::string& confirm, const std::string& remote_address);

 private:
  struct Row;
  Result<Row> Load(const std::string& token);
  std::string NewOtp();

  AuthService& auth_;
  store::Db& db_;
  Mailer& mailer_;
  const Clock& clock_;
  Random& random_;
  const EnrolmentOptions options_;
};

}  // namespace klang::auth
