// auth/mail.h — e-mail for one-time passwords (R14): a Mailer interface so tests can inject
// faults, and SmtpMailer, which speaks SMTP through libcurl (plain, STARTTLS or implicit TLS, with
// optional login). Messages are UTF-8 (Thai subject as RFC 2047, body base64). Thread-safe.
#pragma once

#include <string>

#include "core/clock.h"
#include "core/status.h"

namespace klang::auth {

struct MailMessage {
  std::string to;       // one address
  std::string subject;  // UTF-8
  std::string body;     // UTF-8 plain text
};

class Mailer {
 public:
  virtual ~Mailer() = default;
  // kUnavailable mail.unavailable when the server cannot be reached or refuses the message.
  virtual Status Send(const MailMessage& message) = 0;
};

struct SmtpConfig {
  std::string url;   // "smtp://mail.example:587" (or smtps:// for implicit TLS)
  std::string from;  // "klang@example.go.th"
  std::string from_name = "ระบบคลัง";
  enum class Tls { kNone, kStartTls, kImplicit } tls = Tls::kStartTls;
  std::string username, password;  // empty: no login
  bool enabled() const { return !url.empty() && !from.empty(); }
};
Result<SmtpConfig::Tls> ParseSmtpTls(const std::string& text);  // "none" | "starttls" | "tls"

class SmtpMailer final : public Mailer {
 public:
  // `random` (the Message-ID) must be thread-safe and outlive the mailer.
  SmtpMailer(SmtpConfig config, Random& random) : config_(std::move(config)), random_(random) {}
  Status Send(const MailMessage& message) override;

 private:
  const SmtpConfig config_;
  Random& random_;
};

// A plausible single address (local@domain, no spaces or angle brackets, at most 254 bytes).
bool IsEmailAddress(const std::string& address);

}  // namespace klang::auth
