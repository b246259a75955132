#include "web/kit/routes.h"

namespace klang::web {

http::Access PublicAccess() { return http::Access{.public_route = true}; }

http::Access SignedIn(bool while_password_change_pending) {
  return http::Access{.allow_password_change_pending = while_password_change_pending};
}

http::Access Permission(const char* permission, const char* org_param) {
  return http::Access{.permission = permission, .org_param = org_param};
}

void RouteTable::Add(const std::string& method, const std::string& pattern,
                     const http::Access& access, http::Handler handler) {
  router_.Add(method, pattern, access, std::move(handler), module_);
}

}  // namespace klang::web
