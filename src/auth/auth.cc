#include "auth/auth.h"
#include "auth/totp.h"

#include "core/csv.h"

#include <openssl/evp.h>
#include <sodium.h>

#include <cctype>
#include <limits>
#include <set>
#include <sstream>

namespace klang::auth {
namespace {

constexpr size_t kUsernameBytesMax = 64;
constexpr size_t kPasswordBytesMax = 256;
constexpr int64_t kLastSeenWriteSeconds = 60;  // refresh last_seen at most once a minute

Status BadCredentials() {
  return Status::Error(ErrorCode::kUnauthenticated, "auth.bad_credentials",
                       "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง", "bad username or password");
}

User UserFromRow(const store::Row& row) {
  return User{row.Int(0),  row.Int(1), row.Text(2), row.Text(3), row.Text(4), row.Int(5) != 0,
              row.Int(6) != 0};
}

// Seven columns, read by UserFromRow; queries add theirs after.
constexpr const char* kUserColumns =
    "u.id, u.org_id, u.username, u.display_name, u.role, u.must_change_password, "
    "u.disabled_at_ms";

constexpr int64_t kTotpChallengeMs = kTotpChallengeSeconds * 1000;

// The stored secret (base32, as the app is given it) back to bytes; "" for a damaged row, for
// which VerifyTotp then refuses every code.
std::string StoredTotpSecret(const std::string& text) {
  auto secret = TotpSecretFromBase32(text);
  return secret.ok() ? *secret : std::string();
}

std::string ActorName(const User& actor) {
  return actor.username.empty() ? std::string("system") : actor.username;
}

}  // namespace

std::string Sha256(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int bytes = 0;
  KLANG_ASSERT(EVP_Digest(text.data(), text.size(), digest, &bytes, EVP_sha256(), nullptr) == 1);
  return std::string(reinterpret_cast<const char*>(digest), bytes);
}

std::string Sha256Hex(const std::string& text) {
  const std::string digest = Sha256(text);
  return HexEncode(std::span<const unsigned char>(
      reinterpret_cast<const unsigned char*>(digest.data()), digest.size()));
}

bool IsThaiNationalId(const std::string& text) {
  if (text.size() != 13) return false;
  int sum = 0;
  for (size_t i = 0; i < 13; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    if (i < 12) sum += (text[i] - '0') * static_cast<int>(13 - i);
  }
  return (11 - sum % 11) % 10 == text[12] - '0';
}

AuthService::AuthService(store::Db& db, org::OrgDirectory& orgs, const Clock& clock,
                         Random& random, AuthOptions options)
    : db_(db), orgs_(orgs), clock_(clock), random_(random), options_(options) {
  KLANG_ASSERT_MSG(sodium_init() >= 0, "libsodium failed to initialise");
}

std::vector<store::Migration> AuthService::Migrations() {
  return {{"auth", 1, R"SQL(
CREATE TABLE users (
  id {ID_PK},
  org_id {INT} NOT NULL REFERENCES organisations (id),
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  must_change_password {INT} NOT NULL,
  failed_logins {INT} NOT NULL DEFAULT 0,
  locked_until_ms {INT} NOT NULL DEFAULT 0,
  created_at_ms {INT} NOT NULL
) {STRICT};
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id {INT} NOT NULL REFERENCES users (id),
  csrf_token TEXT NOT NULL,
  created_at_ms {INT} NOT NULL,
  last_seen_ms {INT} NOT NULL
) {STRICT};
CREATE TABLE security_events (
  id {ID_PK},
  user_id {INT},
  username TEXT NOT NULL,
  event TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  at_ms {INT} NOT NULL
) {STRICT};
)SQL"},
          {"auth", 2, R"SQL(
ALTER TABLE users ADD COLUMN disabled_at_ms {INT} NOT NULL DEFAULT 0;
ALTER TABLE security_events ADD COLUMN org_id {INT};
ALTER TABLE security_events ADD COLUMN actor TEXT NOT NULL DEFAULT '';
ALTER TABLE security_events ADD COLUMN detail TEXT NOT NULL DEFAULT '';
CREATE INDEX security_events_by_org ON security_events (org_id, at_ms);
CREATE INDEX sessions_by_user ON sessions (user_id);
)SQL"},
          {"auth", 3, R"SQL(
ALTER TABLE users ADD COLUMN national_id TEXT;
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN enrolled_at_ms {INT} NOT NULL DEFAULT 0;
CREATE UNIQUE INDEX users_by_national_id ON users (national_id);
)SQL"},
          {"auth", 4, R"SQL(
CREATE INDEX security_events_by_address ON security_events (remote_address, at_ms);
)SQL"},
          {"auth", 5, R"SQL(
CREATE TABLE access_grants (
  id {ID_PK},
  user_id {INT} NOT NULL REFERENCES users (id),
  org_id {INT} NOT NULL,
  reason TEXT NOT NULL,
  granted_by TEXT NOT NULL,
  granted_at_ms {INT} NOT NULL,
  until_ms {INT} NOT NULL,
  revoked_at_ms {INT} NOT NULL DEFAULT 0
) {STRICT};
CREATE INDEX access_grants_by_user ON access_grants (user_id, until_ms);
CREATE INDEX access_grants_by_org ON access_grants (org_id);
)SQL"},
          {"auth", 6, R"SQL(
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_last_counter {INT} NOT NULL DEFAULT 0;
CREATE TABLE login_challenges (
  token_hash TEXT PRIMARY KEY,
  user_id {INT} NOT NULL REFERENCES users (id),
  created_at_ms {INT} NOT NULL,
  attempts {INT} NOT NULL DEFAULT 0
) {STRICT};
)SQL"}};
}

Status AuthService::LoadPermissionsCsv(const std::string& csv_text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(csv_text, "permission,kind,name_th", "auth.permissions",
                                     "ไฟล์สิทธิ์"));
  std::map<std::string, Permission> permissions;
  for (const auto& row : rows) {
    const std::string& kind = row.fields[1];
    if (row.fields[0].empty() || (kind != "read" && kind != "write")) {
      return Status::InvalidInput("auth.permissions_row", "ไฟล์สิทธิ์ไม่ถูกต้อง",
                                  "line " + std::to_string(row.line) +
                                      ": a name, and kind read or write");
    }
    Permission permission{row.fields[0], kind == "write", row.fields[2]};
    if (!permissions.emplace(permission.name, permission).second) {
      return Status::InvalidInput("auth.permissions_row", "ไฟล์สิทธิ์ไม่ถูกต้อง",
                                  "permission listed twice: " + permission.name);
    }
  }
  std::lock_guard lock(mutex_);
  permissions_ = std::move(permissions);
  return Status::Ok();
}

std::vector<Permission> AuthService::Permissions() const {
  std::lock_guard lock(mutex_);
  std::vector<Permission> out;
  for (const auto& [name, permission] : permissions_) out.push_back(permission);
  return out;
}

Status AuthService::LoadRolesCsv(const std::string& csv_text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(csv_text, "role,name_th,scope,permissions", "auth.roles",
                                     "ไฟล์บทบาท"));
  std::map<std::string, Role> roles;
  for (const auto& row : rows) {
    Role role{row.fields[0], row.fields[1], {}, false};
    if (row.fields[2] == "granted") {
      role.granted_scope = true;
    } else if (row.fields[2] != "subtree") {
      return Status::InvalidInput("auth.roles_scope", "ไฟล์บทบาทไม่ถูกต้อง (ขอบเขตต้องเป็น subtree หรือ granted)",
                                  "line " + std::to_string(row.line) + ": scope " + row.fields[2]);
    }
    std::istringstream permissions(row.fields[3]);
    std::string permission;
    while (permissions >> permission) role.permissions.insert(permission);
    roles[role.name] = std::move(role);
  }
  std::lock_guard lock(mutex_);
  if (!permissions_.empty()) {
    for (const auto& [name, role] : roles) {
      for (const auto& permission : role.permissions) {
        if (!permissions_.contains(permission)) {
          return Status::InvalidInput("auth.roles_permission", "ไฟล์บทบาทอ้างสิทธิ์ที่ไม่มีอยู่",
                                      "role " + name + " names unknown permission " + permission);
        }
      }
    }
  }
  roles_ = std::move(roles);
  return Status::Ok();
}

std::vector<Role> AuthService::Roles() const {
  std::lock_guard lock(mutex_);
  std::vector<Role> out;
  for (const auto& [name, role] : roles_) out.push_back(role);
  return out;
}

bool AuthService::RoleHas(const std::string& role, const std::string& permission) const {
  std::lock_guard lock(mutex_);
  auto found = roles_.find(role);
  return found != roles_.end() && found->second.permissions.contains(permission);
}

Status AuthService::CheckPasswordPolicy(const std::string& username,
                                        const std::string& password) const {
  if (password.size() < options_.password_bytes_min || password.size() > kPasswordBytesMax) {
    return Status::InvalidInput("auth.password_policy",
                                "รหัสผ่านต้องยาวอย่างน้อย " +
                                    std::to_string(options_.password_bytes_min) + " ตัวอักษร",
                                "password too short or too long", "new_password");
  }
  if (!username.empty() && password.find(username) != std::string::npos) {
    return Status::InvalidInput("auth.password_policy", "รหัสผ่านต้องไม่มีชื่อผู้ใช้อยู่ในนั้น",
                                "password contains the username", "new_password");
  }
  std::string lower = password;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  bool weak = false;
  {
    std::lock_guard lock(mutex_);
    weak = weak_passwords_.contains(lower);
  }
  // One character repeated, or a run like 1234567890 / abcdefghij, is as weak as a listed one.
  bool run = true, same = true;
  for (size_t i = 1; i < lower.size(); ++i) {
    same = same && lower[i] == lower[0];
    run = run && lower[i] == lower[i - 1] + 1;
  }
  if (weak || same || run) {
    return Status::InvalidInput("auth.password_policy",
                                "รหัสผ่านนี้คาดเดาง่ายเกินไป (อยู่ในรายการรหัสผ่านที่ใช้กันมาก) กรุณาตั้งรหัสผ่านอื่น",
                                "a known-weak password", "new_password");
  }
  return Status::Ok();
}

void AuthService::LoadWeakPasswords(const std::string& text) {
  std::set<std::string> weak;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    for (char& c : line) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    weak.insert(line);
  }
  std::lock_guard lock(mutex_);
  weak_passwords_ = std::move(weak);
}

Result<User> AuthService::CreateUser(int64_t org_id, const std::string& username,
                                     const std::string& display_name, const std::string& role,
                                     const std::string& password,
                                     std::string* one_time_password) {
  if (username.empty() || username.size() > kUsernameBytesMax ||
      username.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789._-") != std::string::npos) {
    return Status::InvalidInput("auth.username", "ชื่อผู้ใช้ต้องเป็นอักษรอังกฤษตัวเล็ก ตัวเลข . _ -",
                                "bad username", "username");
  }
  {
    std::lock_guard lock(mutex_);
    if (!roles_.contains(role)) {
      return Status::InvalidInput("auth.role", "ไม่พบบทบาทนี้", "unknown role " + role, "role");
    }
  }
  KLANG_RETURN_IF_ERROR(orgs_.Get(org_id).status());
  std::string secret = password;
  const bool generated = secret.empty();
  if (generated) {
    secret = RandomHex(random_, 8);  // 16 hex characters, shown once
  } else {
    KLANG_RETURN_IF_ERROR(CheckPasswordPolicy(username, secret));
  }
  KLANG_ASSIGN_OR_RETURN(const std::string hash, HashPassword(secret));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  auto rows = lease->Query(
      "INSERT INTO users (org_id, username, display_name, role, password_hash, "
      "must_change_password, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {org_id, username, display_name, role, hash, int64_t{generated ? 1 : 0},
       clock_.NowUnixMillis()});
  if (!rows.ok() && rows.status().code() == ErrorCode::kConflict) {
    return Status::Conflict("auth.username_taken", "ชื่อผู้ใช้นี้มีอยู่แล้ว");
  }
  if (!rows.ok()) return rows.status();
  if (generated && one_time_password != nullptr) *one_time_password = secret;
  return User{(*rows)[0].Int(0), org_id, username, display_name, role, generated};
}

Result<User> AuthService::FindUser(const std::string& username) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query(std::string("SELECT ") + kUserColumns +
                                          " FROM users u WHERE u.username = $1",
                                      {username}));
  if (rows.empty()) return Status::NotFound("auth.user_not_found", "ไม่พบผู้ใช้");
  return UserFromRow(rows[0]);
}

Result<std::vector<User>> AuthService::UsersOf(int64_t org_id) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query(std::string("SELECT ") + kUserColumns +
                                          " FROM users u WHERE u.org_id = $1 ORDER BY "
                                          "u.display_name",
                                      {org_id}));
  std::vector<User> users;
  for (const auto& row : rows) users.push_back(UserFromRow(row));
  return users;
}

Result<Session> AuthService::Login(const std::string& username, const std::string& password,
                                   const std::string& remote_address,
                                   std::string* totp_challenge) {
  if (username.empty() || username.size() > kUsernameBytesMax || password.empty() ||
      password.size() > kPasswordBytesMax) {
    return BadCredentials();
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  const int64_t now_ms = clock_.NowUnixMillis();
  // Per address as well as per account: one address guessing across many accounts is held back
  // until its failures of the last window age out.
  if (!remote_address.empty()) {
    KLANG_ASSIGN_OR_RETURN(
        store::Rows failures,
        lease->Query("SELECT COUNT(*) FROM security_events WHERE remote_address = $1 AND "
                     "at_ms > $2 AND event IN ('login_failed', 'login_failed_locked', "
                     "'login_failed_unknown_user', 'login_refused_locked', 'totp_failed')",
                     {remote_address, now_ms - options_.address_window_seconds * 1000}));
    if (failures[0].Int(0) >= options_.address_failures_max) {
      (void)RecordEventOn(*lease, {.username = username, .event = "login_refused_address",
                         .remote_address = remote_address});
      return Status::Error(ErrorCode::kPermissionDenied, "auth.address_locked",
                           "มีการใส่รหัสผ่านผิดจากเครื่องนี้หลายครั้ง ระงับการเข้าสู่ระบบจากเครื่องนี้ชั่วคราว "
                           "กรุณาลองใหม่ภายใน " + std::to_string(options_.address_window_seconds / 60) +
                               " นาที",
                           "too many failed logins from this address");
    }
  }
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query(std::string("SELECT ") + kUserColumns +
                       ", u.password_hash, u.failed_logins, u.locked_until_ms, u.totp_secret "
                       "FROM users u WHERE u.username = $1",
                   {username}));
  if (rows.empty()) {
    // Spend the same effort as a real check so timing does not reveal unknown usernames (the same
    // only while every stored hash has the configured cost: always, outside the national
    // simulation).
    (void)HashPassword(password);
    (void)RecordEventOn(*lease, {.username = username, .event = "login_failed_unknown_user",
                       .remote_address = remote_address});
    return BadCredentials();
  }
  User user = UserFromRow(rows[0]);
  const std::string stored_hash = rows[0].Text(7);
  // The password is checked even when the account is locked, and a locked account answers as a
  // wrong password does: neither the answer nor its timing tells a guesser that the account
  // exists and is locked. The real user is told at the next sign-in (Session).
  const bool right =
      crypto_pwhash_str_verify(stored_hash.c_str(), password.c_str(), password.size()) == 0;
  if (rows[0].Int(9) > now_ms) {
    (void)RecordEventOn(*lease, {.org_id = user.org_id, .user_id = user.id, .username = username,
                                 .event = "login_refused_locked",
                                 .remote_address = remote_address});
    return BadCredentials();
  }
  if (!right) {
    KLANG_RETURN_IF_ERROR(CountFailedLogin(*lease, user, remote_address, now_ms));
    return BadCredentials();
  }
  // Only to whoever knows the password: that the account is disabled.
  if (user.disabled) {
    (void)RecordEventOn(*lease, {.org_id = user.org_id, .user_id = user.id, .username = username,
                                 .event = "login_refused_disabled",
                                 .remote_address = remote_address});
    return Status::Error(ErrorCode::kPermissionDenied, "auth.disabled",
                         "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
                         "account disabled");
  }
  if (!rows[0].Text(10).empty()) {
    // The password was right; the session waits for the authenticator app's code.
    const std::string token = RandomHex(random_, 32);
    KLANG_RETURN_IF_ERROR(store::InTransaction(
        *lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
          KLANG_RETURN_IF_ERROR(
              tx.Execute("DELETE FROM login_challenges WHERE user_id = $1 OR created_at_ms < $2",
                         {user.id, now_ms - kTotpChallengeMs})
                  .status());
          return tx
              .Execute("INSERT INTO login_challenges (token_hash, user_id, created_at_ms) VALUES "
                       "($1, $2, $3)",
                       {Sha256Hex(token), user.id, now_ms})
              .status();
        }));
    if (totp_challenge != nullptr) *totp_challenge = token;
    (void)RecordEventOn(*lease, {.org_id = user.org_id, .user_id = user.id, .username = username,
                                 .event = "totp_challenge", .remote_address = remote_address});
    return Status::Error(ErrorCode::kUnauthenticated, "auth.totp_required",
                         "กรุณาใส่รหัส 6 หลักจากแอปยืนยันตัวตนในโทรศัพท์ของท่าน",
                         "second step needed");
  }
  KLANG_RETURN_IF_ERROR(
      lease->Execute("UPDATE users SET failed_logins = 0, locked_until_ms = 0 WHERE id = $1",
                     {user.id})
          .status());
  return SignedIn(*lease, user, remote_address, "");
}

Status AuthService::CountFailedLogin(store::Connection& connection, const User& user,
                                     const std::string& remote_address, int64_t now_ms) {
  const int64_t lock_until = now_ms + options_.login_lock_seconds * 1000;
  return store::InTransaction(
      connection, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
        // Read and counted in one statement, so guesses sent at once cannot all see the same
        // count: the guess that makes the count reach the limit locks the account, and the ones
        // after it find it locked.
        KLANG_ASSIGN_OR_RETURN(
            store::Rows counted,
            tx.Query("UPDATE users SET "
                     "failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 "
                     "ELSE failed_logins + 1 END, "
                     "locked_until_ms = CASE WHEN failed_logins + 1 >= $2 THEN $3 "
                     "ELSE locked_until_ms END "
                     "WHERE id = $1 AND locked_until_ms <= $4 "
                     "RETURNING failed_logins, locked_until_ms",
                     {user.id, int64_t{options_.login_failures_max}, lock_until, now_ms}));
        SecurityEvent event{.org_id = user.org_id, .user_id = user.id, .username = user.username,
                            .remote_address = remote_address};
        if (counted.empty()) {
          event.event = "login_refused_locked";  // locked by a guess sent at the same time
        } else if (counted[0].Int(1) == lock_until) {
          event.event = "login_failed_locked";
          event.detail = "ครั้งที่ " + std::to_string(options_.login_failures_max);
        } else {
          event.event = "login_failed";
          event.detail = "ครั้งที่ " + std::to_string(counted[0].Int(0));
        }
        return RecordEventOn(tx, event);
      });
}

Result<Session> AuthService::SignedIn(store::Connection& connection, const User& user,
                                      const std::string& remote_address,
                                      const std::string& detail) {
  KLANG_ASSIGN_OR_RETURN(Session session, OpenSession(connection, user));
  KLANG_ASSIGN_OR_RETURN(
      store::Rows since,
      connection.Query("SELECT event, COUNT(*) FROM security_events WHERE user_id = $1 AND "
                       "at_ms > COALESCE((SELECT MAX(at_ms) FROM security_events WHERE "
                       "user_id = $1 AND event = 'login'), 0) AND event IN ('login_failed', "
                       "'login_failed_locked', 'login_refused_locked') GROUP BY event",
                       {user.id}));
  for (const auto& row : since) {
    if (row.Text(0) == "login_refused_locked") {
      session.locked_refusals_since_last += row.Int(1);
    } else {
      session.failed_logins_since_last += row.Int(1);
    }
  }
  (void)RecordEventOn(connection, {.org_id = user.org_id, .user_id = user.id,
                                   .username = user.username, .event = "login",
                                   .remote_address = remote_address, .detail = detail});
  return session;
}

Result<Session> AuthService::LoginWithTotp(const std::string& challenge, const std::string& code,
                                           const std::string& remote_address) {
  auto expired = [] {
    return Status::Error(ErrorCode::kUnauthenticated, "auth.totp_challenge",
                         "หมดเวลาใส่รหัส กรุณาเข้าสู่ระบบใหม่อีกครั้ง", "unknown or old challenge");
  };
  if (challenge.size() != 64) return expired();
  const int64_t now_ms = clock_.NowUnixMillis();
  const std::string challenge_hash = Sha256Hex(challenge);
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  // An attempt is claimed before the code is checked, in the statement that counts it: codes sent
  // at once cannot all see the same count (as CountFailedLogin does for passwords).
  KLANG_ASSIGN_OR_RETURN(
      store::Rows claimed,
      lease->Query("UPDATE login_challenges SET attempts = attempts + 1 WHERE token_hash = $1 "
                   "AND attempts < $2 AND created_at_ms >= $3 RETURNING user_id, attempts",
                   {challenge_hash, int64_t{options_.totp_attempts_max},
                    now_ms - kTotpChallengeMs}));
  if (claimed.empty()) return expired();
  KLANG_ASSIGN_OR_RETURN(User user, GetUser(claimed[0].Int(0)));
  if (user.disabled) return expired();
  KLANG_ASSIGN_OR_RETURN(
      store::Rows secret_rows,
      lease->Query("SELECT totp_secret, totp_last_counter FROM users WHERE id = $1", {user.id}));
  if (secret_rows.empty()) return expired();
  auto counter = VerifyTotp(StoredTotpSecret(secret_rows[0].Text(0)), code, now_ms / 1000);
  if (counter.ok() && static_cast<int64_t>(*counter) > secret_rows[0].Int(1)) {
    KLANG_ASSIGN_OR_RETURN(bool used, UseTotpCode(*lease, user, challenge_hash, *counter));
    if (used) return SignedIn(*lease, user, remote_address, "รหัสผ่าน + แอปยืนยันตัวตน");
  }
  return WrongTotp(*lease, user, challenge_hash, claimed[0].Int(1), counter.ok(), remote_address,
                   now_ms);
}

Result<bool> AuthService::UseTotpCode(store::Connection& connection, const User& user,
                                      const std::string& challenge_hash, uint64_t counter) {
  bool used = false;
  const Status done = store::InTransaction(
      connection, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
        // The challenge and the time step are each used once: a code sent twice at once signs in
        // once (the second finds the challenge gone or the counter already advanced).
        KLANG_ASSIGN_OR_RETURN(
            store::Rows deleted,
            tx.Query("DELETE FROM login_challenges WHERE token_hash = $1 RETURNING user_id",
                     {challenge_hash}));
        KLANG_ASSIGN_OR_RETURN(
            store::Rows advanced,
            tx.Query("UPDATE users SET failed_logins = 0, locked_until_ms = 0, "
                     "totp_last_counter = $1 WHERE id = $2 AND totp_last_counter < $1 "
                     "RETURNING id",
                     {static_cast<int64_t>(counter), user.id}));
        used = !deleted.empty() && !advanced.empty();
        // Not used: rolled back, so neither half is kept.
        return used ? Status::Ok()
                    : Status::Conflict("auth.totp_reused", "รหัสนี้ถูกใช้ไปแล้ว", "used at the same time");
      });
  if (!done.ok() && done.stable_code() != "auth.totp_reused") return done;
  return used;
}

Result<Session> AuthService::WrongTotp(store::Connection& connection, const User& user,
                                       const std::string& challenge_hash, int64_t attempts,
                                       bool reused, const std::string& remote_address,
                                       int64_t now_ms) {
  if (attempts >= options_.totp_attempts_max) {
    // Five wrong codes end the challenge and count as one wrong password towards the lock.
    KLANG_RETURN_IF_ERROR(
        connection.Execute("DELETE FROM login_challenges WHERE token_hash = $1", {challenge_hash})
            .status());
    KLANG_RETURN_IF_ERROR(CountFailedLogin(connection, user, remote_address, now_ms));
    (void)RecordEventOn(connection, {.org_id = user.org_id, .user_id = user.id,
                                     .username = user.username, .event = "totp_locked",
                                     .remote_address = remote_address});
    return Status::Error(ErrorCode::kPermissionDenied, "auth.totp_locked",
                         "ใส่รหัสจากแอปผิดเกินกำหนด กรุณาเข้าสู่ระบบใหม่อีกครั้ง",
                         "too many wrong TOTP codes");
  }
  (void)RecordEventOn(connection, {.org_id = user.org_id, .user_id = user.id,
                                   .username = user.username, .event = "totp_failed",
                                   .remote_address = remote_address,
                                   .detail = reused ? "รหัสที่ใช้ไปแล้ว" : ""});
  return Status::InvalidInput("auth.totp_wrong",
                              "รหัสจากแอปไม่ถูกต้องหรือถูกใช้ไปแล้ว (ใส่ได้อีก " +
                                  std::to_string(options_.totp_attempts_max - attempts) + " ครั้ง)",
                              "wrong or reused TOTP", "code");
}

Result<TotpSetup> AuthService::BeginTotp(int64_t user_id) {
  KLANG_ASSIGN_OR_RETURN(User user, GetUser(user_id));
  std::string secret(kTotpSecretBytes, '\0');
  random_.Fill(std::span<unsigned char>(reinterpret_cast<unsigned char*>(secret.data()),
                                        secret.size()));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(lease->Execute("UPDATE users SET totp_pending = $1 WHERE id = $2",
                                       {TotpBase32(secret), user.id})
                            .status());
  return TotpSetup{TotpBase32(secret), TotpUri("Klang", user.username, secret)};
}

Status AuthService::ConfirmTotp(int64_t user_id, const std::string& code,
                                const std::string& remote_address) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(User user, GetUser(user_id));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query("SELECT totp_pending FROM users WHERE id = $1", {user.id}));
  if (rows.empty() || rows[0].Text(0).empty()) {
    return Status::InvalidInput("auth.totp_not_started", "กรุณาเริ่มตั้งค่าแอปยืนยันตัวตนก่อน",
                                "no pending TOTP secret");
  }
  KLANG_ASSIGN_OR_RETURN(uint64_t counter,
                         VerifyTotp(StoredTotpSecret(rows[0].Text(0)), code, clock_.NowUnixMillis() / 1000));
  KLANG_RETURN_IF_ERROR(lease->Execute("UPDATE users SET totp_secret = totp_pending, "
                                       "totp_pending = '', totp_last_counter = $1 WHERE id = $2",
                                       {static_cast<int64_t>(counter), user.id})
                            .status());
  KLANG_RETURN_IF_ERROR(RecordEvent({.org_id = user.org_id, .user_id = user.id,
                                     .username = user.username, .event = "totp_enabled",
                                     .remote_address = remote_address}));
  return Status::Ok();
}

Status AuthService::DisableTotp(int64_t user_id, const std::string& code,
                                const std::string& remote_address) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(User user, GetUser(user_id));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query("SELECT totp_secret FROM users WHERE id = $1", {user.id}));
  if (rows.empty() || rows[0].Text(0).empty()) return Status::Ok();
  KLANG_RETURN_IF_ERROR(
      VerifyTotp(StoredTotpSecret(rows[0].Text(0)), code, clock_.NowUnixMillis() / 1000).status());
  KLANG_RETURN_IF_ERROR(
      lease->Execute("UPDATE users SET totp_secret = '', totp_pending = '' WHERE id = $1", {user.id})
          .status());
  KLANG_RETURN_IF_ERROR(RecordEvent({.org_id = user.org_id, .user_id = user.id,
                                     .username = user.username, .event = "totp_disabled",
                                     .remote_address = remote_address}));
  return Status::Ok();
}

Status AuthService::ResetTotp(const User& actor, int64_t user_id,
                              const std::string& remote_address) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(User user, AdministeredUser(actor, user_id));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(
      lease->Execute("UPDATE users SET totp_secret = '', totp_pending = '' WHERE id = $1", {user.id})
          .status());
  KLANG_RETURN_IF_ERROR(RecordEvent({.org_id = user.org_id, .user_id = user.id,
                                     .username = user.username, .event = "totp_reset",
                                     .actor = ActorName(actor),
                                     .remote_address = remote_address}));
  return Status::Ok();
}

Result<bool> AuthService::TotpEnabled(int64_t user_id) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query("SELECT totp_secret FROM users WHERE id = $1", {user_id}));
  return !rows.empty() && !rows[0].Text(0).empty();
}

Result<Session> AuthService::OpenSession(store::Connection& connection, const User& user) {
  Session session{RandomHex(random_, 32), RandomHex(random_, 32), user};
  KLANG_RETURN_IF_ERROR(connection.Execute("INSERT INTO sessions (token_hash, user_id, csrf_token, "
                                       "created_at_ms, last_seen_ms) VALUES ($1, $2, $3, $4, $4)",
                                       {Sha256Hex(session.token), user.id, session.csrf_token,
                                        clock_.NowUnixMillis()})
                            .status());
  return session;
}

Result<User> AuthService::FindByNationalId(const std::string& national_id) {
  if (!IsThaiNationalId(national_id)) {
    return Status::NotFound("auth.no_invitation",
                            "ไม่พบผู้ใช้ที่ได้รับเชิญด้วยเลขประจำตัวประชาชนนี้ กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query(std::string("SELECT ") + kUserColumns +
                                          " FROM users u WHERE u.national_id = $1",
                                      {national_id}));
  if (rows.empty()) {
    return Status::NotFound("auth.no_invitation",
                            "ไม่พบผู้ใช้ที่ได้รับเชิญด้วยเลขประจำตัวประชาชนนี้ กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน");
  }
  return UserFromRow(rows[0]);
}

Result<Session> AuthService::CompleteEnrolment(int64_t user_id, const std::string& email,
                                               const std::string& password,
                                               const std::string& remote_address) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(User user, GetUser(user_id));
  if (user.disabled) {
    return Status::Error(ErrorCode::kPermissionDenied, "auth.disabled",
                         "บัญชีนี้ถูกระงับการใช้งาน กรุณาติดต่อผู้ดูแลระบบของหน่วยงาน",
                         "account disabled");
  }
  KLANG_RETURN_IF_ERROR(CheckPasswordPolicy(user.username, password));
  KLANG_ASSIGN_OR_RETURN(const std::string hash, HashPassword(password));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows before,
                         lease->Query("SELECT enrolled_at_ms FROM users WHERE id = $1", {user.id}));
  const bool recovery = !before.empty() && before[0].Int(0) != 0;
  KLANG_RETURN_IF_ERROR(store::InTransaction(
      *lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
        KLANG_RETURN_IF_ERROR(
            tx.Execute("UPDATE users SET password_hash = $1, must_change_password = 0, email = $2, "
                       "enrolled_at_ms = $3, failed_logins = 0, locked_until_ms = 0 WHERE id = $4",
                       {hash, email, clock_.NowUnixMillis(), user.id})
                .status());
        // A recovery ends whatever sessions the old password had opened.
        return tx.Execute("DELETE FROM sessions WHERE user_id = $1", {user.id}).status();
      }));
  user.must_change_password = false;
  KLANG_RETURN_IF_ERROR(RecordEventOn(*lease, {.org_id = user.org_id, .user_id = user.id,
                                     .username = user.username,
                                     .event = recovery ? "recovered" : "enrolled",
                                     .remote_address = remote_address, .detail = email}));
  if (password_changed_) {
    KLANG_ASSIGN_OR_RETURN(std::vector<ReplicaUser> users, ExportUsersWhere("u.id = $1", {user.id}));
    if (!users.empty()) password_changed_(users[0]);
  }
  return OpenSession(*lease, user);
}

Result<Session> AuthService::Authenticate(const std::string& token) {
  auto unauthenticated = [] {
    return Status::Error(ErrorCode::kUnauthenticated, "auth.no_session",
                         "กรุณาเข้าสู่ระบบ", "no valid session");
  };
  if (token.size() != 64) return unauthenticated();
  const std::string token_hash = Sha256Hex(token);
  const int64_t now_ms = clock_.NowUnixMillis();
  uint64_t generation = 0;
  if (auto recent = RecentlyChecked(token_hash, now_ms, &generation)) return *recent;
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query(std::string("SELECT ") + kUserColumns +
                       ", s.csrf_token, s.created_at_ms, s.last_seen_ms FROM sessions s "
                       "JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1 AND "
                       "u.disabled_at_ms = 0",
                   {token_hash}));
  if (rows.empty()) return unauthenticated();
  const int64_t created = rows[0].Int(8);
  const int64_t last_seen = rows[0].Int(9);
  if (now_ms - last_seen > options_.session_idle_seconds_max * 1000 ||
      now_ms - created > options_.session_absolute_seconds_max * 1000) {
    (void)lease->Execute("DELETE FROM sessions WHERE token_hash = $1", {token_hash});
    return unauthenticated();
  }
  if (now_ms - last_seen > kLastSeenWriteSeconds * 1000) {
    KLANG_RETURN_IF_ERROR(
        lease->Execute("UPDATE sessions SET last_seen_ms = $1 WHERE token_hash = $2",
                       {now_ms, token_hash})
            .status());
  }
  Session session{"", rows[0].Text(7), UserFromRow(rows[0])};
  RememberChecked(token_hash, session, now_ms, generation);
  return session;
}

std::optional<Session> AuthService::RecentlyChecked(const std::string& token_hash, int64_t now_ms,
                                                    uint64_t* generation) {
  if (options_.session_recheck_ms <= 0) return std::nullopt;
  std::lock_guard lock(checked_mutex_);
  *generation = checked_generation_;
  auto found = checked_.find(token_hash);
  if (found == checked_.end()) return std::nullopt;
  const int64_t age_ms = now_ms - found->second.checked_at_ms;
  if (age_ms < 0 || age_ms >= options_.session_recheck_ms) {
    checked_.erase(found);
    return std::nullopt;
  }
  return found->second.session;
}

void AuthService::RememberChecked(const std::string& token_hash, const Session& session, int64_t now_ms,
                                  uint64_t generation) {
  if (options_.session_recheck_ms <= 0) return;
  std::lock_guard lock(checked_mutex_);
  if (generation != checked_generation_) return;
  if (checked_.size() >= options_.session_cache_entries_max) checked_.clear();
  checked_[token_hash] = {session, now_ms};
}

void AuthService::ForgetCheckedSessions() {
  std::lock_guard lock(checked_mutex_);
  ++checked_generation_;
  checked_.clear();
}

Status AuthService::Logout(const std::string& token) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  const std::string token_hash = Sha256Hex(token);
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query(std::string("SELECT ") + kUserColumns +
                                          " FROM sessions s JOIN users u ON u.id = s.user_id "
                                          "WHERE s.token_hash = $1",
                                      {token_hash}));
  KLANG_RETURN_IF_ERROR(
      lease->Execute("DELETE FROM sessions WHERE token_hash = $1", {token_hash}).status());
  if (rows.empty()) return Status::Ok();
  const User user = UserFromRow(rows[0]);
  return RecordEvent(
      {.org_id = user.org_id, .user_id = user.id, .username = user.username, .event = "logout"});
}

Status AuthService::ChangePassword(int64_t user_id, const std::string& current_password,
                                   const std::string& new_password,
                                   const std::string& kept_session_token) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query("SELECT username, password_hash, org_id FROM users WHERE id = $1", {user_id}));
  if (rows.empty()) return Status::NotFound("auth.user_not_found", "ไม่พบผู้ใช้");
  const std::string username = rows[0].Text(0);
  const int64_t home = rows[0].Int(2);
  if (crypto_pwhash_str_verify(rows[0].Text(1).c_str(), current_password.c_str(),
                               current_password.size()) != 0) {
    return Status::InvalidInput("auth.current_password", "รหัสผ่านปัจจุบันไม่ถูกต้อง", "",
                                "current_password");
  }
  if (new_password == current_password) {
    return Status::InvalidInput("auth.password_reused", "รหัสผ่านใหม่ต้องไม่ซ้ำกับรหัสผ่านเดิม",
                                "", "new_password");
  }
  KLANG_RETURN_IF_ERROR(CheckPasswordPolicy(username, new_password));
  KLANG_ASSIGN_OR_RETURN(const std::string hash, HashPassword(new_password));
  KLANG_RETURN_IF_ERROR(store::InTransaction(
      *lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
        KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE users SET password_hash = $1, "
                                         "must_change_password = 0 WHERE id = $2",
                                         {hash, user_id})
                                  .status());
        // Whoever else holds a session opened with the old password loses it with the password.
        KLANG_RETURN_IF_ERROR(tx.Execute("DELETE FROM sessions WHERE user_id = $1 AND "
                                         "token_hash <> $2",
                                         {user_id, Sha256Hex(kept_session_token)})
                                  .status());
        return RecordEventOn(tx, {.org_id = home, .user_id = user_id, .username = username,
                                  .event = "password_changed"});
      }));
  if (password_changed_) {
    KLANG_ASSIGN_OR_RETURN(std::vector<ReplicaUser> users, ExportUsersWhere("u.id = $1", {user_id}));
    if (!users.empty()) password_changed_(users[0]);
  }
  return Status::Ok();
}

void AuthService::SetPasswordChangedListener(std::function<void(const ReplicaUser&)> listener) {
  password_changed_ = std::move(listener);
}

Result<std::vector<ReplicaUser>> AuthService::ExportUsersWhere(const std::string& where,
                                                               const store::Params& params) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query(std::string("SELECT ") + kUserColumns +
                                          ", u.password_hash, u.totp_secret FROM users u WHERE " +
                                          where +
                                          " ORDER BY u.id",
                                      params));
  std::vector<ReplicaUser> users;
  for (const auto& row : rows) users.push_back({UserFromRow(row), row.Text(7), row.Text(8)});
  return users;
}

Result<std::vector<ReplicaUser>> AuthService::ExportUsers(const std::vector<int64_t>& orgs) {
  std::vector<ReplicaUser> all;
  for (int64_t org : orgs) {
    KLANG_ASSIGN_OR_RETURN(std::vector<ReplicaUser> users, ExportUsersWhere("u.org_id = $1", {org}));
    for (auto& user : users) all.push_back(std::move(user));
  }
  return all;
}

Status AuthService::ImportUsers(const std::vector<ReplicaUser>& users) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  return store::InTransaction(*lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
    for (const auto& replica : users) {
      const User& user = replica.user;
      bool known_role = false;
      {
        std::lock_guard lock(mutex_);
        known_role = roles_.count(user.role) > 0;
      }
      if (!known_role) {
        return Status::InvalidInput("auth.import_role", "บทบาทของผู้ใช้ที่นำเข้าไม่ถูกต้อง", user.role);
      }
      KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                             tx.Query("SELECT id, username FROM users WHERE id = $1 OR username = $2",
                                      {user.id, user.username}));
      bool held = false;
      for (const auto& row : rows) {
        if (row.Int(0) != user.id || row.Text(1) != user.username) {
          return Status::Conflict("auth.import_mismatch", "ผู้ใช้ที่นำเข้าซ้ำกับผู้ใช้อื่น",
                                  "user " + std::to_string(user.id) + " " + user.username);
        }
        held = true;
      }
      if (held) {
        KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE users SET org_id = $1, display_name = $2, role = $3, "
                                         "password_hash = $4, must_change_password = $5, "
                                         "disabled_at_ms = $6, totp_secret = $7 WHERE id = $8",
                                         {user.org_id, user.display_name, user.role,
                                          replica.password_hash,
                                          int64_t{user.must_change_password ? 1 : 0},
                                          int64_t{user.disabled ? 1 : 0}, replica.totp_secret,
                                          user.id})
                                  .status());
      } else {
        KLANG_RETURN_IF_ERROR(
            tx.Execute("INSERT INTO users (id, org_id, username, display_name, role, password_hash, "
                       "must_change_password, created_at_ms, disabled_at_ms, totp_secret) VALUES "
                       "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                       {user.id, user.org_id, user.username, user.display_name, user.role,
                        replica.password_hash, int64_t{user.must_change_password ? 1 : 0},
                        clock_.NowUnixMillis(), int64_t{user.disabled ? 1 : 0},
                        replica.totp_secret})
                .status());
      }
    }
    if (tx.dialect() == store::Dialect::kPostgres) {
      KLANG_RETURN_IF_ERROR(tx.Query("SELECT setval(pg_get_serial_sequence('users', 'id'), "
                                     "(SELECT MAX(id) FROM users))")
                                .status());
    }
    return Status::Ok();
  });
}

Status AuthService::Authorize(const User& user, const std::string& permission,
                              std::optional<int64_t> org) {
  bool write = true;
  bool granted = false;
  {
    std::lock_guard lock(mutex_);
    auto role = roles_.find(user.role);
    if (!permission.empty() &&
        (role == roles_.end() || !role->second.permissions.contains(permission))) {
      return Status::PermissionDenied("auth.forbidden", "ท่านไม่มีสิทธิ์ทำรายการนี้",
                                      "role " + user.role + " lacks " + permission);
    }
    if (role == roles_.end()) {
      return Status::PermissionDenied("auth.forbidden", "ท่านไม่มีสิทธิ์ทำรายการนี้",
                                      "unknown role " + user.role);
    }
    auto known = permissions_.find(permission);
    write = permission.empty() ? false : (known == permissions_.end() || known->second.write);
    granted = role->second.granted_scope;
  }
  if (granted) {
    // An auditor: only what was granted, only to read, only while the grant lasts.
    if (!org) return Status::Ok();
    if (write) {
      return Status::PermissionDenied("auth.read_only_scope", "ผู้ตรวจสอบดูข้อมูลได้อย่างเดียว",
                                      "granted scope is read-only");
    }
    KLANG_ASSIGN_OR_RETURN(std::vector<int64_t> grants, GrantedOrgs(user.id));
    for (int64_t granted_org : grants) {
      if (orgs_.IsWithin(*org, granted_org)) return Status::Ok();
    }
    return Status::PermissionDenied("auth.out_of_scope", "ท่านไม่มีสิทธิ์เข้าถึงข้อมูลของหน่วยงานนี้",
                                    "no grant covers organisation " + std::to_string(*org));
  }
  if (org && !orgs_.IsWithin(*org, user.org_id)) {
    return Status::PermissionDenied("auth.out_of_scope", "ท่านไม่มีสิทธิ์เข้าถึงข้อมูลของหน่วยงานนี้",
                                    "organisation " + std::to_string(*org) +
                                        " is outside the user's scope");
  }
  if (org && write && *org != user.org_id) {
    auto home = orgs_.Get(user.org_id);
    if (!home.ok()) return home.status();
    if (!org::KeepsBooks(home->type)) {
      return Status::PermissionDenied(
          "auth.read_only_scope", "หน่วยงานกำกับดูแลดูข้อมูลของหน่วยงานในสังกัดได้อย่างเดียว",
          "a write permission (" + permission + ") from a supervising organisation reaches only "
          "that organisation");
    }
  }
  return Status::Ok();
}

Status AuthService::RecordEvent(const SecurityEvent& event) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  return RecordEventOn(*lease, event);
}

Status AuthService::RecordEventOn(store::Connection& connection, const SecurityEvent& event) {
  return connection
      .Execute("INSERT INTO security_events (user_id, username, event, remote_address, at_ms, "
                "org_id, actor, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                {event.user_id == 0 ? store::Value(store::Null{}) : store::Value(event.user_id),
                 event.username, event.event, event.remote_address, clock_.NowUnixMillis(),
                 event.org_id == 0 ? store::Value(store::Null{}) : store::Value(event.org_id),
                 event.actor, event.detail})
      .status();
}

// ---- administration ----

Result<User> AuthService::GetUser(int64_t user_id) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query(std::string("SELECT ") + kUserColumns +
                                          " FROM users u WHERE u.id = $1",
                                      {user_id}));
  if (rows.empty()) return Status::NotFound("auth.user_not_found", "ไม่พบผู้ใช้");
  return UserFromRow(rows[0]);
}

Result<User> AuthService::AdministeredUser(const User& actor, int64_t user_id) {
  KLANG_ASSIGN_OR_RETURN(User user, GetUser(user_id));
  KLANG_RETURN_IF_ERROR(Authorize(actor, "user.admin", user.org_id));
  if (user.id == actor.id) {
    return Status::InvalidInput("auth.self", "ผู้ดูแลระบบเปลี่ยนบทบาท ระงับ หรือตั้งรหัสผ่านใหม่ให้ตนเองไม่ได้ "
                                "ต้องให้ผู้ดูแลระบบอีกคนหนึ่งดำเนินการ",
                                "an administrator cannot administer themselves");
  }
  return user;
}

bool AuthService::RoleIsGranted(const std::string& role) const {
  std::lock_guard lock(mutex_);
  auto found = roles_.find(role);
  return found != roles_.end() && found->second.granted_scope;
}

Result<AccessGrant> AuthService::GrantAccess(const User& actor, int64_t org_id,
                                             const std::string& username, int64_t until_ms,
                                             const std::string& reason,
                                             const std::string& remote_address) {
  KLANG_RETURN_IF_ERROR(Authorize(actor, "user.admin", org_id));
  auto grantee = FindUser(username);
  if (!grantee.ok() || !RoleIsGranted(grantee->role)) {
    return Status::InvalidInput("auth.grant_role", "ให้สิทธิ์ได้เฉพาะผู้ใช้ที่มีบทบาทผู้ตรวจสอบบัญชี",
                                "user " + username + " missing or not of a granted-scope role",
                                "username");
  }
  const int64_t now = clock_.NowUnixMillis();
  constexpr int64_t kYearMs = 366LL * 24 * 3600 * 1000;
  if (until_ms <= now || until_ms > now + kYearMs) {
    return Status::InvalidInput("auth.grant_until", "วันสิ้นสุดสิทธิ์ต้องอยู่หลังวันนี้และไม่เกินหนึ่งปี",
                                "until must be in the next 366 days", "until");
  }
  if (reason.empty() || reason.size() > 500) {
    return Status::InvalidInput("auth.grant_reason", "กรุณาระบุเหตุผลหรือเลขที่หนังสือขอตรวจสอบ (ไม่เกิน 500 ตัวอักษร)",
                                "reason required", "reason");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows inserted,
      lease->Query("INSERT INTO access_grants (user_id, org_id, reason, granted_by, "
                   "granted_at_ms, until_ms) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                   {grantee->id, org_id, reason, ActorName(actor), now, until_ms}));
  const int64_t id = inserted.at(0).Int(0);
  KLANG_RETURN_IF_ERROR(RecordEvent({.org_id = org_id, .user_id = grantee->id,
                                     .username = grantee->username, .event = "access_granted",
                                     .actor = ActorName(actor), .remote_address = remote_address,
                                     .detail = reason}));
  return AccessGrant{id, grantee->id, grantee->username, grantee->display_name, org_id, reason,
                     ActorName(actor), now, until_ms, 0};
}

Status AuthService::RevokeAccess(const User& actor, int64_t grant_id,
                                 const std::string& remote_address,
                                 std::optional<int64_t> within) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query("SELECT g.org_id, g.user_id, u.username, g.revoked_at_ms "
                                      "FROM access_grants g JOIN users u ON u.id = g.user_id "
                                      "WHERE g.id = $1",
                                      {grant_id}));
  if (rows.empty() || (within && !orgs_.IsWithin(rows[0].Int(0), *within))) {
    return Status::NotFound("auth.no_grant", "ไม่พบสิทธิ์ที่ให้ไว้");
  }
  KLANG_RETURN_IF_ERROR(Authorize(actor, "user.admin", rows[0].Int(0)));
  if (rows[0].Int(3) != 0) return Status::Ok();
  KLANG_RETURN_IF_ERROR(lease->Execute("UPDATE access_grants SET revoked_at_ms = $1 WHERE id = $2",
                                       {clock_.NowUnixMillis(), grant_id})
                            .status());
  return RecordEvent({.org_id = rows[0].Int(0), .user_id = rows[0].Int(1),
                      .username = rows[0].Text(2), .event = "access_revoked",
                      .actor = ActorName(actor), .remote_address = remote_address});
}

Result<std::vector<AccessGrant>> AuthService::GrantsWithin(int64_t org_id) {
  KLANG_ASSIGN_OR_RETURN(std::string within, SubtreeCondition(org_id, "g.org_id"));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query("SELECT g.id, g.user_id, u.username, u.display_name, g.org_id, g.reason, "
                   "g.granted_by, g.granted_at_ms, g.until_ms, g.revoked_at_ms FROM access_grants g "
                   "JOIN users u ON u.id = g.user_id WHERE " + within + " ORDER BY g.id DESC"));
  std::vector<AccessGrant> out;
  for (const auto& row : rows) {
    out.push_back({row.Int(0), row.Int(1), row.Text(2), row.Text(3), row.Int(4), row.Text(5),
                   row.Text(6), row.Int(7), row.Int(8), row.Int(9)});
  }
  return out;
}

Result<std::vector<int64_t>> AuthService::GrantedOrgs(int64_t user_id) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query("SELECT org_id FROM access_grants WHERE user_id = $1 AND "
                                      "until_ms > $2 AND revoked_at_ms = 0 ORDER BY id",
                                      {user_id, clock_.NowUnixMillis()}));
  std::vector<int64_t> out;
  for (const auto& row : rows) out.push_back(row.Int(0));
  return out;
}

namespace {

// Names an administrator may not give (they would pass for the system's own accounts).
const std::set<std::string, std::less<>> kReservedUsernames = {
    "admin", "administrator", "root", "operator", "system", "klang", "support", "security",
    "dla", "thaid"};

Status UsernameUnavailable() {
  return Status::Conflict("auth.username_unavailable",
                          "ใช้ชื่อผู้ใช้นี้ไม่ได้ กรุณาเลือกชื่ออื่น (เช่น เติมรหัสหน่วยงานต่อท้าย)");
}

}  // namespace

Result<User> AuthService::InviteUserAsOperator(int64_t org_id, const std::string& username,
                                               const std::string& display_name,
                                               const std::string& role,
                                               std::string* one_time_password) {
  return InviteUser(User{.username = "operator", .role = "operator"}, org_id, username,
                    display_name, role, one_time_password, "");
}

Result<User> AuthService::InviteUser(const User& actor, int64_t org_id, const std::string& username,
                                     const std::string& display_name, const std::string& role,
                                     std::string* one_time_password,
                                     const std::string& remote_address,
                                     const std::string& national_id) {
  // The operator at the server (actor id 0, role "operator") may place a user anywhere.
  if (!(actor.id == 0 && actor.role == "operator")) {
    KLANG_RETURN_IF_ERROR(Authorize(actor, "user.admin", org_id));
  }
  if (role == "node") {
    return Status::InvalidInput("auth.role", "บทบาทนี้ใช้สำหรับเครื่องแม่ข่ายเท่านั้น",
                                "role node is for edge nodes", "role");
  }
  if (display_name.empty() || display_name.size() > 200) {
    return Status::InvalidInput("auth.display_name", "กรุณากรอกชื่อ-สกุล (ไม่เกิน 200 ไบต์)", "",
                                "display_name");
  }
  if (!national_id.empty() && !IsThaiNationalId(national_id)) {
    return Status::InvalidInput("auth.national_id",
                                "เลขประจำตัวประชาชนไม่ถูกต้อง (ต้องเป็นตัวเลข 13 หลัก และหลักสุดท้ายต้องตรงกับเลขตรวจสอบ)",
                                "not a valid Thai national ID", "national_id");
  }
  const bool operator_acts = actor.id == 0 && actor.role == "operator";
  if (!operator_acts && kReservedUsernames.contains(username)) return UsernameUnavailable();
  if (!national_id.empty()) {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
    KLANG_ASSIGN_OR_RETURN(
        store::Rows held,
        lease->Query("SELECT org_id FROM users WHERE national_id = $1", {national_id}));
    if (!held.empty()) {
      if (!operator_acts && !Authorize(actor, "user.admin", held[0].Int(0)).ok()) {
        return Status::Conflict("auth.national_id_unavailable",
                                "ใช้เลขประจำตัวประชาชนนี้ไม่ได้ กรุณาติดต่อผู้ดูแลระบบระดับจังหวัด");
      }
      return Status::Conflict("auth.national_id_taken", "เลขประจำตัวประชาชนนี้มีผู้ใช้อยู่แล้ว");
    }
  }
  std::string secret;
  auto created = CreateUser(org_id, username, display_name, role, "", &secret);
  if (!created.ok() && created.status().stable_code() == "auth.username_taken" && !operator_acts) {
    // Usernames are unique in the whole country: an administrator is told a name is taken only
    // when its holder is within the administrator's own scope; elsewhere it is "unavailable",
    // as a reserved name is, which says nothing of who holds it.
    KLANG_ASSIGN_OR_RETURN(User holder, FindUser(username));
    if (!Authorize(actor, "user.admin", holder.org_id).ok()) return UsernameUnavailable();
  }
  KLANG_ASSIGN_OR_RETURN(User user, std::move(created));
  if (!national_id.empty()) {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
    KLANG_RETURN_IF_ERROR(lease->Execute("UPDATE users SET national_id = $1 WHERE id = $2",
                                         {national_id, user.id})
                              .status());
  }
  KLANG_RETURN_IF_ERROR(RecordEvent({.org_id = org_id, .user_id = user.id, .username = username,
                                     .event = "user_invited", .actor = ActorName(actor),
                                     .remote_address = remote_address, .detail = role}));
  if (one_time_password != nullptr) *one_time_password = std::move(secret);
  return user;
}

Status AuthService::ChangeRole(const User& actor, int64_t user_id, const std::string& role,
                               const std::string& remote_address) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(User user, AdministeredUser(actor, user_id));
  {
    std::lock_guard lock(mutex_);
    if (!roles_.contains(role)) {
      return Status::InvalidInput("auth.role", "ไม่พบบทบาทนี้", "unknown role " + role, "role");
    }
  }
  if (role == "node") {
    return Status::InvalidInput("auth.role", "บทบาทนี้ใช้สำหรับเครื่องแม่ข่ายเท่านั้น",
                                "role node is for edge nodes", "role");
  }
  if (role == user.role) return Status::Ok();
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(
      lease->Execute("UPDATE users SET role = $1 WHERE id = $2", {role, user.id}).status());
  return RecordEvent({.org_id = user.org_id, .user_id = user.id, .username = user.username,
                      .event = "role_changed", .actor = ActorName(actor),
                      .remote_address = remote_address, .detail = user.role + " → " + role});
}

Status AuthService::SetDisabled(const User& actor, int64_t user_id, bool disabled,
                                const std::string& remote_address) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(User user, AdministeredUser(actor, user_id));
  if (user.disabled == disabled) return Status::Ok();
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(store::InTransaction(
      *lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
        KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE users SET disabled_at_ms = $1 WHERE id = $2",
                                         {disabled ? clock_.NowUnixMillis() : int64_t{0}, user.id})
                                  .status());
        if (disabled) {
          KLANG_RETURN_IF_ERROR(
              tx.Execute("DELETE FROM sessions WHERE user_id = $1", {user.id}).status());
        }
        return Status::Ok();
      }));
  return RecordEvent({.org_id = user.org_id, .user_id = user.id, .username = user.username,
                      .event = disabled ? "user_disabled" : "user_enabled",
                      .actor = ActorName(actor), .remote_address = remote_address});
}

Result<std::string> AuthService::HashPassword(const std::string& password) const {
  const bool minimum = options_.password_hash_cost == PasswordHashCost::kMinimum;
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(hash, password.c_str(), password.size(),
                        minimum ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        minimum ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::Unavailable("auth.hash_memory", "not enough memory to hash the password");
  }
  return std::string(hash);
}

Result<std::string> AuthService::ResetPassword(const User& actor, int64_t user_id,
                                               const std::string& remote_address) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(User user, AdministeredUser(actor, user_id));
  const std::string secret = RandomHex(random_, 8);
  KLANG_ASSIGN_OR_RETURN(const std::string hash, HashPassword(secret));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(store::InTransaction(
      *lease, store::TransactionMode::kWrite, [&](store::Connection& tx) -> Status {
        KLANG_RETURN_IF_ERROR(
            tx.Execute("UPDATE users SET password_hash = $1, must_change_password = 1, "
                       "failed_logins = 0, locked_until_ms = 0 WHERE id = $2",
                       {hash, user.id})
                .status());
        return tx.Execute("DELETE FROM sessions WHERE user_id = $1", {user.id}).status();
      }));
  KLANG_RETURN_IF_ERROR(RecordEvent({.org_id = user.org_id, .user_id = user.id,
                                     .username = user.username, .event = "password_reset",
                                     .actor = ActorName(actor), .remote_address = remote_address}));
  if (password_changed_) {
    KLANG_ASSIGN_OR_RETURN(std::vector<ReplicaUser> users, ExportUsersWhere("u.id = $1", {user.id}));
    if (!users.empty()) password_changed_(users[0]);
  }
  return secret;
}

Result<std::string> AuthService::SubtreeCondition(int64_t org_id, const std::string& column) {
  // The whole tree (the DLA, the root): no list to send.
  if (auto root = orgs_.Get(org_id); root.ok() && root->parent_id == 0) {
    return column + " IS NOT NULL";
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<int64_t> subtree, orgs_.Subtree(org_id));
  if (subtree.empty()) return std::string("1 = 0");
  std::string ids;
  for (int64_t id : subtree) ids += (ids.empty() ? "" : ",") + std::to_string(id);
  // Integers only, written by us: no injection; one statement however large the subtree.
  return column + " IN (" + ids + ")";
}

Result<std::vector<UserStatus>> AuthService::UsersWithin(int64_t org_id) {
  KLANG_ASSIGN_OR_RETURN(std::string within, SubtreeCondition(org_id, "u.org_id"));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         lease->Query(std::string("SELECT ") + kUserColumns +
                                      ", u.locked_until_ms, u.created_at_ms, u.totp_secret FROM "
                                      "users u WHERE " +
                                      within + " ORDER BY u.org_id, u.display_name, u.id"));
  std::vector<UserStatus> users;
  for (const auto& row : rows) {
    users.push_back({UserFromRow(row), row.Int(7), row.Int(8), !row.Text(9).empty()});
  }
  return users;
}

Result<std::vector<SecurityEvent>> AuthService::EventsWithin(int64_t org_id, int64_t from_ms,
                                                             int64_t to_ms, size_t limit) {
  KLANG_ASSIGN_OR_RETURN(std::string within, SubtreeCondition(org_id, "org_id"));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query("SELECT id, at_ms, org_id, user_id, username, event, actor, remote_address, "
                   "detail FROM security_events WHERE " + within + " AND at_ms >= $1 AND "
                   "at_ms <= $2 ORDER BY at_ms DESC, id DESC LIMIT $3",
                   {from_ms, to_ms == 0 ? std::numeric_limits<int64_t>::max() : to_ms,
                    static_cast<int64_t>(limit)}));
  std::vector<SecurityEvent> events;
  for (const auto& row : rows) {
    const int64_t org = row.IsNull(2) ? 0 : row.Int(2);
    events.push_back({row.Int(0), row.Int(1), org, row.IsNull(3) ? 0 : row.Int(3), row.Text(4),
                      row.Text(5), row.Text(6), row.Text(7), row.Text(8)});
  }
  return events;
}

Status AuthService::LogoutEverywhere(int64_t user_id, const std::string& remote_address) {
  const ForgetCheckedSessionsOnExit forget{*this};
  KLANG_ASSIGN_OR_RETURN(User user, GetUser(user_id));
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_RETURN_IF_ERROR(
      lease->Execute("DELETE FROM sessions WHERE user_id = $1", {user.id}).status());
  return RecordEvent({.org_id = user.org_id, .user_id = user.id, .username = user.username,
                      .event = "logout_everywhere", .remote_address = remote_address});
}

}  // namespace klang::auth
