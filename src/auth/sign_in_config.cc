#include "auth/sign_in_config.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace klang::auth {
namespace {

using nlohmann::json;

Status Bad(const std::string& detail) {
  return Status::InvalidInput("config.sign_in", "ไฟล์ตั้งค่าการเข้าสู่ระบบไม่ถูกต้อง: " + detail,
                              detail);
}

Result<std::string> ReadSecret(const std::string& path, const std::string& dir) {
  std::filesystem::path file(path);
  if (file.is_relative()) file = std::filesystem::path(dir) / file;
  std::ifstream in(file, std::ios::binary);
  if (!in) return Bad("cannot read " + file.string());
  std::stringstream text;
  text << in.rdbuf();
  std::string secret = text.str();
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) secret.pop_back();
  return secret;
}

// A string member (or "" when absent); a present non-string is an error.
Result<std::string> Text(const json& object, const char* section, const char* key) {
  if (!object.contains(key)) return std::string();
  if (!object[key].is_string()) return Bad(std::string(section) + "." + key + " must be text");
  return object[key].get<std::string>();
}

Result<std::string> Secret(const json& object, const char* section, const char* key,
                           const std::string& dir) {
  const std::string file_key = std::string(key) + "_file";
  KLANG_ASSIGN_OR_RETURN(std::string inline_value, Text(object, section, key));
  KLANG_ASSIGN_OR_RETURN(std::string file, Text(object, section, file_key.c_str()));
  if (!inline_value.empty() && !file.empty()) {
    return Bad(std::string(section) + ": give " + key + " or " + file_key + ", not both");
  }
  if (!file.empty()) return ReadSecret(file, dir);
  return inline_value;
}

// Refuses a key the section does not know: a typo must not silently fall back to a default.
Status KnownKeys(const json& object, const char* section,
                 std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      return Bad("unknown key " + std::string(section) + "." + key);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<SignInConfig> ParseSignInConfig(const std::string& text, const std::string& dir) {
  const json root = json::parse(text, nullptr, false);
  if (!root.is_object()) return Bad("not a JSON object");
  for (const auto& [key, value] : root.items()) {
    if (key != "oidc" && key != "smtp") return Bad("unknown section " + key);
    if (!value.is_object()) return Bad(key + " must be an object");
  }
  SignInConfig config;
  if (root.contains("oidc")) {
    const json& oidc = root["oidc"];
    KLANG_RETURN_IF_ERROR(KnownKeys(oidc, "oidc",
                                    {"issuer", "client_id", "client_secret", "client_secret_file",
                                     "redirect_uri", "scope", "id_claim", "label_th",
                                     "leeway_seconds"}));
    KLANG_ASSIGN_OR_RETURN(config.oidc.issuer, Text(oidc, "oidc", "issuer"));
    KLANG_ASSIGN_OR_RETURN(config.oidc.client_id, Text(oidc, "oidc", "client_id"));
    KLANG_ASSIGN_OR_RETURN(config.oidc.client_secret, Secret(oidc, "oidc", "client_secret", dir));
    KLANG_ASSIGN_OR_RETURN(config.oidc.redirect_uri, Text(oidc, "oidc", "redirect_uri"));
    KLANG_ASSIGN_OR_RETURN(std::string scope, Text(oidc, "oidc", "scope"));
    if (!scope.empty()) config.oidc.scope = scope;
    if (config.oidc.scope.find("openid") == std::string::npos) {
      return Bad("oidc.scope must include openid");
    }
    KLANG_ASSIGN_OR_RETURN(std::string claim, Text(oidc, "oidc", "id_claim"));
    if (!claim.empty()) config.oidc.id_claim = claim;
    KLANG_ASSIGN_OR_RETURN(std::string label, Text(oidc, "oidc", "label_th"));
    if (!label.empty()) config.oidc.label_th = label;
    if (oidc.contains("leeway_seconds")) {
      if (!oidc["leeway_seconds"].is_number_integer() || oidc["leeway_seconds"].get<int64_t>() < 0 ||
          oidc["leeway_seconds"].get<int64_t>() > 300) {
        return Bad("oidc.leeway_seconds must be a whole number from 0 to 300");
      }
      config.oidc.leeway_seconds = oidc["leeway_seconds"].get<int64_t>();
    }
    if (!config.oidc.enabled()) return Bad("oidc needs issuer, client_id and redirect_uri");
    if (config.oidc.issuer.rfind("https://", 0) != 0 &&
        config.oidc.issuer.rfind("http://127.0.0.1", 0) != 0 &&
        config.oidc.issuer.rfind("http://localhost", 0) != 0) {
      return Bad("oidc.issuer must be https:// (plain http only on this machine)");
    }
  }
  if (root.contains("smtp")) {
    const json& smtp = root["smtp"];
    KLANG_RETURN_IF_ERROR(KnownKeys(smtp, "smtp",
                                    {"url", "tls", "from", "from_name", "username", "password",
                                     "password_file"}));
    KLANG_ASSIGN_OR_RETURN(config.smtp.url, Text(smtp, "smtp", "url"));
    KLANG_ASSIGN_OR_RETURN(config.smtp.from, Text(smtp, "smtp", "from"));
    KLANG_ASSIGN_OR_RETURN(std::string from_name, Text(smtp, "smtp", "from_name"));
    if (!from_name.empty()) config.smtp.from_name = from_name;
    KLANG_ASSIGN_OR_RETURN(std::string tls, Text(smtp, "smtp", "tls"));
    if (!tls.empty()) {
      auto parsed = ParseSmtpTls(tls);
      if (!parsed.ok()) return Bad("smtp.tls must be none, starttls or tls");
      config.smtp.tls = *parsed;
    }
    KLANG_ASSIGN_OR_RETURN(config.smtp.username, Text(smtp, "smtp", "username"));
    KLANG_ASSIGN_OR_RETURN(config.smtp.password, Secret(smtp, "smtp", "password", dir));
    if (!config.smtp.enabled()) return Bad("smtp needs url and from");
    if (!IsEmailAddress(config.smtp.from)) return Bad("smtp.from is not an e-mail address");
  }
  if (config.oidc.enabled() != config.smtp.enabled()) {
    return Bad("enrolment needs both oidc and smtp");
  }
  return config;
}

Result<SignInConfig> LoadSignInConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Bad("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return ParseSignInConfig(text.str(), std::filesystem::path(path).parent_path().string());
}

}  // namespace klang::auth
