// web/kit/routes.h — the one way every module adds its routes to the router. A handler is a plain
// function of the module's small context struct and the request; a table binds it, gives each
// route its access rule (public, signed in, or a permission over the organisation in the path) and
// the module's name, and for the screens of an organisation adds the same call under /api/v1:
//
//   RouteTable table(router, "revenue");
//   table.AddOrgRoutes("/revenue", web, {
//       {"GET", "/receipts", "rev.read", Receipts},                     // page and API
//       {"GET", "/receipts/new", "rev.receipt", ReceiptForm, Face::kPage},
//   });
//   table.AddRoutes(web, {{"GET", "/sync/nodes", Permission("sync.admin"), NodesPage}});
//
// Registration happens before serving and is not thread-safe (as http::Router::Add).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "http/http.h"

namespace klang::web {

template <typename Context>
using Handler = http::Response (*)(Context& context, http::Request& request);

// Which faces a route of an organisation has: the screen under /orgs/{org}, the same call under
// /api/v1/orgs/{org}, or both.
enum class Face { kPageAndApi, kPage, kApi };

// A route under an organisation: the path follows "/orgs/{org}" + the table's base; the
// organisation in the path is checked against the user's scope, with `permission`.
template <typename Context>
struct OrgRoute {
  const char* method;
  const char* path;        // after the base; "" for the base itself
  const char* permission;  // as in data/permissions.csv
  Handler<Context> handler;
  Face face = Face::kPageAndApi;
};

// A route at a path of its own, with its access rule spelled out.
template <typename Context>
struct Route {
  const char* method;
  const char* pattern;
  http::Access access;
  Handler<Context> handler;
};

// Access rules for Route.
http::Access PublicAccess();  // no login (login page, enrolment)
// Any signed-in user; `while_password_change_pending` also before the first password is set.
http::Access SignedIn(bool while_password_change_pending = false);
// A permission, and the organisation named by path parameter `org_param` (if any) in scope.
http::Access Permission(const char* permission, const char* org_param = "");

class RouteTable {
 public:
  // `router` must outlive the table; every route it adds carries `module`.
  RouteTable(http::Router& router, std::string module)
      : router_(router), module_(std::move(module)) {}

  // `context` must outlive the router.
  template <typename Context>
  void AddOrgRoutes(std::string_view base, Context& context,
                    std::initializer_list<OrgRoute<Context>> routes) {
    for (const auto& route : routes) {
      const std::string path = std::string(base) + route.path;
      const http::Access access = Permission(route.permission, "org");
      if (route.face != Face::kApi) {
        Add(route.method, "/orgs/{org}" + path, access, Bind(context, route.handler));
      }
      if (route.face != Face::kPage) {
        Add(route.method, "/api/v1/orgs/{org}" + path, access, Bind(context, route.handler));
      }
    }
  }

  template <typename Context>
  void AddRoutes(Context& context, std::initializer_list<Route<Context>> routes) {
    for (const auto& route : routes) {
      Add(route.method, route.pattern, route.access, Bind(context, route.handler));
    }
  }

 private:
  template <typename Context>
  static http::Handler Bind(Context& context, Handler<Context> handler) {
    return [&context, handler](http::Request& request) { return handler(context, request); };
  }
  void Add(const std::string& method, const std::string& pattern, const http::Access& access,
           http::Handler handler);

  http::Router& router_;
  const std::string module_;
};

}  // namespace klang::web
