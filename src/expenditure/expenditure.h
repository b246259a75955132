// expenditure/expenditure.h — procurement to payable (domain.md §3.5, §5.4, §9): the purchase or
// hire request (รายงานขอซื้อขอจ้าง) against a budget line and its approval, the purchase order or
// contract (ก่อหนี้ผูกพัน; e-GP project number, vendor, instalments) that commits budget, the
// inspection and acceptance of each instalment (ตรวจรับพัสดุ), and the debt-setting voucher
// (ใบผ่านรายการตั้งหนี้) that recognises the payable: Dr the line's expense or asset account,
// Cr เจ้าหนี้; the commitment is released and the amount spent on the budget line.
//
// Every act is an entry (kinds "exp.*", docs/expenditure.md); the exp_* tables are its projection.
// Budget effects ride on the entries (budget::PutEffects), so the budget projection refuses an
// order that would overdraw its line in the same transaction. Rules that depend on earlier
// entries — one order per approved request, each instalment inspected once and its debt set
// once — are enforced inside the append transaction.
//
// An order still open at 30 September may be carried over (กันเงิน, CarryOverOrder: the debt case
// of budget/carryover.h). Next year its debt is set against the carry-over, not the new budget:
// Dr 2102010 รายจ่ายค้างจ่าย / Cr เจ้าหนี้ (an investment also Dr the asset / Cr 3104010
// ทุนทรัพย์สิน, the funds behind it). Without a carry-over, the old year's line refuses it
// (budget.other_year). A request and an order may name a งบลงทุน line of an earlier year that
// has a no-debt carry-over: the order then commits the carry-over, and its debt uses it.
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounting/chart.h"
#include "accounting/document_kit.h"
#include "budget/budget.h"
#include "budget/carryover.h"
#include "expenditure/kinds.h"

namespace klang::expenditure {

using Actor = accounting::Actor;

inline constexpr const char* kPayableAccount = "2101010";     // เจ้าหนี้

struct RequestInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t line = 0;          // budget line
  std::string subject;       // "จัดซื้อวัสดุสำนักงาน"
  std::string reason;        // เหตุผลความจำเป็น
  std::string method;        // "specific" (เฉพาะเจาะจง) | "selection" (คัดเลือก) | "e-bidding"
  std::string amount;        // estimated amount (ราคากลาง)
  std::string division;      // requesting division: "สำนักปลัด"
};
struct Request {
  int64_t id = 0;
  int64_t number = 0;
  std::string number_text;  // "ขซ. 3/2569"
  Date date;
  int64_t line = 0;
  std::string line_label, subject, reason, method, method_th, division;
  Money amount;
  std::string state, state_th;  // requested | approved | ordered
  std::optional<Date> approved_on;
  std::string approved_by;
  int64_t order = 0;
};

struct InstalmentInput {
  std::string amount;
  std::string due;  // ISO
};
struct OrderInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t request = 0;
  std::string vendor_name, vendor_tax_id, vendor_address;
  std::string contract_no;      // เลขที่สัญญา/ใบสั่งซื้อ as written
  std::string egp_project_no;   // เลขที่โครงการ e-GP
  std::vector<InstalmentInput> instalments;  // one for a simple purchase
};
struct Instalment {
  int no = 0;
  Money amount;
  Date due;
  int64_t inspection = 0;  // 0 until accepted
  int64_t debt = 0;        // 0 until the debt is set
};
struct Order {
  int64_t id = 0;
  int64_t number = 0;
  std::string number_text;  // "ใบสั่ง 2/2569"
  Date date;
  int64_t request = 0;
  int64_t line = 0;
  std::string line_label, subject;
  std::string vendor_name, vendor_tax_id, vendor_address, contract_no, egp_project_no;
  Money amount;
  Money debt_set;  // sum of the debts set so far
  int64_t carryover = 0;  // placed against a no-debt carry-over of an earlier year (0: its year's line)
  std::vector<Instalment> instalments;
};

struct InspectionInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t order = 0;
  int instalment = 1;
  std::vector<std::string> committee;  // names of the inspection committee
  std::string note;
};
struct DebtInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t inspection = 0;
  std::string description;
};
// The executive's approval to carry an open order into the next year (debt case).
struct OrderCarryOverInput {
  int64_t org = 0;
  std::string entry_id;
  int64_t order = 0;
  std::string amount;        // empty: all the order has left (amount − debts set)
  std::string expiry;        // ISO; empty: the rule's default
  std::string approver;      // "นายก อบต.บ้านนา"
  std::string approval_ref;  // the executive's order
  std::string reason;
};
struct DebtVoucher {
  int64_t id = 0;
  int64_t number = 0;
  std::string number_text;  // "ตน. 1/2569"
  Date date;
  int64_t order = 0, inspection = 0;
  int64_t carryover = 0;  // set against a carry-over of an earlier year (0: this year's budget)
  int instalment = 0;
  std::string vendor_name, description, line_label;
  Money amount;
  std::vector<ledger::Line> lines;
  std::string hash;
};

class ExpenditureService {
 public:
  ExpenditureService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                     accounting::ChartOfAccounts& chart, budget::BudgetService& budget,
                     budget::CarryOverService& carryovers, const Clock& clock, Random& random);
  ~ExpenditureService();
  static std::vector<store::Migration> Migrations();
  ledger::Projection* projection();

  Result<Request> CreateRequest(const RequestInput& input, const Actor& actor);
  // The executive's approval of a request (date, by whom as printed).
  Result<Request> ApproveRequest(int64_t org, int64_t request, const std::string& entry_id,
                                 const std::string& date, const Actor& approver);
  Result<Request> GetRequest(int64_t org, int64_t request);
  Result<std::vector<Request>> Requests(int64_t org, int fiscal_year);

  Result<Order> PlaceOrder(const OrderInput& input, const Actor& actor);
  Result<Order> GetOrder(int64_t org, int64_t order);
  Result<std::vector<Order>> Orders(int64_t org, int fiscal_year);

  // Accepts one instalment; returns the order as it now stands.
  Result<Order> Inspect(const InspectionInput& input, const Actor& actor);
  Result<DebtVoucher> SetDebt(const DebtInput& input, const Actor& actor);
  // Carries what is left of an order of a year that has ended (or ends today) into the next.
  Result<budget::CarryOver> CarryOverOrder(const OrderCarryOverInput& input, const Actor& actor);
  Result<DebtVoucher> GetDebt(int64_t org, int64_t debt);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace klang::expenditure
