// ID-token verification (cjose) with keys made here: a good token, then each way a token must be
// refused; the PKCE challenge against RFC 7636's example; the national ID check digit.
#include <cjose/cjose.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "auth/sign_in_config.h"

#include <nlohmann/json.hpp>

#include "auth/auth.h"
#include "auth/oidc.h"

namespace klang::auth {
namespace {

using nlohmann::json;

struct Key {
  cjose_jwk_t* jwk = nullptr;
  explicit Key(const char* kid) {
    static const uint8_t kExponent[] = {0x01, 0x00, 0x01};
    jwk = cjose_jwk_create_RSA_random(2048, kExponent, sizeof kExponent, nullptr);
    cjose_jwk_set_kid(jwk, kid, std::strlen(kid), nullptr);
  }
  ~Key() { cjose_jwk_release(jwk); }
  std::string PublicJson() const {
    char* text = cjose_jwk_to_json(jwk, false, nullptr);
    std::string out = text;
    free(text);
    return out;
  }
  std::string Sign(const json& claims, const char* alg = "RS256") const {
    cjose_header_t* header = cjose_header_new(nullptr);
    cjose_header_set(header, CJOSE_HDR_ALG, alg, nullptr);
    cjose_header_set(header, CJOSE_HDR_KID, cjose_jwk_get_kid(jwk, nullptr), nullptr);
    const std::string payload = claims.dump();
    cjose_jws_t* jws = cjose_jws_sign(jwk, header, reinterpret_cast<const uint8_t*>(payload.data()),
                                      payload.size(), nullptr);
    const char* compact = nullptr;
    cjose_jws_export(jws, &compact, nullptr);
    std::string out = compact ? compact : "";
    cjose_jws_release(jws);
    cjose_header_release(header);
    return out;
  }
};

class IdTokenTest : public ::testing::Test {
 protected:
  IdTokenTest() : key_("k1"), other_("k1") {
    config_.issuer = "https://id.example";
    config_.client_id = "klang";
    config_.redirect_uri = "https://klang.example/enrol/callback";
    config_.id_claim = "pid";
    jwks_ = "{\"keys\": [" + key_.PublicJson() + "]}";
  }
  json Claims() const {
    return {{"iss", "https://id.example"}, {"sub", "u-17"},      {"aud", "klang"},
            {"exp", kNow + 300},          {"iat", kNow - 5},     {"nonce", "n-1"},
            {"pid", "1101700203451"},     {"name", "สมชาย ใจดี"}};
  }
  std::string Code(const std::string& token) {
    auto verified = VerifyIdToken(token, jwks_, config_, "n-1", kNow);
    return verified.ok() ? "ok" : verified.status().stable_code();
  }
  static constexpr int64_t kNow = 1'764'662'400;
  Key key_, other_;
  OidcConfig config_;
  std::string jwks_;
};

TEST_F(IdTokenTest, AGoodTokenGivesTheCitizenId) {
  auto verified = VerifyIdToken(key_.Sign(Claims()), jwks_, config_, "n-1", kNow);
  ASSERT_TRUE(verified.ok()) << verified.status().ToString();
  EXPECT_EQ(verified->citizen_id, "1101700203451");
  EXPECT_EQ(verified->subject, "u-17");
  EXPECT_EQ(verified->name, "สมชาย ใจดี");
}

TEST_F(IdTokenTest, EachFlawIsRefusedWithItsOwnCode) {
  EXPECT_EQ(Code(other_.Sign(Claims())), "oidc.signature");  // same kid, another key
  json claims = Claims();
  claims["iss"] = "https://evil.example";
  EXPECT_EQ(Code(key_.Sign(claims)), "oidc.issuer");
  claims = Claims();
  claims["aud"] = "someone-else";
  EXPECT_EQ(Code(key_.Sign(claims)), "oidc.audience");
  claims["aud"] = json::array({"someone-else", "klang"});
  claims["azp"] = "someone-else";
  EXPECT_EQ(Code(key_.Sign(claims)), "oidc.audience");
  claims = Claims();
  claims["exp"] = kNow - 61;
  EXPECT_EQ(Code(key_.Sign(claims)), "oidc.expired");
  claims["exp"] = kNow - 59;  // within the leeway
  EXPECT_EQ(Code(key_.Sign(claims)), "ok");
  claims = Claims();
  claims["nbf"] = kNow + 120;
  EXPECT_EQ(Code(key_.Sign(claims)), "oidc.not_yet_valid");
  claims = Claims();
  claims["nonce"] = "n-2";
  EXPECT_EQ(Code(key_.Sign(claims)), "oidc.nonce");
  claims = Claims();
  claims.erase("pid");
  EXPECT_EQ(Code(key_.Sign(claims)), "oidc.claim");
  const std::string hmac = Base64Url("{\"alg\":\"HS256\",\"kid\":\"k1\"}") + "." +
                           Base64Url(Claims().dump()) + "." + Base64Url("not-a-real-mac");
  EXPECT_EQ(Code(hmac), "oidc.alg");
  EXPECT_EQ(Code("not.a.token"), "oidc.token_malformed");
  // alg "none": header {"alg":"none"} and an empty signature.
  const std::string none = Base64Url("{\"alg\":\"none\",\"kid\":\"k1\"}") + "." +
                           Base64Url(Claims().dump()) + ".";
  EXPECT_NE(Code(none), "ok");
  jwks_ = "{\"keys\": []}";
  EXPECT_EQ(Code(key_.Sign(Claims())), "oidc.unknown_key");
}

TEST(Pkce, ChallengeOfRfc7636Example) {
  EXPECT_EQ(PkceChallenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(NationalId, CheckDigit) {
  // 1·13 + 1·12 + 0·11 + 1·10 + 7·9 + 0·8 + 0·7 + 2·6 + 0·5 + 3·4 + 4·3 + 5·2 = 144;
  // 144 mod 11 = 1; (11 − 1) mod 10 = 0.
  EXPECT_TRUE(IsThaiNationalId("1101700203450"));
  EXPECT_FALSE(IsThaiNationalId("1101700203451"));
  EXPECT_FALSE(IsThaiNationalId("110170020345"));
  EXPECT_FALSE(IsThaiNationalId("11017002034a1"));
}

TEST(SignInConfig, ReadsProviderAndMailWithSecretsFromFiles) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("klang-signin-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "oidc-secret") << "s3cret\n";
  const std::string text = R"({
    "oidc": {"issuer": "https://imauth.example", "client_id": "klang", "client_secret_file": "oidc-secret",
             "redirect_uri": "https://klang.example/enrol/callback", "scope": "openid pid", "id_claim": "pid"},
    "smtp": {"url": "smtp://mail.example:587", "tls": "starttls", "from": "klang@example.go.th",
             "username": "klang", "password": "mail-pass"}})";
  auto config = ParseSignInConfig(text, dir.string());
  ASSERT_TRUE(config.ok()) << config.status().ToString();
  EXPECT_TRUE(config->enabled());
  EXPECT_EQ(config->oidc.client_secret, "s3cret");
  EXPECT_EQ(config->oidc.id_claim, "pid");
  EXPECT_EQ(config->oidc.label_th, "ThaID");
  EXPECT_EQ(config->smtp.tls, SmtpConfig::Tls::kStartTls);
  EXPECT_EQ(config->smtp.password, "mail-pass");
  std::filesystem::remove_all(dir);
}

TEST(SignInConfig, RefusesWhatWouldFailLater) {
  auto code = [](const std::string& text) {
    auto config = ParseSignInConfig(text, "/nonexistent");
    return config.ok() ? std::string("ok") : config.status().detail_en();
  };
  const std::string smtp = R"("smtp": {"url": "smtp://m:25", "from": "k@example.go.th"})";
  const std::string oidc = R"("oidc": {"issuer": "https://i", "client_id": "c", "redirect_uri": "https://k/enrol/callback")";
  EXPECT_EQ(code("{" + oidc + "}, " + smtp + "}"), "ok");
  EXPECT_EQ(code("not json"), "not a JSON object");
  EXPECT_EQ(code("{" + oidc + "}}"), "enrolment needs both oidc and smtp");
  EXPECT_EQ(code(R"({"oidc": {"issuer": "http://idp.example", "client_id": "c", "redirect_uri": "r"}, )" + smtp + "}"),
            "oidc.issuer must be https:// (plain http only on this machine)");
  EXPECT_EQ(code("{" + oidc + ", \"scope\": \"pid\"}, " + smtp + "}"), "oidc.scope must include openid");
  EXPECT_EQ(code("{" + oidc + ", \"clientid\": \"x\"}, " + smtp + "}"), "unknown key oidc.clientid");
  EXPECT_EQ(code("{" + oidc + ", \"client_secret\": \"a\", \"client_secret_file\": \"b\"}, " + smtp + "}"),
            "oidc: give client_secret or client_secret_file, not both");
  EXPECT_EQ(code("{" + oidc + ", \"client_secret_file\": \"missing\"}, " + smtp + "}"),
            "cannot read /nonexistent/missing");
  EXPECT_EQ(code("{" + oidc + R"(}, "smtp": {"url": "smtp://m:25", "from": "k@example.go.th", "tls": "ssl"}})"),
            "smtp.tls must be none, starttls or tls");
  EXPECT_EQ(code("{" + oidc + R"(}, "smtp": {"url": "smtp://m:25", "from": "not an address"}})"),
            "smtp.from is not an e-mail address");
}

}  // namespace
}  // namespace klang::auth
