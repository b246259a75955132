#include "auth/oidc.h"

#include "auth/auth.h"

#include <cjose/cjose.h>
#include <sodium.h>
#include <curl/curl.h>

#include <nlohmann/json.hpp>
#include <cstring>
#include <set>

namespace klang::auth {
namespace {

using nlohmann::json;

constexpr long kFetchSecondsMax = 10;
constexpr size_t kFetchBytesMax = 1 << 20;  // discovery, JWKS and token replies are small
constexpr size_t kTokenBytesMax = 16 << 10;

Status Unauthenticated(const char* code, const std::string& thai, const std::string& detail) {
  return Status::Error(ErrorCode::kUnauthenticated, code, thai, detail);
}

Status TokenProblem(const char* code, const std::string& detail) {
  return Unauthenticated(code, "การยืนยันตัวตนกับผู้ให้บริการไม่ผ่านการตรวจสอบ กรุณาลองใหม่อีกครั้ง",
                         detail);
}

std::string RandomUrlToken(Random& random, size_t bytes) {
  std::string raw(bytes, '\0');
  random.Fill(std::span<unsigned char>(reinterpret_cast<unsigned char*>(raw.data()), raw.size()));
  return Base64Url(raw);
}

size_t Collect(char* data, size_t size, size_t count, void* out) {
  auto* body = static_cast<std::string*>(out);
  if (body->size() + size * count > kFetchBytesMax) return 0;  // aborts the transfer
  body->append(data, size * count);
  return size * count;
}

struct CurlHandle {
  CURL* curl = curl_easy_init();
  curl_slist* headers = nullptr;
  ~CurlHandle() {
    curl_slist_free_all(headers);
    if (curl != nullptr) curl_easy_cleanup(curl);
  }
};

Result<FetchReply> Perform(CurlHandle& handle, const std::string& url) {
  if (handle.curl == nullptr) return Status::Unavailable("oidc.curl", "curl_easy_init failed");
  FetchReply reply;
  curl_easy_setopt(handle.curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(handle.curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(handle.curl, CURLOPT_TIMEOUT, kFetchSecondsMax);
  curl_easy_setopt(handle.curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(handle.curl, CURLOPT_WRITEFUNCTION, Collect);
  curl_easy_setopt(handle.curl, CURLOPT_WRITEDATA, &reply.body);
  handle.headers = curl_slist_append(handle.headers, "Accept: application/json");
  curl_easy_setopt(handle.curl, CURLOPT_HTTPHEADER, handle.headers);
  const CURLcode code = curl_easy_perform(handle.curl);
  if (code != CURLE_OK) {
    return Status::Error(ErrorCode::kUnavailable, "oidc.unreachable",
                               "ติดต่อผู้ให้บริการยืนยันตัวตนไม่ได้ กรุณาลองใหม่ภายหลัง",
                               url + ": " + curl_easy_strerror(code));
  }
  curl_easy_getinfo(handle.curl, CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

std::string ClaimText(const json& claims, const std::string& name) {
  auto found = claims.find(name);
  if (found == claims.end()) return "";
  if (found->is_string()) return found->get<std::string>();
  if (found->is_number_integer()) return std::to_string(found->get<int64_t>());
  return "";
}

struct JwsDeleter {
  void operator()(cjose_jws_t* jws) const { cjose_jws_release(jws); }
};
struct JwkDeleter {
  void operator()(cjose_jwk_t* jwk) const { cjose_jwk_release(jwk); }
};

}  // namespace

// ---- fetching ----

Result<FetchReply> CurlFetcher::Get(const std::string& url) {
  CurlHandle handle;
  return Perform(handle, url);
}

Result<FetchReply> CurlFetcher::PostForm(
    const std::string& url, const std::vector<std::pair<std::string, std::string>>& fields,
    const std::string& basic_user, const std::string& basic_password) {
  CurlHandle handle;
  if (handle.curl == nullptr) return Status::Unavailable("oidc.curl", "curl_easy_init failed");
  std::string body;
  for (const auto& [name, value] : fields) {
    char* escaped_name = curl_easy_escape(handle.curl, name.c_str(), static_cast<int>(name.size()));
    char* escaped = curl_easy_escape(handle.curl, value.c_str(), static_cast<int>(value.size()));
    if (!body.empty()) body += '&';
    body += std::string(escaped_name) + "=" + escaped;
    curl_free(escaped_name);
    curl_free(escaped);
  }
  curl_easy_setopt(handle.curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(handle.curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  if (!basic_user.empty()) {
    curl_easy_setopt(handle.curl, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
    curl_easy_setopt(handle.curl, CURLOPT_USERNAME, basic_user.c_str());
    curl_easy_setopt(handle.curl, CURLOPT_PASSWORD, basic_password.c_str());
  }
  return Perform(handle, url);
}

// ---- tokens ----

std::string Base64Url(const std::string& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::string PkceChallenge(const std::string& verifier) { return Base64Url(Sha256(verifier)); }

Result<IdTokenClaims> VerifyIdToken(const std::string& id_token, const std::string& jwks_json,
                                    const OidcConfig& config, const std::string& expected_nonce,
                                    int64_t now_seconds) {
  static const std::set<std::string> kAlgorithms = {"RS256", "RS384", "RS512", "PS256", "PS384",
                                                    "PS512", "ES256", "ES384", "ES512"};
  if (id_token.empty() || id_token.size() > kTokenBytesMax) {
    return TokenProblem("oidc.token_malformed", "empty or oversized id_token");
  }
  cjose_err err{};
  std::unique_ptr<cjose_jws_t, JwsDeleter> jws(
      cjose_jws_import(id_token.c_str(), id_token.size(), &err));
  if (!jws) return TokenProblem("oidc.token_malformed", "not a compact JWS");
  cjose_header_t* header = cjose_jws_get_protected(jws.get());
  const char* alg = header ? cjose_header_get(header, CJOSE_HDR_ALG, &err) : nullptr;
  if (alg == nullptr || !kAlgorithms.contains(alg)) {
    return TokenProblem("oidc.alg", std::string("signature algorithm not accepted: ") +
                                        (alg ? alg : "(none)"));
  }
  const char* kid_text = cjose_header_get(header, CJOSE_HDR_KID, &err);
  const std::string kid = kid_text ? kid_text : "";
  const json jwks = json::parse(jwks_json, nullptr, false);
  if (!jwks.is_object() || !jwks.contains("keys") || !jwks["keys"].is_array()) {
    return TokenProblem("oidc.jwks", "the provider's JWKS is not a key set");
  }
  bool verified = false, candidate = false;
  for (const auto& key : jwks["keys"]) {
    if (!key.is_object()) continue;
    if (!kid.empty() && key.value("kid", "") != kid) continue;
    if (key.value("use", "sig") != "sig") continue;
    const std::string text = key.dump();
    std::unique_ptr<cjose_jwk_t, JwkDeleter> jwk(cjose_jwk_import(text.c_str(), text.size(), &err));
    if (!jwk) continue;
    candidate = true;
    if (cjose_jws_verify(jws.get(), jwk.get(), &err)) {
      verified = true;
      break;
    }
  }
  if (!candidate) return TokenProblem("oidc.unknown_key", "no key in the JWKS for kid " + kid);
  if (!verified) return TokenProblem("oidc.signature", "the ID token's signature does not verify");
  uint8_t* plaintext = nullptr;
  size_t plaintext_len = 0;
  if (!cjose_jws_get_plaintext(jws.get(), &plaintext, &plaintext_len, &err)) {
    return TokenProblem("oidc.token_malformed", "no payload");
  }
  const json claims =
      json::parse(std::string(reinterpret_cast<const char*>(plaintext), plaintext_len), nullptr,
                  false);
  if (!claims.is_object()) return TokenProblem("oidc.token_malformed", "payload is not JSON");
  if (ClaimText(claims, "iss") != config.issuer) {
    return TokenProblem("oidc.issuer", "iss " + ClaimText(claims, "iss") + " is not " + config.issuer);
  }
  bool audience = false;
  size_t audiences = 0;
  if (claims.contains("aud") && claims["aud"].is_string()) {
    audiences = 1;
    audience = claims["aud"].get<std::string>() == config.client_id;
  } else if (claims.contains("aud") && claims["aud"].is_array()) {
    for (const auto& one : claims["aud"]) {
      ++audiences;
      audience = audience || (one.is_string() && one.get<std::string>() == config.client_id);
    }
  }
  if (!audience || (audiences > 1 && claims.contains("azp") &&
                    ClaimText(claims, "azp") != config.client_id)) {
    return TokenProblem("oidc.audience", "the ID token is not for client " + config.client_id);
  }
  if (!claims.contains("exp") || !claims["exp"].is_number()) {
    return TokenProblem("oidc.token_malformed", "no exp");
  }
  const int64_t exp = claims["exp"].get<int64_t>();
  if (now_seconds > exp + config.leeway_seconds) {
    return TokenProblem("oidc.expired", "the ID token expired at " + std::to_string(exp));
  }
  for (const char* name : {"nbf", "iat"}) {
    if (claims.contains(name) && claims[name].is_number() &&
        claims[name].get<int64_t>() > now_seconds + config.leeway_seconds) {
      return TokenProblem("oidc.not_yet_valid", std::string(name) + " is in the future");
    }
  }
  if (expected_nonce.empty() || ClaimText(claims, "nonce") != expected_nonce) {
    return TokenProblem("oidc.nonce", "the nonce does not match this sign-in");
  }
  IdTokenClaims out;
  out.issuer = config.issuer;
  out.subject = ClaimText(claims, "sub");
  out.citizen_id = ClaimText(claims, config.id_claim);
  out.name = ClaimText(claims, "name");
  out.email = ClaimText(claims, "email");
  out.expires_at = exp;
  if (out.subject.empty() || out.citizen_id.empty()) {
    return TokenProblem("oidc.claim", "the ID token lacks sub or " + config.id_claim);
  }
  return out;
}

// ---- the flow ----

OidcClient::OidcClient(OidcConfig config, WebFetcher& fetcher, store::Db& db, const Clock& clock,
                       Random& random)
    : config_(std::move(config)), fetcher_(fetcher), db_(db), clock_(clock), random_(random) {}

std::vector<store::Migration> OidcClient::Migrations() {
  return {{"oidc", 1, R"SQL(
CREATE TABLE oidc_flows (
  state_hash TEXT PRIMARY KEY,
  nonce TEXT NOT NULL,
  verifier TEXT NOT NULL,
  created_at_ms {INT} NOT NULL
) {STRICT};
)SQL"}};
}

Result<OidcClient::Endpoints> OidcClient::Discover() {
  {
    std::lock_guard lock(mutex_);
    if (endpoints_) return *endpoints_;
  }
  const std::string url = config_.issuer + "/.well-known/openid-configuration";
  auto reply = fetcher_.Get(url);
  auto unusable = [&](const std::string& why) {
    return Status::Error(ErrorCode::kUnavailable, "oidc.discovery",
                               "ติดต่อผู้ให้บริการยืนยันตัวตนไม่ได้ กรุณาลองใหม่ภายหลัง", url + ": " + why);
  };
  if (!reply.ok()) return unusable(reply.status().ToString());
  if (reply->status != 200) return unusable("HTTP " + std::to_string(reply->status));
  const json document = json::parse(reply->body, nullptr, false);
  if (!document.is_object()) return unusable("not JSON");
  if (document.value("issuer", "") != config_.issuer) {
    return unusable("the document names issuer " + document.value("issuer", ""));
  }
  Endpoints endpoints{document.value("authorization_endpoint", ""),
                      document.value("token_endpoint", ""), document.value("jwks_uri", "")};
  if (endpoints.authorization.empty() || endpoints.token.empty() || endpoints.jwks.empty()) {
    return unusable("an endpoint is missing");
  }
  std::lock_guard lock(mutex_);
  endpoints_ = endpoints;
  return endpoints;
}

Result<std::string> OidcClient::Jwks(const std::string& uri, bool refresh) {
  {
    std::lock_guard lock(mutex_);
    if (!refresh && !jwks_.empty()) return jwks_;
  }
  auto reply = fetcher_.Get(uri);
  if (!reply.ok() || reply->status != 200) {
    return Status::Error(ErrorCode::kUnavailable, "oidc.jwks", "ติดต่อผู้ให้บริการยืนยันตัวตนไม่ได้ กรุณาลองใหม่ภายหลัง",
                               uri + (reply.ok() ? ": HTTP " + std::to_string(reply->status)
                                                 : ": " + reply.status().ToString()));
  }
  std::lock_guard lock(mutex_);
  jwks_ = reply->body;
  return jwks_;
}

Result<std::string> OidcClient::BeginLogin(std::string* state_out) {
  if (!config_.enabled()) {
    return Status::InvalidInput("oidc.disabled", "ระบบนี้ยังไม่ได้ตั้งค่าการยืนยันตัวตนด้วย " + config_.label_th,
                                "no OpenID Connect provider configured");
  }
  KLANG_ASSIGN_OR_RETURN(Endpoints endpoints, Discover());
  const std::string state = RandomUrlToken(random_, 32);
  const std::string nonce = RandomUrlToken(random_, 32);
  const std::string verifier = RandomUrlToken(random_, 32);
  const int64_t now = clock_.NowUnixMillis();
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  // Flows never finished are forgotten once too old to finish.
  KLANG_RETURN_IF_ERROR(lease->Execute("DELETE FROM oidc_flows WHERE created_at_ms < $1",
                                       {now - config_.flow_seconds_max * 1000})
                            .status());
  KLANG_RETURN_IF_ERROR(lease->Execute("INSERT INTO oidc_flows (state_hash, nonce, verifier, "
                                       "created_at_ms) VALUES ($1, $2, $3, $4)",
                                       {Sha256Hex(state), nonce, verifier, now})
                            .status());
  if (state_out != nullptr) *state_out = state;
  CurlHandle handle;
  auto escape = [&](const std::string& text) {
    char* escaped = curl_easy_escape(handle.curl, text.c_str(), static_cast<int>(text.size()));
    std::string out = escaped ? escaped : "";
    curl_free(escaped);
    return out;
  };
  const char separator = endpoints.authorization.find('?') == std::string::npos ? '?' : '&';
  return endpoints.authorization + separator + "response_type=code&client_id=" +
         escape(config_.client_id) + "&redirect_uri=" + escape(config_.redirect_uri) +
         "&scope=" + escape(config_.scope) + "&state=" + state + "&nonce=" + nonce +
         "&code_challenge=" + PkceChallenge(verifier) + "&code_challenge_method=S256";
}

Result<IdTokenClaims> OidcClient::FinishLogin(const std::string& state, const std::string& code,
                                              const std::string& provider_error) {
  auto bad_state = [] {
    return Unauthenticated("oidc.state",
                           "การยืนยันตัวตนนี้หมดอายุหรือถูกใช้ไปแล้ว กรุณาเริ่มใหม่อีกครั้ง",
                           "unknown, used or expired state");
  };
  if (state.empty() || state.size() > 200) return bad_state();
  std::string nonce, verifier;
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
    const std::string key = Sha256Hex(state);
    KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                           lease->Query("SELECT nonce, verifier, created_at_ms FROM oidc_flows "
                                        "WHERE state_hash = $1",
                                        {key}));
    // Used up now, whatever follows: a replayed state finds nothing.
    KLANG_ASSIGN_OR_RETURN(int64_t deleted,
                           lease->Execute("DELETE FROM oidc_flows WHERE state_hash = $1", {key}));
    if (rows.empty() || deleted != 1 ||
        clock_.NowUnixMillis() - rows[0].Int(2) > config_.flow_seconds_max * 1000) {
      return bad_state();
    }
    nonce = rows[0].Text(0);
    verifier = rows[0].Text(1);
  }
  if (!provider_error.empty()) {
    return Unauthenticated("oidc.provider_error",
                           "ผู้ให้บริการยืนยันตัวตนไม่ยืนยันตัวตนของท่าน กรุณาลองใหม่อีกครั้ง",
                           "provider answered error=" + provider_error);
  }
  if (code.empty() || code.size() > 2000) {
    return Unauthenticated("oidc.token_exchange", "การยืนยันตัวตนไม่สำเร็จ กรุณาลองใหม่อีกครั้ง",
                           "no code");
  }
  KLANG_ASSIGN_OR_RETURN(Endpoints endpoints, Discover());
  std::vector<std::pair<std::string, std::string>> fields = {
      {"grant_type", "authorization_code"},
      {"code", code},
      {"redirect_uri", config_.redirect_uri},
      {"code_verifier", verifier}};
  if (config_.client_secret.empty()) fields.push_back({"client_id", config_.client_id});
  KLANG_ASSIGN_OR_RETURN(FetchReply reply,
                         fetcher_.PostForm(endpoints.token, fields, config_.client_secret.empty()
                                                                        ? ""
                                                                        : config_.client_id,
                                           config_.client_secret));
  const json answer = json::parse(reply.body, nullptr, false);
  if (reply.status != 200 || !answer.is_object() || !answer.contains("id_token") ||
      !answer["id_token"].is_string()) {
    return Unauthenticated(
        "oidc.token_exchange", "การยืนยันตัวตนไม่สำเร็จ กรุณาลองใหม่อีกครั้ง",
        "token endpoint answered HTTP " + std::to_string(reply.status) + " " +
            (answer.is_object() ? answer.value("error", "") : std::string("(not JSON)")));
  }
  const std::string id_token = answer["id_token"].get<std::string>();
  KLANG_ASSIGN_OR_RETURN(std::string jwks, Jwks(endpoints.jwks, false));
  const int64_t now_seconds = clock_.NowUnixMillis() / 1000;
  auto claims = VerifyIdToken(id_token, jwks, config_, nonce, now_seconds);
  if (!claims.ok() && claims.status().stable_code() == "oidc.unknown_key") {
    // The provider may have rotated its keys since we fetched them.
    KLANG_ASSIGN_OR_RETURN(jwks, Jwks(endpoints.jwks, true));
    claims = VerifyIdToken(id_token, jwks, config_, nonce, now_seconds);
  }
  return claims;
}

}  // namespace klang::auth
