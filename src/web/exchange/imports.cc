#include "web/exchange/imports.h"

#include "core/thai.h"
#include "exchange/workbook.h"
#include "sync/time_text.h"
#include "web/auth/session.h"
#include "web/kit/fields.h"
#include "web/kit/input.h"
#include "web/kit/params.h"
#include "web/kit/views.h"

namespace klang::web {
namespace {

using exchange::ImportKindInfo;
using http::Request;
using http::Response;
using nlohmann::json;

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org) + "/imports"; }

bool May(ExchangeWeb& web, const Request& request, std::string_view permission, int64_t org) {
  return request.identity != nullptr &&
         web.auth.Authorize(UserOf(*request.identity), std::string(permission), org).ok();
}

// Every permission the kind needs (the route checks the first; the others here).
bool MayImport(ExchangeWeb& web, const Request& request, const ImportKindInfo& info) {
  for (std::string_view permission : info.permissions) {
    if (!May(web, request, permission, OrgParam(request))) return false;
  }
  return true;
}

// What each kind's file holds, for the upload page: the sheets and their columns.
json ColumnsOf(exchange::ImportKind kind) {
  switch (kind) {
    case exchange::ImportKind::kOpeningBalances:
      return {{{"sheet", "งบทดลอง (แผ่นแรก)"},
               {"columns", "ชื่อบัญชี, รหัสบัญชี*, ยอดยกมา เดบิต/เครดิต, รายการระหว่างเดือน เดบิต/เครดิต, ยอดคงเหลือ เดบิต*/เครดิต*"}}};
    case exchange::ImportKind::kTaxpayers:
      return {{{"sheet", "ผู้เสียภาษี"}, {"columns", "ประเภท* (บุคคลธรรมดา/นิติบุคคล), ชื่อ*, เลขประจำตัว* (13 หลัก), ที่อยู่*, โทรศัพท์"}},
              {{"sheet", "ทรัพย์สิน (ถ้ามี)"},
               {"columns", "เลขประจำตัวเจ้าของ*, ประเภททรัพย์สิน* (ที่ดิน/สิ่งปลูกสร้าง/ที่ดินพร้อมสิ่งปลูกสร้าง/ป้าย), รายละเอียด*, "
                           "ที่ตั้ง*, การใช้ประโยชน์, กว้าง (ซม.), สูง (ซม.), ประเภทป้าย, ป้ายเคลื่อนที่, วันที่ติดตั้ง"}}};
    case exchange::ImportKind::kBudget:
      return {{{"sheet", "ประมาณการรายจ่าย"}, {"columns", "งาน* (รหัสหรือชื่อ), หมวดรายจ่าย* (รหัสหรือชื่อ), รายการ*, คำชี้แจง, จำนวนเงิน*"}},
              {{"sheet", "ประมาณการรายรับ (ถ้ามี)"}, {"columns", "รหัสรายได้*, จำนวนเงิน*, คำชี้แจง"}}};
    case exchange::ImportKind::kOutageReceipts:
      return {{{"sheet", "ใบเสร็จรับเงิน (แผ่นแรก)"},
               {"columns", "เล่มที่*, เลขที่*, วันที่* (วว/ดด/ปปปป), ประเภทผู้ชำระ, ชื่อผู้ชำระ*, เลขประจำตัวผู้ชำระ, ที่อยู่, "
                           "รหัสรายได้*, รายการ, จำนวนเงิน*, วิธีชำระ (เงินสด/เช็ค/โอน/QR), เลขอ้างอิง — หนึ่งแถวต่อหนึ่งรายการ "
                           "แถวติดกันที่เล่มและเลขที่เดียวกันคือใบเสร็จฉบับเดียวกัน"}}};
  }
  return json::array();
}

json RecordJson(const exchange::ImportRecord& record) {
  return {{"id", record.id},
          {"kind", record.kind},
          {"kind_th", record.kind_th},
          {"file_name", record.file_name},
          {"rows", record.rows},
          {"entries", record.entries},
          {"state", record.state},
          {"state_th", record.state_th},
          {"done", record.state == "done"},
          {"by", record.by},
          {"started_at_th", sync::FormatThaiMoment(record.started_at_ms)},
          {"finished_at_th", record.finished_at_ms != 0 ? sync::FormatThaiMoment(record.finished_at_ms) : ""}};
}

json PreviewJson(const exchange::Preview& preview) {
  json problems = json::array();
  for (const auto& problem : preview.problems) {
    std::string where = problem.row == 0 ? "ทั้งไฟล์" : "แถวที่ " + std::to_string(problem.row);
    if (!problem.sheet.empty()) where = "แผ่นงาน " + problem.sheet + " " + where;
    problems.push_back({{"sheet", problem.sheet},
                        {"row", problem.row},
                        {"where_th", where},
                        {"column", problem.column},
                        {"code", problem.code},
                        {"message_th", problem.message_th}});
  }
  json lines = json::array();
  for (const auto& line : preview.lines) {
    lines.push_back({{"row", line.row}, {"values", line.values}, {"problem", line.problem}});
  }
  json out = {{"kind", preview.kind},
              {"kind_th", preview.kind_th},
              {"import_id", preview.import_id},
              {"file_name", preview.file_name},
              {"format", preview.format},
              {"encoding", preview.encoding},
              {"format_th", preview.format == "xlsx" ? "ไฟล์ Excel (.xlsx)"
                            : preview.format == "csv"
                                ? (preview.encoding == "windows-874" ? "ไฟล์ CSV (รหัสอักขระภาษาไทย Windows-874)"
                                                                     : "ไฟล์ CSV (รหัสอักขระ UTF-8)")
                                : ""},
              {"sheet", preview.sheet},
              {"rows", preview.rows},
              {"columns_th", preview.columns_th},
              {"lines", lines},
              {"lines_more", preview.rows > lines.size()},
              {"problems", problems},
              {"problems_total", preview.problems_total},
              {"problems_more", preview.problems_total > preview.problems.size()},
              {"clean", preview.clean()},
              {"summary_th", preview.summary_th}};
  if (preview.previous) {
    out["previous"] = RecordJson(*preview.previous);
    out["done_before"] = preview.previous->state == "done";
  }
  return out;
}

// A Buddhist-Era year as typed (Arabic or Thai digits, nothing else); 0 when it is not one.
int64_t YearParam(const std::string& text) {
  const std::string digits = ArabicDigits(text);
  if (digits.empty() || digits.size() > 4 || digits.find_first_not_of("0123456789") != std::string::npos) return 0;
  return ToInt(digits);
}

// The kind named by the route ("/imports/{kind}/…"); the routes are registered per kind.
const ImportKindInfo& KindOf(const Request& request) {
  const std::string& pattern = request.route_pattern;
  for (const ImportKindInfo& info : exchange::ImportKinds()) {
    if (pattern.find("/imports/" + std::string(info.code)) != std::string::npos) return info;
  }
  return exchange::ImportKinds().front();  // unreachable: every route names its kind
}

// The request's file and options: the raw body, and the query (name, date, fy, title).
Result<exchange::ImportRequest> ImportRequestOf(const Request& request) {
  exchange::ImportRequest out;
  out.org = OrgParam(request);
  out.kind = std::string(KindOf(request).code);
  out.file_name = request.QueryParam("name", out.kind);
  out.options.date = request.QueryParam("date");
  out.options.title = request.QueryParam("title");
  for (const auto& [name, text] : {std::pair{"name", out.file_name}, std::pair{"date", out.options.date},
                                   std::pair{"title", out.options.title}}) {
    KLANG_RETURN_IF_ERROR(CheckText(name, text, false));
  }
  if (const std::string fy = request.QueryParam("fy"); !fy.empty()) {
    const int64_t year = YearParam(fy);
    if (year < 2500 || year > 2700) {
      return Status::InvalidInput("import.fiscal_year", "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2571", fy, "fy");
    }
    out.options.fiscal_year = static_cast<int>(year);
  }
  if (!out.options.date.empty() && !Date::ParseIso(out.options.date).ok()) {
    return Status::InvalidInput("import.date", "วันที่ยกยอดไม่ถูกต้อง", out.options.date, "date");
  }
  out.bytes = request.body;
  return out;
}

Response NotAllowed(ExchangeWeb& web, const Request& request) {
  return ErrorResponse(request, web.pages.templates,
                       Status::PermissionDenied("auth.forbidden", "ท่านไม่มีสิทธิ์นำเข้าข้อมูลประเภทนี้"));
}

Response Home(ExchangeWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  auto history = web.imports.History(org);
  if (!history.ok()) return Failed(web.pages.templates, request, history.status());
  json kinds = json::array();
  for (const ImportKindInfo& info : exchange::ImportKinds()) {
    kinds.push_back({{"code", info.code}, {"name_th", info.name_th}, {"allowed", MayImport(web, request, info)}});
  }
  json records = json::array();
  for (const auto& record : *history) records.push_back(RecordJson(record));
  if (IsApi(request)) return Response::Json({{"kinds", kinds}, {"imports", records}});
  json data = ModulePage(request, web.pages, "นำเข้าและส่งออกข้อมูล", Base(org));
  data["kinds"] = kinds;
  data["imports"] = records;
  data["has_imports"] = !records.empty();
  data["can_map"] = May(web, request, "gl.voucher.create", org);
  data["can_export"] = web.audit_packages != nullptr && May(web, request, "export.read", org);
  const Date today = web.pages.clock.TodayInThailand();
  if (data["can_export"].get<bool>()) {
    auto year = web.audit_packages->DefaultYear(org);
    data["audit_fy"] = year.ok() ? *year : FiscalYearOf(today);
  }
  // The last month over: GFMIS takes a month once it has ended.
  data["gfmis_month"] = closing::Month::Of(Date::FromCivil(today.year(), today.month(), 1)->AddDays(-1)).Iso();
  return RenderPage(web.pages.templates, "exchange_home", data);
}

Response UploadPage(ExchangeWeb& web, Request& request) {
  const ImportKindInfo& info = KindOf(request);
  if (!MayImport(web, request, info)) return NotAllowed(web, request);
  const int64_t org = OrgParam(request);
  json data = ModulePage(request, web.pages, "นำเข้า" + std::string(info.name_th), Base(org));
  data["kind"] = info.code;
  data["kind_th"] = info.name_th;
  data["sheets"] = ColumnsOf(info.kind);
  data["file_max_mb"] = exchange::kFileBytesMax >> 20;
  data["is_opening"] = info.kind == exchange::ImportKind::kOpeningBalances;
  data["is_budget"] = info.kind == exchange::ImportKind::kBudget;
  data["is_receipts"] = info.kind == exchange::ImportKind::kOutageReceipts;
  data["opening_date"] = FiscalYearStart(FiscalYearOf(web.pages.clock.TodayInThailand())).ToIso();
  data["next_fy"] = FiscalYearOf(web.pages.clock.TodayInThailand()) + 1;
  return RenderPage(web.pages.templates, "exchange_import", data);
}

// The check, or the import (`commit`): the preview as a fragment for the screen's script, or JSON.
Response Run(ExchangeWeb& web, Request& request, bool commit) {
  const ImportKindInfo& info = KindOf(request);
  if (!MayImport(web, request, info)) return NotAllowed(web, request);
  auto import = ImportRequestOf(request);
  if (!import.ok()) return ErrorResponse(request, web.pages.templates, import.status());
  const accounting::Actor actor = ActorOf(request);
  const std::string checked_id = request.QueryParam("import_id");
  if (commit && !checked_id.empty() && checked_id != exchange::ImportService::ImportIdOf(*import)) {
    return ErrorResponse(request, web.pages.templates,
                         Status::Conflict("import.changed",
                                          "ไฟล์หรือค่าที่เลือกเปลี่ยนไปหลังการตรวจ กรุณาตรวจไฟล์อีกครั้งก่อนนำเข้า",
                                          "import_id differs from the file and options sent"));
  }
  // One check either way: the commit's own (its preview shown whether it wrote or found problems).
  exchange::Preview preview;
  std::optional<exchange::ImportRecord> record;
  if (commit) {
    auto committed = web.imports.Commit(*import, actor, &preview);
    if (committed.ok()) record = std::move(committed).value();
    else if (committed.status().stable_code() != "import.has_problems") {
      return ErrorResponse(request, web.pages.templates, committed.status());
    }
  } else {
    auto checked = web.imports.Check(*import, actor);
    if (!checked.ok()) return ErrorResponse(request, web.pages.templates, checked.status());
    preview = std::move(checked).value();
  }
  json data = PreviewJson(preview);
  int status = preview.clean() ? 200 : 422;
  if (record) {
    const bool done_before = preview.previous && preview.previous->state == "done";
    data["record"] = RecordJson(*record);
    data["committed"] = true;
    data["written"] = !done_before;  // the same file again: nothing was written
    status = done_before ? 200 : 201;
  }
  if (IsApi(request)) return Response::Json(data, status);
  data["base"] = Base(OrgParam(request));
  data["org_id"] = OrgParam(request);
  data["columns_count"] = preview.columns_th.size() + 1;
  return RenderPage(web.pages.templates, "exchange_preview", data, status, /*fragment=*/true);
}

Response Check(ExchangeWeb& web, Request& request) { return Run(web, request, false); }
Response Commit(ExchangeWeb& web, Request& request) { return Run(web, request, true); }

Response Sample(ExchangeWeb& web, Request& request) {
  const ImportKindInfo& info = KindOf(request);
  auto bytes = web.imports.Sample(std::string(info.code));
  if (!bytes.ok()) return Failed(web.pages.templates, request, bytes.status());
  const bool xlsx = std::string_view(info.sample).ends_with(".xlsx");
  return Response::Download(std::move(bytes).value(),
                            xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                 : "text/csv; charset=utf-8",
                            "ตัวอย่าง-" + std::string(info.sample));
}

Result<json> MapData(ExchangeWeb& web, int64_t org) {
  KLANG_ASSIGN_OR_RETURN(auto map, web.imports.AccountMap(org));
  KLANG_ASSIGN_OR_RETURN(auto banks, web.revenue.BankAccounts(org));
  json mappings = json::array();
  for (const auto& mapping : map) {
    std::string bank_name;
    for (const auto& bank : banks) {
      if (bank.id == mapping.bank_account) bank_name = bank.name;
    }
    mappings.push_back({{"source_code", mapping.source_code},
                        {"account", mapping.account},
                        {"account_name", mapping.account_name},
                        {"bank_account", mapping.bank_account},
                        {"bank_name", bank_name},
                        {"own", mapping.origin == "org"},
                        {"origin_th", mapping.origin == "org" ? "ของหน่วยงาน" : "ค่าเริ่มต้น"},
                        {"updated_by", mapping.updated_by}});
  }
  json accounts = json::array();
  for (const auto& account : web.chart.All()) {
    accounts.push_back({{"code", account.code}, {"name_th", account.name_th}});
  }
  json bank_rows = json::array();
  for (const auto& bank : banks) {
    bank_rows.push_back({{"id", bank.id}, {"name", bank.name}, {"gl_account", bank.gl_account}});
  }
  return json{{"mappings", mappings}, {"has_mappings", !mappings.empty()}, {"accounts", accounts}, {"banks", bank_rows}};
}

Response MapPage(ExchangeWeb& web, Request& request, const json& extra) {
  const int64_t org = OrgParam(request);
  auto map = MapData(web, org);
  if (!map.ok()) return Failed(web.pages.templates, request, map.status());
  if (IsApi(request)) return Response::Json(*map);
  json data = ModulePage(request, web.pages, "ตารางเทียบรหัสบัญชี e-LAAS", Base(org));
  Merge(data, *map);
  data["source_code"] = request.QueryParam("code");
  Merge(data, extra);
  return RenderPage(web.pages.templates, "exchange_account_map", data, extra.contains("error") ? 422 : 200);
}

Response AccountMap(ExchangeWeb& web, Request& request) { return MapPage(web, request, json::object()); }

Response SetMapping(ExchangeWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  const Fields fields(request);
  const std::string source = fields.Text("source_code");
  Status set = web.imports.SetAccountMapping(org, source, fields.Text("account"), fields.Int("bank_account"),
                                            ActorOf(request));
  if (!set.ok()) {
    return Refused(web.pages.templates, request, set, [&](json extra) { return MapPage(web, request, extra); });
  }
  return Done(request, {{"source_code", source}, {"account", fields.Text("account")}}, Base(org) + "/account-map");
}

// The auditor's package of the fiscal year asked for (?fy=; the last closed one when absent).
Response AuditPackage(ExchangeWeb& web, Request& request) {
  if (web.audit_packages == nullptr) {
    return Failed(web.pages.templates, request, Status::NotFound("export.audit", "ไม่มีบริการนี้บนเครื่องนี้"));
  }
  const std::string fy = request.QueryParam("fy");
  const int64_t year = fy.empty() ? 0 : YearParam(fy);
  if (!fy.empty() && year == 0) {
    return Failed(web.pages.templates, request,
                  Status::InvalidInput("export.fiscal_year", "ปีงบประมาณต้องเป็นปีพุทธศักราช เช่น 2569", fy, "fy"));
  }
  auto package = web.audit_packages->Build(OrgParam(request), static_cast<int>(year));
  if (!package.ok()) return Failed(web.pages.templates, request, package.status());
  return Response::Download(std::move(package->bytes), "application/zip", package->file_name);
}

// A month's trial balance and budget execution for GFMIS (?month=YYYY-MM, BE or CE year).
Response GfmisMonth(ExchangeWeb& web, Request& request) {
  if (web.gfmis == nullptr) {
    return Failed(web.pages.templates, request, Status::NotFound("export.gfmis", "ไม่มีบริการนี้บนเครื่องนี้"));
  }
  auto month = closing::Month::Parse(request.QueryParam("month"));
  if (!month.ok()) return Failed(web.pages.templates, request, month.status());
  auto data = web.gfmis->Month(OrgParam(request), *month);
  if (!data.ok()) return Failed(web.pages.templates, request, data.status());
  const auto format = exchange::MakeKlangGfmisCsv();
  return Response::Download(format->Render(*data), "text/csv; charset=utf-8", format->file_name(*data));
}

}  // namespace

bool IsUploadPath(std::string_view path) {
  // ^(/api/v1)?/orgs/<digits>/imports/<kind>/(check|commit)$ (a query after it is the options).
  if (const size_t query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  if (path.starts_with("/api/v1/")) path.remove_prefix(7);
  if (!path.starts_with("/orgs/")) return false;
  path.remove_prefix(6);
  const size_t slash = path.find('/');
  if (slash == 0 || slash == std::string_view::npos) return false;
  for (char c : path.substr(0, slash)) {
    if (c < '0' || c > '9') return false;
  }
  path.remove_prefix(slash);
  for (const ImportKindInfo& info : exchange::ImportKinds()) {
    const std::string base = "/imports/" + std::string(info.code);
    if (path == base + "/check" || path == base + "/commit") return true;
  }
  return false;
}

bool IsUploadRoute(std::string_view module, std::string_view pattern) {
  if (module != "exchange") return false;
  std::string path(pattern);
  if (const size_t org = path.find("{org}"); org != std::string::npos) path.replace(org, 5, "1");
  return IsUploadPath(path);
}

void RegisterExchangeRoutes(RouteTable& table, ExchangeWeb& web) {
  table.AddOrgRoutes("/exports", web, {
      {"GET", "/audit", "export.read", AuditPackage},
      {"GET", "/gfmis", "export.read", GfmisMonth},
  });
  table.AddOrgRoutes("/imports", web, {
      {"GET", "", "org.read", Home},
      {"GET", "/account-map", "gl.voucher.create", AccountMap},
      {"POST", "/account-map", "gl.voucher.create", SetMapping},
  });
  // One set of routes per kind, each under the kind's first permission (the handlers check the rest).
  table.AddOrgRoutes("/imports/opening-balances", web, {
      {"GET", "", "gl.voucher.create", UploadPage, Face::kPage},
      {"GET", "/sample", "gl.voucher.create", Sample, Face::kPage},
      {"POST", "/check", "gl.voucher.create", Check},
      {"POST", "/commit", "gl.voucher.create", Commit},
  });
  table.AddOrgRoutes("/imports/taxpayers", web, {
      {"GET", "", "rev.taxpayer", UploadPage, Face::kPage},
      {"GET", "/sample", "rev.taxpayer", Sample, Face::kPage},
      {"POST", "/check", "rev.taxpayer", Check},
      {"POST", "/commit", "rev.taxpayer", Commit},
  });
  table.AddOrgRoutes("/imports/budget", web, {
      {"GET", "", "bud.prepare", UploadPage, Face::kPage},
      {"GET", "/sample", "bud.prepare", Sample, Face::kPage},
      {"POST", "/check", "bud.prepare", Check},
      {"POST", "/commit", "bud.prepare", Commit},
  });
  table.AddOrgRoutes("/imports/outage-receipts", web, {
      {"GET", "", "rev.receipt", UploadPage, Face::kPage},
      {"GET", "/sample", "rev.receipt", Sample, Face::kPage},
      {"POST", "/check", "rev.receipt", Check},
      {"POST", "/commit", "rev.receipt", Commit},
  });
}

}  // namespace klang::web
