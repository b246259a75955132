#include "accounting/handlers.h"

#include <charconv>

#include "core/thai.h"

namespace klang::accounting {
namespace {

using http::Access;
using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kFormLinesMax = 100;
constexpr size_t kListPageSize = 50;

json VoucherJson(const VoucherView& view) {
  json lines = json::array();
  for (const auto& line : view.lines) {
    lines.push_back({{"account", line.account_code},
                     {"account_name", line.account_name},
                     {"debit", line.debit.FormatPlain()},
                     {"credit", line.credit.FormatPlain()},
                     {"debit_text", AmountOrBlank(line.debit)},
                     {"credit_text", AmountOrBlank(line.credit)}});
  }
  json out = {{"org", view.org},
              {"seq", view.seq},
              {"entry_id", view.entry_id},
              {"kind", view.kind},
              {"type_th", view.type_th},
              {"number", view.number},
              {"number_text", view.number_text},
              {"date", view.date.ToIso()},
              {"date_th", FormatThaiDateLong(view.date)},
              {"fiscal_year", view.fiscal_year},
              {"description", view.description},
              {"lines", lines},
              {"total", view.total.FormatPlain()},
              {"total_text", view.total.Format()},
              {"total_words", BahtText(view.total)},
              {"author", view.author},
              {"hash", view.hash},
              {"origin_th", view.origin_th}};
  out["reverses_seq"] = view.reverses_seq ? json(*view.reverses_seq) : json(nullptr);
  out["reversed_by_seq"] = view.reversed_by_seq ? json(*view.reversed_by_seq) : json(nullptr);
  out["can_reverse"] = view.kind != "gl.reversal" && !view.reversed_by_seq;
  return out;
}

json AccountOptions(ChartOfAccounts& chart, const std::string& selected) {
  json options = json::array();
  for (const auto& account : chart.All()) {
    options.push_back({{"code", account.code},
                       {"name", account.name_th},
                       {"selected", account.code == selected}});
  }
  return options;
}

// Lines of the voucher form: parallel arrays account[], debit[], credit[].
std::vector<VoucherLineInput> FormLines(const Request& request) {
  const auto accounts = request.FormValues("account");
  const auto debits = request.FormValues("debit");
  const auto credits = request.FormValues("credit");
  std::vector<VoucherLineInput> lines;
  for (size_t index = 0; index < accounts.size() && index < kFormLinesMax; ++index) {
    lines.push_back({accounts[index], index < debits.size() ? debits[index] : "",
                     index < credits.size() ? credits[index] : ""});
  }
  return lines;
}

json FormData(WebContext& context, const Request& request, int64_t org,
              const std::vector<VoucherLineInput>& lines, const std::string& date,
              const std::string& description, const std::string& type,
              const std::string& entry_id, const Status& error) {
  json data = PageBase(request, context.orgs, org, "บันทึกใบผ่านรายการบัญชีทั่วไป");
  json rows = json::array();
  size_t index = 0;
  for (const auto& line : lines) {
    rows.push_back({{"accounts", AccountOptions(context.chart, line.account)},
                    {"debit", line.debit},
                    {"credit", line.credit},
                    {"number", ++index}});
  }
  data["lines"] = rows;
  data["date"] = date;
  data["description"] = description;
  data["opening"] = type == "opening";
  data["entry_id"] = entry_id;
  data["fiscal_year"] = FiscalYearOf(Date::ParseIso(date).ok() ? Date::ParseIso(date).value()
                                                                : context.clock.TodayInThailand());
  if (!error.ok()) {
    data["error"] = error.message_th();
    data["error_field"] = error.field();
    data["error_code"] = error.stable_code();
  }
  return data;
}

Response VoucherForm(WebContext& context, Request& request) {
  const int64_t org = OrgParam(request);
  SystemRandom random;
  std::vector<VoucherLineInput> lines(4);
  return RenderPage(context.templates, "voucher_form",
                    FormData(context, request, org, lines, context.clock.TodayInThailand().ToIso(),
                             "", "general", NewUuid(random), Status::Ok()));
}

Response VoucherLineFragment(WebContext& context, Request&) {
  json data = {{"accounts", AccountOptions(context.chart, "")}, {"debit", ""}, {"credit", ""}};
  return RenderPage(context.templates, "voucher_line", data, 200, /*fragment=*/true);
}

// Live totals while typing (htmx posts the form): sums what parses, says what does not.
Response VoucherBalanceFragment(WebContext& context, Request& request) {
  const auto debits = request.FormValues("debit");
  const auto credits = request.FormValues("credit");
  Money debit_total, credit_total;
  std::string problem;
  auto add = [&](const std::vector<std::string>& values, Money* total) {
    for (const auto& value : values) {
      if (value.empty()) continue;
      auto parsed = Money::Parse(value);
      if (!parsed.ok()) {
        problem = "จำนวนเงิน \"" + value + "\" ไม่ถูกต้อง";
        continue;
      }
      auto sum = Money::CheckedAdd(*total, *parsed);
      if (!sum.ok()) {
        problem = sum.status().message_th();
        continue;
      }
      *total = *sum;
    }
  };
  add(debits, &debit_total);
  add(credits, &credit_total);
  const Money difference = debit_total - credit_total;
  json data = {{"debit_total", debit_total.Format()},
               {"credit_total", credit_total.Format()},
               {"balanced", difference.is_zero() && !debit_total.is_zero() && problem.empty()},
               {"difference", (difference.is_negative() ? -difference : difference).Format()},
               {"problem", problem},
               {"empty", debit_total.is_zero() && credit_total.is_zero() && problem.empty()}};
  return RenderPage(context.templates, "voucher_balance", data, 200, /*fragment=*/true);
}

Response CreateVoucherFromForm(WebContext& context, Request& request) {
  const int64_t org = OrgParam(request);
  VoucherInput input;
  input.org = org;
  input.entry_id = request.FormValue("entry_id");
  input.type = request.FormValue("opening") == "1" ? "opening" : "general";
  input.date = request.FormValue("date");
  input.description = request.FormValue("description");
  input.lines = FormLines(request);
  if (!input.entry_id.empty() && !IsUuid(input.entry_id)) input.entry_id.clear();
  auto posted = context.vouchers.Post(input, AuthorOf(request));
  if (!posted.ok()) {
    if (posted.status().code() != ErrorCode::kInvalidInput &&
        posted.status().code() != ErrorCode::kConflict) {
      return ErrorResponse(request, context.templates, posted.status());
    }
    auto lines = input.lines;
    while (lines.size() < 2) lines.push_back({});
    return RenderPage(context.templates, "voucher_form",
                      FormData(context, request, org, lines, input.date, input.description,
                               input.type, input.entry_id, posted.status()),
                      422);
  }
  return Response::Redirect("/orgs/" + std::to_string(org) + "/vouchers/" +
                            std::to_string(posted->seq) + "?saved=1");
}

Response VoucherPage(WebContext& context, Request& request) {
  const int64_t org = OrgParam(request);
  const int64_t seq = SeqParam(request);
  auto view = context.vouchers.Get(org, seq);
  if (!view.ok()) return ErrorResponse(request, context.templates, view.status());
  json data = PageBase(request, context.orgs, org, view->type_th + " " + view->number_text);
  data["voucher"] = VoucherJson(*view);
  data["saved"] = request.QueryParam("saved") == "1";
  data["today"] = context.clock.TodayInThailand().ToIso();
  return RenderPage(context.templates, "voucher", data);
}

Response VoucherListPage(WebContext& context, Request& request) {
  const int64_t org = OrgParam(request);
  int64_t page = 0;
  const std::string page_text = request.QueryParam("page", "0");
  std::from_chars(page_text.data(), page_text.data() + page_text.size(), page);
  page = std::max<int64_t>(page, 0);
  auto views = context.vouchers.List(org, kListPageSize, static_cast<size_t>(page) * kListPageSize);
  if (!views.ok()) return ErrorResponse(request, context.templates, views.status());
  json data = PageBase(request, context.orgs, org, "ทะเบียนใบผ่านรายการบัญชีทั่วไป");
  json rows = json::array();
  for (const auto& view : *views) rows.push_back(VoucherJson(view));
  data["vouchers"] = rows;
  data["empty"] = rows.empty();
  data["next_page"] = rows.size() == kListPageSize ? json(page + 1) : json(nullptr);
  data["previous_page"] = page > 0 ? json(page - 1) : json(nullptr);
  return RenderPage(context.templates, "vouchers", data);
}

Response ReverseFromForm(WebContext& context, Request& request) {
  const int64_t org = OrgParam(request);
  const int64_t seq = SeqParam(request);
  auto reversal = context.vouchers.Reverse(org, seq, request.FormValue("date"),
                                           request.FormValue("reason"),
                                           request.FormValue("entry_id"), AuthorOf(request));
  if (!reversal.ok()) return ErrorResponse(request, context.templates, reversal.status());
  return Response::Redirect("/orgs/" + std::to_string(org) + "/vouchers/" +
                            std::to_string(reversal->seq) + "?saved=1");
}

Response OrgHomePage(WebContext& context, Request& request) {
  const int64_t org = OrgParam(request);
  auto organisation = context.orgs.Get(org);
  if (!organisation.ok()) return ErrorResponse(request, context.templates, organisation.status());
  json data = PageBase(request, context.orgs, org, organisation->name);
  json children = json::array();
  for (const auto& child : context.orgs.Children(org)) {
    children.push_back({{"id", child.id},
                        {"name", child.name},
                        {"type_th", std::string(org::OrgTypeThai(child.type))}});
  }
  data["children"] = children;
  data["has_children"] = !children.empty();
  data["keeps_books"] = org::KeepsBooks(organisation->type);
  auto head = context.ledger.GetHead(org);
  data["entries"] = head.ok() ? head->seq : 0;
  auto recent = context.vouchers.List(org, 5, 0);
  json rows = json::array();
  if (recent.ok()) {
    for (const auto& view : *recent) rows.push_back(VoucherJson(view));
  }
  data["recent"] = rows;
  return RenderPage(context.templates, "org", data);
}

// ---- JSON API ----

Result<VoucherInput> VoucherInputFromJson(const Request& request) {
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) {
    return Status::InvalidInput("http.malformed", "ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง",
                                "request body is not a JSON object");
  }
  VoucherInput input;
  input.org = OrgParam(request);
  auto text = [&](const char* key) -> std::string {
    return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
  };
  input.entry_id = text("entry_id");
  if (!input.entry_id.empty() && !IsUuid(input.entry_id)) {
    return Status::InvalidInput("gl.entry_id", "entry_id ต้องเป็น UUID", "", "entry_id");
  }
  input.type = text("type");
  input.date = text("date");
  input.description = text("description");
  if (body.contains("fiscal_year")) {
    if (!body["fiscal_year"].is_number_integer()) {
      return Status::InvalidInput("gl.fiscal_year", "ปีงบประมาณไม่ถูกต้อง", "", "fiscal_year");
    }
    input.fiscal_year = body["fiscal_year"].get<int>();
  }
  if (!body.contains("lines") || !body["lines"].is_array() || body["lines"].size() > 500) {
    return Status::InvalidInput("gl.lines", "ต้องระบุรายการบัญชี (lines)", "", "lines");
  }
  for (const auto& line : body["lines"]) {
    if (!line.is_object()) {
      return Status::InvalidInput("gl.lines", "รายการบัญชีไม่ถูกต้อง", "", "lines");
    }
    auto field = [&](const char* key) -> std::string {
      if (!line.contains(key)) return "";
      return line[key].is_string() ? line[key].get<std::string>() : line[key].dump();
    };
    input.lines.push_back({field("account"), field("debit"), field("credit")});
  }
  return input;
}

Response ApiCreateVoucher(WebContext& context, Request& request) {
  auto input = VoucherInputFromJson(request);
  if (!input.ok()) return Response::Problem(input.status());
  auto posted = context.vouchers.Post(*input, AuthorOf(request));
  if (!posted.ok()) return Response::Problem(posted.status());
  return Response::Json(VoucherJson(*posted), 201);
}

Response ApiGetVoucher(WebContext& context, Request& request) {
  const int64_t seq = SeqParam(request);
  auto view = context.vouchers.Get(OrgParam(request), seq);
  if (!view.ok()) return Response::Problem(view.status());
  return Response::Json(VoucherJson(*view));
}

Response ApiListVouchers(WebContext& context, Request& request) {
  auto views = context.vouchers.List(OrgParam(request), kListPageSize, 0);
  if (!views.ok()) return Response::Problem(views.status());
  json rows = json::array();
  for (const auto& view : *views) rows.push_back(VoucherJson(view));
  return Response::Json({{"vouchers", rows}});
}

Response ApiReverseVoucher(WebContext& context, Request& request) {
  json body = json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    return Response::Problem(Status::InvalidInput("http.malformed", "ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง",
                                                  "request body is not a JSON object"));
  }
  const int64_t seq = SeqParam(request);
  auto reversal = context.vouchers.Reverse(OrgParam(request), seq, body.value("date", ""),
                                           body.value("reason", ""), body.value("entry_id", ""),
                                           AuthorOf(request));
  if (!reversal.ok()) return Response::Problem(reversal.status());
  return Response::Json(VoucherJson(*reversal), 201);
}

Response ApiAccounts(WebContext& context, Request&) {
  json rows = json::array();
  for (const auto& account : context.chart.All()) {
    rows.push_back({{"code", account.code},
                    {"name_th", account.name_th},
                    {"name_en", account.name_en},
                    {"class", account.account_class},
                    {"normal_side", account.normal_debit ? "debit" : "credit"}});
  }
  return Response::Json({{"accounts", rows}});
}

}  // namespace

std::string AmountOrBlank(Money amount) { return amount.is_zero() ? "" : amount.Format(); }

int64_t PathInt(const http::Request& request, std::string_view name) {
  int64_t value = 0;
  const std::string text = request.PathParam(name);
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

http::Handler Bind(WebContext& context, http::Response (*handler)(WebContext&, http::Request&)) {
  return [&context, handler](http::Request& request) { return handler(context, request); };
}

std::string AuthorOf(const http::Request& request) {
  KLANG_ASSERT(request.identity != nullptr);
  return "user:" + std::to_string(request.identity->user_id);
}

nlohmann::json PageBase(const http::Request& request, org::OrgDirectory& orgs, int64_t org,
                        const std::string& title) {
  json data = {{"title", title}, {"org_id", org}};
  if (request.identity) {
    data["user"] = {{"name", request.identity->display_name},
                    {"username", request.identity->username},
                    {"role", request.identity->role},
                    {"home_org", request.identity->org_id}};
    data["csrf"] = request.identity->csrf_token;
  }
  // The paper document being back-entered, if any (decoded for the layout by the sync module).
  if (auto paper = request.cookies.find("klang_paper"); paper != request.cookies.end()) {
    data["paper_cookie"] = paper->second;
  }
  json breadcrumbs = json::array();
  for (const auto& step : orgs.PathTo(org)) {
    if (request.identity && !orgs.IsWithin(step.id, request.identity->org_id)) continue;
    breadcrumbs.push_back({{"id", step.id}, {"name", step.name}});
  }
  data["breadcrumbs"] = breadcrumbs;
  auto organisation = orgs.Get(org);
  if (organisation.ok()) {
    data["org_name"] = organisation->name;
    data["org_type_th"] = std::string(org::OrgTypeThai(organisation->type));
  }
  return data;
}

http::Response RenderPage(const http::Templates& templates, const std::string& name,
                          const nlohmann::json& data, int status, bool fragment) {
  auto html = templates.Render(name, data, fragment);
  if (!html.ok()) return http::Response::Problem(html.status());
  return http::Response::Html(std::move(html).value(), status);
}

http::Response ErrorResponse(const http::Request& request, const http::Templates& templates,
                             const Status& status) {
  if (!request.WantsHtml()) return http::Response::Problem(status);
  json data = {{"title", "เกิดข้อผิดพลาด"},
               {"message", status.message_th()},
               {"code", status.stable_code()}};
  if (request.identity) data["csrf"] = request.identity->csrf_token;
  return RenderPage(templates, "error", data, http::HttpStatusFor(status));
}

void RegisterAccountingRoutes(http::Router& router, WebContext& context) {
  const std::string module = "accounting";
  router.Add("GET", "/orgs/{org}", Access{false, "org.read", "org"}, Bind(context, OrgHomePage), module);
  router.Add("GET", "/orgs/{org}/vouchers", Access{false, "gl.voucher.read", "org"},
             Bind(context, VoucherListPage), module);
  router.Add("GET", "/orgs/{org}/vouchers/new", Access{false, "gl.voucher.create", "org"},
             Bind(context, VoucherForm), module);
  router.Add("GET", "/orgs/{org}/vouchers/line", Access{false, "gl.voucher.create", "org"},
             Bind(context, VoucherLineFragment), module);
  router.Add("POST", "/orgs/{org}/vouchers/balance", Access{false, "gl.voucher.create", "org"},
             Bind(context, VoucherBalanceFragment), module);
  router.Add("POST", "/orgs/{org}/vouchers", Access{false, "gl.voucher.create", "org"},
             Bind(context, CreateVoucherFromForm), module);
  router.Add("GET", "/orgs/{org}/vouchers/{seq}", Access{false, "gl.voucher.read", "org"},
             Bind(context, VoucherPage), module);
  router.Add("POST", "/orgs/{org}/vouchers/{seq}/reverse",
             Access{false, "gl.voucher.reverse", "org"}, Bind(context, ReverseFromForm), module);
  router.Add("GET", "/api/v1/orgs/{org}/accounts", Access{false, "org.read", "org"},
             Bind(context, ApiAccounts), module);
  router.Add("GET", "/api/v1/orgs/{org}/vouchers", Access{false, "gl.voucher.read", "org"},
             Bind(context, ApiListVouchers), module);
  router.Add("POST", "/api/v1/orgs/{org}/vouchers", Access{false, "gl.voucher.create", "org"},
             Bind(context, ApiCreateVoucher), module);
  router.Add("GET", "/api/v1/orgs/{org}/vouchers/{seq}", Access{false, "gl.voucher.read", "org"},
             Bind(context, ApiGetVoucher), module);
  router.Add("POST", "/api/v1/orgs/{org}/vouchers/{seq}/reverse",
             Access{false, "gl.voucher.reverse", "org"}, Bind(context, ApiReverseVoucher), module);
}

}  // namespace klang::accounting
