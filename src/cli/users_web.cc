// cli/users_web.cc — user administration and the security audit trail (R14), on the screens and
// under /api/v1. The rules live in auth::AuthService; this file reads the forms, calls it and
// shows the result. In cli because auth may not include http (DESIGN.md §2), like the login.
//
// On an edge node the users are the centre's copy (refreshed every minute): administration there
// is refused (auth.admin_at_centre) rather than changed locally and overwritten later.
#include "cli/users_web.h"

#include "cli/web.h"

#include "accounting/web_kit.h"
#include "core/thai.h"
#include "reports/downloads.h"
#include "reports/trial_balance.h"
#include "sync/time_text.h"

namespace klang::cli {
namespace {

using accounting::Fields;
using accounting::IsApi;
using http::Access;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kEventsShownMax = 500;
constexpr size_t kEventsExportedMax = 100'000;

auth::User ActorOf(const Request& request) { return UserOf(*request.identity); }

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

class UsersWeb {
 public:
  UsersWeb(App& app, const http::Templates& templates) : app_(app), templates_(templates) {}

  Response List(Request& request) { return Page(request, accounting::OrgParam(request), nullptr); }

  Response Page(Request& request, int64_t org, const Status* error) {
    auto users = app_.auth().UsersWithin(org);
    if (!users.ok()) return accounting::Failed(templates_, request, users.status());
    std::map<std::string, std::string> role_names = RoleNames();
    json roles = json::array();
    for (const auto& role : app_.auth().Roles()) {
      if (role.name != "node") roles.push_back({{"name", role.name}, {"name_th", role.name_th}});
    }
    const int64_t now = app_.clock().NowUnixMillis();
    json rows = json::array();
    for (const auto& one : *users) {
      const auto& user = one.user;
      auto home = app_.orgs().Get(user.org_id);
      json row = {{"id", user.id},
                  {"username", user.username},
                  {"display_name", user.display_name},
                  {"org_id", user.org_id},
                  {"org_name", home.ok() ? home->name : ""},
                  {"role", user.role},
                  {"role_th", role_names.count(user.role) ? role_names[user.role] : user.role},
                  {"disabled", user.disabled},
                  {"locked", one.locked_until_ms > now},
                  {"locked_until_th", one.locked_until_ms > now
                                          ? sync::FormatThaiMoment(one.locked_until_ms)
                                          : ""},
                  {"must_change_password", user.must_change_password},
                  {"totp", one.totp},
                  {"self", user.id == request.identity->user_id},
                  {"created_th", sync::FormatThaiMoment(one.created_at_ms)}};
      json choices = json::array();
      for (const auto& role : roles) {
        choices.push_back({{"name", role["name"]},
                           {"name_th", role["name_th"]},
                           {"selected", role["name"] == user.role}});
      }
      row["roles"] = choices;
      rows.push_back(std::move(row));
    }
    auto grants = app_.auth().GrantsWithin(org);
    if (!grants.ok()) return accounting::Failed(templates_, request, grants.status());
    json grant_rows = json::array();
    for (const auto& grant : *grants) {
      auto place = app_.orgs().Get(grant.org_id);
      const bool live = grant.revoked_at_ms == 0 && grant.until_ms > now;
      grant_rows.push_back({{"id", grant.id},
                            {"username", grant.username},
                            {"display_name", grant.display_name},
                            {"org_id", grant.org_id},
                            {"org_name", place.ok() ? place->name : ""},
                            {"reason", grant.reason},
                            {"granted_by", grant.granted_by},
                            {"granted_th", sync::FormatThaiMoment(grant.granted_at_ms)},
                            {"until_ms", grant.until_ms},
                            {"until_th", sync::FormatThaiMoment(grant.until_ms)},
                            {"revoked_th", sync::FormatThaiMoment(grant.revoked_at_ms)},
                            {"live", live}});
    }
    if (IsApi(request)) {
      return Response::Json({{"users", rows}, {"roles", roles}, {"grants", grant_rows}});
    }
    json data = accounting::PageBase(request, app_.orgs(), org, "ผู้ใช้และสิทธิ์");
    data["users"] = rows;
    data["roles"] = roles;
    data["grants"] = grant_rows;
    data["homes"] = Homes(org);
    data["edge"] = app_.edge() != nullptr;
    data["base"] = Base(org);
    if (error != nullptr) {
      data["error"] = error->message_th();
      data["error_code"] = error->stable_code();
      data["form"] = Fields(request).Echo();
    }
    return accounting::RenderPage(templates_, "users", data);
  }

  Response Invite(Request& request) {
    const int64_t org = accounting::OrgParam(request);
    if (Status central = CentreOnly(); !central.ok()) return Refuse(request, org, central);
    Fields fields(request);
    int64_t home = fields.Int("org_id");
    if (home == 0) home = org;
    if (!app_.orgs().IsWithin(home, org)) {
      return Refuse(request, org,
                    Status::InvalidInput("auth.home", "หน่วยงานของผู้ใช้ต้องเป็นหน่วยงานนี้หรือหน่วยงานในสังกัด",
                                         "org_id outside the page's organisation", "org_id"));
    }
    std::string one_time;
    auto user = app_.auth().InviteUser(ActorOf(request), home, fields.Text("username"),
                                       fields.Text("display_name"), fields.Text("role"), &one_time,
                                       request.remote_address, fields.Text("national_id"));
    if (!user.ok()) return Refuse(request, org, user.status());
    return Secret(request, org, *user, one_time, "เพิ่มผู้ใช้แล้ว", 201);
  }

  Response ChangeRole(Request& request) {
    return Act(request, [&](const auth::User& actor, const auth::User& user) {
      return app_.auth().ChangeRole(actor, user.id, Fields(request).Text("role"),
                                    request.remote_address);
    });
  }
  Response Disable(Request& request) {
    return Act(request, [&](const auth::User& actor, const auth::User& user) {
      return app_.auth().SetDisabled(actor, user.id, true, request.remote_address);
    });
  }
  Response ResetTotp(Request& request) {
    return Act(request, [&](const auth::User& actor, const auth::User& user) {
      return app_.auth().ResetTotp(actor, user.id, request.remote_address);
    });
  }
  Response Enable(Request& request) {
    return Act(request, [&](const auth::User& actor, const auth::User& user) {
      return app_.auth().SetDisabled(actor, user.id, false, request.remote_address);
    });
  }

  // An auditor may read this organisation (and its units) until the end of the day given.
  Response Grant(Request& request) {
    const int64_t org = accounting::OrgParam(request);
    if (Status central = CentreOnly(); !central.ok()) return Refuse(request, org, central);
    Fields fields(request);
    const auto last_day = Date::ParseIso(fields.Text("until"));
    if (!last_day.ok()) {
      return Refuse(request, org,
                    Status::InvalidInput("auth.grant_until", "กรุณาระบุวันสิ้นสุดสิทธิ์", "until: ISO date",
                                         "until"));
    }
    // Through the whole of that Thai day: up to 00:00 of the next.
    auto until = sync::ParseThaiLocalTime(last_day->AddDays(1).ToIso(), "until", "ถึงวันที่");
    if (!until.ok()) return Refuse(request, org, until.status());
    auto grant = app_.auth().GrantAccess(ActorOf(request), org, fields.Text("username"), *until,
                                         fields.Text("reason"), request.remote_address);
    if (!grant.ok()) return Refuse(request, org, grant.status());
    return accounting::Done(request,
                            {{"id", grant->id},
                             {"username", grant->username},
                             {"org_id", grant->org_id},
                             {"until_ms", grant->until_ms}},
                            Base(org) + "/users#grants");
  }

  Response Revoke(Request& request) {
    const int64_t org = accounting::OrgParam(request);
    if (Status central = CentreOnly(); !central.ok()) return Refuse(request, org, central);
    const int64_t id = accounting::ToInt(request.PathParam("grant"));
    // Only a grant of this page's organisation or its units.
    Status done = app_.auth().RevokeAccess(ActorOf(request), id, request.remote_address, org);
    if (!done.ok()) return Refuse(request, org, done);
    return accounting::Done(request, {{"id", id}, {"revoked", true}}, Base(org) + "/users#grants");
  }

  Response Reset(Request& request) {
    const int64_t org = accounting::OrgParam(request);
    if (Status central = CentreOnly(); !central.ok()) return Refuse(request, org, central);
    auto user = UserInPage(request, org);
    if (!user.ok()) return Refuse(request, org, user.status());
    auto secret = app_.auth().ResetPassword(ActorOf(request), user->id, request.remote_address);
    if (!secret.ok()) return Refuse(request, org, secret.status());
    return Secret(request, org, *user, *secret, "ตั้งรหัสผ่านใหม่แล้ว", 200);
  }

  Response Events(Request& request) {
    const int64_t org = accounting::OrgParam(request);
    const auto from = accounting::DateParam(request, "from");
    const auto to = accounting::DateParam(request, "to");
    // Dates are Thai calendar days: from 00:00 of `from` to just before 00:00 after `to`.
    int64_t from_ms = 0, to_ms = 0;
    if (from) {
      auto start = sync::ParseThaiLocalTime(from->ToIso(), "from", "ตั้งแต่วันที่");
      if (!start.ok()) return accounting::Failed(templates_, request, start.status());
      from_ms = *start;
    }
    if (to) {
      auto next = sync::ParseThaiLocalTime(to->AddDays(1).ToIso(), "to", "ถึงวันที่");
      if (!next.ok()) return accounting::Failed(templates_, request, next.status());
      to_ms = *next - 1;
    }
    const std::string format = request.QueryParam("format");
    auto events = app_.auth().EventsWithin(org, from_ms, to_ms,
                                           format.empty() ? kEventsShownMax : kEventsExportedMax);
    if (!events.ok()) return accounting::Failed(templates_, request, events.status());
    const std::map<std::string, std::string> role_names = RoleNames();
    // A role change reads in Thai role names, with the stored codes kept beside them.
    auto detail_of = [&](const auth::SecurityEvent& event) {
      const size_t arrow = event.detail.find(" → ");
      if (event.event != "role_changed" || arrow == std::string::npos) return event.detail;
      auto name = [&](const std::string& code) {
        auto found = role_names.find(code);
        return found == role_names.end() ? code : found->second;
      };
      return name(event.detail.substr(0, arrow)) + " → " +
             name(event.detail.substr(arrow + std::string(" → ").size())) + " (" + event.detail +
             ")";
    };
    json rows = json::array();
    for (const auto& event : *events) {
      auto home = app_.orgs().Get(event.org_id);
      rows.push_back({{"id", event.id},
                      {"at_ms", event.at_ms},
                      {"at_th", sync::FormatThaiMoment(event.at_ms)},
                      {"org_id", event.org_id},
                      {"org_name", home.ok() ? home->name : ""},
                      {"username", event.username},
                      {"event", event.event},
                      {"event_th", EventThai(event.event)},
                      {"actor", event.actor},
                      {"remote_address", event.remote_address},
                      {"detail", detail_of(event)}});
    }
    if (!format.empty()) {
      reports::RegisterDoc doc;
      doc.org = reports::HeadingFor(app_.orgs(), org);
      doc.title_th = "ทะเบียนเหตุการณ์ด้านความปลอดภัยของผู้ใช้";
      doc.subtitle_th = Period(from, to);
      doc.columns = {{"วันเวลา"}, {"หน่วยงาน"}, {"ผู้ใช้"}, {"เหตุการณ์"},
                     {"ผู้ดำเนินการ"}, {"จากที่อยู่"}, {"รายละเอียด"}};
      for (const auto& row : rows) {
        doc.rows.push_back({row["at_th"], row["org_name"], row["username"], row["event_th"],
                            row["actor"], row["remote_address"], row["detail"]});
      }
      doc.generated_at_th = sync::FormatThaiMoment(app_.clock().NowUnixMillis());
      return reports::RegisterDownloadAs(request, templates_, doc, format);
    }
    if (IsApi(request)) return Response::Json({{"events", rows}});
    json data = accounting::PageBase(request, app_.orgs(), org, "ทะเบียนเหตุการณ์ด้านความปลอดภัย");
    data["events"] = rows;
    data["shown_max"] = kEventsShownMax;
    data["from"] = from ? from->ToIso() : "";
    data["to"] = to ? to->ToIso() : "";
    data["query"] = std::string(from ? "&from=" + from->ToIso() : "") +
                    (to ? "&to=" + to->ToIso() : "");
    data["base"] = Base(org);
    data["period_th"] = Period(from, to);
    return accounting::RenderPage(templates_, "security_events", data);
  }

 private:
  // Role code → Thai name, as data/roles.csv gives them.
  std::map<std::string, std::string> RoleNames() const {
    std::map<std::string, std::string> names;
    for (const auto& role : app_.auth().Roles()) names[role.name] = role.name_th;
    return names;
  }

  static std::string Base(int64_t org) { return "/orgs/" + std::to_string(org); }

  static std::string Period(const std::optional<Date>& from, const std::optional<Date>& to) {
    if (!from && !to) return "ทุกช่วงเวลา";
    std::string text;
    if (from) text += "ตั้งแต่วันที่ " + FormatThaiDateLong(*from);
    if (to) text += std::string(text.empty() ? "" : " ") + "ถึงวันที่ " + FormatThaiDateLong(*to);
    return text;
  }

  Status CentreOnly() {
    if (app_.edge() == nullptr) return Status::Ok();
    return Status::InvalidInput("auth.admin_at_centre",
                                "จัดการผู้ใช้ได้ที่ศูนย์เท่านั้น เครื่องของสำนักงานรับรายชื่อผู้ใช้จากศูนย์ทุกนาที",
                                "user administration is done at the centre");
  }

  // The organisation and its units, where a new user may be placed.
  json Homes(int64_t org) {
    json homes = json::array();
    auto all = app_.orgs().List();
    if (!all.ok()) return homes;
    for (const auto& one : *all) {
      if (app_.orgs().IsWithin(one.id, org)) {
        homes.push_back({{"id", one.id}, {"name", one.name}, {"selected", one.id == org}});
      }
    }
    return homes;
  }

  // The user named in the path, when their home lies within the page's organisation.
  Result<auth::User> UserInPage(const Request& request, int64_t org) {
    const int64_t id = accounting::ToInt(request.PathParam("user"));
    auto user = app_.auth().GetUser(id);
    if (!user.ok() || !app_.orgs().IsWithin(user->org_id, org)) {
      return Status::NotFound("auth.user_not_found", "ไม่พบผู้ใช้ในหน่วยงานนี้");
    }
    return user;
  }

  Response Act(Request& request,
               const std::function<Status(const auth::User&, const auth::User&)>& action) {
    const int64_t org = accounting::OrgParam(request);
    if (Status central = CentreOnly(); !central.ok()) return Refuse(request, org, central);
    auto user = UserInPage(request, org);
    if (!user.ok()) return Refuse(request, org, user.status());
    Status done = action(ActorOf(request), *user);
    if (!done.ok()) return Refuse(request, org, done);
    auto now = app_.auth().GetUser(user->id);
    if (!now.ok()) return Refuse(request, org, now.status());
    return accounting::Done(request,
                            {{"id", now->id},
                             {"username", now->username},
                             {"role", now->role},
                             {"disabled", now->disabled}},
                            Base(org) + "/users");
  }

  // A refused action: problem+json for the API; the list again for a form, with the Thai error
  // on top and what was typed in the invitation form.
  Response Refuse(Request& request, int64_t org, const Status& status) {
    if (IsApi(request)) return Response::Problem(status);
    Response page = Page(request, org, &status);
    page.status = http::HttpStatusFor(status);
    return page;
  }

  Response Secret(Request& request, int64_t org, const auth::User& user,
                  const std::string& one_time, const std::string& title, int status) {
    if (IsApi(request)) {
      return Response::Json({{"id", user.id},
                             {"username", user.username},
                             {"org_id", user.org_id},
                             {"role", user.role},
                             {"one_time_password", one_time}},
                            status);
    }
    json data = accounting::PageBase(request, app_.orgs(), org, title);
    data["subject"] = {{"username", user.username}, {"display_name", user.display_name}};
    data["one_time_password"] = one_time;
    data["back"] = Base(org) + "/users";
    return accounting::RenderPage(templates_, "user_secret", data, 200);
  }

  App& app_;
  const http::Templates& templates_;
};

}  // namespace

void RegisterUserRoutes(http::Router& router, App& app, const http::Templates& templates) {
  auto web = std::make_shared<UsersWeb>(app, templates);
  auto bind = [web](Response (UsersWeb::*method)(Request&)) {
    return [web, method](Request& request) { return ((*web).*method)(request); };
  };
  for (const std::string prefix : {"", "/api/v1"}) {
    const std::string base = prefix + "/orgs/{org}";
    router.Add("GET", base + "/users", Access{false, "user.admin", "org"}, bind(&UsersWeb::List),
               "auth");
    router.Add("POST", base + "/users", Access{false, "user.admin", "org"},
               bind(&UsersWeb::Invite), "auth");
    router.Add("POST", base + "/users/{user}/role", Access{false, "user.admin", "org"},
               bind(&UsersWeb::ChangeRole), "auth");
    router.Add("POST", base + "/users/{user}/disable", Access{false, "user.admin", "org"},
               bind(&UsersWeb::Disable), "auth");
    router.Add("POST", base + "/users/{user}/enable", Access{false, "user.admin", "org"},
               bind(&UsersWeb::Enable), "auth");
    router.Add("POST", base + "/users/{user}/reset", Access{false, "user.admin", "org"},
               bind(&UsersWeb::Reset), "auth");
    router.Add("POST", base + "/users/{user}/totp-reset", Access{false, "user.admin", "org"},
               bind(&UsersWeb::ResetTotp), "auth");
    router.Add("POST", base + "/grants", Access{false, "user.admin", "org"},
               bind(&UsersWeb::Grant), "auth");
    router.Add("POST", base + "/grants/{grant}/revoke", Access{false, "user.admin", "org"},
               bind(&UsersWeb::Revoke), "auth");
    router.Add("GET", base + "/security-events", Access{false, "user.admin", "org"},
               bind(&UsersWeb::Events), "auth");
  }
}

}  // namespace klang::cli
