#include "web/expenditure/expenditure.h"

#include <functional>

#include "core/thai.h"
#include "web/kit/fields.h"
#include "web/kit/params.h"
#include "web/kit/views.h"

namespace klang::web {
namespace {

using accounting::Actor;
using expenditure::AdvanceInput;
using expenditure::BankFileFormat;
using expenditure::BatchInput;
using expenditure::BatchResultInput;
using expenditure::Claim;
using expenditure::ClaimInput;
using expenditure::ClearAdvanceInput;
using expenditure::DebtInput;
using expenditure::DisbursementService;
using expenditure::InspectionInput;
using expenditure::MakeKlangCsvBankFile;
using expenditure::OrderInput;
using expenditure::PaymentInput;
using expenditure::RequestInput;
using expenditure::StepInput;
using http::Request;
using http::Response;
using nlohmann::json;

std::string Base(int64_t org) { return "/orgs/" + std::to_string(org) + "/expenditure"; }

int FiscalYearParam(ExpenditureWeb& web, const Request& request) {
  return web::FiscalYearParam(request, web.pages.clock);
}

Response Refused(ExpenditureWeb& web, Request& request, const Status& status,
                 const std::function<Response(json extra)>& page) {
  return web::Refused(web.pages.templates, request, status, page);
}

Response Failed(ExpenditureWeb& web, Request& request, const Status& status) {
  return web::Failed(web.pages.templates, request, status);
}

json Page(ExpenditureWeb& web, const Request& request, const std::string& title) {
  return ModulePage(request, web.pages, title, Base(OrgParam(request)));
}

// Account names on voucher lines, for the screens.
json WithAccountNames(ExpenditureWeb& web, json lines) {
  for (auto& line : lines) {
    auto account = web.chart.Find(line["account"].get<std::string>());
    line["account_name"] = account.ok() ? account->name_th : "";
  }
  return lines;
}

json LineOptions(ExpenditureWeb& web, int64_t org, int64_t chosen) {
  json options = json::array();
  const Date today = web.pages.clock.TodayInThailand();
  if (auto lines = web.budget.Lines(org, FiscalYearOf(today), today); lines.ok()) {
    for (const auto& line : *lines) {
      options.push_back({{"id", line.id},
                         {"label", line.Label()},
                         {"available", AmountJson(line.available())},
                         {"selected", line.id == chosen}});
    }
  }
  return options;
}

// The lines a purchase may charge: this year's, and last year's งบลงทุน lines carried over
// without a debt, with what their carry-over still has free.
json PurchaseLineOptions(ExpenditureWeb& web, int64_t org, int64_t chosen) {
  json options = LineOptions(web, org, chosen);
  const Date today = web.pages.clock.TodayInThailand();
  auto carried = web.carryovers.OfYear(org, FiscalYearOf(today) - 1);
  if (!carried.ok()) return options;
  for (const auto& carryover : *carried) {
    const Money free = carryover.free();
    if (carryover.kind != budget::kCarryOverNoDebt || !free.is_positive() || carryover.expiry < today) continue;
    options.push_back({{"id", carryover.line},
                       {"label", carryover.number_text + " (เงินกันปี " + std::to_string(carryover.fiscal_year) + ") " +
                                     carryover.line_label},
                       {"available", AmountJson(free)},
                       {"selected", carryover.line == chosen}});
  }
  return options;
}

json BankOptions(ExpenditureWeb& web, int64_t org) {
  json options = json::array();
  if (auto banks = web.revenue.BankAccounts(org); banks.ok()) {
    for (const auto& bank : *banks) {
      options.push_back({{"id", bank.id}, {"name", bank.name + " " + bank.account_no}});
    }
  }
  return options;
}

// A list answered as {"<key>": [...]} to the API or rendered as `page`.
template <typename Items, typename ToJson>
Response ListPage(ExpenditureWeb& web, Request& request, Result<Items> items, ToJson to_json,
                  const char* key, const char* page, const std::string& title) {
  if (!items.ok()) return Failed(web, request, items.status());
  json rows = json::array();
  for (const auto& item : *items) rows.push_back(to_json(item));
  if (IsApi(request)) return Response::Json({{key, rows}});
  json data = Page(web, request, title);
  data[key] = rows;
  return RenderPage(web.pages.templates, page, data);
}

// ---- home ----

Response Home(ExpenditureWeb& web, Request& request) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "รายจ่ายและการเบิกจ่าย");
  const int fiscal_year = data["fiscal_year"].get<int>();
  auto requests = web.expenditure.Requests(org, fiscal_year);
  auto claims = web.disbursement.Register(org, fiscal_year);
  auto advances = web.disbursement.Advances(org, fiscal_year);
  auto cheques = web.disbursement.UncollectedOn(org, web.pages.clock.TodayInThailand());
  if (!requests.ok()) return Failed(web, request, requests.status());
  if (!claims.ok()) return Failed(web, request, claims.status());
  if (!advances.ok()) return Failed(web, request, advances.status());
  if (!cheques.ok()) return Failed(web, request, cheques.status());
  int64_t to_approve = 0;
  for (const auto& one : *requests) to_approve += one.state == expenditure::kRequested;
  json states = json::array();
  for (const char* state : expenditure::kClaimStatesOpen) {
    int64_t count = 0;
    for (const auto& claim : *claims) count += claim.state == state;
    states.push_back(
        {{"state", state}, {"name", expenditure::ClaimStateThai(state)}, {"count", count}});
  }
  int64_t overdue = 0;
  for (const auto& advance : *advances) overdue += advance.overdue;
  data["requests_to_approve"] = to_approve;
  data["claim_states"] = states;
  data["uncollected_count"] = cheques->count;
  data["uncollected_amount"] = AmountJson(cheques->amount);
  data["overdue_advances"] = overdue;
  return RenderPage(web.pages.templates, "expenditure_home", data);
}

// ---- requests ----

Response Requests(ExpenditureWeb& web, Request& request) {
  return ListPage(web, request,
                  web.expenditure.Requests(OrgParam(request), FiscalYearParam(web, request)),
                  RequestJson, "requests", "expenditure_requests", "รายงานขอซื้อขอจ้าง");
}

Response RequestFormPage(ExpenditureWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "รายงานขอซื้อขอจ้าง");
  data["lines"] = PurchaseLineOptions(web, org, Fields(request).Int("line"));
  json divisions = json::array();
  for (const auto& division : web.disbursement.config().divisions()) {
    divisions.push_back({{"code", division.name_th}, {"name", division.name_th}});
  }
  data["divisions"] = divisions;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_request_form", data);
}
Response RequestForm(ExpenditureWeb& web, Request& request) {
  return RequestFormPage(web, request, {});
}

Response CreateRequest(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  RequestInput input{OrgParam(request),     fields.Text("entry_id"), fields.Text("date"),
                     fields.Int("line"),    fields.Text("subject"),  fields.Text("reason"),
                     fields.Text("method"), fields.Text("amount"),   fields.Text("division")};
  auto created = web.expenditure.CreateRequest(input, ActorOf(request));
  if (!created.ok()) {
    return Refused(web, request, created.status(),
                   [&](json extra) { return RequestFormPage(web, request, extra); });
  }
  return Done(request, RequestJson(*created),
              Base(input.org) + "/requests/" + std::to_string(created->id));
}

Response RequestPage(ExpenditureWeb& web, Request& request, json extra) {
  auto found = web.expenditure.GetRequest(OrgParam(request), SeqParam(request));
  if (!found.ok()) return Failed(web, request, found.status());
  if (IsApi(request)) return Response::Json(RequestJson(*found));
  json data = Page(web, request, "รายงานขอซื้อขอจ้าง " + found->number_text);
  data["request"] = RequestJson(*found);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_request", data);
}
Response RequestView(ExpenditureWeb& web, Request& request) {
  return RequestPage(web, request, {});
}

Response ApproveRequest(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto approved = web.expenditure.ApproveRequest(org, SeqParam(request), fields.Text("entry_id"),
                                                 fields.Text("date"), ActorOf(request));
  if (!approved.ok()) {
    return Refused(web, request, approved.status(),
                   [&](json extra) { return RequestPage(web, request, extra); });
  }
  return Done(request, RequestJson(*approved),
              Base(org) + "/requests/" + std::to_string(approved->id));
}

// ---- orders, inspection, debts ----

Response Orders(ExpenditureWeb& web, Request& request) {
  return ListPage(web, request,
                  web.expenditure.Orders(OrgParam(request), FiscalYearParam(web, request)),
                  OrderJson, "orders", "expenditure_orders", "ใบสั่งซื้อ/สั่งจ้างและสัญญา");
}

Response OrderFormPage(ExpenditureWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "ใบสั่งซื้อ/สั่งจ้างหรือสัญญา");
  const Fields fields(request);
  const int64_t request_id =
      fields.Int("request") != 0 ? fields.Int("request") : ToInt(request.QueryParam("request"));
  auto found = web.expenditure.GetRequest(org, request_id);
  if (found.ok()) data["request"] = RequestJson(*found);
  auto rows = fields.TypedRows("instalments", {"instalment_amount", "instalment_due"});
  rows.resize(std::max<size_t>(rows.size(), 3));
  json instalments = json::array();
  for (auto& row : rows)
    instalments.push_back({{"amount", row["instalment_amount"]}, {"due", row["instalment_due"]}});
  data["instalments"] = instalments;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_order_form", data);
}
Response OrderForm(ExpenditureWeb& web, Request& request) {
  return OrderFormPage(web, request, {});
}

Response PlaceOrder(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  OrderInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.date = fields.Text("date");
  input.request = fields.Int("request");
  input.vendor_name = fields.Text("vendor_name");
  input.vendor_tax_id = fields.Text("vendor_tax_id");
  input.vendor_address = fields.Text("vendor_address");
  input.contract_no = fields.Text("contract_no");
  input.egp_project_no = fields.Text("egp_project_no");
  auto refused = [&](const Status& status) {
    return Refused(web, request, status,
                   [&](json extra) { return OrderFormPage(web, request, extra); });
  };
  auto rows = fields.Rows("instalments", {"instalment_amount", "instalment_due"});
  if (!rows.ok()) return refused(rows.status());
  for (auto& row : *rows) {
    if (row["instalment_amount"].empty() && row["instalment_due"].empty()) continue;
    input.instalments.push_back({row["instalment_amount"], row["instalment_due"]});
  }
  auto order = web.expenditure.PlaceOrder(input, ActorOf(request));
  if (!order.ok()) return refused(order.status());
  return Done(request, OrderJson(*order), Base(input.org) + "/orders/" + std::to_string(order->id));
}

Response OrderPage(ExpenditureWeb& web, Request& request, json extra) {
  auto order = web.expenditure.GetOrder(OrgParam(request), SeqParam(request));
  if (!order.ok()) return Failed(web, request, order.status());
  if (IsApi(request)) return Response::Json(OrderJson(*order));
  json data = Page(web, request, "ใบสั่ง/สัญญา " + order->number_text);
  data["order"] = OrderJson(*order);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_order", data);
}
Response OrderView(ExpenditureWeb& web, Request& request) { return OrderPage(web, request, {}); }

Response Inspect(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  InspectionInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.date = fields.Text("date");
  input.order = SeqParam(request);
  input.instalment = static_cast<int>(fields.Int("instalment"));
  input.committee = fields.Lines("committee");
  input.note = fields.Text("note");
  auto order = web.expenditure.Inspect(input, ActorOf(request));
  if (!order.ok()) {
    return Refused(web, request, order.status(),
                   [&](json extra) { return OrderPage(web, request, extra); });
  }
  return Done(request, OrderJson(*order), Base(input.org) + "/orders/" + std::to_string(order->id));
}

Response SetDebt(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  DebtInput input{OrgParam(request), fields.Text("entry_id"), fields.Text("date"),
                  fields.Int("inspection"), fields.Text("description")};
  auto debt = web.expenditure.SetDebt(input, ActorOf(request));
  if (!debt.ok()) {
    const int64_t order = fields.Int("order");
    return Refused(web, request, debt.status(), [&](json extra) {
      request.path_params["seq"] = std::to_string(order);
      return OrderPage(web, request, extra);
    });
  }
  json out = DebtJson(*debt);
  out["lines"] = WithAccountNames(web, out["lines"]);
  return Done(request, out, Base(input.org) + "/debts/" + std::to_string(debt->id));
}

Response DebtView(ExpenditureWeb& web, Request& request) {
  auto debt = web.expenditure.GetDebt(OrgParam(request), SeqParam(request));
  if (!debt.ok()) return Failed(web, request, debt.status());
  json out = DebtJson(*debt);
  out["lines"] = WithAccountNames(web, out["lines"]);
  if (IsApi(request)) return Response::Json(out);
  json data = Page(web, request, "ใบผ่านรายการตั้งหนี้ " + debt->number_text);
  data["debt"] = out;
  return RenderPage(web.pages.templates, "expenditure_debt", data);
}

// ---- ฎีกา ----

Response Claims(ExpenditureWeb& web, Request& request) {
  const std::string state = request.QueryParam("state");
  auto all = web.disbursement.Register(OrgParam(request), FiscalYearParam(web, request));
  if (all.ok() && !state.empty()) {
    std::erase_if(*all, [&](const Claim& claim) { return claim.state != state; });
  }
  return ListPage(web, request, std::move(all), ClaimJson, "claims", "expenditure_claims",
                  "ทะเบียนเลขที่ผู้เบิก/เลขที่คลังรับ");
}

Response ClaimFormPage(ExpenditureWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "จัดทำฎีกา");
  const Fields fields(request);
  const std::string kind =
      fields.Text("kind").empty() ? request.QueryParam("kind", "debt") : fields.Text("kind");
  json kinds = json::array();
  for (const auto& [code, name] :
       {std::pair<const char*, const char*>{"debt", "จ่ายชำระหนี้ (ตามใบผ่านรายการตั้งหนี้)"},
        {"budget", "เบิกตามงบประมาณ"},
        {"payroll", "เงินเดือน/ค่าจ้าง"},
        {"deposit", "จ่ายเงินรับฝาก"},
        {"advance", "เงินยืม (ตามสัญญายืม)"}}) {
    kinds.push_back({{"code", code}, {"name", name}, {"selected", kind == code}});
  }
  data["kinds"] = kinds;
  json divisions = json::array();
  for (const auto& division : web.disbursement.config().divisions()) {
    divisions.push_back({{"code", division.code},
                         {"name", division.name_th},
                         {"selected", division.code == fields.Text("division")}});
  }
  data["divisions"] = divisions;
  data["lines"] = LineOptions(web, org, Fields(request).Int("line"));
  json deductions = json::array();
  auto rows = fields.TypedRows("deductions", {"deduction_kind", "deduction_amount"});
  rows.resize(std::max<size_t>(rows.size(), 3));
  for (auto& row : rows) {
    json options = json::array();
    for (const auto& type : web.disbursement.config().deductions()) {
      options.push_back({{"code", type.code},
                         {"name", type.name_th},
                         {"selected", type.code == row["deduction_kind"]}});
    }
    deductions.push_back({{"kinds", options}, {"amount", row["deduction_amount"]}});
  }
  data["deductions"] = deductions;
  data["debt_value"] =
      fields.Text("debt").empty() ? request.QueryParam("debt") : fields.Text("debt");
  data["advance_value"] =
      fields.Text("advance").empty() ? request.QueryParam("advance") : fields.Text("advance");
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_claim_form", data);
}
Response ClaimForm(ExpenditureWeb& web, Request& request) {
  return ClaimFormPage(web, request, {});
}

Response PrepareClaim(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  ClaimInput input;
  input.org = OrgParam(request);
  input.entry_id = fields.Text("entry_id");
  input.date = fields.Text("date");
  input.kind = fields.Text("kind");
  input.division = fields.Text("division");
  input.debt = fields.Int("debt");
  input.line = fields.Int("line");
  input.deposit_account = fields.Text("deposit_account");
  input.payee_name = fields.Text("payee_name");
  input.payee_tax_id = fields.Text("payee_tax_id");
  input.payee_bank = fields.Text("payee_bank");
  input.payee_account_no = fields.Text("payee_account_no");
  input.description = fields.Text("description");
  input.amount = fields.Text("amount");
  input.advance = fields.Int("advance");
  auto refused = [&](const Status& status) {
    return Refused(web, request, status,
                   [&](json extra) { return ClaimFormPage(web, request, extra); });
  };
  auto rows = fields.Rows("deductions", {"deduction_kind", "deduction_amount"});
  if (!rows.ok()) return refused(rows.status());
  for (auto& row : *rows) {
    if (row["deduction_kind"].empty() && row["deduction_amount"].empty()) continue;
    if (!IsApi(request) && row["deduction_amount"].empty()) continue;  // a kind chosen, no amount
    input.deductions.push_back({row["deduction_kind"], row["deduction_amount"]});
  }
  input.attachments = fields.Lines("attachments");
  auto claim = web.disbursement.Prepare(input, ActorOf(request));
  if (!claim.ok()) return refused(claim.status());
  return Done(request, ClaimJson(*claim), Base(input.org) + "/claims/" + std::to_string(claim->id));
}

Response ClaimPage(ExpenditureWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto claim = web.disbursement.Get(org, SeqParam(request));
  if (!claim.ok()) return Failed(web, request, claim.status());
  if (IsApi(request)) return Response::Json(ClaimJson(*claim));
  json data = Page(web, request, "ฎีกา " + claim->requester_text);
  json view = ClaimJson(*claim);
  for (const char* state : expenditure::kClaimStatesOpen) {
    view[std::string("is_") + state] = claim->state == state;
  }
  data["claim"] = view;
  data["banks"] = BankOptions(web, org);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_claim", data);
}
Response ClaimView(ExpenditureWeb& web, Request& request) { return ClaimPage(web, request, {}); }

using StepCall = Result<Claim> (DisbursementService::*)(int64_t, int64_t, const StepInput&,
                                                        const Actor&);
Response ClaimStep(ExpenditureWeb& web, Request& request, StepCall call) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto claim = (web.disbursement.*call)(
      org, SeqParam(request), {fields.Text("entry_id"), fields.Text("date"), fields.Text("note")},
      ActorOf(request));
  if (!claim.ok()) {
    if (!IsApi(request) && claim.status().code() == ErrorCode::kPermissionDenied) {
      // Segregation of duties: show the ฎีกา again with the reason rather than a bare 403 page.
      Response page = ClaimPage(
          web, request,
          {{"error", claim.status().message_th()}, {"error_code", claim.status().stable_code()}});
      page.status = 403;
      return page;
    }
    return Refused(web, request, claim.status(),
                   [&](json extra) { return ClaimPage(web, request, extra); });
  }
  return Done(request, ClaimJson(*claim), Base(org) + "/claims/" + std::to_string(claim->id));
}
Response Lodge(ExpenditureWeb& web, Request& request) {
  return ClaimStep(web, request, &DisbursementService::Lodge);
}
Response Check(ExpenditureWeb& web, Request& request) {
  return ClaimStep(web, request, &DisbursementService::Check);
}
Response Certify(ExpenditureWeb& web, Request& request) {
  return ClaimStep(web, request, &DisbursementService::Certify);
}
Response Approve(ExpenditureWeb& web, Request& request) {
  return ClaimStep(web, request, &DisbursementService::Approve);
}

Response Pay(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  PaymentInput input{OrgParam(request),        fields.Text("entry_id"), fields.Text("date"),
                     SeqParam(request),        fields.Text("means"),    fields.Int("bank_account"),
                     fields.Text("cheque_no"), fields.Text("reference")};
  auto payment = web.disbursement.Pay(input, ActorOf(request));
  if (!payment.ok()) {
    return Refused(web, request, payment.status(),
                   [&](json extra) { return ClaimPage(web, request, extra); });
  }
  json out = PaymentJson(*payment);
  out["lines"] = WithAccountNames(web, out["lines"]);
  return Done(request, out, Base(input.org) + "/payments/" + std::to_string(payment->id));
}

// ---- payments ----

Response Payments(ExpenditureWeb& web, Request& request) {
  return ListPage(web, request,
                  web.disbursement.Payments(OrgParam(request), FiscalYearParam(web, request)),
                  PaymentJson, "payments", "expenditure_payments", "ใบผ่านรายการจ่าย");
}

Response PaymentPage(ExpenditureWeb& web, Request& request, json extra) {
  auto payment = web.disbursement.GetPayment(OrgParam(request), SeqParam(request));
  if (!payment.ok()) return Failed(web, request, payment.status());
  json out = PaymentJson(*payment);
  out["lines"] = WithAccountNames(web, out["lines"]);
  if (IsApi(request)) return Response::Json(out);
  json data = Page(web, request, "ใบผ่านรายการจ่าย " + payment->number_text);
  data["payment"] = out;
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_payment", data);
}
Response PaymentView(ExpenditureWeb& web, Request& request) {
  return PaymentPage(web, request, {});
}

Response ChequeCollected(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  const int64_t org = OrgParam(request);
  auto payment = web.disbursement.RecordChequeCollected(
      org, SeqParam(request), {fields.Text("entry_id"), fields.Text("date"), fields.Text("note")},
      ActorOf(request));
  if (!payment.ok()) {
    return Refused(web, request, payment.status(),
                   [&](json extra) { return PaymentPage(web, request, extra); });
  }
  return Done(request, PaymentJson(*payment),
              Base(org) + "/payments/" + std::to_string(payment->id));
}

// ---- e-payment batches ----

Response BatchFormPage(ExpenditureWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  json data = Page(web, request, "ชุดโอนเงิน e-Payment");
  auto claims = web.disbursement.Register(org, data["fiscal_year"].get<int>());
  if (!claims.ok()) return Failed(web, request, claims.status());
  json ready = json::array();
  for (const auto& claim : *claims) {
    if (claim.state == expenditure::kClaimApproved && claim.batch == 0 && !claim.payee_account_no.empty()) {
      ready.push_back(ClaimJson(claim));
    }
  }
  data["claims"] = ready;
  data["banks"] = BankOptions(web, org);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_batch_form", data);
}
Response BatchForm(ExpenditureWeb& web, Request& request) {
  return BatchFormPage(web, request, {});
}

Response CreateBatch(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  BatchInput input{OrgParam(request),         fields.Text("entry_id"),    fields.Text("date"),
                   fields.Text("value_date"), fields.Int("bank_account"), fields.Ints("claims")};
  auto batch = web.disbursement.CreateBatch(input, ActorOf(request));
  if (!batch.ok()) {
    return Refused(web, request, batch.status(),
                   [&](json extra) { return BatchFormPage(web, request, extra); });
  }
  return Done(request, BatchJson(*batch),
              Base(input.org) + "/batches/" + std::to_string(batch->id));
}

Response BatchPage(ExpenditureWeb& web, Request& request, json extra) {
  auto batch = web.disbursement.GetBatch(OrgParam(request), SeqParam(request));
  if (!batch.ok()) return Failed(web, request, batch.status());
  if (IsApi(request)) return Response::Json(BatchJson(*batch));
  json data = Page(web, request, "ชุดโอนเงิน " + batch->number_text);
  data["batch"] = BatchJson(*batch);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_batch", data);
}
Response BatchView(ExpenditureWeb& web, Request& request) { return BatchPage(web, request, {}); }

Response BatchFile(ExpenditureWeb& web, Request& request) {
  const std::unique_ptr<BankFileFormat> format = MakeKlangCsvBankFile();
  auto file = web.disbursement.BankFile(OrgParam(request), SeqParam(request), *format);
  if (!file.ok()) return Failed(web, request, file.status());
  return Response::Download(std::move(file->second), "text/csv; charset=utf-8", file->first);
}

Response ConfirmBatch(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  BatchResultInput input{OrgParam(request),
                         fields.Text("entry_id"),
                         fields.Text("date"),
                         SeqParam(request),
                         fields.Ints("failed_claims"),
                         fields.Text("bank_debited"),
                         fields.Text("bank_reference")};
  auto batch = web.disbursement.ConfirmBatch(input, ActorOf(request));
  if (!batch.ok()) {
    return Refused(web, request, batch.status(),
                   [&](json extra) { return BatchPage(web, request, extra); });
  }
  return Done(request, BatchJson(*batch),
              Base(input.org) + "/batches/" + std::to_string(batch->id));
}

// ---- staff advances ----

Response AdvancesPage(ExpenditureWeb& web, Request& request, json extra) {
  const int64_t org = OrgParam(request);
  auto advances = web.disbursement.Advances(org, FiscalYearParam(web, request));
  if (!advances.ok()) return Failed(web, request, advances.status());
  json rows = json::array();
  for (const auto& advance : *advances) rows.push_back(AdvanceJson(advance));
  if (IsApi(request)) return Response::Json({{"advances", rows}});
  json data = Page(web, request, "ทะเบียนคุมสัญญาการยืมเงิน");
  data["advances"] = rows;
  data["lines"] = LineOptions(web, org, Fields(request).Int("line"));
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_advances", data);
}
Response Advances(ExpenditureWeb& web, Request& request) { return AdvancesPage(web, request, {}); }

Response CreateAdvance(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  AdvanceInput input{OrgParam(request),       fields.Text("entry_id"), fields.Text("date"),
                     fields.Text("borrower"), fields.Text("position"), fields.Text("purpose"),
                     fields.Int("line"),      fields.Text("amount"),   fields.Text("due_on")};
  auto advance = web.disbursement.CreateAdvance(input, ActorOf(request));
  if (!advance.ok()) {
    return Refused(web, request, advance.status(),
                   [&](json extra) { return AdvancesPage(web, request, extra); });
  }
  return Done(request, AdvanceJson(*advance),
              Base(input.org) + "/advances/" + std::to_string(advance->id));
}

Response AdvancePage(ExpenditureWeb& web, Request& request, json extra) {
  auto advance = web.disbursement.GetAdvance(OrgParam(request), SeqParam(request));
  if (!advance.ok()) return Failed(web, request, advance.status());
  if (IsApi(request)) return Response::Json(AdvanceJson(*advance));
  json data = Page(web, request, "สัญญาการยืมเงิน " + advance->number_text);
  data["advance"] = AdvanceJson(*advance);
  Merge(data, extra);
  return RenderPage(web.pages.templates, "expenditure_advance", data);
}
Response AdvanceView(ExpenditureWeb& web, Request& request) {
  return AdvancePage(web, request, {});
}

Response ClearAdvance(ExpenditureWeb& web, Request& request) {
  const Fields fields(request);
  ClearAdvanceInput input{OrgParam(request), fields.Text("entry_id"),        fields.Text("date"),
                          SeqParam(request), fields.Text("evidence_amount"), fields.Text("note")};
  auto advance = web.disbursement.ClearAdvance(input, ActorOf(request));
  if (!advance.ok()) {
    return Refused(web, request, advance.status(),
                   [&](json extra) { return AdvancePage(web, request, extra); });
  }
  return Done(request, AdvanceJson(*advance),
              Base(input.org) + "/advances/" + std::to_string(advance->id));
}

}  // namespace

void RegisterExpenditureRoutes(RouteTable& table, ExpenditureWeb& web) {
  // clang-format off
  table.AddOrgRoutes("/expenditure", web, {
      {"GET", "", "exp.read", Home, Face::kPage},
      {"GET", "/requests", "exp.read", Requests},
      {"GET", "/requests/new", "exp.request", RequestForm, Face::kPage},
      {"POST", "/requests", "exp.request", CreateRequest},
      {"GET", "/requests/{seq}", "exp.read", RequestView},
      {"POST", "/requests/{seq}/approve", "exp.approve", ApproveRequest},
      {"GET", "/orders", "exp.read", Orders},
      {"GET", "/orders/new", "exp.procure", OrderForm, Face::kPage},
      {"POST", "/orders", "exp.procure", PlaceOrder},
      {"GET", "/orders/{seq}", "exp.read", OrderView},
      {"POST", "/orders/{seq}/inspect", "exp.procure", Inspect},
      {"POST", "/debts", "exp.debt", SetDebt},
      {"GET", "/debts/{seq}", "exp.read", DebtView},
      {"GET", "/claims", "exp.read", Claims},
      {"GET", "/claims/new", "exp.request", ClaimForm, Face::kPage},
      {"POST", "/claims", "exp.request", PrepareClaim},
      {"GET", "/claims/{seq}", "exp.read", ClaimView},
      {"POST", "/claims/{seq}/lodge", "exp.lodge", Lodge},
      {"POST", "/claims/{seq}/check", "exp.check", Check},
      {"POST", "/claims/{seq}/certify", "exp.certify", Certify},
      {"POST", "/claims/{seq}/approve", "exp.approve", Approve},
      {"POST", "/claims/{seq}/pay", "exp.pay", Pay},
      {"GET", "/payments", "exp.read", Payments},
      {"GET", "/payments/{seq}", "exp.read", PaymentView},
      {"POST", "/payments/{seq}/collected", "exp.pay", ChequeCollected},
      {"GET", "/batches/new", "exp.pay", BatchForm, Face::kPage},
      {"POST", "/batches", "exp.pay", CreateBatch},
      {"GET", "/batches/{seq}", "exp.read", BatchView},
      {"GET", "/batches/{seq}/file", "exp.pay", BatchFile},
      {"POST", "/batches/{seq}/confirm", "exp.pay", ConfirmBatch},
      {"GET", "/advances", "exp.read", Advances},
      {"POST", "/advances", "exp.request", CreateAdvance},
      {"GET", "/advances/{seq}", "exp.read", AdvanceView},
      {"POST", "/advances/{seq}/clear", "exp.pay", ClearAdvance},
  });
  // clang-format on
}

}  // namespace klang::web
