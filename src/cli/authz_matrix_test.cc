// cli/authz_matrix_test.cc — the authorisation matrix (R1, R14): every route the server
// registers × every role × where the organisation in the path stands from the user's home (own,
// a unit beneath, the organisation above, a sibling, a foreign one in another province), sent as
// real HTTP requests to the real server, route table, gatekeeper, sessions and org tree.
//
// The expectation is read from the data alone (data/roles.csv and data/permissions.csv), never
// from the code under test:
//   allowed ⇔ public route, or (the role holds the route's permission, or it names none) and
//             (no organisation in the path, or the organisation lies within the user's home and,
//              for a write permission, is the home itself or the home keeps books);
//   for a role of scope "granted" (the auditor) the organisation must instead lie within a grant
//   (each such caller is granted the LAO "A", with its unit) and the permission must be a read.
// Every handler is replaced by a probe that answers "reached", so a case is allowed when the
// probe answers and denied when the gate answers 403; anything else fails. A new route is covered
// the moment it is registered; a route without an organisation in its path must be on the
// reviewed list below (it is reachable by every role holding its permission, whatever their
// organisation).
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "auth/auth.h"
#include "cli/app.h"
#include "web/stack.h"
#include "http/http.h"

namespace klang::cli {
namespace {

namespace fs = std::filesystem;

std::string ReadData(const std::string& name) {
  std::ifstream in(App::ResourceDir() + "/data/" + name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::string> SplitCsvLine(const std::string& line, size_t fields) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i + 1 < fields; ++i) {
    const size_t comma = line.find(',', start);
    if (comma == std::string::npos) break;
    out.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
  out.push_back(line.substr(start));
  return out;
}

// The matrix as the data states it.
struct Matrix {
  std::map<std::string, std::set<std::string>> role_permissions;
  std::map<std::string, bool> permission_is_write;
  std::set<std::string> granted_roles;  // scope "granted": only what an administrator granted

  static Matrix Load() {
    Matrix matrix;
    std::istringstream roles(ReadData("roles.csv"));
    std::string line;
    std::getline(roles, line);  // header
    while (std::getline(roles, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      auto fields = SplitCsvLine(line, 4);
      std::istringstream words(fields.at(3));
      std::string word;
      if (fields.at(2) == "granted") matrix.granted_roles.insert(fields.at(0));
      auto& held = matrix.role_permissions[fields.at(0)];
      while (words >> word) held.insert(word);
    }
    std::istringstream permissions(ReadData("permissions.csv"));
    std::getline(permissions, line);
    while (std::getline(permissions, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      auto fields = SplitCsvLine(line, 3);
      matrix.permission_is_write[fields.at(0)] = fields.at(1) == "write";
    }
    return matrix;
  }
};

// Routes that name no organisation in their path, each reviewed: what it shows or changes is the
// caller's own (session, password, authenticator app, starting page), filtered to the caller's scope in the handler
// (the organisation list), or the centre's register of edge nodes (sync.admin, held only by the
// administrator role — the DLA's, in a deployment), or a node's own protocol (sync.node; the
// centre scopes each to the node's LAO in the handler: CentreSync::CheckScope, RestoreOrgs).
const std::set<std::string> kReviewedWithoutOrg = {
    "POST /logout",
    "POST /logout-everywhere",
    "GET /password",
    "POST /password",
    "GET /totp",
    "POST /totp/begin",
    "POST /totp/confirm",
    "POST /totp/disable",
    "GET /",
    "GET /api/v1/orgs",
    "GET /sync/nodes",
    "GET /api/v1/sync/nodes",
    "POST /sync/nodes/{name}/revoke",
    "GET /api/v1/sync/bootstrap",
    "POST /api/v1/sync/home",
    "POST /api/v1/sync/heartbeat",
    "POST /api/v1/sync/users/password",
    "POST /api/v1/sync/restore/orgs",
};

// Routes anyone may call without signing in, each reviewed: the sign-in and first enrolment, and
// the public check of a printed document (it answers only for the document whose unguessable code
// it is given, and is rate-limited). A route made public by mistake fails the test until reviewed.
// A witness's POST/GET /witness/v1/checkpoints (public: the signature is the credential) is only
// mounted by `klang witness serve` and on an edge node keeping checkpoints, not at the centre.
const std::set<std::string> kReviewedPublic = {
    "GET /login",          "POST /login",          "POST /login/totp",    "GET /enrol",
    "GET /enrol/start",    "GET /enrol/callback",  "GET /enrol/step",     "POST /enrol/email",
    "POST /enrol/resend",  "POST /enrol/otp",      "POST /enrol/password", "GET /check",
    "GET /check/{code}",   "GET /api/v1/check/{code}",
};

struct Reply {
  long status = 0;
  std::string body;
  std::string location;
};

size_t Collect(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

size_t CollectHeader(char* data, size_t size, size_t count, void* out) {
  std::string line(data, size * count);
  if (line.size() > 9 && (line.rfind("Location:", 0) == 0 || line.rfind("location:", 0) == 0)) {
    *static_cast<std::string*>(out) = line.substr(9);
  }
  return size * count;
}

// One keep-alive connection to the server under test.
class Client {
 public:
  explicit Client(uint16_t port) : base_("http://127.0.0.1:" + std::to_string(port)) {
    curl_ = curl_easy_init();
  }
  ~Client() { curl_easy_cleanup(curl_); }

  Reply Send(const std::string& method, const std::string& path, const std::string& cookie,
             const std::string& csrf, const std::string& bearer, bool json_body) {
    Reply reply;
    curl_easy_reset(curl_);
    const std::string url = base_ + path;
    curl_easy_setopt(curl_, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl_, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, Collect);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &reply.body);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, CollectHeader);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &reply.location);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT, 30L);
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, json_body ? "Accept: application/json"
                                                   : "Accept: text/html");
    if (!csrf.empty()) headers = curl_slist_append(headers, ("X-CSRF-Token: " + csrf).c_str());
    if (!bearer.empty()) {
      headers = curl_slist_append(headers, ("Authorization: Bearer " + bearer).c_str());
    }
    if (method != "GET") {
      headers = curl_slist_append(headers, json_body ? "Content-Type: application/json"
                                                     : "Content-Type: application/x-www-form-urlencoded");
      curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, json_body ? "{}" : "");
    }
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers);
    if (!cookie.empty()) curl_easy_setopt(curl_, CURLOPT_COOKIE, cookie.c_str());
    const CURLcode code = curl_easy_perform(curl_);
    if (code == CURLE_OK) curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &reply.status);
    curl_slist_free_all(headers);
    return reply;
  }

 private:
  std::string base_;
  CURL* curl_ = nullptr;
};

struct Caller {
  std::string label;  // "accountant@LAO"
  std::string role;
  int64_t home = 0;
  std::string cookie;  // "klang_session=…" for people
  std::string csrf;
  std::string bearer;  // for an edge node
  int64_t granted = 0;  // a granted-scope caller's one grant (the LAO, with its unit)
};

class AuthzMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("klang-authz-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // About fifty people sign in per test: their passwords are hashed at libsodium's minimum cost
    // (the interactive cost was most of each part's time; the matrix is not about hashing).
    auth::AuthOptions auth_options;
    auth_options.password_hash_cost = auth::PasswordHashCost::kMinimum;
    auto app = App::Open(Location{dir_.string(), ""}, /*create=*/true, std::nullopt, auth_options);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(app).value();
    org::OrgDirectory& orgs = app_->orgs();
    auto make = [&](int64_t parent, org::OrgType type, const std::string& code) {
      auto made = orgs.Create(parent, type, code, "หน่วยงาน " + code);
      EXPECT_TRUE(made.ok()) << made.status().ToString();
      return made.ok() ? made->id : 0;
    };
    dla_ = make(0, org::OrgType::kDla, "DLA");
    province_ = make(dla_, org::OrgType::kProvince, "P1");
    other_province_ = make(dla_, org::OrgType::kProvince, "P2");
    lao_ = make(province_, org::OrgType::kSao, "A");
    unit_ = make(lao_, org::OrgType::kUnit, "A1");
    sibling_ = make(province_, org::OrgType::kTownMunicipality, "B");
    foreign_ = make(other_province_, org::OrgType::kSao, "C");
    foreign_unit_ = make(foreign_, org::OrgType::kUnit, "C1");
    targets_ = {dla_, province_, other_province_, lao_, unit_, sibling_, foreign_, foreign_unit_};
    names_ = {{dla_, "DLA"},     {province_, "P1"}, {other_province_, "P2"}, {lao_, "A"},
              {unit_, "A1"},     {sibling_, "B"},   {foreign_, "C"},         {foreign_unit_, "C1"}};

    // With a provider and a mail server configured, so the enrolment routes are registered and
    // enumerated too (nothing is contacted: the probes replace every handler).
    auth::SignInConfig sign_in;
    sign_in.oidc.issuer = "https://idp.invalid";
    sign_in.oidc.client_id = "klang";
    sign_in.oidc.redirect_uri = "https://klang.invalid/enrol/callback";
    sign_in.smtp.url = "smtp://mail.invalid:25";
    sign_in.smtp.from = "klang@mail.invalid";
    ASSERT_TRUE(app_->ConfigureSignIn(sign_in).ok());
    // With a signing key and a witness, so the public check of printed documents is registered
    // (the schedule is not started: nothing is signed or contacted).
    ASSERT_TRUE(witness::SigningKey::Generate().Save((dir_ / "node.key").string()).ok());
    ASSERT_TRUE(app_->ConfigureWitness({(dir_ / "node.key").string(), {"http://witness.invalid:9"}, {}, 3'600}).ok());
    auto web = web::BuildWebStack(app_->WebServices(),
                                  {App::ResourceDir() + "/web/templates", /*secure_cookies=*/false});
    ASSERT_TRUE(web.ok()) << web.status().ToString();
    web_ = std::move(web).value();
    web_->router.Wrap([](const http::Route& route, http::Handler) -> http::Handler {
      const std::string reached = "reached " + route.method + " " + route.pattern;
      return [reached](http::Request&) { return http::Response::Text(reached); };
    });
    http::ServerOptions options;
    options.listen_port = 0;
    options.static_dir = App::ResourceDir() + "/web/static";
    server_ = std::make_unique<http::Server>(options, web_->router, web_->gatekeeper.get());
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    if (server_) server_->Stop();
    server_.reset();
    web_.reset();
    app_.reset();
    fs::remove_all(dir_);
  }

  // Every role of roles.csv at every kind of home, and an edge node's credential for the LAO.
  std::vector<Caller> Callers(const Matrix& matrix) {
    std::vector<Caller> callers;
    const std::map<int64_t, std::string> homes = {
        {lao_, "LAO"}, {unit_, "unit"}, {province_, "province"}, {dla_, "DLA"}};
    int serial = 0;
    auto grantor = app_->auth().CreateUser(lao_, "grantor", "ผู้ให้สิทธิ์", "admin",
                                           "Matrix-Grantor-Pass-1", nullptr);
    EXPECT_TRUE(grantor.ok()) << grantor.status().ToString();
    for (const auto& [role, permissions] : matrix.role_permissions) {
      if (role == "node") continue;  // not a person: a node logs in with its credential
      for (const auto& [home, where] : homes) {
        const std::string username = "m" + std::to_string(++serial);
        const std::string password = "Matrix-Case-" + std::to_string(serial) + "-ผ่าน";
        auto user = app_->auth().CreateUser(home, username, role + " at " + where, role,
                                            password, nullptr);
        EXPECT_TRUE(user.ok()) << user.status().ToString();
        auto session = app_->auth().Login(username, password, "127.0.0.1");
        EXPECT_TRUE(session.ok()) << session.status().ToString();
        if (!user.ok() || !session.ok()) continue;
        Caller caller{role + "@" + where, role, home,
                      std::string(web::kSessionCookie) + "=" + session->token, session->csrf_token, ""};
        if (matrix.granted_roles.contains(role) && grantor.ok()) {
          auto grant = app_->auth().GrantAccess(*grantor, lao_, username,
                                                app_->clock().NowUnixMillis() + 86'400'000,
                                                "matrix", "127.0.0.1");
          EXPECT_TRUE(grant.ok()) << grant.status().ToString();
          caller.granted = lao_;
          caller.label += "+grant(A)";
        }
        callers.push_back(std::move(caller));
      }
    }
    auto credential = app_->nodes().Issue("M1", lao_);
    EXPECT_TRUE(credential.ok()) << credential.status().ToString();
    if (credential.ok()) callers.push_back(Caller{"node@LAO", "node", lao_, "", "", *credential});
    return callers;
  }

  std::string Relation(int64_t home, int64_t target) {
    if (home == target) return "own";
    if (app_->orgs().IsWithin(target, home)) return "beneath";
    if (app_->orgs().IsWithin(home, target)) return "above";
    auto a = app_->orgs().Get(home);
    auto b = app_->orgs().Get(target);
    if (a.ok() && b.ok() && a->parent_id == b->parent_id) return "sibling";
    return "foreign";
  }

  bool KeepsBooks(int64_t org) {
    auto found = app_->orgs().Get(org);
    return found.ok() && org::KeepsBooks(found->type);
  }

  static std::string PathFor(const http::Route& route, int64_t org) {
    std::string path;
    size_t at = 0;
    while (at < route.pattern.size()) {
      const size_t open = route.pattern.find('{', at);
      if (open == std::string::npos) {
        path += route.pattern.substr(at);
        break;
      }
      const size_t close = route.pattern.find('}', open);
      path += route.pattern.substr(at, open - at);
      const std::string name = route.pattern.substr(open + 1, close - open - 1);
      path += name == route.access.org_param ? std::to_string(org) : "1";
      at = close + 1;
    }
    return path;
  }

  static bool IsApi(const http::Route& route) { return route.pattern.rfind("/api/", 0) == 0; }

  fs::path dir_;
  std::unique_ptr<App> app_;
  std::unique_ptr<web::WebStack> web_;
  std::unique_ptr<http::Server> server_;
  int64_t dla_ = 0, province_ = 0, other_province_ = 0, lao_ = 0, unit_ = 0, sibling_ = 0,
          foreign_ = 0, foreign_unit_ = 0;
  std::vector<int64_t> targets_;
  std::map<int64_t, std::string> names_;
};

// The matrix is sent in kMatrixShards parts (route i goes to part i mod kMatrixShards), so CTest
// runs the parts side by side: whole, it is the longest test under the sanitizers (233 s).
constexpr int kMatrixShards = 4;

class AuthzMatrixShard : public AuthzMatrixTest, public testing::WithParamInterface<int> {};

TEST_P(AuthzMatrixShard, EveryRouteEveryRoleEveryOrganisationAsTheDataSays) {
  const int shard = GetParam();
  const Matrix matrix = Matrix::Load();
  ASSERT_FALSE(matrix.role_permissions.empty());
  ASSERT_FALSE(matrix.permission_is_write.empty());
  const std::vector<Caller> callers = Callers(matrix);
  ASSERT_FALSE(HasFailure());
  Client client(server_->port());

  size_t cases = 0, allowed = 0, denied = 0;
  std::map<std::string, size_t> by_relation;
  std::vector<std::string> wrong;
  const auto& routes = web_->router.routes();
  size_t shard_routes = 0;
  for (size_t index = 0; index < routes.size(); ++index) {
    if (static_cast<int>(index % kMatrixShards) != shard) continue;
    ++shard_routes;
    const http::Route& route = routes[index];
    const std::string key = route.method + " " + route.pattern;
    if (!route.access.permission.empty()) {
      EXPECT_TRUE(matrix.permission_is_write.contains(route.access.permission))
          << key << " names permission " << route.access.permission
          << ", which data/permissions.csv does not list";
    }
    if (route.access.public_route) {
      EXPECT_TRUE(kReviewedPublic.contains(key)) << key << " is public: review it and add it to kReviewedPublic";
    }
    if (!route.access.public_route && route.access.org_param.empty()) {
      EXPECT_TRUE(kReviewedWithoutOrg.contains(key))
          << key << " names no organisation in its path: scope it with org_param, or review it "
                    "and add it to kReviewedWithoutOrg";
    }
    const bool write = !route.access.permission.empty() &&
                       (!matrix.permission_is_write.contains(route.access.permission) ||
                        matrix.permission_is_write.at(route.access.permission));
    for (const Caller& caller : callers) {
      const auto& held = matrix.role_permissions.at(caller.role);
      const bool has = route.access.permission.empty() || held.contains(route.access.permission);
      std::vector<int64_t> orgs = route.access.org_param.empty() ? std::vector<int64_t>{0}
                                                                 : targets_;
      for (int64_t target : orgs) {
        bool expect = route.access.public_route;
        std::string relation = "none";
        if (!expect) {
          expect = has;
          if (target != 0) {
            relation = Relation(caller.home, target);
            if (matrix.granted_roles.contains(caller.role)) {
              // Only the granted organisation and its units, and only to read.
              const bool covered = caller.granted != 0 &&
                                   app_->orgs().IsWithin(target, caller.granted);
              expect = expect && covered && !write;
            } else {
              const bool within = relation == "own" || relation == "beneath";
              expect = expect && within &&
                       (!write || target == caller.home || KeepsBooks(caller.home));
            }
          }
        }
        const std::string path = PathFor(route, target);
        const bool safe = route.method == "GET" || route.method == "HEAD";
        Reply reply = client.Send(route.method, path, caller.cookie, safe ? "" : caller.csrf,
                                  caller.bearer, IsApi(route));
        const bool reached = reply.status == 200 && reply.body == "reached " + key;
        const bool refused = reply.status == 403;
        ++cases;
        ++by_relation[relation];
        if (reached) ++allowed;
        if (refused) ++denied;
        if (expect != reached || (!reached && !refused)) {
          wrong.push_back(key + " as " + caller.label +
                          (target ? " on " + names_[target] + " (" + relation + ")" : "") +
                          ": expected " + (expect ? "allow" : "deny") + ", got " +
                          std::to_string(reply.status) + " " + reply.body.substr(0, 120));
        }
      }
    }
  }
  std::printf("authorisation matrix, part %d of %d: %zu of %zu routes x %zu callers (%zu roles at "
              "4 kinds of home + an edge node) x up to %zu organisations = %zu cases: %zu allowed, "
              "%zu denied, %zu wrong\n",
              shard + 1, kMatrixShards, shard_routes, routes.size(), callers.size(),
              matrix.role_permissions.size() - 1, targets_.size(), cases, allowed, denied,
              wrong.size());
  for (const auto& [relation, count] : by_relation) {
    std::printf("  relation %-8s %zu cases\n", relation.c_str(), count);
  }
  for (size_t i = 0; i < wrong.size() && i < 40; ++i) ADD_FAILURE() << wrong[i];
  EXPECT_EQ(wrong.size(), 0u);
  EXPECT_GT(allowed, 0u);
  EXPECT_GT(denied, 0u);
}

INSTANTIATE_TEST_SUITE_P(Parts, AuthzMatrixShard, testing::Range(0, kMatrixShards));

TEST_F(AuthzMatrixTest, EveryReviewedRouteIsStillRegistered) {
  const auto& routes = web_->router.routes();
  for (const auto& key : kReviewedWithoutOrg) {
    bool registered = false;
    for (const http::Route& route : routes) registered |= route.method + " " + route.pattern == key;
    EXPECT_TRUE(registered) << key << " is on the reviewed list but no longer registered";
  }
}

// Without a session no protected route is reached: pages send the browser to the login page,
// everything else answers 401.
TEST_F(AuthzMatrixTest, NoRouteIsReachedWithoutASession) {
  Client client(server_->port());
  size_t cases = 0;
  for (const http::Route& route : web_->router.routes()) {
    if (route.access.public_route) continue;
    const std::string key = route.method + " " + route.pattern;
    for (const std::string& cookie :
         {std::string(), std::string(web::kSessionCookie) + "=0123456789abcdef0123456789abcdef"}) {
      Reply reply = client.Send(route.method, PathFor(route, lao_), cookie, "", "", IsApi(route));
      ++cases;
      EXPECT_NE(reply.body, "reached " + key) << key << " was reached without a session";
      EXPECT_TRUE(reply.status == 401 || (reply.status == 303 &&
                                          reply.location.find("/login") != std::string::npos))
          << key << ": " << reply.status;
    }
    Reply forged = client.Send(route.method, PathFor(route, lao_), "", "", "not-a-credential",
                               IsApi(route));
    ++cases;
    EXPECT_NE(forged.body, "reached " + key) << key << " was reached with a forged credential";
  }
  std::printf("no session: %zu cases, none reached\n", cases);
}

// A state-changing request from a logged-in user who may make it is still refused without the
// session's CSRF token, or with another session's.
TEST_F(AuthzMatrixTest, EveryStateChangingRouteNeedsTheSessionsCsrfToken) {
  const Matrix matrix = Matrix::Load();
  auto admin = app_->auth().CreateUser(lao_, "csrf-admin", "ผู้ดูแล", "admin",
                                       "Matrix-Csrf-Admin-1", nullptr);
  ASSERT_TRUE(admin.ok());
  auto session = app_->auth().Login("csrf-admin", "Matrix-Csrf-Admin-1", "127.0.0.1");
  auto other = app_->auth().Login("csrf-admin", "Matrix-Csrf-Admin-1", "127.0.0.1");
  ASSERT_TRUE(session.ok() && other.ok());
  ASSERT_NE(session->csrf_token, other->csrf_token);
  const std::string cookie = std::string(web::kSessionCookie) + "=" + session->token;
  Client client(server_->port());
  size_t cases = 0;
  for (const http::Route& route : web_->router.routes()) {
    if (route.access.public_route || route.method == "GET" || route.method == "HEAD") continue;
    const std::string key = route.method + " " + route.pattern;
    for (const std::string& csrf : {std::string(), other->csrf_token}) {
      Reply reply = client.Send(route.method, PathFor(route, lao_), cookie, csrf, "", IsApi(route));
      ++cases;
      EXPECT_EQ(reply.status, 403) << key << " without the session's CSRF token";
      EXPECT_NE(reply.body, "reached " + key) << key;
    }
  }
  EXPECT_GT(cases, 0u);
  std::printf("CSRF: %zu state-changing cases, all refused\n", cases);
}

}  // namespace
}  // namespace klang::cli
