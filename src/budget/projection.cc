// The bud_* projection: budget documents, lines and their movements, transfers and changes of
// explanation, derived from the "bud.*" entries and from the budget effects any entry carries.
//
// Apply runs inside the append transaction, entry by entry in log order, and is where the rules
// that depend on earlier entries are enforced: a budget moves draft → adopted → approved, a line
// is used only while its budget is in force, a transfer never takes more than a line has left,
// the required authority approved it, and no budget effect leaves a line below zero. A broken
// rule fails the append with a Thai message and nothing is written. Every check reads only the
// organisation's own rows, so a rebuild replaying the log reaches the same answers.
#include "budget/kinds.h"
#include "budget/projection.h"

#include <map>

#include "budget/budget.h"

namespace klang::budget {
namespace {

using ledger::BodyFlag;
using ledger::BodyInt;
using ledger::BodyText;

using ledger::Entry;
using store::Connection;
using store::Rows;
using nlohmann::json;

const json& BodyArray(const json& body, const char* key) {
  static const json kEmpty = json::array();
  auto found = body.find(key);
  return found != body.end() && found->is_array() ? *found : kEmpty;
}

std::string Baht(int64_t satang) { return Money::FromSatang(satang).Format(); }

// The day a budget approved on `approved` comes into force.
std::string InForceFrom(const std::string& kind, int fiscal_year, Date approved) {
  if (kind == kSupplementary) return approved.ToIso();
  const Date start = FiscalYearStart(fiscal_year);
  return (approved < start ? start : approved).ToIso();
}

struct LineRow {
  int64_t id = 0, budget = 0, fiscal_year = 0;
  std::string work, category, item, in_force_from;
  bool investment = false;
  int64_t original = 0, transfer_in = 0, transfer_out = 0, committed = 0, spent = 0;
  int64_t available() const { return original + transfer_in - transfer_out - committed - spent; }
};

class BudgetCheck;

class BudgetProjection final : public ledger::Projection {
 public:
  explicit BudgetProjection(const BudgetCatalog& catalog) : catalog_(catalog) {}
  std::string_view name() const override { return "budget"; }

  Status Apply(Connection& tx, std::span<const Entry> entries) override {
    for (const Entry& entry : entries) KLANG_RETURN_IF_ERROR(ApplyOne(tx, entry));
    return Status::Ok();
  }

  Status Clear(Connection& tx, int64_t org) override {
    for (const char* table : {"bud_budgets", "bud_lines", "bud_moves", "bud_changes"}) {
      KLANG_RETURN_IF_ERROR(
          tx.Execute(std::string("DELETE FROM ") + table + " WHERE org_id = $1", {org}).status());
    }
    return Status::Ok();
  }

  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override;

 private:
  Status ApplyOne(Connection& tx, const Entry& entry);
  Status ApplyBudget(Connection& tx, const Entry& entry);
  Status ApplyState(Connection& tx, const Entry& entry);
  Status ApplyTransfer(Connection& tx, const Entry& entry);
  Status ApplyExplanation(Connection& tx, const Entry& entry);
  Status ApplyReport(Connection& tx, const Entry& entry);
  Status ApplyEffects(Connection& tx, const Entry& entry);
  Status InsertLines(Connection& tx, const Entry& entry, int64_t budget, int64_t id_base,
                     const json& lines, int fiscal_year, const std::string& in_force_from);
  // Adds the amounts to the line and records the move; returns the line's totals after it.
  struct LineAfter {
    int64_t available = 0, committed = 0, spent = 0;
  };
  Result<LineAfter> Move(Connection& tx, const Entry& entry, int64_t line, int64_t original,
                         int64_t transfer_in, int64_t transfer_out, int64_t committed,
                         int64_t spent, const std::string& day);
  Result<LineRow> LoadLine(Connection& tx, int64_t org, int64_t line);
  // The line, in force on the entry's date and of its fiscal year.
  Result<LineRow> UsableLine(Connection& tx, const Entry& entry, int64_t line, int fiscal_year);
  std::string Label(const LineRow& line) const;

  const BudgetCatalog& catalog_;
};

std::string BudgetProjection::Label(const LineRow& line) const {
  std::string label;
  if (auto work = catalog_.FindWork(line.work); work.ok()) {
    label = work->plan_name_th + " / " + work->name_th + " / ";
  }
  if (auto category = catalog_.FindCategory(line.category); category.ok()) {
    label += category->name_th + " / ";
  }
  return label + line.item;
}

Result<LineRow> BudgetProjection::LoadLine(Connection& tx, int64_t org, int64_t line) {
  KLANG_ASSIGN_OR_RETURN(
      Rows rows,
      tx.Query("SELECT id, budget_id, fiscal_year, work, category, item, in_force_from, investment, "
               "original, transfer_in, transfer_out, committed, spent FROM bud_lines "
               "WHERE org_id = $1 AND id = $2",
               {org, line}));
  if (rows.empty()) {
    return Status::Refusal("budget.line_not_found", "ไม่พบรายการงบประมาณที่ระบุ (" + std::to_string(line) + ")",
                  "line");
  }
  const auto& r = rows[0];
  LineRow row;
  row.id = r.Int(0);
  row.budget = r.Int(1);
  row.fiscal_year = r.Int(2);
  row.work = r.Text(3);
  row.category = r.Text(4);
  row.item = r.Text(5);
  row.in_force_from = r.TextOr(6, "");
  row.investment = r.Int(7) != 0;
  row.original = r.Int(8);
  row.transfer_in = r.Int(9);
  row.transfer_out = r.Int(10);
  row.committed = r.Int(11);
  row.spent = r.Int(12);
  return row;
}

Result<LineRow> BudgetProjection::UsableLine(Connection& tx, const Entry& entry, int64_t line,
                                             int fiscal_year) {
  KLANG_ASSIGN_OR_RETURN(LineRow row, LoadLine(tx, entry.org, line));
  if (row.in_force_from.empty()) {
    return Status::Refusal("budget.not_in_force",
                  "รายการ " + Label(row) + " ยังไม่มีผลใช้บังคับ (งบประมาณยังไม่ได้รับอนุมัติ)", "line");
  }
  if (row.fiscal_year != fiscal_year) {
    return Status::Refusal("budget.other_year",
                  "รายการ " + Label(row) + " เป็นงบประมาณปี " + std::to_string(row.fiscal_year) +
                      " ไม่ใช่ปีงบประมาณ " + std::to_string(fiscal_year),
                  "line");
  }
  if (entry.document_date.ToIso() < row.in_force_from) {
    return Status::Refusal("budget.not_in_force",
                  "รายการ " + Label(row) + " มีผลใช้บังคับตั้งแต่วันที่ " + row.in_force_from +
                      " เอกสารลงวันที่ก่อนหน้านั้นใช้รายการนี้ไม่ได้",
                  "line");
  }
  return row;
}

Result<BudgetProjection::LineAfter> BudgetProjection::Move(
    Connection& tx, const Entry& entry, int64_t line, int64_t original, int64_t transfer_in,
    int64_t transfer_out, int64_t committed, int64_t spent, const std::string& day) {
  KLANG_ASSIGN_OR_RETURN(
      Rows updated,
      tx.Query("UPDATE bud_lines SET original = original + $1, transfer_in = transfer_in + $2, "
               "transfer_out = transfer_out + $3, committed = committed + $4, spent = spent + $5 "
               "WHERE org_id = $6 AND id = $7 RETURNING "
               "original + transfer_in - transfer_out - committed - spent, committed, spent",
               {original, transfer_in, transfer_out, committed, spent, entry.org, line}));
  KLANG_ASSERT_MSG(updated.size() == 1, "a budget move names a line that is not there");
  const LineAfter after{updated[0].Int(0), updated[0].Int(1), updated[0].Int(2)};
  // One entry may touch a line twice (a commitment released and spent): one row, summed.
  KLANG_ASSIGN_OR_RETURN(
      Rows existing,
      tx.Query("SELECT 1 FROM bud_moves WHERE org_id = $1 AND seq = $2 AND line_id = $3",
               {entry.org, entry.seq, line}));
  if (!existing.empty()) {
    KLANG_RETURN_IF_ERROR(
        tx.Execute("UPDATE bud_moves SET original = original + $1, transfer_in = transfer_in + $2, "
                   "transfer_out = transfer_out + $3, committed = committed + $4, "
                   "spent = spent + $5 WHERE org_id = $6 AND seq = $7 AND line_id = $8",
                   {original, transfer_in, transfer_out, committed, spent, entry.org, entry.seq,
                    line})
            .status());
    return after;
  }
  KLANG_RETURN_IF_ERROR(tx.Execute("INSERT INTO bud_moves (org_id, seq, line_id, day, kind, original, "
                                   "transfer_in, transfer_out, committed, spent) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                                   {entry.org, entry.seq, line, day, entry.kind, original,
                                    transfer_in, transfer_out, committed, spent})
                            .status());
  return after;
}

Status BudgetProjection::InsertLines(Connection& tx, const Entry& entry, int64_t budget,
                                     int64_t id_base, const json& lines, int fiscal_year,
                                     const std::string& in_force_from) {
  for (const auto& line : lines) {
    const int64_t line_no = BodyInt(line, "line_no");
    const store::Value in_force = in_force_from.empty() ? store::Value{} : store::Value{in_force_from};
    KLANG_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO bud_lines (org_id, id, budget_id, fiscal_year, line_no, work, "
                   "category, investment, item, explanation, original, transfer_in, transfer_out, "
                   "committed, spent, in_force_from) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                   "$10, $11, 0, 0, 0, 0, $12)",
                   {entry.org, id_base * 1000 + line_no, budget, int64_t{fiscal_year}, line_no,
                    BodyText(line, "work"), BodyText(line, "category"),
                    int64_t{BodyFlag(line, "investment") ? 1 : 0}, BodyText(line, "item"),
                    BodyText(line, "explanation"),
                    // A draft's lines show their planned amount; an appropriation only counts
                    // from approval (ApplyState) or, for a new item, from its transfer.
                    in_force_from.empty() ? BodyInt(line, "amount") : int64_t{0}, in_force})
            .status());
  }
  return Status::Ok();
}

Status BudgetProjection::ApplyOne(Connection& tx, const Entry& entry) {
  const std::string& kind = entry.kind;
  if (kind == kKindBudget || kind == kKindRevise) KLANG_RETURN_IF_ERROR(ApplyBudget(tx, entry));
  if (kind == kKindAdopt || kind == kKindApprove) KLANG_RETURN_IF_ERROR(ApplyState(tx, entry));
  if (kind == kKindTransfer) KLANG_RETURN_IF_ERROR(ApplyTransfer(tx, entry));
  if (kind == kKindExplain) KLANG_RETURN_IF_ERROR(ApplyExplanation(tx, entry));
  if (kind == kKindReport) KLANG_RETURN_IF_ERROR(ApplyReport(tx, entry));
  // Any module's entry may carry budget effects (commitments, expenditure).
  return ApplyEffects(tx, entry);
}

Status BudgetProjection::ApplyBudget(Connection& tx, const Entry& entry) {
  const json& body = entry.body;
  const int fiscal_year = static_cast<int>(BodyInt(body, "fiscal_year"));
  const std::string budget_kind = BodyText(body, "kind");
  const json& lines = BodyArray(body, "lines");
  if (lines.empty() || lines.size() > static_cast<size_t>(kLinesMax)) {
    return Status::Refusal("budget.lines", "งบประมาณต้องมีรายการรายจ่าย 1 ถึง " + std::to_string(kLinesMax) + " รายการ");
  }
  int64_t budget = entry.seq;
  if (entry.kind == kKindRevise) {
    budget = BodyInt(body, "budget");
    KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT state FROM bud_budgets WHERE org_id = $1 AND id = $2",
                                               {entry.org, budget}));
    if (rows.empty()) return Status::Refusal("budget.not_found", "ไม่พบงบประมาณที่ระบุ");
    if (rows[0].Text(0) != kDraft) {
      return Status::Refusal("budget.not_draft", "แก้ไขได้เฉพาะร่างงบประมาณที่สภายังไม่ได้ให้ความเห็นชอบ");
    }
    KLANG_RETURN_IF_ERROR(tx.Execute("DELETE FROM bud_lines WHERE org_id = $1 AND budget_id = $2",
                                     {entry.org, budget})
                              .status());
    KLANG_RETURN_IF_ERROR(
        tx.Execute("UPDATE bud_budgets SET title = $1, total = $2, content_seq = $3, "
                   "revision = revision + 1 WHERE org_id = $4 AND id = $5",
                   {BodyText(body, "title"), BodyInt(body, "total"), entry.seq, entry.org, budget})
            .status());
  } else {
    const int64_t base = BodyInt(body, "base");
    if (budget_kind == kSupplementary) {
      KLANG_ASSIGN_OR_RETURN(
          Rows rows, tx.Query("SELECT kind, state, fiscal_year FROM bud_budgets WHERE org_id = $1 AND id = $2",
                              {entry.org, base}));
      if (rows.empty() || rows[0].Text(0) != kAnnual || rows[0].Text(1) != kApproved ||
          rows[0].Int(2) != fiscal_year) {
        return Status::Refusal("budget.base",
                      "งบประมาณรายจ่ายเพิ่มเติมต้องอ้างถึงงบประมาณรายจ่ายประจำปีเดียวกันที่ได้รับอนุมัติแล้ว",
                      "base");
      }
    }
    KLANG_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO bud_budgets (org_id, id, fiscal_year, kind, title, state, base_id, "
                   "drafted_on, council_ref, approver, approval_ref, content_seq, revision, total) "
                   "VALUES ($1, $2, $3, $4, $5, 'draft', $6, $7, '', '', '', $2, 0, $8)",
                   {entry.org, budget, int64_t{fiscal_year}, budget_kind, BodyText(body, "title"),
                    base, entry.document_date.ToIso(), BodyInt(body, "total")})
            .status());
  }
  return InsertLines(tx, entry, budget, budget, lines, fiscal_year, "");
}

Status BudgetProjection::ApplyState(Connection& tx, const Entry& entry) {
  const int64_t budget = BodyInt(entry.body, "budget");
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, tx.Query("SELECT state, kind, fiscal_year, drafted_on, adopted_on FROM bud_budgets "
                          "WHERE org_id = $1 AND id = $2",
                          {entry.org, budget}));
  if (rows.empty()) return Status::Refusal("budget.not_found", "ไม่พบงบประมาณที่ระบุ");
  const std::string state = rows[0].Text(0);
  const std::string day = entry.document_date.ToIso();
  if (entry.kind == kKindAdopt) {
    if (state != kDraft) return Status::Refusal("budget.state", "งบประมาณนี้ผ่านความเห็นชอบของสภาแล้ว");
    if (day < rows[0].Text(3)) return Status::Refusal("budget.date_order", "วันที่สภาให้ความเห็นชอบต้องไม่ก่อนวันที่จัดทำร่าง", "date");
    return tx.Execute("UPDATE bud_budgets SET state = 'adopted', adopted_on = $1, council_ref = $2 "
                      "WHERE org_id = $3 AND id = $4",
                      {day, BodyText(entry.body, "council_ref"), entry.org, budget})
        .status();
  }
  if (state != kAdopted) {
    return Status::Refusal("budget.state", state == kDraft ? "งบประมาณต้องผ่านความเห็นชอบของสภาก่อนจึงจะอนุมัติได้"
                                                   : "งบประมาณนี้ได้รับอนุมัติแล้ว");
  }
  if (day < rows[0].TextOr(4, "")) return Status::Refusal("budget.date_order", "วันที่อนุมัติต้องไม่ก่อนวันที่สภาให้ความเห็นชอบ", "date");
  const std::string in_force =
      InForceFrom(rows[0].Text(1), static_cast<int>(rows[0].Int(2)), entry.document_date);
  KLANG_RETURN_IF_ERROR(
      tx.Execute("UPDATE bud_budgets SET state = 'approved', approved_on = $1, approver = $2, "
                 "approval_ref = $3, in_force_from = $4 WHERE org_id = $5 AND id = $6",
                 {day, BodyText(entry.body, "approver"), BodyText(entry.body, "reference"), in_force,
                  entry.org, budget})
          .status());
  KLANG_ASSIGN_OR_RETURN(
      Rows lines, tx.Query("SELECT id, original FROM bud_lines WHERE org_id = $1 AND budget_id = $2",
                           {entry.org, budget}));
  KLANG_RETURN_IF_ERROR(
      tx.Execute("UPDATE bud_lines SET original = 0, in_force_from = $1 WHERE org_id = $2 AND budget_id = $3",
                 {in_force, entry.org, budget})
          .status());
  for (const auto& line : lines) {
    KLANG_RETURN_IF_ERROR(Move(tx, entry, line.Int(0), line.Int(1), 0, 0, 0, 0, in_force).status());
  }
  return Status::Ok();
}

Status BudgetProjection::ApplyTransfer(Connection& tx, const Entry& entry) {
  const json& body = entry.body;
  const int fiscal_year = static_cast<int>(BodyInt(body, "fiscal_year"));
  const std::string day = entry.document_date.ToIso();
  int64_t fund = 0;
  bool increased_investment = false;
  int64_t out_total = 0, in_total = 0;
  auto same_fund = [&](const LineRow& line) -> Status {
    KLANG_ASSIGN_OR_RETURN(
        Rows rows, tx.Query("SELECT kind, base_id FROM bud_budgets WHERE org_id = $1 AND id = $2",
                            {entry.org, line.budget}));
    const int64_t root = !rows.empty() && rows[0].Text(0) == kSupplementary ? rows[0].Int(1) : line.budget;
    if (fund == 0) fund = root;
    if (root != fund) {
      return Status::Refusal("budget.other_fund",
                    "โอนงบประมาณได้เฉพาะภายในงบประมาณฉบับเดียวกัน (งบประมาณเฉพาะการแยกจากงบประมาณทั่วไป)", "line");
    }
    return Status::Ok();
  };
  for (const auto& leg : BodyArray(body, "legs")) {
    const int64_t amount = BodyInt(leg, "amount");
    KLANG_ASSIGN_OR_RETURN(LineRow line, UsableLine(tx, entry, BodyInt(leg, "line"), fiscal_year));
    KLANG_RETURN_IF_ERROR(same_fund(line));
    if (BodyFlag(leg, "increase")) {
      increased_investment = increased_investment || line.investment;
      in_total += amount;
      KLANG_RETURN_IF_ERROR(Move(tx, entry, line.id, 0, amount, 0, 0, 0, day).status());
    } else {
      if (line.available() < amount) {
        return Status::Refusal("budget.insufficient",
                      "โอนลดไม่ได้: " + Label(line) + " คงเหลือ " + Baht(line.available()) +
                          " บาท โอนลด " + Baht(amount) + " บาท ขาดอีก " +
                          Baht(amount - line.available()) + " บาท",
                      "from");
      }
      out_total += amount;
      KLANG_ASSIGN_OR_RETURN(LineAfter after, Move(tx, entry, line.id, 0, 0, amount, 0, 0, day));
      // Checked above before writing; asserted again on what was written.
      KLANG_ASSERT_MSG(after.available >= 0, "a transfer left a budget line overdrawn");
    }
  }
  const json& new_lines = BodyArray(body, "new_lines");
  bool new_investment = false;
  if (!new_lines.empty()) {
    if (fund == 0) return Status::Refusal("budget.transfer_source", "ต้องระบุรายการที่โอนลด", "from");
    KLANG_RETURN_IF_ERROR(InsertLines(tx, entry, fund, entry.seq, new_lines, fiscal_year, day));
    for (const auto& line : new_lines) {
      new_investment = new_investment || BodyFlag(line, "investment");
      const int64_t amount = BodyInt(line, "amount");
      in_total += amount;
      KLANG_RETURN_IF_ERROR(
          Move(tx, entry, entry.seq * 1000 + BodyInt(line, "line_no"), 0, amount, 0, 0, 0, day)
              .status());
    }
  }
  if (out_total == 0 || out_total != in_total) {
    return Status::Refusal("budget.transfer_unbalanced",
                  "ยอดโอนลด " + Baht(out_total) + " บาท ต้องเท่ากับยอดโอนเพิ่ม " + Baht(in_total) + " บาท");
  }
  const bool council =
      TransferNeedsCouncil(BodyFlag(body, "changes_nature"), new_investment, increased_investment);
  if (council && BodyText(body, "authority") != kCouncil) {
    return Status::Refusal("budget.needs_council",
                  "การโอนนี้ต้องได้รับอนุมัติจากสภาท้องถิ่น (ระเบียบฯ ว่าด้วยวิธีการงบประมาณ ข้อ 27: "
                  "โอนงบลงทุนที่ทำให้ลักษณะ ปริมาณ คุณภาพเปลี่ยน หรือตั้งจ่ายเป็นรายการใหม่)",
                  "authority");
  }
  return tx.Execute("INSERT INTO bud_changes (org_id, id, kind, fiscal_year, day, authority, "
                    "approved_on, report_due) VALUES ($1, $2, 'transfer', $3, $4, $5, $6, $7)",
                    {entry.org, entry.seq, int64_t{fiscal_year}, day, BodyText(body, "authority"),
                     BodyText(body, "approved_on"), BodyText(body, "report_due")})
      .status();
}

Status BudgetProjection::ApplyExplanation(Connection& tx, const Entry& entry) {
  const json& body = entry.body;
  const int fiscal_year = static_cast<int>(BodyInt(body, "fiscal_year"));
  KLANG_ASSIGN_OR_RETURN(LineRow line, UsableLine(tx, entry, BodyInt(body, "line"), fiscal_year));
  if (ExplanationNeedsCouncil(line.investment, BodyFlag(body, "changes_nature"),
                              BodyFlag(body, "changes_site")) &&
      BodyText(body, "authority") != kCouncil) {
    return Status::Refusal("budget.needs_council",
                  "การแก้ไขคำชี้แจงนี้ต้องได้รับอนุมัติจากสภาท้องถิ่น (ระเบียบฯ ข้อ 29: งบลงทุนที่ทำให้ลักษณะ "
                  "ปริมาณ คุณภาพเปลี่ยน หรือเปลี่ยนสถานที่ก่อสร้าง)",
                  "authority");
  }
  KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE bud_lines SET explanation = $1 WHERE org_id = $2 AND id = $3",
                                   {BodyText(body, "explanation"), entry.org, line.id})
                            .status());
  return tx.Execute("INSERT INTO bud_changes (org_id, id, kind, fiscal_year, day, authority, "
                    "approved_on, report_due) VALUES ($1, $2, 'explanation', $3, $4, $5, $6, $7)",
                    {entry.org, entry.seq, int64_t{fiscal_year}, entry.document_date.ToIso(),
                     BodyText(body, "authority"), BodyText(body, "approved_on"),
                     BodyText(body, "report_due")})
      .status();
}

Status BudgetProjection::ApplyReport(Connection& tx, const Entry& entry) {
  const int64_t change = BodyInt(entry.body, "change");
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, tx.Query("SELECT reported_on, approved_on FROM bud_changes WHERE org_id = $1 AND id = $2",
                          {entry.org, change}));
  if (rows.empty()) return Status::Refusal("budget.change_not_found", "ไม่พบการโอนหรือการแก้ไขคำชี้แจงที่ระบุ");
  if (!rows[0].IsNull(0)) return Status::Refusal("budget.already_reported", "รายงานผู้ว่าราชการจังหวัด/นายอำเภอแล้ว");
  if (entry.document_date.ToIso() < rows[0].Text(1)) {
    return Status::Refusal("budget.date_order", "วันที่รายงานต้องไม่ก่อนวันที่อนุมัติ", "date");
  }
  return tx.Execute("UPDATE bud_changes SET reported_on = $1, report_ref = $2, report_seq = $3 "
                    "WHERE org_id = $4 AND id = $5",
                    {entry.document_date.ToIso(), BodyText(entry.body, "reference"), entry.seq,
                     entry.org, change})
      .status();
}

Status BudgetProjection::ApplyEffects(Connection& tx, const Entry& entry) {
  const auto effects = EffectsOf(entry.body);
  if (effects.empty()) return Status::Ok();
  const std::string day = entry.document_date.ToIso();
  for (const auto& effect : effects) {
    KLANG_ASSIGN_OR_RETURN(LineRow line, UsableLine(tx, entry, effect.line, entry.fiscal_year));
    const int64_t commit = effect.commit.satang(), spend = effect.spend.satang();
    if (line.committed + commit < 0) {
      return Status::Refusal("budget.commitment",
                    "รายการ " + Label(line) + " มียอดก่อหนี้ผูกพันคงเหลือ " + Baht(line.committed) +
                        " บาท น้อยกว่ายอดที่จะตัด " + Baht(-commit) + " บาท",
                    "line");
    }
    if (line.spent + spend < 0) {
      return Status::Refusal("budget.spent", "รายการ " + Label(line) + " มียอดเบิกจ่ายน้อยกว่ายอดที่จะกลับรายการ", "line");
    }
    const int64_t after = line.available() - commit - spend;
    if (after < 0) {
      return Status::Refusal("budget.insufficient",
                    "งบประมาณไม่พอ: " + Label(line) + " คงเหลือ " + Baht(line.available()) +
                        " บาท ต้องการ " + Baht(commit + spend) + " บาท ขาดอีก " + Baht(-after) + " บาท",
                    "line");
    }
    KLANG_ASSIGN_OR_RETURN(LineAfter moved, Move(tx, entry, line.id, 0, 0, 0, commit, spend, day));
    // Checked above before writing; asserted again on what was written: no line is ever
    // overdrawn, and commitments and spending never go below zero.
    KLANG_ASSERT_MSG(moved.available == after, "a budget line moved other than checked");
    KLANG_ASSERT_MSG(moved.available >= 0, "a budget line was overdrawn");
    KLANG_ASSERT_MSG(moved.committed >= 0, "a budget line's commitments went below zero");
    KLANG_ASSERT_MSG(moved.spent >= 0, "a budget line's spending went below zero");
  }
  return Status::Ok();
}

// ---- verify: fold the log, compare the stored lines and budgets ----

class BudgetCheck final : public ledger::ProjectionCheck {
 public:
  explicit BudgetCheck(int64_t org) : org_(org) {}

  void Fold(const Entry& entry) override {
    const json& body = entry.body;
    const std::string& kind = entry.kind;
    if (kind == kKindBudget || kind == kKindRevise) {
      const int64_t budget = kind == kKindBudget ? entry.seq : BodyInt(body, "budget");
      std::erase_if(lines_, [&](const auto& pair) { return pair.second.budget == budget && pair.second.draft; });
      budgets_[budget] = {kind == kKindBudget ? std::string(kDraft) : budgets_[budget].first, entry.seq};
      for (const auto& line : BodyArray(body, "lines")) {
        Line& folded = lines_[budget * 1000 + BodyInt(line, "line_no")];
        folded = Line{budget, true, BodyInt(line, "amount"), 0, 0, 0, 0, entry.seq};
      }
    } else if (kind == kKindAdopt) {
      budgets_[BodyInt(body, "budget")] = {kAdopted, entry.seq};
    } else if (kind == kKindApprove) {
      const int64_t budget = BodyInt(body, "budget");
      budgets_[budget] = {kApproved, entry.seq};
      for (auto& [id, line] : lines_) {
        if (line.budget == budget) line.draft = false;
      }
    } else if (kind == kKindTransfer) {
      for (const auto& leg : BodyArray(body, "legs")) {
        Line& line = lines_[BodyInt(leg, "line")];
        (BodyFlag(leg, "increase") ? line.in : line.out) += BodyInt(leg, "amount");
        line.seq = entry.seq;
      }
      for (const auto& added : BodyArray(body, "new_lines")) {
        lines_[entry.seq * 1000 + BodyInt(added, "line_no")] =
            Line{0, false, 0, BodyInt(added, "amount"), 0, 0, 0, entry.seq};
      }
    }
    for (const auto& effect : EffectsOf(body)) {
      Line& line = lines_[effect.line];
      line.committed += effect.commit.satang();
      line.spent += effect.spend.satang();
      line.seq = entry.seq;
    }
  }

  Result<std::optional<ledger::Disagreement>> Compare(Connection& connection) override {
    std::optional<ledger::Disagreement> first;
    auto note = [&](int64_t seq, std::string what) {
      if (!first || seq < first->seq) first = ledger::Disagreement{seq, std::move(what)};
    };
    KLANG_ASSIGN_OR_RETURN(
        Rows rows, connection.Query("SELECT id, original, transfer_in, transfer_out, committed, spent "
                                    "FROM bud_lines WHERE org_id = $1",
                                    {org_}));
    if (rows.size() != lines_.size()) note(0, "budget line rows differ from the log");
    for (const auto& row : rows) {
      auto found = lines_.find(row.Int(0));
      if (found == lines_.end()) {
        note(0, "budget line " + std::to_string(row.Int(0)) + " has no entry behind it");
        continue;
      }
      const Line& line = found->second;
      if (line.original != row.Int(1) || line.in != row.Int(2) || line.out != row.Int(3) ||
          line.committed != row.Int(4) || line.spent != row.Int(5)) {
        note(line.seq, "budget line " + std::to_string(row.Int(0)) + " differs from the log");
      }
    }
    KLANG_ASSIGN_OR_RETURN(rows, connection.Query("SELECT id, state FROM bud_budgets WHERE org_id = $1", {org_}));
    if (rows.size() != budgets_.size()) note(0, "budget rows differ from the log");
    for (const auto& row : rows) {
      auto found = budgets_.find(row.Int(0));
      if (found == budgets_.end() || found->second.first != row.Text(1)) {
        note(found == budgets_.end() ? 0 : found->second.second,
             "budget " + std::to_string(row.Int(0)) + " state differs from the log");
      }
    }
    return first;
  }

 private:
  struct Line {
    int64_t budget = 0;
    bool draft = false;  // a draft line: its amount is planned, not appropriated
    int64_t original = 0, in = 0, out = 0, committed = 0, spent = 0;
    int64_t seq = 0;
  };
  int64_t org_;
  std::map<int64_t, Line> lines_;
  std::map<int64_t, std::pair<std::string, int64_t>> budgets_;
};

std::unique_ptr<ledger::ProjectionCheck> BudgetProjection::BeginCheck(int64_t org) const {
  return std::make_unique<BudgetCheck>(org);
}

}  // namespace

bool TransferNeedsCouncil(bool changes_nature, bool any_new_investment_line,
                          bool any_increased_investment_line) {
  return any_new_investment_line || (changes_nature && any_increased_investment_line);
}

bool ExplanationNeedsCouncil(bool investment, bool changes_nature, bool changes_site) {
  return investment && (changes_nature || changes_site);
}

void PutEffects(json& body, const std::vector<LineEffect>& effects) {
  json list = json::array();
  for (const auto& effect : effects) {
    list.push_back({{"line", effect.line}, {"commit", effect.commit.satang()}, {"spend", effect.spend.satang()}});
  }
  body["budget_effects"] = std::move(list);
}

std::vector<LineEffect> EffectsOf(const json& body) {
  std::vector<LineEffect> effects;
  for (const auto& effect : BodyArray(body, "budget_effects")) {
    effects.push_back({BodyInt(effect, "line"), Money::FromSatang(BodyInt(effect, "commit")),
                       Money::FromSatang(BodyInt(effect, "spend"))});
  }
  return effects;
}

std::unique_ptr<ledger::Projection> MakeBudgetProjection(const BudgetCatalog& catalog) {
  return std::make_unique<BudgetProjection>(catalog);
}

std::vector<store::Migration> BudgetMigrations() {
  return {{"budget", 1, R"SQL(
CREATE TABLE bud_budgets (
  org_id {INT} NOT NULL, id {INT} NOT NULL, fiscal_year {INT} NOT NULL, kind TEXT NOT NULL,
  title TEXT NOT NULL, state TEXT NOT NULL, base_id {INT} NOT NULL, drafted_on TEXT NOT NULL,
  adopted_on TEXT, council_ref TEXT NOT NULL, approved_on TEXT, approver TEXT NOT NULL,
  approval_ref TEXT NOT NULL, in_force_from TEXT, content_seq {INT} NOT NULL,
  revision {INT} NOT NULL, total {INT} NOT NULL,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE INDEX bud_budgets_year ON bud_budgets (org_id, fiscal_year);
CREATE TABLE bud_lines (
  org_id {INT} NOT NULL, id {INT} NOT NULL, budget_id {INT} NOT NULL, fiscal_year {INT} NOT NULL,
  line_no {INT} NOT NULL, work TEXT NOT NULL, category TEXT NOT NULL, investment {INT} NOT NULL,
  item TEXT NOT NULL, explanation TEXT NOT NULL, original {INT} NOT NULL,
  transfer_in {INT} NOT NULL, transfer_out {INT} NOT NULL, committed {INT} NOT NULL,
  spent {INT} NOT NULL, in_force_from TEXT,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE INDEX bud_lines_budget ON bud_lines (org_id, budget_id);
CREATE INDEX bud_lines_year ON bud_lines (org_id, fiscal_year);
CREATE TABLE bud_moves (
  org_id {INT} NOT NULL, seq {INT} NOT NULL, line_id {INT} NOT NULL, day TEXT NOT NULL,
  kind TEXT NOT NULL, original {INT} NOT NULL, transfer_in {INT} NOT NULL,
  transfer_out {INT} NOT NULL, committed {INT} NOT NULL, spent {INT} NOT NULL,
  PRIMARY KEY (org_id, seq, line_id)
) {STRICT};
CREATE INDEX bud_moves_line ON bud_moves (org_id, line_id, seq);
CREATE TABLE bud_changes (
  org_id {INT} NOT NULL, id {INT} NOT NULL, kind TEXT NOT NULL, fiscal_year {INT} NOT NULL,
  day TEXT NOT NULL, authority TEXT NOT NULL, approved_on TEXT NOT NULL, report_due TEXT NOT NULL,
  reported_on TEXT, report_ref TEXT, report_seq {INT},
  PRIMARY KEY (org_id, id)
) {STRICT};
)SQL"}};
}

}  // namespace klang::budget
