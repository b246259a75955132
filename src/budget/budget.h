// budget/budget.h — the budget year of an organisation (domain.md §4, §3.8): budget documents
// (the annual ordinance เทศบัญญัติ/ข้อบัญญัติ, supplementary and special-purpose budgets) with their
// expenditure lines and revenue estimates, their states, transfers (โอนเพิ่ม/โอนลด/new item) and
// changes of explanation with the approval powers of the budget regulation and the 15-day
// report to the governor or district chief, and hard budget control for every other module.
//
// Every act is one entry in the organisation's log (kinds "bud.*", docs/budget.md); the bud_*
// tables are a projection of those entries written in the append transaction. Budget entries
// post no journal lines: appropriations are not accounts.
//
// States of a budget document: draft (ร่าง, may be revised) → adopted by the council
// (สภาฯ เห็นชอบ) → approved by the governor or district chief (ผู้ว่าราชการจังหวัด/นายอำเภอ
// อนุมัติ). An approved annual or special-purpose budget is in force from 1 October of its fiscal
// year, or from its approval date when approved later; a supplementary budget from approval.
//
// Hard budget control: any entry of any module may carry budget effects (PutEffects: commit or
// release a commitment, spend) on lines. The projection applies them inside the append
// transaction and refuses the entry — nothing is written — when a line's
//     available = original + transfers in − transfers out − committed − spent
// would fall below zero, with a Thai message naming the line and the shortfall. Because the
// check runs in the writer's transaction, two clerks racing for the last baht cannot both win.
// CheckEffects gives the same answer earlier, for a friendlier form.
//
// Approval powers (budget regulation 2563 ข้อ 26, 27, 29; domain.md §3.8, §4.6): a transfer is
// the executive's unless, within งบลงทุน, it creates a new item or changes an item's nature,
// quantity or quality — then the council's. A change of explanation of a งบลงทุน item that
// changes its nature, quantity, quality or site is the council's. A transfer or change recorded
// with a lesser authority than required is refused. Each must be reported to the governor or
// district chief within 15 days of approval; the unreported and overdue are listed.
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accounting/document_kit.h"
#include "budget/catalog.h"
#include "budget/kinds.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "revenue/catalog.h"

namespace klang::budget {

using Actor = accounting::Actor;

// Number series drawn from the ledger (gap-free per organisation and fiscal year).
inline constexpr int kReportDays = 15;  // report to the governor / district chief within
inline constexpr int kLinesMax = 999;   // expenditure lines in one budget document

// ---- budget documents ----
struct LineInput {
  std::string work;         // งาน code, e.g. "00111" (gives แผนงาน and ด้าน)
  std::string category;     // หมวด/ประเภทรายจ่าย code, e.g. "533000" (gives งบ)
  std::string item;         // รายการ/โครงการ: "ค่าวัสดุสำนักงาน"
  std::string explanation;  // คำชี้แจง: "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ หมึก …"
  std::string amount;       // as typed
};
struct EstimateInput {
  std::string item;           // revenue item code (data/revenue_items.csv)
  std::string amount;         // as typed
  std::string justification;  // "ประมาณการไว้ใกล้เคียงกับปีที่ผ่านมา"
};
struct BudgetInput {
  int64_t org = 0;
  std::string entry_id;
  std::string kind;   // "annual" | "supplementary" | "specific"
  int fiscal_year = 0;  // BE
  std::string title;  // "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570"
  std::string date;   // ISO date of the draft
  int64_t base = 0;   // supplementary: the approved annual budget it adds to
  std::vector<LineInput> lines;
  std::vector<EstimateInput> estimates;
};

struct BudgetLine {
  int64_t id = 0;      // stable line id within the organisation
  int64_t budget = 0;  // the budget document (or transfer) that created it
  int fiscal_year = 0;
  int line_no = 0;
  Work work;
  Category category;
  std::string item, explanation;
  Money original, transfer_in, transfer_out, committed, spent;
  bool in_force = false;  // its budget is approved and in force today
  Money appropriation() const { return original + transfer_in - transfer_out; }
  Money available() const { return appropriation() - committed - spent; }
  // "แผนงานบริหารงานทั่วไป / งานบริหารทั่วไป / ค่าวัสดุ / ค่าวัสดุสำนักงาน"
  std::string Label() const;
};

struct Estimate {
  std::string item, name_th, category_th, group_th;
  Money amount;
  std::string justification;
};

struct Budget {
  int64_t id = 0;
  int64_t org = 0;
  std::string kind, kind_th;
  int fiscal_year = 0;
  std::string title;
  std::string state, state_th;  // draft | adopted | approved
  Date drafted_on;
  std::optional<Date> adopted_on, approved_on, in_force_from;
  std::string council_ref;            // มติสภาฯ
  std::string approver, approval_ref;  // ผู้ว่าราชการจังหวัด / นายอำเภอ, เลขที่หนังสือ
  int64_t base = 0;
  int revision = 0;  // revisions of the draft
  Money total, estimates_total;
  std::vector<BudgetLine> lines;  // in classification order
  std::vector<Estimate> estimates;
  std::string hash;  // of the entry holding the current content
};

struct AdoptInput {
  std::string entry_id;
  std::string date;         // the council's resolution date
  std::string council_ref;  // "มติสภาฯ สมัยสามัญที่ 3/2569 ครั้งที่ 1"
};
struct ApproveInput {
  std::string entry_id;
  std::string date;       // the approval date
  std::string approver;   // "นายอำเภอบ้านนา (ปฏิบัติราชการแทนผู้ว่าราชการจังหวัด)"
  std::string reference;  // letter number
};

// ---- transfers and changes of explanation ----
struct TransferLegInput {
  int64_t line = 0;
  std::string amount;
};
struct TransferInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;                    // recorded on (ISO), on or after the approval
  std::vector<TransferLegInput> from;  // โอนลด
  std::vector<TransferLegInput> to;    // โอนเพิ่ม (existing lines)
  std::vector<LineInput> new_lines;    // ตั้งจ่ายเป็นรายการใหม่ (amount in each)
  bool changes_nature = false;         // changes nature, quantity or quality of what it funds
  std::string reason;
  std::string authority;     // "executive" | "council": who approved
  std::string approval_ref;  // executive order / council resolution
  std::string approved_on;   // ISO
};
struct ExplanationInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t line = 0;
  std::string explanation;  // the new text
  bool changes_nature = false;
  bool changes_site = false;
  std::string reason;
  std::string authority, approval_ref, approved_on;
};
struct ReportInput {
  std::string entry_id;
  std::string date;       // the letter's date
  std::string reference;  // "ที่ ขก 71201/123"
};

struct Authority {
  std::string code;       // "executive" | "council"
  std::string name_th;    // "ผู้บริหารท้องถิ่น" | "สภาท้องถิ่น"
  std::string reason_th;  // why, citing the regulation
};

struct TransferLeg {
  int64_t line = 0;
  std::string label;
  bool increase = false;  // โอนเพิ่ม (or new item) / โอนลด
  bool new_item = false;
  Money amount;
};

// A transfer (kind "transfer") or change of explanation (kind "explanation").
struct BudgetChange {
  int64_t id = 0;
  std::string kind, kind_th;
  int fiscal_year = 0;
  int64_t number = 0;
  std::string number_text;  // "ครั้งที่ 2/2570"
  Date date;
  std::vector<TransferLeg> legs;  // transfers
  int64_t line = 0;               // explanation changes
  std::string line_label, old_explanation, new_explanation;
  bool changes_nature = false, changes_site = false;
  std::string reason;
  Authority required;
  std::string authority, authority_th, approval_ref;
  Date approved_on;
  Date report_due;
  std::optional<Date> reported_on;
  std::string report_ref;
  bool overdue = false;  // not reported and past report_due (as of today)
  Money total;
  std::string hash;
};

// ---- budget effects of other modules' documents ----
struct LineEffect {
  int64_t line = 0;
  Money commit;  // + commits (PO, contract); − releases (debt set, order cancelled)
  Money spend;   // + expenditure recognised (debt-setting voucher, direct ฎีกา); − reversal
};
// Writes the effects onto an entry body (key "budget_effects"); the budget projection enforces them.
void PutEffects(nlohmann::json& body, const std::vector<LineEffect>& effects);
// The effects an entry carries (empty when none).
std::vector<LineEffect> EffectsOf(const nlohmann::json& body);

// One movement on a line, for the budget expenditure register (ทะเบียนรายจ่ายตามงบประมาณ).
struct LineMovement {
  int64_t seq = 0;
  Date date;
  std::string kind;       // the entry kind
  std::string kind_th;    // "งบประมาณที่ได้รับอนุมัติ", "โอนเพิ่ม", "ก่อหนี้ผูกพัน", "เบิกจ่าย", …
  std::string reference;  // document number or description
  Money original, transfer_in, transfer_out, committed, spent;
  Money available_after;
};

// What the lines of one budget category spent on one day, by the day the entries were posted
// (the general ledger's date basis; a paper document entered after an outage posts on the day it
// was entered), for reconciliation with the general ledger.
struct DaySpent {
  std::string category;
  Date day;
  Money spent;
  bool carried_over = false;  // spent by a carry-over (กันเงิน) at the year's end
};

class BudgetService {
 public:
  BudgetService(ledger::Ledger& ledger, org::OrgDirectory& orgs, const BudgetCatalog& catalog,
                const revenue::RevenueCatalog& revenue_items, const Clock& clock, Random& random);
  ~BudgetService();
  static std::vector<store::Migration> Migrations();
  ledger::Projection* projection();
  const BudgetCatalog& catalog() const { return catalog_; }
  const revenue::RevenueCatalog& revenue_items() const { return revenue_items_; }

  // Budget documents.
  // One expenditure line or revenue estimate checked alone, as Create checks each (for imports:
  // a Thai message per row of a sheet).
  Status CheckLine(const LineInput& line);
  Status CheckEstimate(const EstimateInput& estimate);
  Result<Budget> Create(const BudgetInput& input, const Actor& actor);
  Result<Budget> Revise(int64_t org, int64_t budget, const BudgetInput& input, const Actor& actor);
  Result<Budget> Adopt(int64_t org, int64_t budget, const AdoptInput& input, const Actor& actor);
  Result<Budget> Approve(int64_t org, int64_t budget, const ApproveInput& input, const Actor& actor);
  Result<Budget> Get(int64_t org, int64_t budget);
  // Budgets of a fiscal year (all years when 0), newest first, without their lines.
  Result<std::vector<Budget>> List(int64_t org, int fiscal_year);

  // Lines of the fiscal year's budgets in force on `as_of` (all budgets' lines when
  // include_not_in_force), with their amounts as of the end of `as_of`.
  Result<std::vector<BudgetLine>> Lines(int64_t org, int fiscal_year, Date as_of,
                                        bool include_not_in_force = false);
  Result<BudgetLine> Line(int64_t org, int64_t line);
  Result<std::vector<LineMovement>> LineHistory(int64_t org, int64_t line);

  // Transfers and changes of explanation.
  Result<Authority> RequiredAuthority(const TransferInput& input);
  Result<BudgetChange> Transfer(const TransferInput& input, const Actor& actor);
  Result<BudgetChange> ChangeExplanation(const ExplanationInput& input, const Actor& actor);
  Result<BudgetChange> RecordReport(int64_t org, int64_t change, const ReportInput& input,
                                    const Actor& actor);
  Result<BudgetChange> GetChange(int64_t org, int64_t change);
  Result<std::vector<BudgetChange>> Changes(int64_t org, int fiscal_year);
  // Changes approved but not yet reported to the governor / district chief, oldest first.
  Result<std::vector<BudgetChange>> Unreported(int64_t org);

  // The revenue estimates of the fiscal year's approved annual and supplementary budgets, summed
  // per revenue item; nullopt when none is approved (special-purpose budgets stand apart).
  Result<std::optional<std::map<std::string, Money>>> ApprovedEstimates(int64_t org, int fiscal_year);

  // The same verdict the projection will give, early: refused with the Thai message naming
  // the line and the shortfall when an effect does not fit.
  Status CheckEffects(int64_t org, Date date, const std::vector<LineEffect>& effects);
  // Spending of the lines of `fiscal_year` posted up to `to`, per category and day.
  Result<std::vector<DaySpent>> SpentByDay(int64_t org, int fiscal_year, Date to);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  const BudgetCatalog& catalog_;
  const revenue::RevenueCatalog& revenue_items_;
};

}  // namespace klang::budget
