// auth/auth.h — users, passwords (Argon2id), sessions in the store, and the roles ×
// permissions matrix kept as data (data/roles.csv).
//
// Authorisation = the role holds the permission AND the organisation lies within the user's
// organisation subtree (R1). Sessions: a random token in an HttpOnly SameSite=Strict cookie;
// only its SHA-256 is stored; idle and absolute expiry. Logins are rate-limited per account
// (temporary lock after repeated failures). Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <unordered_map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "org/org.h"
#include "store/db.h"

namespace klang::auth {

struct User {
  int64_t id = 0;
  int64_t org_id = 0;
  std::string username;
  std::string display_name;
  std::string role;
  bool must_change_password = false;
  bool disabled = false;  // by an administrator: cannot log in; sessions refused
};

// A user as the administration screen lists them.
struct UserStatus {
  User user;
  int64_t locked_until_ms = 0;  // > now: temporarily locked after failed logins
  int64_t created_at_ms = 0;
  bool totp = false;            // a second login step with an authenticator app
};

// What an authenticator app needs to be set up: the secret as text and as a Key URI (QR code).
// A login challenge (password right, authenticator code awaited) lives this long.
inline constexpr int64_t kTotpChallengeSeconds = 5 * 60;

struct TotpSetup {
  std::string secret_base32;
  std::string uri;
};

// One line of the security audit trail (R14): logins and failures, password and role changes,
// invitations, disabling, resets, log-outs.
struct SecurityEvent {
  int64_t id = 0;
  int64_t at_ms = 0;
  int64_t org_id = 0;  // the user's home; 0 when the username is unknown
  int64_t user_id = 0;
  std::string username;
  std::string event;           // stable code, e.g. "login_failed", "role_changed"
  std::string actor;           // who did it, when not the user themselves
  std::string remote_address;  // where from
  std::string detail;          // e.g. "accountant → head_of_finance"
};

// Lower-case hex SHA-256: how tokens, states and session keys are kept at rest.
std::string Sha256Hex(const std::string& text);
// The 32-byte SHA-256 digest itself.
std::string Sha256(const std::string& text);

// The 13-digit Thai national ID with its check digit (the 13th: (11 − Σ dᵢ·(14−i) mod 11) mod 10
// over the first twelve).
bool IsThaiNationalId(const std::string& text);

// A user as another node holds them, password hash included (edge nodes clone their
// organisations' users so staff can log in while the centre is out of reach).
struct ReplicaUser {
  User user;
  std::string password_hash;  // Argon2id string
  std::string totp_secret;    // base32; empty when the user has no authenticator app
};

struct Session {
  std::string token;       // give to the client once; never stored
  std::string csrf_token;  // echoed by the client on every state-changing request
  User user;
  // What happened to the account since the user last signed in, told to the user now (a locked
  // account answers like a wrong password, so only the real user learns of it): wrong passwords
  // tried, and refusals while it was locked.
  int64_t failed_logins_since_last = 0;
  int64_t locked_refusals_since_last = 0;
};

// A permission as data/permissions.csv names it. A "write" permission changes books or settings;
// users of a supervising organisation (DLA, provincial office) hold write permissions for their
// own organisation only and read the organisations beneath it (R1, R14).
struct Permission {
  std::string name;
  bool write = true;
  std::string name_th;
};

struct Role {
  std::string name;
  std::string name_th;
  std::set<std::string> permissions;
  // Scope "granted" (the auditor): not the home's subtree but only the organisations an
  // administrator granted, for a time, and only to read. Scope "subtree": the home and beneath.
  bool granted_scope = false;
};

// An administrator let a user of a granted-scope role (an auditor) read the books of `org_id`
// and its units until `until_ms`.
struct AccessGrant {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  int64_t org_id = 0;
  std::string reason;
  std::string granted_by;
  int64_t granted_at_ms = 0;
  int64_t until_ms = 0;
  int64_t revoked_at_ms = 0;  // 0 while in force (until it expires)
};

// The Argon2id cost of a stored password (libsodium's crypto_pwhash_str; a hash records its own
// cost, so a login checks either). Always kInteractive, except where many people exist for
// another purpose: the benchmarks' books (bench_national, bench_http_book), whose thousands of
// staff make their books name real people, and the authorisation matrix test, which signs in
// about fifty per part. There passwords are hashed at libsodium's minimum. No setting or flag of
// `klang` reaches it.
enum class PasswordHashCost { kInteractive, kMinimum };

struct AuthOptions {
  int64_t session_idle_seconds_max = 30 * 60;
  int64_t session_absolute_seconds_max = 12 * 3600;
  int login_failures_max = 5;              // then the account is locked for a while
  int64_t login_lock_seconds = 15 * 60;
  int totp_attempts_max = 5;  // wrong authenticator codes within one login
  // From one address, across accounts: this many failed logins within the window and the
  // address is refused until the oldest of them leaves the window.
  int address_failures_max = 20;
  int64_t address_window_seconds = 15 * 60;
  size_t password_bytes_min = 10;
  PasswordHashCost password_hash_cost = PasswordHashCost::kInteractive;
  // A session found valid is trusted again without reading the store for this long (every
  // request authenticates; docs/performance.md "The HTTP path"). Whatever this process changes —
  // a logout, a password, a role, a disabled account — is seen at once; a change made by another
  // process (the CLI, another server) within this window. 0: read the store every time.
  int64_t session_recheck_ms = 1'000;
  size_t session_cache_entries_max = 100'000;
};

class AuthService {
 public:
  AuthService(store::Db& db, org::OrgDirectory& orgs, const Clock& clock, Random& random,
              AuthOptions options = {});
  static std::vector<store::Migration> Migrations();

  // Loads the permissions (permission,kind,name_th with kind read|write). Before LoadRolesCsv:
  // once loaded, a role naming an unknown permission is refused.
  Status LoadPermissionsCsv(const std::string& csv_text);
  std::vector<Permission> Permissions() const;
  // Loads the roles × permissions matrix from CSV text (role,name_th,permissions separated by
  // spaces).
  Status LoadRolesCsv(const std::string& csv_text);
  std::vector<Role> Roles() const;
  bool RoleHas(const std::string& role, const std::string& permission) const;

  // Creates a user. With an empty password a one-time password is generated, returned in
  // *one_time_password, and must be changed at first login.
  Result<User> CreateUser(int64_t org_id, const std::string& username,
                          const std::string& display_name, const std::string& role,
                          const std::string& password, std::string* one_time_password);
  Result<User> FindUser(const std::string& username);
  // The users whose home is `org_id`, by display name.
  Result<std::vector<User>> UsersOf(int64_t org_id);

  // ---- administration (R14). `actor` must hold user.admin for the organisation concerned
  // (Authorize: their own, or a unit beneath an LAO); the role "node" is never granted to a
  // person; administrators cannot change, disable or reset themselves (auth.self). ----
  // Invites a user: a one-time password in *one_time_password, to be changed at first login.
  // `national_id` (13 digits, checksum valid; may be empty) is how the person is recognised when
  // they first sign in through the OpenID Connect provider (ThaID).
  Result<User> InviteUser(const User& actor, int64_t org_id, const std::string& username,
                          const std::string& display_name, const std::string& role,
                          std::string* one_time_password, const std::string& remote_address,
                          const std::string& national_id = "");
  // The same, by the operator at the server (klang user add): how an organisation gets its first
  // administrator. Recorded with actor "operator".
  Result<User> InviteUserAsOperator(int64_t org_id, const std::string& username,
                                    const std::string& display_name, const std::string& role,
                                    std::string* one_time_password);
  Status ChangeRole(const User& actor, int64_t user_id, const std::string& role,
                    const std::string& remote_address);
  // Disabling ends every session of the user; enabling lets them log in again.
  Status SetDisabled(const User& actor, int64_t user_id, bool disabled,
                     const std::string& remote_address);
  // A new one-time password (returned once); every session ends; must be changed at next login.
  Result<std::string> ResetPassword(const User& actor, int64_t user_id,
                                    const std::string& remote_address);
  Result<User> GetUser(int64_t user_id);
  // Users whose home is `org_id` or beneath it, by organisation then display name.
  Result<std::vector<UserStatus>> UsersWithin(int64_t org_id);
  // The audit trail of users whose home is `org_id` or beneath it, newest first, at most `limit`
  // lines, between the two instants (inclusive; 0 = open).
  Result<std::vector<SecurityEvent>> EventsWithin(int64_t org_id, int64_t from_ms, int64_t to_ms,
                                                  size_t limit);
  // ---- access grants to granted-scope roles (auditors) ----
  // Lets the user `username` (whose role has scope "granted") read `org_id` and its units until
  // `until_ms` (at most a year ahead). `actor` must hold user.admin for `org_id`. Errors:
  // auth.grant_role (not a granted-scope role), auth.grant_until, auth.grant_reason.
  Result<AccessGrant> GrantAccess(const User& actor, int64_t org_id, const std::string& username,
                                  int64_t until_ms, const std::string& reason,
                                  const std::string& remote_address);
  // Ends a grant now; `actor` must hold user.admin for the grant's organisation. With `within`,
  // a grant whose organisation is not `within` or beneath it is not found (auth.no_grant).
  Status RevokeAccess(const User& actor, int64_t grant_id, const std::string& remote_address,
                      std::optional<int64_t> within = std::nullopt);
  // Grants for `org_id` or beneath it (in force or not), newest first.
  Result<std::vector<AccessGrant>> GrantsWithin(int64_t org_id);
  // The organisations a user may read now through grants (each with its units).
  Result<std::vector<int64_t>> GrantedOrgs(int64_t user_id);
  // Whether the role's scope is "granted".
  bool RoleIsGranted(const std::string& role) const;

  // ---- enrolment (auth/enrolment.h drives it) ----
  // The invited user with this national ID; auth.no_invitation when there is none.
  Result<User> FindByNationalId(const std::string& national_id);
  // Sets the verified e-mail and the new password, marks the user enrolled and opens a session.
  Result<Session> CompleteEnrolment(int64_t user_id, const std::string& email,
                                    const std::string& password, const std::string& remote_address);
  // Length, not the username, not a known-weak password. Errors: auth.password_policy.
  Status CheckPasswordPolicy(const std::string& username, const std::string& password) const;
  // Passwords refused as too common: one per line (compared case-insensitively).
  void LoadWeakPasswords(const std::string& text);
  Status RecordEvent(const SecurityEvent& event);

  // Ends every session of the user (on every device).
  Status LogoutEverywhere(int64_t user_id, const std::string& remote_address);

  // Checks the password and opens a session. Errors: auth.bad_credentials (same answer, after
  // the same work, for an unknown user, a wrong password and a locked account — the session of
  // the next sign-in tells the user what was tried), auth.address_locked, auth.disabled, and
  // auth.totp_required when the user has an authenticator app: then no session yet, and
  // *totp_challenge (when given) receives the token for LoginWithTotp (valid 5 minutes).
  Result<Session> Login(const std::string& username, const std::string& password,
                        const std::string& remote_address, std::string* totp_challenge = nullptr);
  // The second step. A code works once (its time step is remembered). Errors: auth.totp_wrong
  // (with the tries left), auth.totp_locked (5 wrong: the challenge ends and counts as a failed
  // login towards the account's lock), auth.totp_challenge (unknown or too old).
  Result<Session> LoginWithTotp(const std::string& challenge, const std::string& code,
                                const std::string& remote_address);

  // ---- the authenticator app (TOTP), recommended for administrators ----
  // A new secret, pending until ConfirmTotp proves the app holds it.
  Result<TotpSetup> BeginTotp(int64_t user_id);
  Status ConfirmTotp(int64_t user_id, const std::string& code, const std::string& remote_address);
  // The user turns it off, proving it with a current code.
  Status DisableTotp(int64_t user_id, const std::string& code, const std::string& remote_address);
  // An administrator clears another user's app (a lost phone); the user logs in with the
  // password alone until they set one up again.
  Status ResetTotp(const User& actor, int64_t user_id, const std::string& remote_address);
  Result<bool> TotpEnabled(int64_t user_id);
  // The session behind a token; kUnauthenticated when unknown or expired.
  Result<Session> Authenticate(const std::string& token);
  Status Logout(const std::string& token);
  // Ends every other session of the user (opened with the old password); the session whose
  // token is `kept_session_token` (the one making the change) stays.
  Status ChangePassword(int64_t user_id, const std::string& current_password,
                        const std::string& new_password, const std::string& kept_session_token);
  // Users whose home is one of `orgs`, with their password hashes.
  Result<std::vector<ReplicaUser>> ExportUsers(const std::vector<int64_t>& orgs);
  // Adds or updates users by id (same username); kConflict auth.import_mismatch when the id or
  // the username is held by another user.
  Status ImportUsers(const std::vector<ReplicaUser>& users);
  // Called after a user changes their password here (an edge node passes the change to the
  // centre). Set once, before serving.
  void SetPasswordChangedListener(std::function<void(const ReplicaUser&)> listener);

  // Role holds `permission` (an empty one: only the scope is checked) and `org` (when given) is
  // within the user's organisation; a write permission (unknown ones count as write) reaches
  // beneath the user's organisation only when that organisation keeps books (an LAO for its
  // units), never from a supervising one. Errors: auth.forbidden, auth.out_of_scope,
  // auth.read_only_scope.
  Status Authorize(const User& user, const std::string& permission, std::optional<int64_t> org);

 private:
  // The stored form of a password (Argon2id at options_.password_hash_cost).
  Result<std::string> HashPassword(const std::string& password) const;
  // A SQL condition on `column` (an organisation id) true for `org_id` and everything beneath.
  Result<std::string> SubtreeCondition(int64_t org_id, const std::string& column);
  Result<std::vector<ReplicaUser>> ExportUsersWhere(const std::string& where,
                                                    const store::Params& params);
  // A new session of `user`, written on `connection` (a caller holding one need not take another
  // from the pool).
  Result<Session> OpenSession(store::Connection& connection, const User& user);
  // The parts of Login: a wrong password counted atomically towards the lock (and recorded in the
  // same transaction); the session of a right one, with what happened since the last sign-in.
  // Uses a right TOTP code: the challenge deleted and the user's time step advanced in one
  // transaction; false when a request sent at the same time used either first.
  Result<bool> UseTotpCode(store::Connection& connection, const User& user,
                           const std::string& challenge_hash, uint64_t counter);
  // A wrong (or reused) code as attempt `attempts` of the challenge: recorded, and at the limit
  // the challenge ends and counts as one wrong password.
  Result<Session> WrongTotp(store::Connection& connection, const User& user,
                            const std::string& challenge_hash, int64_t attempts, bool reused,
                            const std::string& remote_address, int64_t now_ms);
  Status CountFailedLogin(store::Connection& connection, const User& user,
                          const std::string& remote_address, int64_t now_ms);
  Result<Session> SignedIn(store::Connection& connection, const User& user,
                           const std::string& remote_address, const std::string& detail);
  Status RecordEventOn(store::Connection& connection, const SecurityEvent& event);
  // The target of an administrative action, after the actor's authority over it is checked.
  Result<User> AdministeredUser(const User& actor, int64_t user_id);

  store::Db& db_;
  org::OrgDirectory& orgs_;
  const Clock& clock_;
  Random& random_;
  const AuthOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, Role> roles_;  // guarded by mutex_
  std::map<std::string, Permission> permissions_;  // guarded by mutex_; empty = not loaded
  std::set<std::string> weak_passwords_;             // guarded by mutex_; lower case
  std::function<void(const ReplicaUser&)> password_changed_;

  // Sessions found valid recently (AuthOptions::session_recheck_ms), by token hash.
  struct CheckedSession {
    Session session;
    int64_t checked_at_ms = 0;
  };
  std::optional<Session> RecentlyChecked(const std::string& token_hash, int64_t now_ms, uint64_t* generation);
  // Remembered only if nothing was forgotten since the store was read (`generation`): a logout
  // racing this request's read must not leave its session trusted.
  void RememberChecked(const std::string& token_hash, const Session& session, int64_t now_ms, uint64_t generation);
  // Called by everything here that ends sessions or changes a user: no session is trusted again
  // without reading the store.
  void ForgetCheckedSessions();
  struct ForgetCheckedSessionsOnExit {
    AuthService& service;
    ~ForgetCheckedSessionsOnExit() { service.ForgetCheckedSessions(); }
  };
  std::mutex checked_mutex_;
  std::unordered_map<std::string, CheckedSession> checked_;  // guarded by checked_mutex_
  uint64_t checked_generation_ = 0;  // guarded by checked_mutex_; advanced by every forgetting
};

}  // namespace klang::auth
