// auth/sign_in_config.h — the operator's sign-in settings file (klang serve --auth-config FILE):
// the OpenID Connect provider (ThaID or another) and the SMTP server for one-time passwords.
// Configuration, not code (R14). JSON:
//
//   { "oidc": { "issuer": "https://…", "client_id": "…", "client_secret_file": "/etc/klang/oidc",
//               "redirect_uri": "https://klang.example/enrol/callback", "scope": "openid pid",
//               "id_claim": "pid", "label_th": "ThaID" },
//     "smtp": { "url": "smtp://mail.example:587", "tls": "starttls", "from": "klang@example.go.th",
//               "from_name": "ระบบคลัง", "username": "…", "password_file": "/etc/klang/smtp" } }
//
// Secrets may be given inline ("client_secret", "password") or, better, as a file holding them
// (a trailing newline is dropped); a relative file is read beside the settings file.
#pragma once

#include <string>

#include "auth/mail.h"
#include "auth/oidc.h"

namespace klang::auth {

struct SignInConfig {
  OidcConfig oidc;
  SmtpConfig smtp;
  // Enrolment needs both halves; either alone is refused by ParseSignInConfig.
  bool enabled() const { return oidc.enabled() && smtp.enabled(); }
};

// `text` is the file's content, `dir` the folder it came from. Errors: config.sign_in (with the
// key at fault in the detail).
Result<SignInConfig> ParseSignInConfig(const std::string& text, const std::string& dir);
Result<SignInConfig> LoadSignInConfig(const std::string& path);

}  // namespace klang::auth
