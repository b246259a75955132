// Auth tests on SQLite and PostgreSQL: the permission kinds, the scope rules (own subtree; a
// supervising organisation writes only its own), user administration across the tree (invite,
// role, disable, reset, never oneself), the audit trail scoped by organisation, lockout after
// repeated failures and log-out everywhere.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "auth/auth.h"
#include "auth/totp.h"
#include "core/clock.h"
#include "tests/support/test_db.h"

namespace klang::auth {
namespace {

constexpr const char* kPassword = "Klang-Test-Password-9";

class AuthTest : public ::testing::TestWithParam<store::Dialect> {
 protected:
  void SetUp() override {
    auto db = testing::OpenFreshDb(GetParam());
    if (!db.ok() && db.status().stable_code() == "test.no_postgres") GTEST_SKIP();
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::move(db).value();
    auto migrations = org::OrgDirectory::Migrations();
    for (auto& one : AuthService::Migrations()) migrations.push_back(std::move(one));
    ASSERT_TRUE(store::ApplyMigrations(*db_, migrations).ok());
    orgs_ = std::make_unique<org::OrgDirectory>(*db_);
    auth_ = std::make_unique<AuthService>(*db_, *orgs_, clock_, random_);
    ASSERT_TRUE(auth_->LoadPermissionsCsv(testing::ReadSourceFile("data/permissions.csv")).ok());
    ASSERT_TRUE(auth_->LoadRolesCsv(testing::ReadSourceFile("data/roles.csv")).ok());
    dla_ = Org(0, org::OrgType::kDla, "DLA");
    province_ = Org(dla_, org::OrgType::kProvince, "P1");
    lao_ = Org(province_, org::OrgType::kSao, "A");
    unit_ = Org(lao_, org::OrgType::kUnit, "A1");
    sibling_ = Org(province_, org::OrgType::kSao, "B");
    admin_ = Make(lao_, "admin.a", "admin");
    province_admin_ = Make(province_, "admin.p", "admin");
  }

  int64_t Org(int64_t parent, org::OrgType type, const std::string& code) {
    auto made = orgs_->Create(parent, type, code, "หน่วยงาน " + code);
    EXPECT_TRUE(made.ok()) << made.status().ToString();
    return made.ok() ? made->id : 0;
  }

  User Make(int64_t org, const std::string& username, const std::string& role) {
    auto user = auth_->CreateUser(org, username, "ผู้ใช้ " + username, role,
                                  kPassword, nullptr);
    EXPECT_TRUE(user.ok()) << user.status().ToString();
    return user.ok() ? *user : User{};
  }

  Result<Session> LoginAs(const std::string& username) {
    return auth_->Login(username, kPassword, "192.0.2.7");
  }

  std::vector<std::string> EventsOf(int64_t org) {
    auto events = auth_->EventsWithin(org, 0, 0, 1000);
    EXPECT_TRUE(events.ok());
    std::vector<std::string> names;
    for (const auto& event : *events) names.push_back(event.username + ":" + event.event);
    return names;
  }

  ManualClock clock_{1764662400000};  // 2025-12-02T08:00:00Z
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<AuthService> auth_;
  int64_t dla_ = 0, province_ = 0, lao_ = 0, unit_ = 0, sibling_ = 0;
  User admin_, province_admin_;
};

// Argon2id at the interactive cost everywhere; the national simulation's minimum cost is recorded
// in the hash, and a login checks either.
TEST_P(AuthTest, APasswordIsStoredAtItsConfiguredCostAndChecksAtEither) {
  AuthOptions cheap;
  cheap.password_hash_cost = PasswordHashCost::kMinimum;
  AuthService minimum(*db_, *orgs_, clock_, random_, cheap);
  ASSERT_TRUE(minimum.LoadPermissionsCsv(testing::ReadSourceFile("data/permissions.csv")).ok());
  ASSERT_TRUE(minimum.LoadRolesCsv(testing::ReadSourceFile("data/roles.csv")).ok());
  ASSERT_TRUE(minimum.CreateUser(lao_, "bench.clerk", "ผู้ใช้จำลอง", "accountant", kPassword, nullptr).ok());
  auto stored = [&](const std::string& username) {
    auto lease = db_->Acquire();
    auto rows = (*lease)->Query("SELECT password_hash FROM users WHERE username = $1", {username});
    return rows.ok() && !rows->empty() ? (*rows)[0].Text(0) : std::string();
  };
  EXPECT_NE(stored("bench.clerk").find("$m=8,t=1,"), std::string::npos) << stored("bench.clerk");
  EXPECT_NE(stored("admin.a").find("$m=65536,t=2,"), std::string::npos) << stored("admin.a");
  EXPECT_TRUE(auth_->Login("bench.clerk", kPassword, "192.0.2.7").ok());
  EXPECT_FALSE(auth_->Login("bench.clerk", "not-the-password", "192.0.2.7").ok());
  EXPECT_TRUE(minimum.Login("admin.a", kPassword, "192.0.2.7").ok());
}

TEST_P(AuthTest, RolesMayNameOnlyKnownPermissionsOfAKnownKind) {
  EXPECT_EQ(auth_->LoadRolesCsv("role,name_th,scope,permissions\nx,เอ็กซ์,subtree,org.read gl.voucher.craete\n")
                .stable_code(),
            "auth.roles_permission");
  EXPECT_EQ(auth_->LoadRolesCsv("role,name_th,scope,permissions\nx,เอ็กซ์,everything,org.read\n")
                .stable_code(),
            "auth.roles_scope");
  EXPECT_EQ(auth_->LoadRolesCsv("role,name_th,permissions\nx,เอ็กซ์,org.read\n").stable_code(),
            "auth.roles.header");
  EXPECT_EQ(auth_->LoadPermissionsCsv("permission,kind,name_th\na.b,maybe,ก\n").stable_code(),
            "auth.permissions_row");
  EXPECT_EQ(auth_->LoadPermissionsCsv("permission,kind,name_th\na.b,read,ก\na.b,write,ข\n")
                .stable_code(),
            "auth.permissions_row");
  // The refused loads changed nothing.
  EXPECT_TRUE(auth_->RoleHas("accountant", "gl.voucher.create"));
  bool write = false, read = false;
  for (const auto& permission : auth_->Permissions()) {
    if (permission.name == "gl.voucher.create") write = permission.write;
    if (permission.name == "gl.voucher.read") read = !permission.write;
  }
  EXPECT_TRUE(write);
  EXPECT_TRUE(read);
}

TEST_P(AuthTest, ScopeIsTheSubtreeAndSupervisorsOnlyReadBeneathThem) {
  const User accountant = Make(lao_, "acc.a", "accountant");
  EXPECT_TRUE(auth_->Authorize(accountant, "gl.voucher.create", lao_).ok());
  EXPECT_TRUE(auth_->Authorize(accountant, "gl.voucher.create", unit_).ok());
  EXPECT_EQ(auth_->Authorize(accountant, "gl.voucher.read", sibling_).stable_code(),
            "auth.out_of_scope");
  EXPECT_EQ(auth_->Authorize(accountant, "gl.voucher.read", province_).stable_code(),
            "auth.out_of_scope");
  EXPECT_EQ(auth_->Authorize(accountant, "exp.approve", lao_).stable_code(), "auth.forbidden");
  // Only the scope, when the route names no permission.
  EXPECT_TRUE(auth_->Authorize(accountant, "", unit_).ok());
  EXPECT_EQ(auth_->Authorize(accountant, "", sibling_).stable_code(), "auth.out_of_scope");
  // The provincial office's administrator reads every LAO of the province but writes only its
  // own organisation.
  EXPECT_TRUE(auth_->Authorize(province_admin_, "gl.voucher.read", lao_).ok());
  EXPECT_TRUE(auth_->Authorize(province_admin_, "report.read", unit_).ok());
  EXPECT_EQ(auth_->Authorize(province_admin_, "gl.voucher.create", lao_).stable_code(),
            "auth.read_only_scope");
  EXPECT_EQ(auth_->Authorize(province_admin_, "user.admin", lao_).stable_code(),
            "auth.read_only_scope");
  EXPECT_TRUE(auth_->Authorize(province_admin_, "user.admin", province_).ok());
}

TEST_P(AuthTest, AnLaoAdministratorInvitesUsersOfTheLaoAndItsUnitsOnly) {
  std::string one_time;
  auto clerk = auth_->InviteUser(admin_, unit_, "clerk.a1", "สมใจ ใจดี", "finance_officer",
                                 &one_time, "192.0.2.1");
  ASSERT_TRUE(clerk.ok()) << clerk.status().ToString();
  EXPECT_EQ(one_time.size(), 16u);
  EXPECT_TRUE(clerk->must_change_password);
  auto session = auth_->Login("clerk.a1", one_time, "192.0.2.9");
  ASSERT_TRUE(session.ok());
  EXPECT_TRUE(session->user.must_change_password);

  EXPECT_EQ(auth_->InviteUser(admin_, sibling_, "x1", "ก", "accountant", nullptr, "").status()
                .stable_code(),
            "auth.out_of_scope");
  EXPECT_EQ(auth_->InviteUser(province_admin_, lao_, "x2", "ก", "accountant", nullptr, "")
                .status()
                .stable_code(),
            "auth.read_only_scope");
  const User accountant = Make(lao_, "acc.a", "accountant");
  EXPECT_EQ(auth_->InviteUser(accountant, lao_, "x3", "ก", "accountant", nullptr, "").status()
                .stable_code(),
            "auth.forbidden");
  EXPECT_EQ(auth_->InviteUser(admin_, lao_, "x4", "ก", "node", nullptr, "").status().stable_code(),
            "auth.role");
  EXPECT_EQ(auth_->InviteUser(admin_, lao_, "x5", "ก", "wizard", nullptr, "").status().stable_code(),
            "auth.role");
  EXPECT_EQ(auth_->InviteUser(admin_, lao_, "X 6", "ก", "accountant", nullptr, "").status()
                .stable_code(),
            "auth.username");
  EXPECT_EQ(auth_->InviteUser(admin_, lao_, "clerk.a1", "ก", "accountant", nullptr, "").status()
                .stable_code(),
            "auth.username_taken");
  // A name held outside the administrator's scope answers as a reserved name does: the
  // administrator of one LAO learns nothing of another's users.
  Make(sibling_, "held.elsewhere", "accountant");
  EXPECT_EQ(auth_->InviteUser(admin_, lao_, "held.elsewhere", "ก", "accountant", nullptr, "")
                .status().stable_code(),
            "auth.username_unavailable");
  EXPECT_EQ(auth_->InviteUser(admin_, lao_, "admin", "ก", "accountant", nullptr, "").status()
                .stable_code(),
            "auth.username_unavailable");
  EXPECT_EQ(auth_->InviteUser(admin_, lao_, "x7", "", "accountant", nullptr, "").status()
                .stable_code(),
            "auth.display_name");
  // None of the refused invitations made a user.
  for (const char* name : {"x1", "x2", "x3", "x4", "x5", "x7"}) {
    EXPECT_FALSE(auth_->FindUser(name).ok()) << name;
  }
  auto events = auth_->EventsWithin(lao_, 0, 0, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  bool invited = false;
  for (const auto& event : *events) {
    if (event.event == "user_invited") {
      invited = true;
      EXPECT_EQ(event.username, "clerk.a1");
      EXPECT_EQ(event.actor, "admin.a");
      EXPECT_EQ(event.org_id, unit_);
      EXPECT_EQ(event.remote_address, "192.0.2.1");
      EXPECT_EQ(event.detail, "finance_officer");
    }
  }
  EXPECT_TRUE(invited);
}

TEST_P(AuthTest, RoleChangesAreRecordedAndNeverOnOneself) {
  const User clerk = Make(lao_, "clerk.a", "accountant");
  ASSERT_TRUE(auth_->ChangeRole(admin_, clerk.id, "head_of_finance", "192.0.2.1").ok());
  EXPECT_EQ(auth_->GetUser(clerk.id)->role, "head_of_finance");
  EXPECT_EQ(auth_->ChangeRole(admin_, admin_.id, "accountant", "").stable_code(), "auth.self");
  EXPECT_EQ(auth_->ChangeRole(admin_, clerk.id, "node", "").stable_code(), "auth.role");
  EXPECT_EQ(auth_->ChangeRole(admin_, clerk.id, "wizard", "").stable_code(), "auth.role");
  EXPECT_EQ(auth_->GetUser(clerk.id)->role, "head_of_finance");
  const User other = Make(sibling_, "clerk.b", "accountant");
  EXPECT_EQ(auth_->ChangeRole(admin_, other.id, "admin", "").stable_code(), "auth.out_of_scope");
  EXPECT_EQ(auth_->GetUser(other.id)->role, "accountant");
  auto events = auth_->EventsWithin(lao_, 0, 0, 100);
  ASSERT_TRUE(events.ok());
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->front().event, "role_changed");
  EXPECT_EQ(events->front().detail, "accountant → head_of_finance");
}

TEST_P(AuthTest, ADisabledUserCannotLogInAndTheirSessionsEnd) {
  const User clerk = Make(lao_, "clerk.a", "accountant");
  auto session = LoginAs("clerk.a");
  ASSERT_TRUE(session.ok());
  ASSERT_TRUE(auth_->Authenticate(session->token).ok());
  ASSERT_TRUE(auth_->SetDisabled(admin_, clerk.id, true, "").ok());
  EXPECT_EQ(auth_->Authenticate(session->token).status().code(), ErrorCode::kUnauthenticated);
  auto refused = LoginAs("clerk.a");
  EXPECT_EQ(refused.status().stable_code(), "auth.disabled");
  EXPECT_EQ(refused.status().message_th(),
            "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน");
  EXPECT_EQ(auth_->SetDisabled(admin_, admin_.id, true, "").stable_code(), "auth.self");
  ASSERT_TRUE(auth_->SetDisabled(admin_, clerk.id, false, "").ok());
  EXPECT_TRUE(LoginAs("clerk.a").ok());
  const auto names = EventsOf(lao_);
  EXPECT_NE(std::find(names.begin(), names.end(), "clerk.a:user_disabled"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "clerk.a:login_refused_disabled"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "clerk.a:user_enabled"), names.end());
}

// A session found valid is trusted again for session_recheck_ms without reading the store: what
// this service changes (a role, a logout) is seen at once; a change made by another process (here
// straight in the store) once the window has passed.
TEST_P(AuthTest, ASessionCheckedMomentsAgoIsTrustedUntilItsWindowEnds) {
  const User clerk = Make(lao_, "clerk.a", "accountant");
  auto session = LoginAs("clerk.a");
  ASSERT_TRUE(session.ok());
  ASSERT_EQ(auth_->Authenticate(session->token)->user.role, "accountant");
  ASSERT_TRUE(auth_->ChangeRole(admin_, clerk.id, "head_of_finance", "192.0.2.1").ok());
  EXPECT_EQ(auth_->Authenticate(session->token)->user.role, "head_of_finance");

  // Another process disables the account: trusted for the rest of the window, then refused.
  auto lease = db_->Acquire();
  ASSERT_TRUE(lease.ok());
  ASSERT_TRUE((*lease)->Execute("UPDATE users SET disabled_at_ms = 1 WHERE id = $1", {clerk.id}).ok());
  EXPECT_TRUE(auth_->Authenticate(session->token).ok());
  clock_.AdvanceMillis(999);
  EXPECT_TRUE(auth_->Authenticate(session->token).ok());
  clock_.AdvanceMillis(1);
  EXPECT_EQ(auth_->Authenticate(session->token).status().code(), ErrorCode::kUnauthenticated);
  ASSERT_TRUE((*lease)->Execute("UPDATE users SET disabled_at_ms = 0 WHERE id = $1", {clerk.id}).ok());

  // A logout here is seen at once.
  ASSERT_TRUE(auth_->Authenticate(session->token).ok());
  ASSERT_TRUE(auth_->Logout(session->token).ok());
  EXPECT_EQ(auth_->Authenticate(session->token).status().code(), ErrorCode::kUnauthenticated);

  // Without the window every request reads the store.
  AuthOptions every_time;
  every_time.session_recheck_ms = 0;
  AuthService strict(*db_, *orgs_, clock_, random_, every_time);
  ASSERT_TRUE(strict.LoadPermissionsCsv(testing::ReadSourceFile("data/permissions.csv")).ok());
  ASSERT_TRUE(strict.LoadRolesCsv(testing::ReadSourceFile("data/roles.csv")).ok());
  auto again = strict.Login("clerk.a", kPassword, "192.0.2.7");
  ASSERT_TRUE(again.ok());
  ASSERT_TRUE(strict.Authenticate(again->token).ok());
  ASSERT_TRUE((*lease)->Execute("UPDATE users SET disabled_at_ms = 1 WHERE id = $1", {clerk.id}).ok());
  EXPECT_EQ(strict.Authenticate(again->token).status().code(), ErrorCode::kUnauthenticated);
}

TEST_P(AuthTest, AResetGivesAOneTimePasswordAndEndsSessions) {
  const User clerk = Make(unit_, "clerk.u", "finance_officer");
  auto session = LoginAs("clerk.u");
  ASSERT_TRUE(session.ok());
  auto secret = auth_->ResetPassword(admin_, clerk.id, "192.0.2.1");
  ASSERT_TRUE(secret.ok()) << secret.status().ToString();
  EXPECT_FALSE(auth_->Authenticate(session->token).ok());
  EXPECT_EQ(LoginAs("clerk.u").status().stable_code(), "auth.bad_credentials");
  auto fresh = auth_->Login("clerk.u", *secret, "192.0.2.9");
  ASSERT_TRUE(fresh.ok());
  EXPECT_TRUE(fresh->user.must_change_password);
  EXPECT_EQ(auth_->ResetPassword(admin_, admin_.id, "").status().stable_code(), "auth.self");
  EXPECT_EQ(auth_->ResetPassword(province_admin_, clerk.id, "").status().stable_code(),
            "auth.read_only_scope");
}

TEST_P(AuthTest, RepeatedWrongPasswordsLockTheAccountForAWhile) {
  Make(lao_, "clerk.a", "accountant");
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(auth_->Login("clerk.a", "wrong-password-" + std::to_string(i), "198.51.100.4")
                  .status()
                  .stable_code(),
              "auth.bad_credentials");
  }
  // Locked: even the right password is refused — answered exactly as a wrong password is, so a
  // guesser learns neither that the account exists nor that it is locked.
  const Status wrong = auth_->Login("clerk.a", "wrong-password-x", "198.51.100.4").status();
  auto locked = LoginAs("clerk.a");
  EXPECT_EQ(locked.status().stable_code(), "auth.bad_credentials");
  EXPECT_EQ(locked.status().message_th(), wrong.message_th());
  EXPECT_EQ(locked.status().ToString(), wrong.ToString());
  clock_.AdvanceMillis(14 * 60 * 1000);
  EXPECT_EQ(LoginAs("clerk.a").status().stable_code(), "auth.bad_credentials");
  clock_.AdvanceMillis(2 * 60 * 1000);
  auto session = LoginAs("clerk.a");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  // The real user is told, at this sign-in, what happened since the last one.
  EXPECT_EQ(session->failed_logins_since_last, 5);
  EXPECT_EQ(session->locked_refusals_since_last, 3);
  const auto names = EventsOf(lao_);
  EXPECT_EQ(std::count(names.begin(), names.end(), "clerk.a:login_failed"), 4);
  EXPECT_EQ(std::count(names.begin(), names.end(), "clerk.a:login_failed_locked"), 1);
  EXPECT_EQ(std::count(names.begin(), names.end(), "clerk.a:login_refused_locked"), 3);
  // The next sign-in has nothing to tell.
  auto again = LoginAs("clerk.a");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->failed_logins_since_last, 0);
  EXPECT_EQ(again->locked_refusals_since_last, 0);
}

TEST_P(AuthTest, GuessesSentAtOnceCountOneByOneTowardsTheLock) {
  // Eight guessers at once, two guesses each: the count is read and raised in one statement, so
  // exactly the limit of guesses is counted, one of them locks, and the rest find it locked —
  // none slips through with a stale count.
  Make(lao_, "clerk.a", "accountant");
  constexpr int kGuessers = 8;
  constexpr int kGuessesEach = 2;
  std::vector<std::thread> guessers;
  std::atomic<int> not_bad_credentials{0};
  for (int g = 0; g < kGuessers; ++g) {
    guessers.emplace_back([&, g] {
      for (int i = 0; i < kGuessesEach; ++i) {
        auto tried = auth_->Login("clerk.a", "guess-" + std::to_string(g * 10 + i), "198.51.100.9");
        if (tried.status().stable_code() != "auth.bad_credentials") ++not_bad_credentials;
      }
    });
  }
  for (auto& guesser : guessers) guesser.join();
  EXPECT_EQ(not_bad_credentials.load(), 0);
  const auto names = EventsOf(lao_);
  EXPECT_EQ(std::count(names.begin(), names.end(), "clerk.a:login_failed"), 4);
  EXPECT_EQ(std::count(names.begin(), names.end(), "clerk.a:login_failed_locked"), 1);
  EXPECT_EQ(std::count(names.begin(), names.end(), "clerk.a:login_refused_locked"),
            kGuessers * kGuessesEach - 5);
  EXPECT_EQ(LoginAs("clerk.a").status().stable_code(), "auth.bad_credentials");  // locked
}

TEST_P(AuthTest, ChangingThePasswordEndsEveryOtherSession) {
  Make(lao_, "clerk.a", "accountant");
  auto office = LoginAs("clerk.a");
  auto phone = LoginAs("clerk.a");
  auto stolen = LoginAs("clerk.a");
  ASSERT_TRUE(office.ok() && phone.ok() && stolen.ok());
  ASSERT_TRUE(auth_->ChangePassword(office->user.id, kPassword, "Klang-New-Password-42",
                                    office->token)
                  .ok());
  EXPECT_TRUE(auth_->Authenticate(office->token).ok());
  EXPECT_EQ(auth_->Authenticate(phone->token).status().stable_code(), "auth.no_session");
  EXPECT_EQ(auth_->Authenticate(stolen->token).status().stable_code(), "auth.no_session");
  // A wrong current password changes nothing and ends nothing.
  auto fresh = auth_->Login("clerk.a", "Klang-New-Password-42", "192.0.2.7");
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(auth_->ChangePassword(office->user.id, kPassword, "Klang-Third-Password-7",
                                  office->token)
                .stable_code(),
            "auth.current_password");
  EXPECT_TRUE(auth_->Authenticate(fresh->token).ok());
}

TEST_P(AuthTest, AnAuditorReadsOnlyWhatWasGrantedWhileTheGrantLasts) {
  // Homed at the DLA, yet the subtree gives an auditor nothing: only grants do.
  const User auditor = Make(dla_, "auditor.oag", "auditor");
  EXPECT_EQ(auth_->Authorize(auditor, "gl.voucher.read", lao_).stable_code(), "auth.out_of_scope");
  EXPECT_EQ(auth_->Authorize(auditor, "gl.voucher.read", dla_).stable_code(), "auth.out_of_scope");
  const int64_t day = 24 * 3600 * 1000;
  const int64_t now = clock_.NowUnixMillis();
  // Only an administrator of the organisation grants, only to an auditor, for at most a year.
  EXPECT_EQ(auth_->GrantAccess(admin_, sibling_, "auditor.oag", now + day, "สตง. 1/2569", "")
                .status()
                .stable_code(),
            "auth.out_of_scope");
  Make(lao_, "clerk.a", "accountant");
  EXPECT_EQ(auth_->GrantAccess(admin_, lao_, "clerk.a", now + day, "x", "").status().stable_code(),
            "auth.grant_role");
  EXPECT_EQ(auth_->GrantAccess(admin_, lao_, "auditor.oag", now + 400 * day, "x", "")
                .status()
                .stable_code(),
            "auth.grant_until");
  EXPECT_EQ(auth_->GrantAccess(admin_, lao_, "auditor.oag", now + day, "", "").status().stable_code(),
            "auth.grant_reason");
  auto grant = auth_->GrantAccess(admin_, lao_, "auditor.oag", now + 30 * day,
                                  "หนังสือ สตง. ที่ 12/2569", "192.0.2.7");
  ASSERT_TRUE(grant.ok()) << grant.status().ToString();
  EXPECT_TRUE(auth_->Authorize(auditor, "gl.voucher.read", lao_).ok());
  EXPECT_TRUE(auth_->Authorize(auditor, "export.read", unit_).ok());  // its units too
  EXPECT_EQ(auth_->Authorize(auditor, "gl.voucher.read", sibling_).stable_code(), "auth.out_of_scope");
  EXPECT_EQ(auth_->Authorize(auditor, "gl.voucher.read", province_).stable_code(), "auth.out_of_scope");
  // Never to write, whatever the role file says.
  EXPECT_EQ(auth_->Authorize(auditor, "gl.voucher.create", lao_).code(), ErrorCode::kPermissionDenied);
  auto listed = auth_->GrantsWithin(province_);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].username, "auditor.oag");
  EXPECT_EQ(auth_->GrantsWithin(sibling_)->size(), 0u);
  // Revoked: gone at once.
  ASSERT_TRUE(auth_->RevokeAccess(admin_, grant->id, "192.0.2.7").ok());
  EXPECT_EQ(auth_->Authorize(auditor, "gl.voucher.read", lao_).stable_code(), "auth.out_of_scope");
  // Expired: gone when the day passes.
  ASSERT_TRUE(auth_->GrantAccess(admin_, lao_, "auditor.oag", now + day, "อีกครั้ง", "").ok());
  EXPECT_TRUE(auth_->Authorize(auditor, "gl.voucher.read", lao_).ok());
  clock_.AdvanceMillis(day + 1);
  EXPECT_EQ(auth_->Authorize(auditor, "gl.voucher.read", lao_).stable_code(), "auth.out_of_scope");
  const auto names = EventsOf(lao_);
  EXPECT_EQ(std::count(names.begin(), names.end(), "auditor.oag:access_granted"), 2);
  EXPECT_EQ(std::count(names.begin(), names.end(), "auditor.oag:access_revoked"), 1);
}

// Codes sent at once to one challenge are counted one by one: 8 threads × 2 wrong codes make
// exactly 5 attempts (4 totp_failed, then totp_locked), the rest find the challenge gone; and one
// right code sent by 8 threads at once signs in once.
TEST_P(AuthTest, AuthenticatorCodesSentAtOnceCountOneByOne) {
  User clerk = Make(lao_, "clerk.t", "accountant");
  auto setup = auth_->BeginTotp(clerk.id);
  ASSERT_TRUE(setup.ok());
  auto secret = TotpSecretFromBase32(setup->secret_base32);
  auto code_at = [&](int64_t ms) { return TotpCodeAt(*secret, ms / 1000); };
  ASSERT_TRUE(auth_->ConfirmTotp(clerk.id, code_at(clock_.NowUnixMillis()), "").ok());
  clock_.AdvanceMillis(30 * 1000);
  std::string challenge;
  ASSERT_EQ(auth_->Login("clerk.t", kPassword, "", &challenge).status().stable_code(),
            "auth.totp_required");
  const std::string wrong = code_at(clock_.NowUnixMillis()) == "000000" ? "111111" : "000000";
  std::atomic<int> expired{0};
  std::vector<std::thread> guessers;
  for (int thread = 0; thread < 8; ++thread) {
    guessers.emplace_back([&] {
      for (int guess = 0; guess < 2; ++guess) {
        auto answer = auth_->LoginWithTotp(challenge, wrong, "");
        if (answer.status().stable_code() == "auth.totp_challenge") ++expired;
      }
    });
  }
  for (auto& guesser : guessers) guesser.join();
  EXPECT_EQ(expired.load(), 16 - 5);
  const auto names = EventsOf(lao_);
  EXPECT_EQ(std::count(names.begin(), names.end(), "clerk.t:totp_failed"), 4);
  EXPECT_EQ(std::count(names.begin(), names.end(), "clerk.t:totp_locked"), 1);

  ASSERT_EQ(auth_->Login("clerk.t", kPassword, "", &challenge).status().stable_code(),
            "auth.totp_required");
  const std::string right = code_at(clock_.NowUnixMillis());
  std::atomic<int> sessions{0};
  std::vector<std::thread> senders;
  for (int thread = 0; thread < 8; ++thread) {
    senders.emplace_back([&] { sessions += auth_->LoginWithTotp(challenge, right, "").ok(); });
  }
  for (auto& sender : senders) sender.join();
  EXPECT_EQ(sessions.load(), 1);
}

TEST_P(AuthTest, AnAuthenticatorAppAddsASecondStepWhoseCodesWorkOnce) {
  User clerk = Make(lao_, "clerk.a", "accountant");
  auto setup = auth_->BeginTotp(clerk.id);
  ASSERT_TRUE(setup.ok());
  EXPECT_EQ(setup->secret_base32.size(), 32u);  // 20 bytes in base32
  EXPECT_EQ(setup->uri.rfind("otpauth://totp/Klang:clerk.a?secret=" + setup->secret_base32, 0), 0u);
  auto secret = TotpSecretFromBase32(setup->secret_base32);
  ASSERT_TRUE(secret.ok());
  auto code_now = [&] { return TotpCodeAt(*secret, clock_.NowUnixMillis() / 1000); };
  // Not on until a code proves the app holds the secret.
  EXPECT_TRUE(LoginAs("clerk.a").ok());
  EXPECT_EQ(auth_->ConfirmTotp(clerk.id, code_now() == "000000" ? "111111" : "000000", "")
                .stable_code(),
            "auth.totp_wrong");
  ASSERT_TRUE(auth_->ConfirmTotp(clerk.id, code_now(), "192.0.2.7").ok());
  EXPECT_TRUE(*auth_->TotpEnabled(clerk.id));

  // The password alone no longer opens a session.
  std::string challenge;
  auto first = auth_->Login("clerk.a", kPassword, "192.0.2.7", &challenge);
  EXPECT_EQ(first.status().stable_code(), "auth.totp_required");
  ASSERT_EQ(challenge.size(), 64u);
  // The code used to confirm cannot be used again (same time step).
  EXPECT_EQ(auth_->LoginWithTotp(challenge, code_now(), "").status().stable_code(), "auth.totp_wrong");
  clock_.AdvanceMillis(30 * 1000);
  auto session = auth_->LoginWithTotp(challenge, code_now(), "192.0.2.7");
  ASSERT_TRUE(session.ok()) << session.status().ToString();
  EXPECT_EQ(session->user.username, "clerk.a");
  // The challenge is used up; a replayed code in a new login is refused.
  EXPECT_EQ(auth_->LoginWithTotp(challenge, code_now(), "").status().stable_code(),
            "auth.totp_challenge");
  ASSERT_EQ(auth_->Login("clerk.a", kPassword, "", &challenge).status().stable_code(),
            "auth.totp_required");
  EXPECT_EQ(auth_->LoginWithTotp(challenge, code_now(), "").status().stable_code(), "auth.totp_wrong");
  // Five wrong codes end the challenge, with the Thai message.
  for (int left = 3; left >= 1; --left) {
    auto wrong = auth_->LoginWithTotp(challenge, "12345x", "");
    EXPECT_NE(wrong.status().message_th().find("ใส่ได้อีก " + std::to_string(left) + " ครั้ง"),
              std::string::npos)
        << wrong.status().message_th();
  }
  auto locked = auth_->LoginWithTotp(challenge, "000000", "");
  EXPECT_EQ(locked.status().stable_code(), "auth.totp_locked");
  clock_.AdvanceMillis(30 * 1000);
  EXPECT_EQ(auth_->LoginWithTotp(challenge, code_now(), "").status().stable_code(),
            "auth.totp_challenge");
  // A challenge lives five minutes.
  ASSERT_EQ(auth_->Login("clerk.a", kPassword, "", &challenge).status().stable_code(),
            "auth.totp_required");
  clock_.AdvanceMillis(5 * 60 * 1000 + 1);
  EXPECT_EQ(auth_->LoginWithTotp(challenge, code_now(), "").status().stable_code(),
            "auth.totp_challenge");
  // A lost phone: the administrator clears the app; the password alone works again.
  ASSERT_TRUE(auth_->ResetTotp(admin_, clerk.id, "192.0.2.7").ok());
  EXPECT_TRUE(LoginAs("clerk.a").ok());
  const auto names = EventsOf(lao_);
  for (const char* event : {"clerk.a:totp_enabled", "clerk.a:totp_challenge", "clerk.a:totp_failed",
                            "clerk.a:totp_locked", "clerk.a:totp_reset"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), event), names.end()) << event;
  }
}

TEST_P(AuthTest, OneAddressGuessingAcrossAccountsIsHeldBack) {
  Make(lao_, "clerk.a", "accountant");
  // 20 failures from one address, spread over accounts (none of which locks by itself).
  for (int i = 0; i < 20; ++i) {
    const std::string who = i % 2 == 0 ? "nobody" + std::to_string(i) : "clerk.a";
    EXPECT_EQ(auth_->Login(who, "wrong-password-x", "198.51.100.9").status().stable_code(),
              "auth.bad_credentials");
    if (i % 2 == 1 && i % 8 == 7) {
      // Keep clerk.a's own counter below its lock with a good login from elsewhere.
      ASSERT_TRUE(auth_->Login("clerk.a", kPassword, "192.0.2.1").ok());
    }
    clock_.AdvanceMillis(10 * 1000);
  }
  auto held = auth_->Login("clerk.a", kPassword, "198.51.100.9");
  EXPECT_EQ(held.status().stable_code(), "auth.address_locked");
  EXPECT_NE(held.status().message_th().find("ระงับการเข้าสู่ระบบจากเครื่องนี้ชั่วคราว"), std::string::npos);
  // Another address is not affected.
  EXPECT_TRUE(auth_->Login("clerk.a", kPassword, "192.0.2.1").ok());
  // Once the first failures leave the 15-minute window, the address may try again.
  clock_.AdvanceMillis(15 * 60 * 1000 - 190 * 1000 + 1000);
  EXPECT_TRUE(auth_->Login("clerk.a", kPassword, "198.51.100.9").ok());
}

TEST_P(AuthTest, TheAuditTrailIsScopedToTheOrganisationAndFilteredByTime) {
  Make(unit_, "clerk.u", "accountant");
  Make(sibling_, "clerk.b", "accountant");
  ASSERT_TRUE(LoginAs("clerk.u").ok());
  clock_.AdvanceMillis(3600 * 1000);
  const int64_t later = clock_.NowUnixMillis();
  ASSERT_TRUE(LoginAs("clerk.b").ok());
  ASSERT_TRUE(LoginAs("admin.a").ok());
  EXPECT_EQ(auth_->Login("nobody", "whatever-password", "203.0.113.5").status().stable_code(),
            "auth.bad_credentials");
  const auto lao = EventsOf(lao_);
  EXPECT_EQ(lao, (std::vector<std::string>{"admin.a:login", "clerk.u:login"}));
  EXPECT_EQ(EventsOf(unit_), (std::vector<std::string>{"clerk.u:login"}));
  EXPECT_EQ(EventsOf(sibling_), (std::vector<std::string>{"clerk.b:login"}));
  EXPECT_EQ(EventsOf(province_).size(), 3u);  // unknown usernames belong to no organisation
  auto recent = auth_->EventsWithin(lao_, later, 0, 100);
  ASSERT_TRUE(recent.ok());
  ASSERT_EQ(recent->size(), 1u);
  EXPECT_EQ((*recent)[0].username, "admin.a");
  EXPECT_EQ((*recent)[0].remote_address, "192.0.2.7");
  auto earlier = auth_->EventsWithin(lao_, 0, later - 1, 100);
  ASSERT_TRUE(earlier.ok());
  ASSERT_EQ(earlier->size(), 1u);
  EXPECT_EQ((*earlier)[0].username, "clerk.u");
}

TEST_P(AuthTest, LogOutEverywhereEndsEverySessionOfTheUser) {
  Make(lao_, "clerk.a", "accountant");
  auto first = LoginAs("clerk.a");
  auto second = LoginAs("clerk.a");
  auto other = LoginAs("admin.a");
  ASSERT_TRUE(first.ok() && second.ok() && other.ok());
  ASSERT_TRUE(auth_->LogoutEverywhere(first->user.id, "192.0.2.7").ok());
  EXPECT_FALSE(auth_->Authenticate(first->token).ok());
  EXPECT_FALSE(auth_->Authenticate(second->token).ok());
  EXPECT_TRUE(auth_->Authenticate(other->token).ok());
  const auto names = EventsOf(lao_);
  EXPECT_EQ(names.front(), "clerk.a:logout_everywhere");
}

TEST_P(AuthTest, SessionsExpireWhenIdleAndAbsolutely) {
  Make(lao_, "clerk.a", "accountant");
  auto idle = LoginAs("clerk.a");
  ASSERT_TRUE(idle.ok());
  clock_.AdvanceMillis(31 * 60 * 1000);
  EXPECT_FALSE(auth_->Authenticate(idle->token).ok());
  auto busy = LoginAs("clerk.a");
  ASSERT_TRUE(busy.ok());
  for (int i = 0; i < 12 * 4; ++i) {  // active every 15 minutes for 12 hours
    clock_.AdvanceMillis(15 * 60 * 1000);
    ASSERT_TRUE(auth_->Authenticate(busy->token).ok()) << i;
  }
  clock_.AdvanceMillis(15 * 60 * 1000);  // past the absolute limit, though never idle
  EXPECT_FALSE(auth_->Authenticate(busy->token).ok());
}

INSTANTIATE_TEST_SUITE_P(Dialects, AuthTest,
                         ::testing::Values(store::Dialect::kSqlite, store::Dialect::kPostgres),
                         [](const auto& info) { return std::string(store::DialectName(info.param)); });

}  // namespace
}  // namespace klang::auth
