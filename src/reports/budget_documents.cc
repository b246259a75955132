#include "reports/budget_documents.h"

#include <map>

#include "core/thai.h"
#include "reports/trial_balance.h"

namespace klang::reports {
namespace {

// "แผนงานบริหารงานทั่วไป / งานบริหารทั่วไป"
std::string PlanAndWork(const budget::BudgetLine& line) {
  return line.work.plan_name_th + " / " + line.work.name_th;
}

}  // namespace

// ประมาณการรายรับ: the revenue estimates of one budget document, by category.
RegisterDoc EstimatesRegister(BudgetSources& sources, int64_t org, const budget::Budget& budget) {
  RegisterDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.title_th = "ประมาณการรายรับ";
  doc.subtitle_th = budget.title;
  doc.generated_at_th = PrintedAtThai(sources.clock);
  doc.columns = {{"หมวด"}, {"รหัส"}, {"ประเภทรายได้"}, {"ประมาณการ", true}, {"คำชี้แจง"}};
  for (const auto& estimate : budget.estimates) {
    doc.rows.push_back({estimate.category_th, estimate.item, estimate.name_th,
                        estimate.amount.FormatPlain(), estimate.justification});
  }
  doc.totals = {"รวมประมาณการรายรับทั้งสิ้น", "", "", budget.estimates_total.FormatPlain(), ""};
  return doc;
}

// ประมาณการรายจ่าย: one row per แผนงาน (under its ด้าน), one column per งบ, and the total.
RegisterDoc ExpenditureSummary(BudgetSources& sources, int64_t org, const budget::Budget& budget) {
  RegisterDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.title_th = "ประมาณการรายจ่าย จำแนกตามแผนงานและงบรายจ่าย";
  doc.subtitle_th = budget.title;
  doc.generated_at_th = PrintedAtThai(sources.clock);
  std::map<std::string, std::string> groups;  // code → name, in code order
  std::vector<std::string> plans;             // in classification order
  std::map<std::string, std::pair<std::string, std::string>> plan_names;  // code → sector, plan
  std::map<std::pair<std::string, std::string>, Money> cells;             // (plan, group)
  for (const auto& line : budget.lines) {
    groups[line.category.group] = line.category.group_name_th;
    if (!plan_names.count(line.work.plan)) {
      plans.push_back(line.work.plan);
      plan_names[line.work.plan] = {line.work.sector_name_th, line.work.plan_name_th};
    }
    Money& cell = cells[{line.work.plan, line.category.group}];
    cell = cell + line.original;
  }
  doc.columns = {{"ด้าน"}, {"แผนงาน"}};
  for (const auto& [code, name] : groups) doc.columns.push_back({name, true});
  doc.columns.push_back({"รวม", true});
  std::map<std::string, Money> group_totals;
  Money total;
  for (const auto& plan : plans) {
    std::vector<std::string> row = {plan_names[plan].first, plan_names[plan].second};
    Money plan_total;
    for (const auto& [code, name] : groups) {
      const Money amount = cells[{plan, code}];
      row.push_back(PlainOrBlank(amount));
      plan_total = plan_total + amount;
      group_totals[code] = group_totals[code] + amount;
    }
    row.push_back(plan_total.FormatPlain());
    total = total + plan_total;
    doc.rows.push_back(std::move(row));
  }
  doc.totals = {"รวม", ""};
  for (const auto& [code, name] : groups) doc.totals.push_back(group_totals[code].FormatPlain());
  doc.totals.push_back(total.FormatPlain());
  return doc;
}

BudgetDetailDoc BudgetDetail(BudgetSources& sources, int64_t org, const budget::Budget& budget) {
  BudgetDetailDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.budget_title = budget.title;
  doc.fiscal_year = budget.fiscal_year;
  doc.draft = budget.state == budget::kDraft;
  if (budget.approved_on) {
    doc.state_th = budget.state_th + " " + FormatThaiDateLong(*budget.approved_on);
  } else if (budget.adopted_on) {
    doc.state_th = budget.state_th + " " + FormatThaiDateLong(*budget.adopted_on);
  } else {
    doc.state_th = budget.state_th;
  }
  for (const auto& line : budget.lines) {
    doc.items.push_back({line.work.plan_name_th, line.work.name_th, line.category.group_name_th,
                         line.category.name_th, line.item, line.explanation, line.original});
  }
  doc.total = budget.total;
  return doc;
}

Result<RegisterDoc> BudgetRegister(BudgetSources& sources, int64_t org, int fiscal_year,
                                   Date as_of) {
  const Date today = sources.clock.TodayInThailand();
  if (as_of > today) as_of = today;
  KLANG_ASSIGN_OR_RETURN(auto lines, sources.budget.Lines(org, fiscal_year, as_of));
  RegisterDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.title_th = "ทะเบียนรายจ่ายตามงบประมาณ";
  doc.subtitle_th =
      "ปีงบประมาณ " + std::to_string(fiscal_year) + " ณ วันที่ " + FormatThaiDateLong(as_of);
  doc.generated_at_th = PrintedAtThai(sources.clock);
  doc.columns = {{"แผนงาน / งาน"},         {"งบ / หมวด"},      {"รายการ"},
                 {"งบประมาณ", true},       {"โอนเพิ่ม", true},   {"โอนลด", true},
                 {"งบประมาณหลังโอน", true}, {"ก่อหนี้ผูกพัน", true}, {"เบิกจ่าย", true},
                 {"คงเหลือ", true}};
  Money original, in, out, appropriation, committed, spent, available;
  for (const auto& line : lines) {
    doc.rows.push_back({PlanAndWork(line),
                        line.category.group_name_th + " / " + line.category.name_th, line.item,
                        PlainOrBlank(line.original), PlainOrBlank(line.transfer_in), PlainOrBlank(line.transfer_out),
                        line.appropriation().FormatPlain(), PlainOrBlank(line.committed),
                        PlainOrBlank(line.spent), line.available().FormatPlain()});
    original = original + line.original;
    in = in + line.transfer_in;
    out = out + line.transfer_out;
    appropriation = appropriation + line.appropriation();
    committed = committed + line.committed;
    spent = spent + line.spent;
    available = available + line.available();
  }
  doc.totals = {"รวม",
                "",
                "",
                original.FormatPlain(),
                in.FormatPlain(),
                out.FormatPlain(),
                appropriation.FormatPlain(),
                committed.FormatPlain(),
                spent.FormatPlain(),
                available.FormatPlain()};
  return doc;
}

Result<RegisterDoc> LineRegister(BudgetSources& sources, int64_t org, int64_t line_id) {
  KLANG_ASSIGN_OR_RETURN(budget::BudgetLine line, sources.budget.Line(org, line_id));
  KLANG_ASSIGN_OR_RETURN(auto history, sources.budget.LineHistory(org, line.id));
  RegisterDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.title_th = "ทะเบียนรายจ่ายตามงบประมาณ (รายการ)";
  doc.subtitle_th = line.Label() + " ปีงบประมาณ " + std::to_string(line.fiscal_year);
  doc.generated_at_th = PrintedAtThai(sources.clock);
  doc.columns = {{"วันที่"},
                 {"รายการ"},
                 {"เอกสาร"},
                 {"งบประมาณ", true},
                 {"โอนเพิ่ม", true},
                 {"โอนลด", true},
                 {"ก่อหนี้ผูกพัน", true},
                 {"เบิกจ่าย", true},
                 {"คงเหลือ", true, true}};
  Money original, in, out, committed, spent, available;
  for (const auto& movement : history) {
    doc.rows.push_back({FormatThaiDateShort(movement.date), movement.kind_th, movement.reference,
                        PlainOrBlank(movement.original), PlainOrBlank(movement.transfer_in),
                        PlainOrBlank(movement.transfer_out), PlainOrBlank(movement.committed),
                        PlainOrBlank(movement.spent), movement.available_after.FormatPlain()});
    original = original + movement.original;
    in = in + movement.transfer_in;
    out = out + movement.transfer_out;
    committed = committed + movement.committed;
    spent = spent + movement.spent;
    available = movement.available_after;
  }
  doc.totals = {"รวม",
                "",
                "",
                original.FormatPlain(),
                in.FormatPlain(),
                out.FormatPlain(),
                committed.FormatPlain(),
                spent.FormatPlain(),
                available.FormatPlain()};
  return doc;
}

BudgetChangeDoc ChangeDocument(BudgetSources& sources, int64_t org,
                               const budget::BudgetChange& change) {
  BudgetChangeDoc doc;
  doc.org = HeadingFor(sources.orgs, org);
  doc.transfer = change.kind == budget::kChangeTransfer;
  doc.title_th =
      doc.transfer ? "บันทึกการโอนงบประมาณรายจ่าย" : "บันทึกการแก้ไขเปลี่ยนแปลงคำชี้แจงงบประมาณรายจ่าย";
  doc.number = change.number_text;
  doc.date = change.date;
  for (const auto& leg : change.legs) {
    doc.legs.push_back({leg.new_item ? "ตั้งจ่ายเป็นรายการใหม่"
                        : leg.increase ? "โอนเพิ่ม"
                                       : "โอนลด",
                        leg.label, leg.increase, leg.amount});
  }
  doc.line_label = change.line_label;
  doc.old_explanation = change.old_explanation;
  doc.new_explanation = change.new_explanation;
  doc.reason = change.reason;
  doc.required_th = change.required.name_th + " — " + change.required.reason_th;
  doc.authority_th = change.authority_th;
  doc.approval_ref = change.approval_ref;
  doc.approved_on = change.approved_on;
  doc.report_th = change.reported_on
                      ? "รายงานผู้ว่าราชการจังหวัด/นายอำเภอแล้ว เมื่อ " +
                            FormatThaiDateLong(*change.reported_on) + " " + change.report_ref
                      : "ต้องรายงานผู้ว่าราชการจังหวัด/นายอำเภอภายใน " +
                            FormatThaiDateLong(change.report_due) +
                            (change.overdue ? " (เกินกำหนดแล้ว)" : "");
  if (auto entry = sources.ledger.Get(org, change.id); entry.ok()) {
    doc.integrity_line = IntegrityLine(entry->seq, entry->hash);
  }
  return doc;
}

}  // namespace klang::reports
