// auth/oidc.h — OpenID Connect sign-in (ThaID or any standards-compliant provider), as the
// letters require for a user's first login and for recovery (R14).
//
// Authorisation-code flow with PKCE (S256), `state` and `nonce`: BeginLogin stores the three
// (hashed state as key; single use; 10 minutes) and returns the provider's authorisation URL;
// FinishLogin takes the provider's answer back, exchanges the code with the verifier, and
// verifies the ID token against the provider's JWKS with cjose: signature (RS256/384/512,
// PS256/384/512, ES256/384/512; never "none"), issuer, audience (and azp), expiry and
// not-before with a small leeway, and the nonce. The provider is configuration (discovery
// document at <issuer>/.well-known/openid-configuration), not code. Network access goes
// through WebFetcher so tests can inject faults. Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "store/db.h"

namespace klang::auth {

struct OidcConfig {
  std::string issuer;         // e.g. "https://imauth.bora.dopa.go.th" (exactly as in tokens)
  std::string client_id;
  std::string client_secret;  // sent with HTTP Basic at the token endpoint; may be empty (public)
  std::string redirect_uri;   // e.g. "https://klang.example/enrol/callback"
  std::string scope = "openid";
  // The claim holding the citizen's 13-digit national ID (ThaID: "pid"); "sub" when the
  // provider's subject is the ID itself.
  std::string id_claim = "sub";
  std::string label_th = "ThaID";  // the provider's name on the screens
  int64_t leeway_seconds = 60;     // clock skew allowed on exp / nbf / iat
  int64_t flow_seconds_max = 600;  // from BeginLogin to the provider's answer
  bool enabled() const { return !issuer.empty() && !client_id.empty() && !redirect_uri.empty(); }
};

struct FetchReply {
  long status = 0;
  std::string body;
};

// HTTP GET and form POST to the provider. kUnavailable when it cannot be reached.
class WebFetcher {
 public:
  virtual ~WebFetcher() = default;
  virtual Result<FetchReply> Get(const std::string& url) = 0;
  // application/x-www-form-urlencoded; `basic_user` non-empty adds HTTP Basic authentication.
  virtual Result<FetchReply> PostForm(const std::string& url,
                                      const std::vector<std::pair<std::string, std::string>>& fields,
                                      const std::string& basic_user,
                                      const std::string& basic_password) = 0;
};

// libcurl, with a 10-second limit per request; TLS peers verified.
class CurlFetcher final : public WebFetcher {
 public:
  Result<FetchReply> Get(const std::string& url) override;
  Result<FetchReply> PostForm(const std::string& url,
                              const std::vector<std::pair<std::string, std::string>>& fields,
                              const std::string& basic_user,
                              const std::string& basic_password) override;
};

struct IdTokenClaims {
  std::string issuer;
  std::string subject;     // "sub"
  std::string citizen_id;  // the configured id_claim
  std::string name;        // "name", when given
  std::string email;       // "email", when given
  int64_t expires_at = 0;  // seconds
};

// Verifies a compact JWS ID token against the JWKS document (JSON text). `now_seconds` is Unix
// time. Errors (kUnauthenticated unless said): oidc.token_malformed, oidc.alg, oidc.unknown_key,
// oidc.signature, oidc.issuer, oidc.audience, oidc.expired, oidc.not_yet_valid, oidc.nonce,
// oidc.claim (the id_claim missing).
Result<IdTokenClaims> VerifyIdToken(const std::string& id_token, const std::string& jwks_json,
                                    const OidcConfig& config, const std::string& expected_nonce,
                                    int64_t now_seconds);

// base64url without padding (RFC 7636 / RFC 7515).
std::string Base64Url(const std::string& bytes);
// The PKCE S256 challenge of a verifier.
std::string PkceChallenge(const std::string& verifier);

class OidcClient {
 public:
  OidcClient(OidcConfig config, WebFetcher& fetcher, store::Db& db, const Clock& clock,
             Random& random);
  static std::vector<store::Migration> Migrations();
  const OidcConfig& config() const { return config_; }

  // The URL to send the browser to; `state` (when given) receives the flow's state so the caller
  // can bind it to the browser (a cookie compared at the callback). Errors: oidc.disabled,
  // oidc.discovery (provider unreachable or its discovery document unusable).
  Result<std::string> BeginLogin(std::string* state_out = nullptr);
  // The provider sent the browser back with `state` and `code` (or `error`). The state is used
  // up whatever happens. Errors: oidc.state (unknown, used, or too old), oidc.provider_error,
  // oidc.token_exchange (the provider refused the code or the PKCE verifier), oidc.jwks, and
  // those of VerifyIdToken.
  Result<IdTokenClaims> FinishLogin(const std::string& state, const std::string& code,
                                    const std::string& provider_error);

 private:
  struct Endpoints {
    std::string authorization, token, jwks;
  };
  Result<Endpoints> Discover();
  Result<std::string> Jwks(const std::string& uri, bool refresh);

  const OidcConfig config_;
  WebFetcher& fetcher_;
  store::Db& db_;
  const Clock& clock_;
  Random& random_;
  std::mutex mutex_;
  std::optional<Endpoints> endpoints_;  // guarded by mutex_
  std::string jwks_;                    // guarded by mutex_; refreshed on an unknown kid
};

}  // namespace klang::auth
