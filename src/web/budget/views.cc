// web/budget/views.cc — the JSON views of budget documents, lines and changes, shared by the
// screens and the API (web/budget/budget.h).
#include "web/kit/views.h"

#include "core/thai.h"
#include "web/budget/budget.h"

namespace klang::web {
namespace {

using budget::Budget;
using budget::BudgetChange;
using budget::BudgetLine;
using nlohmann::json;

json Amount(Money amount) { return AmountJson(amount); }

}  // namespace

json LineJson(const BudgetLine& line) {
  return {{"id", line.id},
          {"budget", line.budget},
          {"fiscal_year", line.fiscal_year},
          {"line_no", line.line_no},
          {"sector", line.work.sector},
          {"sector_name", line.work.sector_name_th},
          {"plan", line.work.plan},
          {"plan_name", line.work.plan_name_th},
          {"work", line.work.code},
          {"work_name", line.work.name_th},
          {"group", line.category.group},
          {"group_name", line.category.group_name_th},
          {"investment", line.category.investment},
          {"category", line.category.code},
          {"category_name", line.category.name_th},
          {"account", line.category.account},
          {"item", line.item},
          {"explanation", line.explanation},
          {"label", line.Label()},
          {"original", Amount(line.original)},
          {"transfer_in", Amount(line.transfer_in)},
          {"transfer_out", Amount(line.transfer_out)},
          {"appropriation", Amount(line.appropriation())},
          {"committed", Amount(line.committed)},
          {"spent", Amount(line.spent)},
          {"available", Amount(line.available())},
          {"in_force", line.in_force}};
}

json BudgetJson(const Budget& budget) {
  json lines = json::array();
  for (const auto& line : budget.lines) lines.push_back(LineJson(line));
  json estimates = json::array();
  for (const auto& estimate : budget.estimates) {
    estimates.push_back({{"item", estimate.item},
                         {"name", estimate.name_th},
                         {"category_name", estimate.category_th},
                         {"group_name", estimate.group_th},
                         {"amount", Amount(estimate.amount)},
                         {"justification", estimate.justification}});
  }
  return {{"id", budget.id},
          {"org", budget.org},
          {"kind", budget.kind},
          {"kind_th", budget.kind_th},
          {"fiscal_year", budget.fiscal_year},
          {"title", budget.title},
          {"state", budget.state},
          {"state_th", budget.state_th},
          {"is_draft", budget.state == budget::kDraft},
          {"is_adopted", budget.state == budget::kAdopted},
          {"is_approved", budget.state == budget::kApproved},
          {"drafted_on", budget.drafted_on.ToIso()},
          {"drafted_on_th", FormatThaiDateShort(budget.drafted_on)},
          {"adopted_on", OptionalDateJson(budget.adopted_on)},
          {"adopted_on_th", OptionalDateThai(budget.adopted_on)},
          {"approved_on", OptionalDateJson(budget.approved_on)},
          {"approved_on_th", OptionalDateThai(budget.approved_on)},
          {"in_force_from", OptionalDateJson(budget.in_force_from)},
          {"in_force_from_th", OptionalDateThai(budget.in_force_from)},
          {"council_ref", budget.council_ref},
          {"approver", budget.approver},
          {"approval_ref", budget.approval_ref},
          {"base", budget.base},
          {"revision", budget.revision},
          {"total", Amount(budget.total)},
          {"total_words", BahtText(budget.total)},
          {"estimates_total", Amount(budget.estimates_total)},
          {"lines", lines},
          {"line_count", budget.lines.size()},
          {"estimates", estimates},
          {"hash", budget.hash}};
}

json ChangeJson(const BudgetChange& change) {
  json legs = json::array();
  for (const auto& leg : change.legs) {
    legs.push_back({{"line", leg.line},
                    {"label", leg.label},
                    {"increase", leg.increase},
                    {"new_item", leg.new_item},
                    {"direction_th", leg.new_item ? "ตั้งจ่ายเป็นรายการใหม่"
                                     : leg.increase ? "โอนเพิ่ม"
                                                    : "โอนลด"},
                    {"amount", Amount(leg.amount)}});
  }
  return {{"id", change.id},
          {"kind", change.kind},
          {"kind_th", change.kind_th},
          {"is_transfer", change.kind == budget::kChangeTransfer},
          {"fiscal_year", change.fiscal_year},
          {"number", change.number},
          {"number_text", change.number_text},
          {"date", change.date.ToIso()},
          {"date_th", FormatThaiDateShort(change.date)},
          {"legs", legs},
          {"line", change.line},
          {"line_label", change.line_label},
          {"old_explanation", change.old_explanation},
          {"new_explanation", change.new_explanation},
          {"changes_nature", change.changes_nature},
          {"changes_site", change.changes_site},
          {"reason", change.reason},
          {"required_authority", change.required.code},
          {"required_authority_th", change.required.name_th},
          {"required_reason_th", change.required.reason_th},
          {"authority", change.authority},
          {"authority_th", change.authority_th},
          {"approval_ref", change.approval_ref},
          {"approved_on", change.approved_on.ToIso()},
          {"approved_on_th", FormatThaiDateShort(change.approved_on)},
          {"report_due", change.report_due.ToIso()},
          {"report_due_th", FormatThaiDateShort(change.report_due)},
          {"reported", change.reported_on.has_value()},
          {"reported_on", OptionalDateJson(change.reported_on)},
          {"reported_on_th", OptionalDateThai(change.reported_on)},
          {"report_ref", change.report_ref},
          {"overdue", change.overdue},
          {"total", Amount(change.total)},
          {"hash", change.hash}};
}

}  // namespace klang::web
