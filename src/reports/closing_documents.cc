#include "reports/closing_documents.h"

#include <map>

#include "core/thai.h"
#include "reports/trial_balance.h"

namespace klang::reports {

RegisterDoc StatementRegister(const closing::Statement& statement, const OrgHeading& heading, const Clock& clock) {
  RegisterDoc doc;
  doc.org = heading;
  doc.title_th = statement.title_th;
  doc.subtitle_th = statement.period_th;
  doc.columns = {{"รหัสบรรทัด", false, false}, {"รายการ", false, false}};
  for (const auto& title : statement.columns) doc.columns.push_back({title, true, false});
  for (const auto& line : statement.lines) {
    std::vector<std::string> row = {line.code, line.name_th};
    for (size_t column = 0; column < statement.columns.size(); ++column) {
      const bool filled = column < line.amounts.size() && line.amounts[column];
      row.push_back(filled ? line.amounts[column]->FormatPlain() : "");
    }
    if (line.total || line.heading) doc.strong_rows.push_back(doc.rows.size());
    doc.rows.push_back(std::move(row));
  }
  doc.signatures = {{"ผู้จัดทำ", ""}, {"ผู้อำนวยการกองคลัง", ""}, {"ปลัด", ""}};
  doc.generated_at_th = PrintedAtThai(clock);
  return doc;
}

namespace {

// The columns of the report: the register adds what has happened since (used, lapsed, left).
RegisterDoc CarryOverFrame(int fiscal_year, const OrgHeading& heading, const Clock& clock, bool register_columns) {
  RegisterDoc doc;
  doc.org = heading;
  doc.title_th = "รายงานรายละเอียดการกันเงินรายจ่าย";
  doc.subtitle_th = "ปีงบประมาณ " + std::to_string(fiscal_year);
  if (register_columns) doc.columns.push_back({"แผนงาน / งาน", false, false});
  doc.columns.insert(doc.columns.end(), {{"เลขที่", false, false},
                                         {"รายการ", false, false},
                                         {"กรณี", false, false},
                                         {"ใบสั่งซื้อ/สัญญา", false, false},
                                         {"ผู้อนุมัติ", false, false},
                                         {"จำนวนเงินที่กัน", true, false}});
  if (register_columns) {
    doc.columns.insert(doc.columns.end(), {{"เบิกจ่ายแล้ว", true, false}, {"พับไป", true, false}, {"คงเหลือ", true, true}});
  }
  doc.columns.push_back({"สิ้นสุดการเบิกจ่าย", false, false});
  doc.generated_at_th = PrintedAtThai(clock);
  return doc;
}

std::vector<std::string> CarryOverRow(const budget::CarryOver& carryover, bool register_columns) {
  std::string approval = carryover.approver + " " + carryover.approval_ref;
  for (const auto& extension : carryover.extensions) {
    approval += "; ขยายถึง " + FormatThaiDateShort(extension.expiry) + " (" + extension.approver + " " + extension.approval_ref + ")";
  }
  std::vector<std::string> row = {carryover.number_text, carryover.item_th, carryover.kind_th,
                                  carryover.contract,    approval,          carryover.amount.FormatPlain()};
  if (register_columns) {
    row.insert(row.begin(), carryover.work_th);
    row.insert(row.end(), {carryover.used.FormatPlain(), carryover.lapsed.FormatPlain(), carryover.remaining().FormatPlain()});
  }
  row.push_back(FormatThaiDateShort(carryover.expiry));
  return row;
}

std::vector<std::string> CarryOverTotals(const std::vector<const budget::CarryOver*>& carryovers, bool register_columns) {
  Money amount, used, lapsed;
  for (const auto* carryover : carryovers) {
    amount = amount + carryover->amount;
    used = used + carryover->used;
    lapsed = lapsed + carryover->lapsed;
  }
  std::vector<std::string> totals(register_columns ? 6 : 5, "");
  totals[0] = "รวม";
  totals.push_back(amount.FormatPlain());
  if (register_columns) totals.insert(totals.end(), {used.FormatPlain(), lapsed.FormatPlain(), (amount - used - lapsed).FormatPlain()});
  totals.push_back("");
  return totals;
}

}  // namespace

std::vector<RegisterDoc> CarryOverRegisters(const std::vector<budget::CarryOver>& carryovers, int fiscal_year,
                                            const OrgHeading& heading, const Clock& clock) {
  std::map<std::string, std::vector<const budget::CarryOver*>> by_work;  // งาน code → its carry-overs
  for (const auto& carryover : carryovers) by_work[carryover.work_code].push_back(&carryover);
  std::vector<RegisterDoc> docs;
  for (const auto& [code, items] : by_work) {
    RegisterDoc doc = CarryOverFrame(fiscal_year, heading, clock, false);
    doc.subtitle_th += " · " + items.front()->work_th;
    for (const auto* carryover : items) doc.rows.push_back(CarryOverRow(*carryover, false));
    doc.totals = CarryOverTotals(items, false);
    doc.signatures = {{"ผู้จัดทำ", ""}, {"หัวหน้าหน่วยงานเจ้าของงาน", ""}, {"ผู้อำนวยการกองคลัง", ""}, {"ปลัด", ""}};
    docs.push_back(std::move(doc));
  }
  return docs;
}

RegisterDoc CarryOverRegister(const std::vector<budget::CarryOver>& carryovers, int fiscal_year,
                              const OrgHeading& heading, const Clock& clock) {
  RegisterDoc doc = CarryOverFrame(fiscal_year, heading, clock, true);
  std::vector<const budget::CarryOver*> all;
  for (const auto& carryover : carryovers) {
    doc.rows.push_back(CarryOverRow(carryover, true));
    all.push_back(&carryover);
  }
  if (!all.empty()) doc.totals = CarryOverTotals(all, true);
  doc.signatures = {{"ผู้จัดทำ", ""}, {"ผู้อำนวยการกองคลัง", ""}, {"ปลัด", ""}};
  return doc;
}

}  // namespace klang::reports
