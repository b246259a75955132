// web/auth/session.h — how the web layer knows who is calling: the Gatekeeper that plugs
// auth::AuthService (and, on the centre, the register of edge nodes) into http, the session cookie,
// and the signed-in caller as auth sees a user.
#pragma once

#include <memory>
#include <string>

#include "auth/auth.h"
#include "http/http.h"
#include "sync/nodes.h"

namespace klang::web {

// Sessions (cookie) for people; on the centre also the credential of an edge node (Authorization:
// Bearer), which becomes the identity of role "node" scoped to the node's LAO. Thread-safe as the
// services it calls.
class AuthGatekeeper final : public http::Gatekeeper {
 public:
  // `nodes` is null on an edge node (only the centre takes node credentials).
  AuthGatekeeper(auth::AuthService& auth, sync::NodeRegistry* nodes) : auth_(auth), nodes_(nodes) {}
  Result<std::shared_ptr<const http::Identity>> Authenticate(const http::Request& request) override;
  Status Authorize(const http::Identity& identity, std::string_view permission,
                   std::optional<int64_t> org_id) override;

 private:
  auth::AuthService& auth_;
  sync::NodeRegistry* nodes_;
};

inline constexpr const char* kSessionCookie = "klang_session";

// Only a path on this site ("/orgs/3?fy=2570"): one leading "/", printable ASCII, no backslash,
// no "//" — never a way to another site after login; "/" otherwise.
inline constexpr size_t kNextBytesMax = 2'000;
std::string SafeNext(const std::string& next);

// Sets the session cookie after a login or a finished enrolment.
void SetSessionCookie(http::Response& response, const std::string& token, bool secure_cookies);

// The signed-in caller as auth sees a user (the actor of an authorisation or an administration).
auth::User UserOf(const http::Identity& identity);

}  // namespace klang::web
