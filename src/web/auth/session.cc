#include "web/auth/session.h"

#include <algorithm>

namespace klang::web {
namespace {

std::shared_ptr<const http::Identity> IdentityOf(const auth::Session& session) {
  auto identity = std::make_shared<http::Identity>();
  identity->user_id = session.user.id;
  identity->org_id = session.user.org_id;
  identity->username = session.user.username;
  identity->display_name = session.user.display_name;
  identity->role = session.user.role;
  identity->csrf_token = session.csrf_token;
  identity->must_change_password = session.user.must_change_password;
  return identity;
}

}  // namespace

Result<std::shared_ptr<const http::Identity>> AuthGatekeeper::Authenticate(
    const http::Request& request) {
  const std::string authorization = request.Header("authorization");
  if (nodes_ != nullptr && authorization.rfind("Bearer ", 0) == 0) {
    KLANG_ASSIGN_OR_RETURN(sync::Node node,
                           nodes_->Authenticate(authorization.substr(7), request.remote_address));
    auto identity = std::make_shared<http::Identity>();
    identity->org_id = node.org;
    identity->username = "node:" + node.name;
    identity->display_name = "เครื่อง " + node.name;
    identity->role = "node";
    identity->credential_auth = true;
    return std::shared_ptr<const http::Identity>(std::move(identity));
  }
  auto cookie = request.cookies.find(kSessionCookie);
  if (cookie == request.cookies.end()) {
    return Status::Error(ErrorCode::kUnauthenticated, "auth.no_session", "กรุณาเข้าสู่ระบบ",
                         "no session cookie");
  }
  KLANG_ASSIGN_OR_RETURN(auth::Session session, auth_.Authenticate(cookie->second));
  return IdentityOf(session);
}

Status AuthGatekeeper::Authorize(const http::Identity& identity, std::string_view permission,
                                 std::optional<int64_t> org_id) {
  return auth_.Authorize(UserOf(identity), std::string(permission), org_id);
}

std::string SafeNext(const std::string& next) {
  // Browsers drop tabs and line breaks from a URL and read "\\" as "/", so "/\t/evil.example"
  // and "/\\evil.example" lead off the site: only printable ASCII, no backslash, no "//".
  const bool printable = std::all_of(next.begin(), next.end(), [](char c) {
    return c > ' ' && c < 0x7F && c != '\\';
  });
  if (next.empty() || next.size() > kNextBytesMax || next[0] != '/' || !printable ||
      next.find("//") != std::string::npos) {
    return "/";
  }
  return next;
}

void SetSessionCookie(http::Response& response, const std::string& token, bool secure_cookies) {
  http::CookieOptions options;
  options.secure = secure_cookies;
  response.SetCookie(kSessionCookie, token, options);
}

auth::User UserOf(const http::Identity& identity) {
  return auth::User{identity.user_id,      identity.org_id, identity.username,
                    identity.display_name, identity.role,   identity.must_change_password};
}

}  // namespace klang::web
