#include "expenditure/expenditure.h"

#include <map>

#include "expenditure/kinds.h"

namespace klang::expenditure {
namespace {

using ledger::BodyFlag;
using ledger::BodyInt;
using ledger::BodyText;

using ledger::Entry;
using nlohmann::json;
using store::Connection;
using store::Rows;

constexpr size_t kInstalmentsMax = 60;
constexpr size_t kCommitteeMax = 15;

std::string MethodTh(const std::string& method) {
  if (method == kMethodSpecific) return "วิธีเฉพาะเจาะจง";
  if (method == kMethodSelection) return "วิธีคัดเลือก";
  if (method == kMethodEBidding) return "วิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)";
  return method;
}

std::string NumberText(const Entry& entry, const char* series) {
  auto found = entry.numbers.find(series);
  const int64_t number = found == entry.numbers.end() ? 0 : found->second;
  return ledger::DocumentNumberText(
      entry, "ที่ " + std::to_string(number) + "/" + std::to_string(entry.fiscal_year));
}

// ---- projection: requests, orders, instalments ----

class ExpenditureProjection final : public ledger::Projection {
 public:
  std::string_view name() const override { return "expenditure"; }

  Status Apply(Connection& tx, std::span<const Entry> entries) override {
    for (const Entry& entry : entries) KLANG_RETURN_IF_ERROR(ApplyOne(tx, entry));
    return Status::Ok();
  }

  Status Clear(Connection& tx, int64_t org) override {
    for (const char* table : {"exp_requests", "exp_orders", "exp_instalments"}) {
      KLANG_RETURN_IF_ERROR(
          tx.Execute(std::string("DELETE FROM ") + table + " WHERE org_id = $1", {org}).status());
    }
    return Status::Ok();
  }

  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override;

 private:
  Status ApplyOne(Connection& tx, const Entry& entry) {
    const json& body = entry.body;
    const int64_t org = entry.org;
    if (entry.kind == kKindRequest) {
      return tx.Execute("INSERT INTO exp_requests (org_id, id, fiscal_year, line_id, amount, state, "
                        "order_id) VALUES ($1, $2, $3, $4, $5, 'requested', 0)",
                        {org, entry.seq, int64_t{entry.fiscal_year}, BodyInt(body, "line"),
                         BodyInt(body, "amount")})
          .status();
    }
    if (entry.kind == kKindRequestApprove) {
      KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT state FROM exp_requests WHERE org_id = $1 AND id = $2",
                                                 {org, BodyInt(body, "request")}));
      if (rows.empty()) return Status::Refusal("expenditure.request_not_found", "ไม่พบรายงานขอซื้อขอจ้าง");
      if (rows[0].Text(0) != kRequested) return Status::Refusal("expenditure.request_state", "รายงานขอซื้อขอจ้างนี้ได้รับอนุมัติแล้ว");
      return tx.Execute("UPDATE exp_requests SET state = 'approved' WHERE org_id = $1 AND id = $2",
                        {org, BodyInt(body, "request")})
          .status();
    }
    if (entry.kind == kKindOrder) {
      const int64_t request = BodyInt(body, "request");
      KLANG_ASSIGN_OR_RETURN(
          Rows rows, tx.Query("SELECT state, amount, line_id FROM exp_requests WHERE org_id = $1 AND id = $2",
                              {org, request}));
      if (rows.empty()) return Status::Refusal("expenditure.request_not_found", "ไม่พบรายงานขอซื้อขอจ้าง", "request");
      if (rows[0].Text(0) == kRequested) {
        return Status::Refusal("expenditure.request_not_approved", "รายงานขอซื้อขอจ้างยังไม่ได้รับอนุมัติ", "request");
      }
      if (rows[0].Text(0) == kOrdered) {
        return Status::Refusal("expenditure.already_ordered", "รายงานขอซื้อขอจ้างนี้ออกใบสั่งซื้อ/สัญญาแล้ว", "request");
      }
      const int64_t amount = BodyInt(body, "amount");
      if (amount > rows[0].Int(1)) {
        return Status::Refusal("expenditure.over_request",
                      "วงเงินตามใบสั่งซื้อ/สัญญา " + Money::FromSatang(amount).Format() +
                          " บาท สูงกว่าวงเงินที่ขออนุมัติ " + Money::FromSatang(rows[0].Int(1)).Format() + " บาท",
                      "amount");
      }
      KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE exp_requests SET state = 'ordered', order_id = $1 "
                                       "WHERE org_id = $2 AND id = $3",
                                       {entry.seq, org, request})
                                .status());
      KLANG_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO exp_orders (org_id, id, fiscal_year, request_id, line_id, amount, "
                     "debt_set) VALUES ($1, $2, $3, $4, $5, $6, 0)",
                     {org, entry.seq, int64_t{entry.fiscal_year}, request, rows[0].Int(2), amount})
              .status());
      int64_t no = 0;
      for (const auto& instalment : body.value("instalments", json::array())) {
        KLANG_RETURN_IF_ERROR(
            tx.Execute("INSERT INTO exp_instalments (org_id, order_id, no, amount, due, inspection_id, "
                       "debt_id) VALUES ($1, $2, $3, $4, $5, 0, 0)",
                       {org, entry.seq, ++no, BodyInt(instalment, "amount"),
                        instalment.value("due", std::string())})
                .status());
      }
      return Status::Ok();
    }
    if (entry.kind == kKindInspect) {
      const int64_t order = BodyInt(body, "order"), no = BodyInt(body, "instalment");
      KLANG_ASSIGN_OR_RETURN(
          Rows rows, tx.Query("SELECT no, inspection_id FROM exp_instalments WHERE org_id = $1 AND "
                              "order_id = $2 AND no <= $3 ORDER BY no",
                              {org, order, no}));
      if (rows.empty() || rows.back().Int(0) != no) {
        return Status::Refusal("expenditure.instalment_not_found", "ไม่พบงวดงานที่ระบุในใบสั่งซื้อ/สัญญา", "instalment");
      }
      if (rows.back().Int(1) != 0) return Status::Refusal("expenditure.already_inspected", "งวดนี้ตรวจรับแล้ว", "instalment");
      for (size_t index = 0; index + 1 < rows.size(); ++index) {
        if (rows[index].Int(1) == 0) {
          return Status::Refusal("expenditure.instalment_order",
                        "ต้องตรวจรับงวดที่ " + std::to_string(rows[index].Int(0)) + " ก่อน", "instalment");
        }
      }
      return tx.Execute("UPDATE exp_instalments SET inspection_id = $1 WHERE org_id = $2 AND "
                        "order_id = $3 AND no = $4",
                        {entry.seq, org, order, no})
          .status();
    }
    if (entry.kind == kKindDebt) {
      const int64_t order = BodyInt(body, "order"), no = BodyInt(body, "instalment");
      KLANG_ASSIGN_OR_RETURN(
          Rows rows, tx.Query("SELECT inspection_id, debt_id, amount FROM exp_instalments WHERE org_id = $1 "
                              "AND order_id = $2 AND no = $3",
                              {org, order, no}));
      if (rows.empty() || rows[0].Int(0) != BodyInt(body, "inspection")) {
        return Status::Refusal("expenditure.not_inspected", "งวดนี้ยังไม่ได้ตรวจรับ จึงตั้งหนี้ไม่ได้", "inspection");
      }
      if (rows[0].Int(1) != 0) return Status::Refusal("expenditure.debt_already_set", "งวดนี้ตั้งหนี้แล้ว", "inspection");
      KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE exp_instalments SET debt_id = $1 WHERE org_id = $2 AND "
                                       "order_id = $3 AND no = $4",
                                       {entry.seq, org, order, no})
                                .status());
      return tx.Execute("UPDATE exp_orders SET debt_set = debt_set + $1 WHERE org_id = $2 AND id = $3",
                        {rows[0].Int(2), org, order})
          .status();
    }
    return Status::Ok();
  }
};

// verify: the instalments' inspection and debt links and the requests' states, folded.
class ExpenditureCheck final : public ledger::ProjectionCheck {
 public:
  explicit ExpenditureCheck(int64_t org) : org_(org) {}
  bool ReadsBody(std::string_view kind) const override { return kind.starts_with("exp."); }
  void Fold(const Entry& entry) override {
    const json& body = entry.body;
    if (entry.kind == kKindRequest) requests_[entry.seq] = {kRequested, entry.seq};
    if (entry.kind == kKindRequestApprove) requests_[BodyInt(body, "request")] = {kClaimApproved, entry.seq};
    if (entry.kind == kKindOrder) {
      requests_[BodyInt(body, "request")] = {kOrdered, entry.seq};
      int64_t no = 0;
      for (size_t index = 0; index < body.value("instalments", json::array()).size(); ++index) {
        instalments_[{entry.seq, ++no}] = {0, 0, entry.seq};
      }
    }
    if (entry.kind == kKindInspect) {
      auto& instalment = instalments_[{BodyInt(body, "order"), BodyInt(body, "instalment")}];
      instalment.inspection = instalment.seq = entry.seq;
    }
    if (entry.kind == kKindDebt) {
      auto& instalment = instalments_[{BodyInt(body, "order"), BodyInt(body, "instalment")}];
      instalment.debt = instalment.seq = entry.seq;
    }
  }
  Result<std::optional<ledger::Disagreement>> Compare(Connection& connection) override {
    std::optional<ledger::Disagreement> first;
    auto note = [&](int64_t seq, std::string what) {
      if (!first || seq < first->seq) first = ledger::Disagreement{seq, std::move(what)};
    };
    KLANG_ASSIGN_OR_RETURN(Rows rows, connection.Query("SELECT id, state FROM exp_requests WHERE org_id = $1", {org_}));
    if (rows.size() != requests_.size()) note(0, "procurement request rows differ from the log");
    for (const auto& row : rows) {
      auto found = requests_.find(row.Int(0));
      if (found == requests_.end() || found->second.first != row.Text(1)) {
        note(found == requests_.end() ? 0 : found->second.second,
             "procurement request " + std::to_string(row.Int(0)) + " differs from the log");
      }
    }
    KLANG_ASSIGN_OR_RETURN(rows, connection.Query("SELECT order_id, no, inspection_id, debt_id FROM "
                                                  "exp_instalments WHERE org_id = $1",
                                                  {org_}));
    if (rows.size() != instalments_.size()) note(0, "instalment rows differ from the log");
    for (const auto& row : rows) {
      auto found = instalments_.find({row.Int(0), row.Int(1)});
      if (found == instalments_.end() || found->second.inspection != row.Int(2) ||
          found->second.debt != row.Int(3)) {
        note(found == instalments_.end() ? 0 : found->second.seq,
             "instalment " + std::to_string(row.Int(1)) + " of order " + std::to_string(row.Int(0)) +
                 " differs from the log");
      }
    }
    return first;
  }

 private:
  struct Folded {
    int64_t inspection = 0, debt = 0, seq = 0;
  };
  int64_t org_;
  std::map<int64_t, std::pair<std::string, int64_t>> requests_;
  std::map<std::pair<int64_t, int64_t>, Folded> instalments_;
};

std::unique_ptr<ledger::ProjectionCheck> ExpenditureProjection::BeginCheck(int64_t org) const {
  return std::make_unique<ExpenditureCheck>(org);
}

}  // namespace

struct ExpenditureService::Impl {
  accounting::DocumentKit kit;
  accounting::ChartOfAccounts& chart;
  budget::BudgetService& budget;
  budget::CarryOverService& carryovers;
  ExpenditureProjection projection;
};

ExpenditureService::ExpenditureService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                                       accounting::ChartOfAccounts& chart,
                                       budget::BudgetService& budget,
                                       budget::CarryOverService& carryovers, const Clock& clock,
                                       Random& random)
    : impl_(new Impl{accounting::DocumentKit("expenditure", ledger, orgs, clock, random), chart,
                     budget, carryovers, {}}) {}

ExpenditureService::~ExpenditureService() = default;

ledger::Projection* ExpenditureService::projection() { return &impl_->projection; }

std::vector<store::Migration> ExpenditureService::Migrations() {
  return {{"expenditure", 1, R"SQL(
CREATE TABLE exp_requests (
  org_id {INT} NOT NULL, id {INT} NOT NULL, fiscal_year {INT} NOT NULL, line_id {INT} NOT NULL,
  amount {INT} NOT NULL, state TEXT NOT NULL, order_id {INT} NOT NULL,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE TABLE exp_orders (
  org_id {INT} NOT NULL, id {INT} NOT NULL, fiscal_year {INT} NOT NULL, request_id {INT} NOT NULL,
  line_id {INT} NOT NULL, amount {INT} NOT NULL, debt_set {INT} NOT NULL,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE TABLE exp_instalments (
  org_id {INT} NOT NULL, order_id {INT} NOT NULL, no {INT} NOT NULL, amount {INT} NOT NULL,
  due TEXT NOT NULL, inspection_id {INT} NOT NULL, debt_id {INT} NOT NULL,
  PRIMARY KEY (org_id, order_id, no)
) {STRICT};
)SQL"}};
}

// ---- requests ----

Result<Request> ExpenditureService::CreateRequest(const RequestInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  auto line = m.budget.Line(input.org, input.line);
  if (!line.ok()) return m.kit.Refuse("line", "กรุณาเลือกรายการงบประมาณ", "line");
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.subject, "subject", "เรื่องที่ขอซื้อขอจ้าง"));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.reason, "reason", "เหตุผลความจำเป็น"));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.division, "division", "หน่วยงานที่ขอ"));
  if (input.method != kMethodSpecific && input.method != kMethodSelection && input.method != kMethodEBidding) {
    return m.kit.Refuse("method", "กรุณาเลือกวิธีการจัดซื้อจัดจ้าง", "method");
  }
  KLANG_ASSIGN_OR_RETURN(Money amount, m.kit.PositiveAmount(input.amount, "amount"));
  // A request does not commit budget, but one larger than what is left cannot be ordered; a line
  // of an earlier year is bought from its no-debt carry-over.
  if (line->fiscal_year < FiscalYearOf(date)) {
    KLANG_RETURN_IF_ERROR(m.carryovers.ForPurchase(input.org, input.line, amount, date).status());
  } else {
    KLANG_RETURN_IF_ERROR(m.budget.CheckEffects(input.org, date, {{input.line, amount, Money()}}));
  }
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindRequest, date, actor);
  draft.number_series = {kRequestSeries};
  draft.body = {{"line", input.line},         {"subject", input.subject},
                {"reason", input.reason},     {"method", input.method},
                {"amount", amount.satang()},  {"division", input.division},
                {"by_name", actor.name}};
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return GetRequest(entry.org, entry.seq);
}

Result<Request> ExpenditureService::ApproveRequest(int64_t org, int64_t request,
                                                   const std::string& entry_id,
                                                   const std::string& date, const Actor& approver) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Request current, GetRequest(org, request));
  if (current.state != kRequested) return m.kit.Refuse("request_state", "รายงานขอซื้อขอจ้างนี้ได้รับอนุมัติแล้ว");
  KLANG_ASSIGN_OR_RETURN(Date day, m.kit.DocumentDate(date));
  if (day < current.date) return m.kit.Refuse("date_order", "วันที่อนุมัติต้องไม่ก่อนวันที่ขอ", "date");
  ledger::EntryDraft draft = m.kit.Draft(org, entry_id, kKindRequestApprove, day, approver);
  draft.body = {{"request", request}, {"by_name", approver.name}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return GetRequest(org, request);
}

Result<Request> ExpenditureService::GetRequest(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Rows rows, m.kit.Query("SELECT state, order_id FROM exp_requests WHERE org_id = $1 AND id = $2",
                                                {org, id}));
  if (rows.empty()) return Status::NotFound("expenditure.request_not_found", "ไม่พบรายงานขอซื้อขอจ้าง");
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.ledger().Get(org, id));
  const json& body = entry.body;
  Request request;
  request.id = id;
  request.number = entry.numbers.count(kRequestSeries) ? entry.numbers.at(kRequestSeries) : 0;
  request.number_text = NumberText(entry, kRequestSeries);
  request.date = entry.document_date;
  request.line = BodyInt(body, "line");
  if (auto line = m.budget.Line(org, request.line); line.ok()) request.line_label = line->Label();
  request.subject = body.value("subject", std::string());
  request.reason = body.value("reason", std::string());
  request.method = body.value("method", std::string());
  request.method_th = MethodTh(request.method);
  request.division = body.value("division", std::string());
  request.amount = Money::FromSatang(BodyInt(body, "amount"));
  request.state = rows[0].Text(0);
  request.state_th = request.state == kRequested ? "รออนุมัติ"
                     : request.state == kRequestApproved ? "อนุมัติแล้ว"
                                                   : "ออกใบสั่งซื้อ/สัญญาแล้ว";
  request.order = rows[0].Int(1);
  return request;
}

Result<std::vector<Request>> ExpenditureService::Requests(int64_t org, int fiscal_year) {
  return impl_->kit.ListOfYear<Request>(
      "exp_requests", org, fiscal_year, [this](int64_t o, int64_t id) { return GetRequest(o, id); });
}

// ---- orders ----

Result<Order> ExpenditureService::PlaceOrder(const OrderInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  auto request = GetRequest(input.org, input.request);
  if (!request.ok()) return m.kit.Refuse("request_not_found", "กรุณาเลือกรายงานขอซื้อขอจ้าง", "request");
  if (request->state == kRequested) {
    return m.kit.Refuse("request_not_approved", "รายงานขอซื้อขอจ้างยังไม่ได้รับอนุมัติ", "request");
  }
  if (request->state == kOrdered) {
    return m.kit.Refuse("already_ordered", "รายงานขอซื้อขอจ้างนี้ออกใบสั่งซื้อ/สัญญาแล้ว", "request");
  }
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.vendor_name, "vendor_name", "ชื่อผู้ขาย/ผู้รับจ้าง"));
  if (!input.vendor_tax_id.empty() && input.vendor_tax_id.size() != 13) {
    return m.kit.Refuse("vendor_tax_id", "เลขประจำตัวผู้เสียภาษีต้องมี 13 หลัก", "vendor_tax_id");
  }
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.vendor_address, "vendor_address", "ที่อยู่ผู้ขาย"));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.contract_no, "contract_no", "เลขที่ใบสั่งซื้อ/สัญญา"));
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.egp_project_no, "egp_project_no", "เลขที่โครงการ e-GP"));
  if (input.instalments.empty() || input.instalments.size() > kInstalmentsMax) {
    return m.kit.Refuse("instalments", "กรุณาระบุงวดงาน 1 ถึง 60 งวด", "instalments");
  }
  json instalments = json::array();
  Money total;
  for (size_t index = 0; index < input.instalments.size(); ++index) {
    const std::string field = "instalments." + std::to_string(index + 1);
    KLANG_ASSIGN_OR_RETURN(Money amount, m.kit.PositiveAmount(input.instalments[index].amount, field));
    KLANG_ASSIGN_OR_RETURN(Date due, m.kit.AnyDate(input.instalments[index].due, field, "วันส่งมอบงวดที่ " +
                                                                                     std::to_string(index + 1)));
    total = total + amount;
    instalments.push_back({{"amount", amount.satang()}, {"due", due.ToIso()}});
  }
  if (total > request->amount) {
    return m.kit.Refuse("over_request", "วงเงินตามใบสั่งซื้อ/สัญญา " + total.Format() +
                                            " บาท สูงกว่าวงเงินที่ขออนุมัติ " + request->amount.Format() + " บาท",
                        "amount");
  }
  KLANG_ASSIGN_OR_RETURN(budget::BudgetLine line, m.budget.Line(input.org, request->line));
  std::optional<budget::CarryOver> carried;
  const std::vector<budget::LineEffect> effects = {{request->line, total, Money()}};
  if (line.fiscal_year < FiscalYearOf(date)) {
    KLANG_ASSIGN_OR_RETURN(carried, m.carryovers.ForPurchase(input.org, request->line, total, date));
  } else {
    KLANG_RETURN_IF_ERROR(m.budget.CheckEffects(input.org, date, effects));
  }
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindOrder, date, actor);
  draft.number_series = {kOrderSeries};
  draft.body = {{"request", input.request},
                {"vendor", {{"name", input.vendor_name}, {"tax_id", input.vendor_tax_id},
                            {"address", input.vendor_address}}},
                {"contract_no", input.contract_no},
                {"egp_project_no", input.egp_project_no},
                {"instalments", std::move(instalments)},
                {"amount", total.satang()},
                {"description", "ก่อหนี้ผูกพัน " + request->subject},
                {"by_name", actor.name}};
  if (carried) {
    draft.body["carryover"] = carried->id;
    budget::PutCarryOverEffects(draft.body, {{carried->id, total, Money()}});
  } else {
    budget::PutEffects(draft.body, effects);
  }
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return GetOrder(entry.org, entry.seq);
}

Result<Order> ExpenditureService::GetOrder(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Rows rows, m.kit.Query("SELECT request_id, line_id, amount, debt_set FROM exp_orders "
                                                "WHERE org_id = $1 AND id = $2",
                                                {org, id}));
  if (rows.empty()) return Status::NotFound("expenditure.order_not_found", "ไม่พบใบสั่งซื้อ/สัญญา");
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.ledger().Get(org, id));
  const json& body = entry.body;
  Order order;
  order.id = id;
  order.number = entry.numbers.count(kOrderSeries) ? entry.numbers.at(kOrderSeries) : 0;
  order.number_text = NumberText(entry, kOrderSeries);
  order.date = entry.document_date;
  order.request = rows[0].Int(0);
  order.line = rows[0].Int(1);
  if (auto line = m.budget.Line(org, order.line); line.ok()) order.line_label = line->Label();
  if (auto request = GetRequest(org, order.request); request.ok()) order.subject = request->subject;
  const json vendor = body.value("vendor", json::object());
  order.vendor_name = vendor.value("name", std::string());
  order.vendor_tax_id = vendor.value("tax_id", std::string());
  order.vendor_address = vendor.value("address", std::string());
  order.contract_no = body.value("contract_no", std::string());
  order.egp_project_no = body.value("egp_project_no", std::string());
  order.amount = Money::FromSatang(rows[0].Int(2));
  order.debt_set = Money::FromSatang(rows[0].Int(3));
  order.carryover = BodyInt(body, "carryover");
  KLANG_ASSIGN_OR_RETURN(Rows instalments,
                         m.kit.Query("SELECT no, amount, due, inspection_id, debt_id FROM exp_instalments "
                                     "WHERE org_id = $1 AND order_id = $2 ORDER BY no",
                                     {org, id}));
  for (const auto& row : instalments) {
    auto due = Date::ParseIso(row.Text(2));
    order.instalments.push_back({static_cast<int>(row.Int(0)), Money::FromSatang(row.Int(1)),
                                 due.ok() ? *due : Date(), row.Int(3), row.Int(4)});
  }
  return order;
}

Result<std::vector<Order>> ExpenditureService::Orders(int64_t org, int fiscal_year) {
  return impl_->kit.ListOfYear<Order>(
      "exp_orders", org, fiscal_year, [this](int64_t o, int64_t id) { return GetOrder(o, id); });
}

// ---- inspection and the debt-setting voucher ----

Result<Order> ExpenditureService::Inspect(const InspectionInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  auto order = GetOrder(input.org, input.order);
  if (!order.ok()) return m.kit.Refuse("order_not_found", "กรุณาเลือกใบสั่งซื้อ/สัญญา", "order");
  if (date < order->date) return m.kit.Refuse("date_order", "วันที่ตรวจรับต้องไม่ก่อนวันที่สั่งซื้อ/ทำสัญญา", "date");
  if (input.committee.empty() || input.committee.size() > kCommitteeMax) {
    return m.kit.Refuse("committee", "กรุณาระบุชื่อคณะกรรมการตรวจรับพัสดุ", "committee");
  }
  for (const auto& name : input.committee) {
    KLANG_RETURN_IF_ERROR(m.kit.RequiredText(name, "committee", "ชื่อกรรมการตรวจรับ"));
  }
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.note, "note", "หมายเหตุ"));
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindInspect, date, actor);
  draft.body = {{"order", input.order}, {"instalment", input.instalment},
                {"committee", input.committee}, {"note", input.note}, {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return GetOrder(input.org, input.order);
}

Result<DebtVoucher> ExpenditureService::SetDebt(const DebtInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  auto inspection = m.kit.EntryOfKind(input.org, input.inspection, {kKindInspect}, "ไม่พบการตรวจรับพัสดุที่ระบุ");
  if (!inspection.ok()) return m.kit.Refuse("inspection", "กรุณาเลือกการตรวจรับพัสดุ", "inspection");
  if (date < inspection->document_date) {
    return m.kit.Refuse("date_order", "วันที่ตั้งหนี้ต้องไม่ก่อนวันที่ตรวจรับ", "date");
  }
  const int64_t order_id = BodyInt(inspection->body, "order");
  const int no = static_cast<int>(BodyInt(inspection->body, "instalment"));
  KLANG_ASSIGN_OR_RETURN(Order order, GetOrder(input.org, order_id));
  if (no < 1 || no > static_cast<int>(order.instalments.size())) {
    return m.kit.Refuse("instalment_not_found", "ไม่พบงวดงานที่ตรวจรับ", "inspection");
  }
  const Instalment& instalment = order.instalments[no - 1];
  if (instalment.debt != 0) return m.kit.Refuse("debt_already_set", "งวดนี้ตั้งหนี้แล้ว", "inspection");
  KLANG_ASSIGN_OR_RETURN(budget::BudgetLine line, m.budget.Line(input.org, order.line));
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.description, "description", "คำอธิบาย"));
  const Money amount = instalment.amount;
  // An order of an earlier year is paid from its carry-over, when it has one.
  std::optional<budget::CarryOver> carried;
  if (order.carryover != 0) {
    KLANG_ASSIGN_OR_RETURN(carried, m.carryovers.Get(input.org, order.carryover));
  } else {
    KLANG_ASSIGN_OR_RETURN(carried, m.carryovers.OfOrder(input.org, order_id));
    // Carried at 30 September, the order's commitment left its line: its debt is the next year's,
    // set against the carry-over, never the old line again.
    if (carried && line.fiscal_year == FiscalYearOf(date)) {
      return m.kit.Refuse("order_carried", "ใบสั่งซื้อ/สัญญานี้กันเงินไว้แล้ว (" + carried->number_text +
                                               ") ตั้งหนี้ได้ตั้งแต่ปีงบประมาณถัดไปจากเงินกัน",
                          "inspection");
    }
  }
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindDebt, date, actor);
  draft.number_series = {kDebtSeries};
  if (carried) {
    draft.lines = {{budget::kAccruedExpenditureAccount, amount, Money()}, {kPayableAccount, Money(), amount}};
    if (line.category.investment) {
      draft.lines.push_back({line.category.account, amount, Money()});
      draft.lines.push_back({budget::kAssetFundsAccount, Money(), amount});
    }
  } else {
    draft.lines = {{line.category.account, amount, Money()}, {kPayableAccount, Money(), amount}};
  }
  KLANG_ASSERT_MSG(ledger::BalancedOrTooLarge(draft.lines), "a debt-setting voucher built unbalanced");
  draft.body = {{"order", order_id},
                {"instalment", no},
                {"inspection", input.inspection},
                {"vendor", order.vendor_name},
                {"amount", amount.satang()},
                {"description", input.description.empty()
                                    ? "ตั้งหนี้ " + order.subject + " งวดที่ " + std::to_string(no) + " " + order.vendor_name
                                    : input.description},
                {"by_name", actor.name}};
  if (carried) {
    // The carry-over's commitment becomes its use; the new year's budget is not touched.
    draft.body["carryover"] = carried->id;
    budget::PutCarryOverEffects(draft.body, {{carried->id, -amount, amount}});
    KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
    return GetDebt(entry.org, entry.seq);
  }
  // The commitment made by the order becomes expenditure: released and spent at once.
  const std::vector<budget::LineEffect> effects = {{order.line, -amount, amount}};
  budget::PutEffects(draft.body, effects);
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return GetDebt(entry.org, entry.seq);
}

Result<budget::CarryOver> ExpenditureService::CarryOverOrder(const OrderCarryOverInput& input, const Actor& actor) {
  Impl& m = *impl_;
  auto order = GetOrder(input.org, input.order);
  if (!order.ok()) return m.kit.Refuse("order_not_found", "กรุณาเลือกใบสั่งซื้อ/สัญญา", "order");
  KLANG_ASSIGN_OR_RETURN(budget::BudgetLine line, m.budget.Line(input.org, order->line));
  // Only an order of its line's own year carries: one placed against a carry-over already is one.
  if (order->carryover != 0 || FiscalYearOf(order->date) != line.fiscal_year) {
    return m.kit.Refuse("order_not_carriable", "ใบสั่งซื้อ/สัญญานี้ใช้เงินกันของปีก่อนอยู่แล้ว กันเงินซ้ำไม่ได้", "order");
  }
  const Money left = order->amount - order->debt_set;
  budget::CarryOverInput carry;
  carry.org = input.org;
  carry.entry_id = input.entry_id;
  carry.fiscal_year = line.fiscal_year;
  carry.kind = budget::kCarryOverDebt;
  carry.line = order->line;
  carry.order = order->id;
  carry.contract = order->contract_no + " " + order->vendor_name;
  carry.amount = input.amount.empty() ? left.FormatPlain() : input.amount;
  carry.expiry = input.expiry;
  carry.approver = input.approver;
  carry.approval_ref = input.approval_ref;
  carry.reason = input.reason.empty() ? "ก่อหนี้ผูกพันแล้ว " + order->subject + " ยังไม่ได้ตั้งหนี้ภายในสิ้นปีงบประมาณ" : input.reason;
  if (auto amount = Money::Parse(carry.amount); amount.ok() && *amount > left) {
    // The same code as the budget's refusal of an over-carry.
    return Status::Refusal("budget.carryover_exceeds",
                           "กันเงินได้ไม่เกินยอดที่ยังไม่ได้ตั้งหนี้ของใบสั่งซื้อ/สัญญา " + left.Format() + " บาท", "amount");
  }
  return m.carryovers.Create(carry, actor);
}

Result<DebtVoucher> ExpenditureService::GetDebt(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.EntryOfKind(org, id, {kKindDebt}, "ไม่พบใบผ่านรายการตั้งหนี้"));
  DebtVoucher debt;
  debt.id = id;
  debt.number = entry.numbers.count(kDebtSeries) ? entry.numbers.at(kDebtSeries) : 0;
  debt.number_text = NumberText(entry, kDebtSeries);
  debt.date = entry.document_date;
  debt.order = BodyInt(entry.body, "order");
  debt.inspection = BodyInt(entry.body, "inspection");
  debt.instalment = static_cast<int>(BodyInt(entry.body, "instalment"));
  debt.carryover = BodyInt(entry.body, "carryover");
  debt.vendor_name = entry.body.value("vendor", std::string());
  debt.description = entry.body.value("description", std::string());
  debt.amount = Money::FromSatang(BodyInt(entry.body, "amount"));
  if (auto order = GetOrder(org, debt.order); order.ok()) debt.line_label = order->line_label;
  debt.lines = entry.lines;
  debt.hash = entry.hash;
  return debt;
}

}  // namespace klang::expenditure
