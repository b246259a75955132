#include "web/sync/continuity.h"

#include "core/thai.h"
#include "sync/gate.h"
#include "sync/time_text.h"
#include "sync/wire.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using sync::CauseThai;
using sync::ContinuityDocument;
using sync::DocumentKinds;
using sync::DraftFromJson;
using sync::EdgeOrgStatus;
using sync::EdgeStatus;
using sync::EncodePaperCookie;
using sync::EntryToWire;
using sync::FormatThaiDuration;
using sync::FormatThaiMoment;
using sync::HeldEntry;
using sync::kPaperCookie;
using sync::Node;
using sync::OrgMode;
using sync::Outage;
using sync::OutageInput;
using sync::ReviewInput;

constexpr size_t kNodeEventsShownMax = 100;  // the latest events of the node register

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org) + "/continuity"; }

json Page(SyncWeb& web, const Request& request, const std::string& title) {
  return ModulePage(request, web.pages, title, Base(OrgParam(request)));
}

Response Refused(SyncWeb& web, Request& request, const Status& status,
                 const std::function<Response(json)>& page) {
  return web::Refused(web.pages.templates, request, status, page);
}

// ---- the node protocol ----

// The node behind a request authenticated by its credential (see cli's gatekeeper).
Result<Node> NodeOf(SyncWeb& web, const Request& request) {
  if (!request.identity || request.identity->role != "node" ||
      request.identity->username.rfind("node:", 0) != 0) {
    return Status::PermissionDenied("sync.not_a_node", "ใช้ได้เฉพาะเครื่องของสำนักงาน", "");
  }
  if (web.centre == nullptr) {
    return Status::NotFound("sync.not_centre", "เครื่องนี้ไม่ใช่ศูนย์", "this server is an edge node");
  }
  Node node;
  node.name = request.identity->username.substr(5);
  node.org = request.identity->org_id;
  return node;
}

// The JSON body of a protocol call; an empty object when it is not JSON (the centre refuses what
// is missing).
const json& BodyJson(const Request& request) {
  static const json kEmpty = json::object();
  const json& body = request.JsonBody();
  return body.is_discarded() ? kEmpty : body;
}

Response Answer(const Result<json>& result, int status = 200) {
  if (!result.ok()) return Response::Problem(result.status());
  return Response::Json(*result, status);
}

Response NodeBootstrap(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  return Answer(web.centre->Bootstrap(*node));
}

Response NodeHome(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  Status taken = web.centre->TakeHomes(*node);
  if (!taken.ok()) return Response::Problem(taken);
  return Response::Json({{"homed", true}});
}

Response NodeHeartbeat(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  return Answer(web.centre->Heartbeat(*node, BodyJson(request)));
}

Response NodeEntries(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  return Answer(
      web.centre->Entries(*node, OrgParam(request), ToInt(request.QueryParam("after", "0")),
                          static_cast<size_t>(ToInt(request.QueryParam("limit", "1000")))));
}

Response NodeAppend(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  auto draft = DraftFromJson(BodyJson(request));
  if (!draft.ok()) return Response::Problem(draft.status());
  if (draft->org != OrgParam(request)) {
    return Response::Problem(Status::InvalidInput("sync.bad_draft", "ข้อมูลที่ส่งมาไม่ถูกต้อง", "org"));
  }
  auto entry = web.centre->Forward(*node, std::move(draft).value());
  if (!entry.ok()) return Response::Problem(entry.status());
  return Response::Json({{"entry", EntryToWire(*entry)}}, 201);
}

Response NodeShip(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  return Answer(web.centre->Ship(*node, OrgParam(request), BodyJson(request)));
}

Response NodePassword(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  Status pushed = web.centre->PushPassword(*node, BodyJson(request));
  if (!pushed.ok()) return Response::Problem(pushed);
  return Response::Json({{"ok", true}});
}

Response NodeRestoreOrgs(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  Status restored = web.centre->RestoreOrgs(*node, BodyJson(request));
  if (!restored.ok()) return Response::Problem(restored);
  return Response::Json({{"ok", true}});
}

Response NodeRestore(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  return Answer(web.centre->Restore(*node, OrgParam(request), BodyJson(request)));
}

Response NodeVerify(SyncWeb& web, Request& request) {
  auto node = NodeOf(web, request);
  if (!node.ok()) return Response::Problem(node.status());
  return Answer(web.centre->VerifyOrg(*node, OrgParam(request)));
}

// ---- views ----

std::string ModeLevel(OrgMode mode) {
  switch (mode) {
    case OrgMode::kOnline:
      return "ok";
    case OrgMode::kCatchingUp:
      return "warn";
    case OrgMode::kOffline:
      return "warn";
    case OrgMode::kLoss:
    case OrgMode::kHomedElsewhere:
      return "alarm";
  }
  return "warn";
}

json EdgeJson(const EdgeStatus& status) {
  json orgs = json::array();
  for (const auto& one : status.orgs) {
    orgs.push_back({{"org", one.org},
                    {"name", one.name},
                    {"mode", ModeLevel(one.mode)},
                    {"mode_th", OrgModeThai(one.mode)},
                    {"base_seq", one.base_seq},
                    {"head_seq", one.head_seq},
                    {"centre_seq", one.centre_seq},
                    {"pending", one.pending()},
                    {"shipped", one.shipped},
                    {"loss", one.loss}});
  }
  return {{"node", status.node},
          {"upstream", status.upstream},
          {"connected", status.connected},
          {"revoked", status.revoked},
          {"offline_since_ms", status.offline_since_ms},
          {"offline_since_th", FormatThaiMoment(status.offline_since_ms)},
          {"last_contact_th", FormatThaiMoment(status.last_contact_ms)},
          {"last_error", status.last_error},
          {"orgs", orgs}};
}

Response ContinuityHome(SyncWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto outages = web.continuity.Outages(org);
  if (!outages.ok()) return Failed(web.pages.templates, request, outages.status());
  auto held = web.continuity.Held(org, /*open_only=*/true);
  if (!held.ok()) return Failed(web.pages.templates, request, held.status());
  json list = json::array();
  for (const auto& outage : *outages) list.push_back(OutageJson(outage));
  json result = {{"outages", list}, {"held_open", held->size()}};
  if (web.edge != nullptr) result["edge"] = EdgeJson(web.edge->StatusNow());
  if (web.centre != nullptr) {
    auto home = web.nodes.HomeOf(org);
    if (home.ok() && *home)
      result["home"] = {{"node", (*home)->node}, {"since_th", FormatThaiMoment((*home)->since_ms)}};
  }
  if (IsApi(request)) return Response::Json(result);
  json data = Page(web, request, "ระบบขัดข้องและการทำงานต่อเนื่อง");
  Merge(data, result);
  data["now_local"] = data["today"].get<std::string>() + "T08:30";
  return RenderPage(web.pages.templates, "continuity_home", data);
}

Response DeclareOutage(SyncWeb& web, Request& request) {
  const Fields fields(request);
  OutageInput input{OrgParam(request),       fields.Text("entry_id"),   fields.Text("cause_code"),
                    fields.Text("cause_th"), fields.Text("started_at"), fields.Text("ended_at"),
                    fields.Flag("paper")};
  auto outage = web.continuity.Declare(input, ActorOf(request));
  if (!outage.ok()) {
    return Refused(web, request, outage.status(), [&](json extra) {
      Response page = ContinuityHome(web, request);
      (void)extra;
      return page;
    });
  }
  return Done(request, OutageJson(*outage),
              Base(input.org) + "/outages/" + std::to_string(outage->id));
}

Response OutagePage(SyncWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto outage = web.continuity.GetOutage(org, SeqParam(request));
  if (!outage.ok()) return Failed(web.pages.templates, request, outage.status());
  auto documents = web.continuity.Documents(org, "", outage->id);
  if (!documents.ok()) return Failed(web.pages.templates, request, documents.status());
  json rows = json::array();
  for (const auto& document : *documents)
    rows.push_back(DocumentJson(document, web.continuity.kinds(), org));
  json result = OutageJson(*outage);
  result["documents"] = rows;
  if (IsApi(request)) return Response::Json(result);
  json data = Page(web, request, "ระบบขัดข้อง " + result["started_th"].get<std::string>());
  data["outage"] = result;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "continuity_outage", data);
}
Response OutageView(SyncWeb& web, Request& request) { return OutagePage(web, request, {}); }

Response RecordCause(SyncWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto outage = web.continuity.RecordCause(org, SeqParam(request), fields.Text("entry_id"),
                                           fields.Text("cause_th"), ActorOf(request));
  if (!outage.ok()) {
    return Refused(web, request, outage.status(),
                   [&](json extra) { return OutagePage(web, request, extra); });
  }
  return Done(request, OutageJson(*outage), Base(org) + "/outages/" + std::to_string(outage->id));
}

Response PaperDone(SyncWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto outage =
      web.continuity.PaperDone(org, SeqParam(request), fields.Text("entry_id"), ActorOf(request));
  if (!outage.ok()) {
    return Refused(web, request, outage.status(),
                   [&](json extra) { return OutagePage(web, request, extra); });
  }
  return Done(request, OutageJson(*outage), Base(org) + "/outages/" + std::to_string(outage->id));
}

Response RegisterPage(SyncWeb& web, Request& request, const std::string& origin) {
  const int64_t org = OrgParam(request);
  auto documents = web.continuity.Documents(org, origin, 0);
  if (!documents.ok()) return Failed(web.pages.templates, request, documents.status());
  json rows = json::array();
  int64_t awaiting = 0;
  for (const auto& document : *documents) {
    rows.push_back(DocumentJson(document, web.continuity.kinds(), org));
    awaiting += document.awaiting ? 1 : 0;
  }
  json result = {{"documents", rows}, {"awaiting", awaiting}, {"count", rows.size()}};
  if (IsApi(request)) return Response::Json(result);
  const bool paper = origin == sync::kOriginPaper;
  json data = Page(web, request,
                   paper ? "ทะเบียนเอกสารที่จัดทำด้วยมือ (บันทึกย้อนหลัง)"
                         : "ทะเบียนคุมเลขที่ชั่วคราว (เอกสารที่ทำระหว่างขาดการติดต่อศูนย์)");
  Merge(data, result);
  data["paper"] = paper;
  return RenderPage(web.pages.templates, "continuity_register", data);
}
Response ProvisionalRegister(SyncWeb& web, Request& request) {
  return RegisterPage(web, request, sync::kOriginEdge);
}
Response PaperRegister(SyncWeb& web, Request& request) {
  return RegisterPage(web, request, sync::kOriginPaper);
}

Response ReviewList(SyncWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto held = web.continuity.Held(org, request.QueryParam("all") != "1");
  if (!held.ok()) return Failed(web.pages.templates, request, held.status());
  json rows = json::array();
  for (const auto& one : *held) rows.push_back(HeldJson(one, web.continuity.kinds()));
  if (IsApi(request)) return Response::Json({{"held", rows}});
  json data = Page(web, request, "เอกสารที่รอตรวจสอบ (ศูนย์รับไว้แต่ยังไม่ลงบัญชี)");
  data["held"] = rows;
  data["all"] = request.QueryParam("all") == "1";
  return RenderPage(web.pages.templates, "continuity_review", data);
}

Response HeldPage(SyncWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto held = web.continuity.GetHeld(org, SeqParam(request));
  if (!held.ok()) return Failed(web.pages.templates, request, held.status());
  json view = HeldJson(*held, web.continuity.kinds());
  view["original"] = held->original;
  json lines = json::array();
  for (const auto& line : held->original.value("lines", json::array())) {
    lines.push_back({{"account", line.value("account", "")},
                     {"debit", AmountJson(Money::FromSatang(line.value("debit", int64_t{0})))},
                     {"credit", AmountJson(Money::FromSatang(line.value("credit", int64_t{0})))}});
  }
  view["lines"] = lines;
  view["body_text"] = held->original.value("body", json::object()).dump(2);
  view["reason_en"] = held->reason_en;
  if (IsApi(request)) return Response::Json(view);
  json data = Page(web, request, "เอกสารที่รอตรวจสอบ ลำดับที่ " + std::to_string(held->seq));
  data["held"] = view;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "continuity_held", data);
}
Response HeldView(SyncWeb& web, Request& request) { return HeldPage(web, request, {}); }

Response Review(SyncWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  ReviewInput input{org,
                    SeqParam(request),
                    fields.Text("entry_id"),
                    fields.Text("resolution"),
                    fields.Text("reason"),
                    fields.Int("replaced_by")};
  auto held = web.continuity.Review(input, ActorOf(request));
  if (!held.ok()) {
    return Refused(web, request, held.status(),
                   [&](json extra) { return HeldPage(web, request, extra); });
  }
  return Done(request, HeldJson(*held, web.continuity.kinds()),
              Base(org) + "/review/" + std::to_string(held->seq));
}

// Paper back-entry mode: the next document entered cites this paper document.
Response StartPaperEntry(SyncWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  const std::string book = fields.Text("paper_book"), number = fields.Text("paper_number"),
                    date = fields.Text("paper_date");
  auto parsed = Date::ParseIso(date);
  if (book.empty() || number.empty() || !parsed.ok() || book.size() > 40 || number.size() > 40) {
    return Refused(
        web, request,
        Status::InvalidInput("continuity.paper_number",
                             "กรุณาระบุเล่มที่ เลขที่ และวันที่ของเอกสารที่จัดทำด้วยมือ", "", "paper_book"),
        [&](json extra) {
          json data = Page(web, request, "บันทึกเอกสารที่จัดทำด้วยมือ");
          Merge(data, extra);
          return RenderPage(web.pages.templates, "continuity_paper_start", data);
        });
  }
  const std::string typed_next = fields.Text("next");
  const std::string next =
      typed_next.rfind("/orgs/", 0) == 0 ? typed_next : "/orgs/" + std::to_string(org);
  Response response =
      IsApi(request)
          ? Response::Json({{"paper", {{"book", book}, {"number", number}, {"date", date}}}})
          : Response::Redirect(next);
  response.SetCookie(kPaperCookie, EncodePaperCookie({book, number, date}), http::CookieOptions{});
  return response;
}

Response PaperStartForm(SyncWeb& web, Request& request) {
  json data = Page(web, request, "บันทึกเอกสารที่จัดทำด้วยมือ");
  return RenderPage(web.pages.templates, "continuity_paper_start", data);
}

Response StopPaperEntry(SyncWeb& web, Request& request) {
  (void)web;
  Response response =
      Response::Redirect("/orgs/" + std::to_string(OrgParam(request)) + "/continuity/paper");
  response.SetCookie(kPaperCookie, "", http::CookieOptions{.max_age_seconds = 0});
  return response;
}

// ---- the centre's node administration ----

Response NodesPage(SyncWeb& web, Request& request) {
  auto nodes = web.nodes.List();
  if (!nodes.ok()) return Failed(web.pages.templates, request, nodes.status());
  auto homes = web.nodes.Homes();
  if (!homes.ok()) return Failed(web.pages.templates, request, homes.status());
  auto events = web.nodes.Events(kNodeEventsShownMax + 1);
  if (!events.ok()) return Failed(web.pages.templates, request, events.status());
  const json cut = TruncationJson(CutAt(*events, kNodeEventsShownMax), kNodeEventsShownMax);
  json node_rows = json::array(), home_rows = json::array(), event_rows = json::array();
  for (const auto& node : *nodes) {
    auto organisation = web.pages.orgs.Get(node.org);
    node_rows.push_back({{"name", node.name},
                         {"org", node.org},
                         {"org_name", organisation.ok() ? organisation->name : ""},
                         {"revoked", node.revoked()},
                         {"created_th", FormatThaiMoment(node.created_at_ms)},
                         {"last_seen_th", FormatThaiMoment(node.last_seen_ms)},
                         {"last_address", node.last_address}});
  }
  for (const auto& home : *homes) {
    auto organisation = web.pages.orgs.Get(home.org);
    home_rows.push_back({{"org", home.org},
                         {"org_name", organisation.ok() ? organisation->name : ""},
                         {"node", home.node},
                         {"since_th", FormatThaiMoment(home.since_ms)}});
  }
  for (const auto& event : *events) {
    event_rows.push_back({{"at_th", FormatThaiMoment(event.at_ms)},
                          {"node", event.node},
                          {"org", event.org},
                          {"event", event.event},
                          {"detail", event.detail}});
  }
  json result = {{"nodes", node_rows},
                 {"homes", home_rows},
                 {"events", event_rows},
                 {"events_truncated", cut["truncated"]},
                 {"events_truncated_note", cut["truncated_note"]}};
  if (IsApi(request)) return Response::Json(result);
  json data = PageBase(request, web.pages.orgs, 0, "เครื่องของสำนักงาน (ระบบต่อเนื่อง)");
  Merge(data, result);
  return RenderPage(web.pages.templates, "sync_nodes", data);
}

Response ReleaseHome(SyncWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  Status released = web.nodes.Release(org, request.identity ? request.identity->username : "?");
  if (!released.ok()) return Failed(web.pages.templates, request, released);
  return Done(request, {{"released", org}}, "/sync/nodes");
}

Response RevokeNode(SyncWeb& web, Request& request) {
  const std::string name = request.PathParam("name");
  Status revoked = web.nodes.Revoke(name, request.identity ? request.identity->username : "?");
  if (!revoked.ok()) return Failed(web.pages.templates, request, revoked);
  return Done(request, {{"revoked", name}}, "/sync/nodes");
}

}  // namespace

json OutageJson(const Outage& outage) {
  const int64_t end = outage.ended_at_ms;
  return {{"id", outage.id},
          {"node", outage.node},
          {"cause_code", outage.cause_code},
          {"cause_kind_th", CauseThai(outage.cause_code)},
          {"cause_th", outage.cause_th},
          {"automatic", outage.automatic},
          {"paper", outage.paper},
          {"started_at_ms", outage.started_at_ms},
          {"started_th", FormatThaiMoment(outage.started_at_ms)},
          {"ended_at_ms", end},
          {"ended_th", end == 0 ? "ยังขัดข้องอยู่" : FormatThaiMoment(end)},
          {"duration_th", end == 0 ? "" : FormatThaiDuration(end - outage.started_at_ms)},
          {"caught_up_at_ms", outage.caught_up_at_ms},
          {"caught_up_th", FormatThaiMoment(outage.caught_up_at_ms)},
          {"paper_done_at_ms", outage.paper_done_at_ms},
          {"paper_done_th", FormatThaiMoment(outage.paper_done_at_ms)},
          {"paper_open", outage.paper && outage.paper_done_at_ms == 0},
          {"documents_edge", outage.documents_edge},
          {"documents_paper", outage.documents_paper},
          {"documents_awaiting", outage.documents_awaiting},
          {"documents_held", outage.documents_held},
          {"open", outage.open()}};
}

json DocumentJson(const ContinuityDocument& document, const DocumentKinds& kinds, int64_t org) {
  std::string paper_date_th;
  if (auto date = Date::ParseIso(document.paper_date); date.ok())
    paper_date_th = FormatThaiDateShort(*date);
  return {{"seq", document.seq},
          {"entry_id", document.entry_id},
          {"kind", document.kind},
          {"kind_th", kinds.NameTh(document.kind)},
          {"link", kinds.Link(document.kind, org, document.seq)},
          {"origin", document.origin},
          {"node", document.node},
          {"provisional", document.provisional},
          {"provisional_th", document.provisional.empty() ? "" : "ชั่วคราว " + document.provisional},
          {"paper_book", document.paper_book},
          {"paper_number", document.paper_number},
          {"paper_date", document.paper_date},
          {"paper_date_th", paper_date_th},
          {"day", document.day.ToIso()},
          {"day_th", FormatThaiDateShort(document.day)},
          {"amount", AmountJson(document.amount)},
          {"awaiting", document.awaiting},
          {"official_th", kinds.NumbersText(document.numbers, FiscalYearOf(document.day))},
          {"outage", document.outage}};
}

json HeldJson(const HeldEntry& held, const DocumentKinds& kinds) {
  return {{"seq", held.seq},
          {"original_entry_id", held.original_entry_id},
          {"kind", held.kind},
          {"kind_th", kinds.NameTh(held.kind)},
          {"node", held.node},
          {"provisional", held.provisional},
          {"provisional_th", held.provisional.empty() ? "" : "ชั่วคราว " + held.provisional},
          {"local_seq", held.local_seq},
          {"reason_code", held.reason_code},
          {"reason_th", held.reason_th},
          {"day_th", FormatThaiDateShort(held.day)},
          {"amount", AmountJson(held.amount)},
          {"open", held.open()},
          {"resolution", held.resolution},
          {"resolution_th", held.resolution == sync::kReEntered ? "บันทึกแทนแล้ว"
                            : held.resolution == sync::kDismissed ? "ยกเลิก (ไม่ลงบัญชี)"
                                                             : ""},
          {"resolution_reason", held.resolution_reason},
          {"replaced_by", held.replaced_by},
          {"reviewer", held.reviewer}};
}

json StatusBanner(SyncWeb& web, int64_t org) {
  if (web.edge != nullptr) {
    const EdgeStatus status = web.edge->StatusNow();
    const EdgeOrgStatus* mine = nullptr;
    for (const auto& one : status.orgs) {
      if (one.org == org) mine = &one;
    }
    if (mine == nullptr && !status.orgs.empty()) mine = &status.orgs.front();
    json banner = {{"node", status.node}, {"link", org > 0 ? Base(org) : ""}};
    if (status.revoked) {
      banner["level"] = "alarm";
      banner["text"] = "ศูนย์เพิกถอนสิทธิ์ของเครื่อง " + status.node + " แล้ว — บันทึกเอกสารไม่ได้";
      return banner;
    }
    if (mine == nullptr) return json::object();
    banner["level"] = ModeLevel(mine->mode);
    switch (mine->mode) {
      case OrgMode::kOnline:
        banner["text"] = "เครื่อง " + status.node + " · เชื่อมต่อศูนย์แล้ว เอกสารได้เลขที่จากศูนย์ทันที";
        break;
      case OrgMode::kOffline:
        banner["text"] = "ขาดการติดต่อศูนย์ตั้งแต่ " + FormatThaiMoment(status.offline_since_ms) +
                         " — ทำงานต่อได้ เอกสารได้เลขที่ชั่วคราว (" + status.node +
                         "-…) และจะส่งเข้าศูนย์เองเมื่อกลับมาเชื่อมต่อ";
        banner["detail"] = "รอส่ง " + std::to_string(mine->pending()) + " รายการ";
        break;
      case OrgMode::kCatchingUp:
        banner["text"] = "กำลังส่งเอกสารที่ทำระหว่างขาดการติดต่อเข้าศูนย์ — เอกสารใหม่จะต่อคิวหลังจากนี้";
        banner["detail"] = "ส่งแล้ว " + std::to_string(mine->shipped) + " จากที่รอ " +
                           std::to_string(mine->pending()) + " รายการ";
        break;
      case OrgMode::kLoss:
        banner["text"] =
            "ศูนย์ข้อมูลสูญหาย: ศูนย์ไม่มีเอกสารบางส่วนที่เครื่องนี้เคยได้รับการยืนยันแล้ว — "
            "ผู้ดูแลระบบต้องสั่ง klang restore-from-edge";
        banner["detail"] = mine->loss;
        break;
      case OrgMode::kHomedElsewhere:
        banner["text"] = "องค์กรนี้บันทึกที่เครื่องอื่นแล้ว เอกสารที่ทำที่นี่จะต้องตรวจสอบก่อนลงบัญชี";
        break;
    }
    return banner;
  }
  if (org <= 0) return json::object();
  auto home = web.nodes.HomeOf(org);
  if (home.ok() && *home) {
    return {{"level", "info"},
            {"text", "เอกสารขององค์กรนี้บันทึกที่เครื่องของสำนักงาน (" + (*home)->node + ") ที่ศูนย์ดูได้อย่างเดียว"},
            {"link", Base(org)}};
  }
  return json::object();
}

void RegisterSyncRoutes(RouteTable& table, SyncWeb& web) {
  // The node protocol (credential of a node; role "node").
  // clang-format off
  table.AddRoutes(web, {
      {"GET", "/api/v1/sync/bootstrap", Permission("sync.node"), NodeBootstrap},
      {"POST", "/api/v1/sync/home", Permission("sync.node"), NodeHome},
      {"POST", "/api/v1/sync/heartbeat", Permission("sync.node"), NodeHeartbeat},
      {"POST", "/api/v1/sync/users/password", Permission("sync.node"), NodePassword},
      {"POST", "/api/v1/sync/restore/orgs", Permission("sync.node"), NodeRestoreOrgs},
      {"GET", "/api/v1/sync/orgs/{org}/entries", Permission("sync.node", "org"), NodeEntries},
      {"POST", "/api/v1/sync/orgs/{org}/append", Permission("sync.node", "org"), NodeAppend},
      {"POST", "/api/v1/sync/orgs/{org}/ship", Permission("sync.node", "org"), NodeShip},
      {"POST", "/api/v1/sync/orgs/{org}/restore", Permission("sync.node", "org"), NodeRestore},
      {"GET", "/api/v1/sync/orgs/{org}/verify", Permission("sync.node", "org"), NodeVerify},
  });
  // clang-format on
  // clang-format off
  table.AddOrgRoutes("/continuity", web, {
      {"GET", "", "cont.read", ContinuityHome},
      {"POST", "/outages", "cont.record", DeclareOutage},
      {"GET", "/outages/{seq}", "cont.read", OutageView},
      {"POST", "/outages/{seq}/cause", "cont.record", RecordCause},
      {"POST", "/outages/{seq}/paper-done", "cont.record", PaperDone},
      {"GET", "/provisional", "cont.read", ProvisionalRegister},
      {"GET", "/paper", "cont.read", PaperRegister},
      {"GET", "/paper/start", "cont.read", PaperStartForm, Face::kPage},
      {"POST", "/paper/start", "cont.read", StartPaperEntry},
      {"POST", "/paper/stop", "cont.read", StopPaperEntry, Face::kPage},
      {"GET", "/review", "cont.read", ReviewList},
      {"GET", "/review/{seq}", "cont.read", HeldView},
      {"POST", "/review/{seq}", "cont.review", Review},
  });
  // clang-format on
  if (web.centre != nullptr) {
    // clang-format off
    table.AddRoutes(web, {
        {"GET", "/sync/nodes", Permission("sync.admin"), NodesPage},
        {"GET", "/api/v1/sync/nodes", Permission("sync.admin"), NodesPage},
        {"POST", "/sync/homes/{org}/release", Permission("sync.admin", "org"), ReleaseHome},
        {"POST", "/sync/nodes/{name}/revoke", Permission("sync.admin"), RevokeNode},
    });
    // clang-format on
  }
}

}  // namespace klang::web
