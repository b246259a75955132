#include "web/auth/users.h"

#include <functional>
#include <map>

#include "core/thai.h"
#include "reports/trial_balance.h"
#include "sync/time_text.h"
#include "web/auth/session.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"
#include "web/reports/downloads.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using sync::FormatThaiMoment;

constexpr size_t kEventsShownMax = 500;
constexpr size_t kEventsExportedMax = 100'000;

// The signed-in administrator, as the actor of what the page does.
auth::User AdminOf(const Request& request) { return UserOf(*request.identity); }

std::string EventThai(const std::string& event) {
  static const std::map<std::string, std::string> kNames = {
      {"login", "เข้าสู่ระบบ"},
      {"logout", "ออกจากระบบ"},
      {"logout_everywhere", "ออกจากระบบทุกเครื่อง"},
      {"login_failed", "รหัสผ่านไม่ถูกต้อง"},
      {"login_failed_locked", "รหัสผ่านไม่ถูกต้อง — ล็อกบัญชีชั่วคราว"},
      {"login_refused_locked", "เข้าสู่ระบบระหว่างถูกล็อก"},
      {"login_refused_disabled", "เข้าสู่ระบบขณะบัญชีถูกระงับ"},
      {"login_refused_address", "เข้าสู่ระบบจากเครื่องที่ถูกระงับชั่วคราว (ผิดหลายครั้ง)"},
      {"login_failed_unknown_user", "เข้าสู่ระบบด้วยชื่อผู้ใช้ที่ไม่มีในระบบ"},
      {"password_changed", "เปลี่ยนรหัสผ่าน"},
      {"password_reset", "ผู้ดูแลตั้งรหัสผ่านใหม่"},
      {"user_invited", "เพิ่มผู้ใช้"},
      {"role_changed", "เปลี่ยนบทบาท"},
      {"user_disabled", "ระงับการใช้งาน"},
      {"user_enabled", "เปิดการใช้งาน"},
      {"oidc_verified", "ยืนยันตัวตนกับผู้ให้บริการแล้ว"},
      {"oidc_no_invitation", "ยืนยันตัวตนแล้วแต่ไม่พบผู้ใช้ที่ได้รับเชิญ"},
      {"oidc_refused", "การยืนยันตัวตนถูกปฏิเสธ"},
      {"otp_sent", "ส่งรหัส OTP ทางอีเมล"},
      {"otp_used", "ยืนยันรหัส OTP"},
      {"otp_failed", "รหัส OTP ไม่ถูกต้อง"},
      {"otp_expired", "ใช้รหัส OTP ที่หมดอายุ"},
      {"otp_locked", "ใส่รหัส OTP ผิดเกินกำหนด — ยกเลิกการลงทะเบียน"},
      {"otp_mail_failed", "ส่งอีเมล OTP ไม่สำเร็จ"},
      {"otp_refused_too_many", "ขอรหัส OTP บ่อยเกินไป"},
      {"enrolled", "ลงทะเบียนและตั้งรหัสผ่านแล้ว"},
      {"totp_enabled", "เปิดใช้แอปยืนยันตัวตน"},
      {"totp_disabled", "ปิดแอปยืนยันตัวตน"},
      {"totp_reset", "ผู้ดูแลยกเลิกแอปยืนยันตัวตน"},
      {"totp_challenge", "รหัสผ่านถูกต้อง รอรหัสจากแอป"},
      {"totp_failed", "รหัสจากแอปไม่ถูกต้อง"},
      {"totp_locked", "รหัสจากแอปผิดเกินกำหนด"},
      {"access_granted", "ให้สิทธิ์ผู้ตรวจสอบดูข้อมูล"},
      {"access_revoked", "ยกเลิกสิทธิ์ผู้ตรวจสอบ"},
      {"recovered", "ยืนยันตัวตนและตั้งรหัสผ่านใหม่ (กู้คืนบัญชี)"},
  };
  auto found = kNames.find(event);
  return found == kNames.end() ? event : found->second;
}

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org); }

// Role code → Thai name, as data/roles.csv gives them.
std::map<std::string, std::string> RoleNames(UsersWeb& web) {
  std::map<std::string, std::string> names;
  for (const auto& role : web.auth.Roles()) names[role.name] = role.name_th;
  return names;
}

std::string Period(const std::optional<Date>& from, const std::optional<Date>& to) {
  if (!from && !to) return "ทุกช่วงเวลา";
  std::string text;
  if (from) text += "ตั้งแต่วันที่ " + FormatThaiDateLong(*from);
  if (to) text += std::string(text.empty() ? "" : " ") + "ถึงวันที่ " + FormatThaiDateLong(*to);
  return text;
}

Status CentreOnly(UsersWeb& web) {
  if (!web.at_edge) return Status::Ok();
  return Status::InvalidInput("auth.admin_at_centre",
                              "จัดการผู้ใช้ได้ที่ศูนย์เท่านั้น เครื่องของสำนักงานรับรายชื่อผู้ใช้จากศูนย์ทุกนาที",
                              "user administration is done at the centre");
}

// The organisation and its units, where a new user may be placed.
json Homes(UsersWeb& web, int64_t org) {
  json homes = json::array();
  auto subtree = web.pages.orgs.Subtree(org);
  if (!subtree.ok()) return homes;
  for (int64_t id : *subtree) {
    auto one = web.pages.orgs.Get(id);
    if (one.ok())
      homes.push_back({{"id", one->id}, {"name", one->name}, {"selected", one->id == org}});
  }
  return homes;
}

json UserRows(UsersWeb& web, const Request& request, const std::vector<auth::UserStatus>& users,
              const json& roles) {
  const std::map<std::string, std::string> role_names = RoleNames(web);
  const int64_t now = web.pages.clock.NowUnixMillis();
  json rows = json::array();
  for (const auto& one : users) {
    const auto& user = one.user;
    auto home = web.pages.orgs.Get(user.org_id);
    auto role_th = role_names.find(user.role);
    json row = {
        {"id", user.id},
        {"username", user.username},
        {"display_name", user.display_name},
        {"org_id", user.org_id},
        {"org_name", home.ok() ? home->name : ""},
        {"role", user.role},
        {"role_th", role_th != role_names.end() ? role_th->second : user.role},
        {"disabled", user.disabled},
        {"locked", one.locked_until_ms > now},
        {"locked_until_th", one.locked_until_ms > now ? FormatThaiMoment(one.locked_until_ms) : ""},
        {"must_change_password", user.must_change_password},
        {"totp", one.totp},
        {"self", user.id == request.identity->user_id},
        {"created_th", FormatThaiMoment(one.created_at_ms)}};
    json choices = json::array();
    for (const auto& role : roles) {
      choices.push_back({{"name", role["name"]},
                         {"name_th", role["name_th"]},
                         {"selected", role["name"] == user.role}});
    }
    row["roles"] = choices;
    rows.push_back(std::move(row));
  }
  return rows;
}

json GrantRows(UsersWeb& web, const std::vector<auth::AccessGrant>& grants) {
  const int64_t now = web.pages.clock.NowUnixMillis();
  json rows = json::array();
  for (const auto& grant : grants) {
    auto place = web.pages.orgs.Get(grant.org_id);
    const bool live = grant.revoked_at_ms == 0 && grant.until_ms > now;
    rows.push_back({{"id", grant.id},
                    {"username", grant.username},
                    {"display_name", grant.display_name},
                    {"org_id", grant.org_id},
                    {"org_name", place.ok() ? place->name : ""},
                    {"reason", grant.reason},
                    {"granted_by", grant.granted_by},
                    {"granted_th", FormatThaiMoment(grant.granted_at_ms)},
                    {"until_ms", grant.until_ms},
                    {"until_th", FormatThaiMoment(grant.until_ms)},
                    {"revoked_th", FormatThaiMoment(grant.revoked_at_ms)},
                    {"live", live}});
  }
  return rows;
}

// The users and grants of the page's organisation; with `error`, the Thai error on top and what
// was typed in the invitation form.
Response UsersPage(UsersWeb& web, Request& request, int64_t org, const Status* error) {
  auto users = web.auth.UsersWithin(org);
  if (!users.ok()) return Failed(web.pages.templates, request, users.status());
  auto grants = web.auth.GrantsWithin(org);
  if (!grants.ok()) return Failed(web.pages.templates, request, grants.status());
  json roles = json::array();
  for (const auto& role : web.auth.Roles()) {
    if (role.name != "node") roles.push_back({{"name", role.name}, {"name_th", role.name_th}});
  }
  json rows = UserRows(web, request, *users, roles);
  json grant_rows = GrantRows(web, *grants);
  if (IsApi(request)) {
    return Response::Json({{"users", rows}, {"roles", roles}, {"grants", grant_rows}});
  }
  json data = PageBase(request, web.pages.orgs, org, "ผู้ใช้และสิทธิ์");
  data["users"] = rows;
  data["roles"] = roles;
  data["grants"] = grant_rows;
  data["homes"] = Homes(web, org);
  data["edge"] = web.at_edge;
  data["base"] = Base(org);
  if (error != nullptr) {
    data["error"] = error->message_th();
    data["error_code"] = error->stable_code();
    data["form"] = Fields(request).Echo();
  }
  return RenderPage(web.pages.templates, "users", data);
}

Response List(UsersWeb& web, Request& request) {
  return UsersPage(web, request, OrgParam(request), nullptr);
}

// A refused action: problem+json for the API; the list again for a form, with the Thai error
// on top and what was typed in the invitation form.
Response Refuse(UsersWeb& web, Request& request, int64_t org, const Status& status) {
  if (IsApi(request)) return Response::Problem(status);
  Response page = UsersPage(web, request, org, &status);
  page.status = http::HttpStatusFor(status);
  return page;
}

// A one-time password for the administrator to hand over.
Response Secret(UsersWeb& web, Request& request, int64_t org, const auth::User& user,
                const std::string& one_time, const std::string& title, int status) {
  if (IsApi(request)) {
    return Response::Json({{"id", user.id},
                           {"username", user.username},
                           {"org_id", user.org_id},
                           {"role", user.role},
                           {"one_time_password", one_time}},
                          status);
  }
  json data = PageBase(request, web.pages.orgs, org, title);
  data["subject"] = {{"username", user.username}, {"display_name", user.display_name}};
  data["one_time_password"] = one_time;
  data["back"] = Base(org) + "/users";
  return RenderPage(web.pages.templates, "user_secret", data, 200);
}

// The user named in the path, when their home lies within the page's organisation.
Result<auth::User> UserInPage(UsersWeb& web, const Request& request, int64_t org) {
  auto user = web.auth.GetUser(ToInt(request.PathParam("user")));
  if (!user.ok() || !web.pages.orgs.IsWithin(user->org_id, org)) {
    return Status::NotFound("auth.user_not_found", "ไม่พบผู้ใช้ในหน่วยงานนี้");
  }
  return user;
}

// An administrator's act on the user in the path, answered with the user as it now stands.
Response Act(UsersWeb& web, Request& request,
             const std::function<Status(const auth::User& actor, const auth::User& user)>& action) {
  const int64_t org = OrgParam(request);
  if (Status central = CentreOnly(web); !central.ok()) return Refuse(web, request, org, central);
  auto user = UserInPage(web, request, org);
  if (!user.ok()) return Refuse(web, request, org, user.status());
  Status done = action(AdminOf(request), *user);
  if (!done.ok()) return Refuse(web, request, org, done);
  auto now = web.auth.GetUser(user->id);
  if (!now.ok()) return Refuse(web, request, org, now.status());
  return Done(request,
              {{"id", now->id},
               {"username", now->username},
               {"role", now->role},
               {"disabled", now->disabled}},
              Base(org) + "/users");
}

Response Invite(UsersWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  if (Status central = CentreOnly(web); !central.ok()) return Refuse(web, request, org, central);
  const Fields fields(request);
  int64_t home = fields.Int("org_id");
  if (home == 0) home = org;
  if (!web.pages.orgs.IsWithin(home, org)) {
    return Refuse(web, request, org,
                  Status::InvalidInput("auth.home", "หน่วยงานของผู้ใช้ต้องเป็นหน่วยงานนี้หรือหน่วยงานในสังกัด",
                                       "org_id outside the page's organisation", "org_id"));
  }
  std::string one_time;
  auto user = web.auth.InviteUser(AdminOf(request), home, fields.Text("username"),
                                  fields.Text("display_name"), fields.Text("role"), &one_time,
                                  request.remote_address, fields.Text("national_id"));
  if (!user.ok()) return Refuse(web, request, org, user.status());
  return Secret(web, request, org, *user, one_time, "เพิ่มผู้ใช้แล้ว", 201);
}

Response ChangeRole(UsersWeb& web, Request& request) {
  return Act(web, request, [&](const auth::User& actor, const auth::User& user) {
    return web.auth.ChangeRole(actor, user.id, Fields(request).Text("role"),
                               request.remote_address);
  });
}

Response Disable(UsersWeb& web, Request& request) {
  return Act(web, request, [&](const auth::User& actor, const auth::User& user) {
    return web.auth.SetDisabled(actor, user.id, true, request.remote_address);
  });
}

Response Enable(UsersWeb& web, Request& request) {
  return Act(web, request, [&](const auth::User& actor, const auth::User& user) {
    return web.auth.SetDisabled(actor, user.id, false, request.remote_address);
  });
}

Response ResetTotp(UsersWeb& web, Request& request) {
  return Act(web, request, [&](const auth::User& actor, const auth::User& user) {
    return web.auth.ResetTotp(actor, user.id, request.remote_address);
  });
}

Response Reset(UsersWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  if (Status central = CentreOnly(web); !central.ok()) return Refuse(web, request, org, central);
  auto user = UserInPage(web, request, org);
  if (!user.ok()) return Refuse(web, request, org, user.status());
  auto secret = web.auth.ResetPassword(AdminOf(request), user->id, request.remote_address);
  if (!secret.ok()) return Refuse(web, request, org, secret.status());
  return Secret(web, request, org, *user, *secret, "ตั้งรหัสผ่านใหม่แล้ว", 200);
}

// An auditor may read this organisation (and its units) until the end of the day given.
Response Grant(UsersWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  if (Status central = CentreOnly(web); !central.ok()) return Refuse(web, request, org, central);
  const Fields fields(request);
  const auto last_day = Date::ParseIso(fields.Text("until"));
  if (!last_day.ok()) {
    return Refuse(
        web, request, org,
        Status::InvalidInput("auth.grant_until", "กรุณาระบุวันสิ้นสุดสิทธิ์", "until: ISO date", "until"));
  }
  // Through the whole of that Thai day: up to 00:00 of the next.
  auto until = sync::ParseThaiLocalTime(last_day->AddDays(1).ToIso(), "until", "ถึงวันที่");
  if (!until.ok()) return Refuse(web, request, org, until.status());
  auto grant = web.auth.GrantAccess(AdminOf(request), org, fields.Text("username"), *until,
                                    fields.Text("reason"), request.remote_address);
  if (!grant.ok()) return Refuse(web, request, org, grant.status());
  return Done(request,
              {{"id", grant->id},
               {"username", grant->username},
               {"org_id", grant->org_id},
               {"until_ms", grant->until_ms}},
              Base(org) + "/users#grants");
}

Response Revoke(UsersWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  if (Status central = CentreOnly(web); !central.ok()) return Refuse(web, request, org, central);
  const int64_t id = ToInt(request.PathParam("grant"));
  // Only a grant of this page's organisation or its units.
  Status done = web.auth.RevokeAccess(AdminOf(request), id, request.remote_address, org);
  if (!done.ok()) return Refuse(web, request, org, done);
  return Done(request, {{"id", id}, {"revoked", true}}, Base(org) + "/users#grants");
}

// A role change reads in Thai role names, with the stored codes kept beside them.
std::string EventDetail(const std::map<std::string, std::string>& role_names,
                        const auth::SecurityEvent& event) {
  static const std::string kArrow = " → ";
  const size_t arrow = event.detail.find(kArrow);
  if (event.event != "role_changed" || arrow == std::string::npos) return event.detail;
  auto name = [&](const std::string& code) {
    auto found = role_names.find(code);
    return found == role_names.end() ? code : found->second;
  };
  return name(event.detail.substr(0, arrow)) + kArrow +
         name(event.detail.substr(arrow + kArrow.size())) + " (" + event.detail + ")";
}

// The period asked for as Unix milliseconds: Thai calendar days, from 00:00 of `from` to just
// before 00:00 after `to`; 0 for an open end.
Result<std::pair<int64_t, int64_t>> EventPeriod(const std::optional<Date>& from,
                                                const std::optional<Date>& to) {
  int64_t from_ms = 0, to_ms = 0;
  if (from) {
    KLANG_ASSIGN_OR_RETURN(from_ms, sync::ParseThaiLocalTime(from->ToIso(), "from", "ตั้งแต่วันที่"));
  }
  if (to) {
    KLANG_ASSIGN_OR_RETURN(int64_t next,
                           sync::ParseThaiLocalTime(to->AddDays(1).ToIso(), "to", "ถึงวันที่"));
    to_ms = next - 1;
  }
  return std::make_pair(from_ms, to_ms);
}

Response EventsExport(UsersWeb& web, const Request& request, int64_t org, const json& rows,
                      const std::string& period, const std::string& format) {
  reports::RegisterDoc doc;
  doc.org = reports::HeadingFor(web.pages.orgs, org);
  doc.title_th = "ทะเบียนเหตุการณ์ด้านความปลอดภัยของผู้ใช้";
  doc.subtitle_th = period;
  doc.columns = {{"วันเวลา"},    {"หน่วยงาน"}, {"ผู้ใช้"},      {"เหตุการณ์"},
                 {"ผู้ดำเนินการ"}, {"จากที่อยู่"},  {"รายละเอียด"}};
  for (const auto& row : rows) {
    doc.rows.push_back({row["at_th"], row["org_name"], row["username"], row["event_th"],
                        row["actor"], row["remote_address"], row["detail"]});
  }
  doc.generated_at_th = FormatThaiMoment(web.pages.clock.NowUnixMillis());
  return RegisterDownloadAs(request, web.pages.templates, doc, format);
}

Response Events(UsersWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const auto from = DateParam(request, "from");
  const auto to = DateParam(request, "to");
  auto period = EventPeriod(from, to);
  if (!period.ok()) return Failed(web.pages.templates, request, period.status());
  const std::string format = request.QueryParam("format");
  const size_t shown_max = format.empty() ? kEventsShownMax : kEventsExportedMax;
  auto events = web.auth.EventsWithin(org, period->first, period->second, shown_max + 1);
  if (!events.ok()) return Failed(web.pages.templates, request, events.status());
  const json cut = TruncationJson(CutAt(*events, shown_max), shown_max);
  const std::map<std::string, std::string> role_names = RoleNames(web);
  json rows = json::array();
  for (const auto& event : *events) {
    auto home = web.pages.orgs.Get(event.org_id);
    rows.push_back({{"id", event.id},
                    {"at_ms", event.at_ms},
                    {"at_th", FormatThaiMoment(event.at_ms)},
                    {"org_id", event.org_id},
                    {"org_name", home.ok() ? home->name : ""},
                    {"username", event.username},
                    {"event", event.event},
                    {"event_th", EventThai(event.event)},
                    {"actor", event.actor},
                    {"remote_address", event.remote_address},
                    {"detail", EventDetail(role_names, event)}});
  }
  if (!format.empty()) {
    std::string period = Period(from, to);
    if (cut["truncated"].get<bool>()) period += " (" + cut["truncated_note"].get<std::string>() + ")";
    return EventsExport(web, request, org, rows, period, format);
  }
  if (IsApi(request)) return Response::Json({{"events", rows}, {"truncated", cut["truncated"]}});
  json data = PageBase(request, web.pages.orgs, org, "ทะเบียนเหตุการณ์ด้านความปลอดภัย");
  data["events"] = rows;
  data["shown_max"] = kEventsShownMax;
  Merge(data, cut);
  data["from"] = from ? from->ToIso() : "";
  data["to"] = to ? to->ToIso() : "";
  data["query"] =
      std::string(from ? "&from=" + from->ToIso() : "") + (to ? "&to=" + to->ToIso() : "");
  data["base"] = Base(org);
  data["period_th"] = Period(from, to);
  return RenderPage(web.pages.templates, "security_events", data);
}

}  // namespace

void RegisterUserRoutes(RouteTable& table, UsersWeb& web) {
  // clang-format off
  table.AddOrgRoutes("", web, {
      {"GET", "/users", "user.admin", List},
      {"POST", "/users", "user.admin", Invite},
      {"POST", "/users/{user}/role", "user.admin", ChangeRole},
      {"POST", "/users/{user}/disable", "user.admin", Disable},
      {"POST", "/users/{user}/enable", "user.admin", Enable},
      {"POST", "/users/{user}/reset", "user.admin", Reset},
      {"POST", "/users/{user}/totp-reset", "user.admin", ResetTotp},
      {"POST", "/grants", "user.admin", Grant},
      {"POST", "/grants/{grant}/revoke", "user.admin", Revoke},
      {"GET", "/security-events", "user.admin", Events},
  });
  // clang-format on
}

}  // namespace klang::web
