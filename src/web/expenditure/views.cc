// web/expenditure/views.cc — the JSON views of requests, orders, debt-setting vouchers, ฎีกา,
// payments, e-payment batches and advances, shared by the screens and the API
// (web/expenditure/expenditure.h).
#include "web/kit/views.h"

#include "core/thai.h"
#include "web/expenditure/expenditure.h"

namespace klang::web {
namespace {

using expenditure::Advance;
using expenditure::Batch;
using expenditure::Claim;
using expenditure::DebtVoucher;
using expenditure::Order;
using expenditure::Payment;
using nlohmann::json;

json Amount(Money amount) { return AmountJson(amount); }
json LedgerLinesJson(const std::vector<ledger::Line>& lines) {
  json out = json::array();
  for (const auto& line : lines) {
    out.push_back({{"account", line.account},
                   {"debit", Amount(line.debit)},
                   {"credit", Amount(line.credit)}});
  }
  return out;
}

}  // namespace

json RequestJson(const expenditure::Request& request) {
  return {{"id", request.id},
          {"number", request.number},
          {"number_text", request.number_text},
          {"date", request.date.ToIso()},
          {"date_th", FormatThaiDateShort(request.date)},
          {"line", request.line},
          {"line_label", request.line_label},
          {"subject", request.subject},
          {"reason", request.reason},
          {"method", request.method},
          {"method_th", request.method_th},
          {"division", request.division},
          {"amount", Amount(request.amount)},
          {"state", request.state},
          {"state_th", request.state_th},
          {"is_requested", request.state == expenditure::kRequested},
          {"is_approved", request.state == expenditure::kRequestApproved},
          {"approved_on", OptionalDateJson(request.approved_on)},
          {"approved_on_th", OptionalDateThai(request.approved_on)},
          {"approved_by", request.approved_by},
          {"order", request.order}};
}

json OrderJson(const Order& order) {
  json instalments = json::array();
  for (const auto& instalment : order.instalments) {
    instalments.push_back({{"no", instalment.no},
                           {"amount", Amount(instalment.amount)},
                           {"due", instalment.due.ToIso()},
                           {"due_th", FormatThaiDateShort(instalment.due)},
                           {"inspection", instalment.inspection},
                           {"inspected", instalment.inspection != 0},
                           {"debt", instalment.debt},
                           {"debt_set", instalment.debt != 0}});
  }
  return {{"id", order.id},
          {"number", order.number},
          {"number_text", order.number_text},
          {"date", order.date.ToIso()},
          {"date_th", FormatThaiDateShort(order.date)},
          {"request", order.request},
          {"line", order.line},
          {"line_label", order.line_label},
          {"subject", order.subject},
          {"vendor_name", order.vendor_name},
          {"vendor_tax_id", order.vendor_tax_id},
          {"vendor_address", order.vendor_address},
          {"contract_no", order.contract_no},
          {"egp_project_no", order.egp_project_no},
          {"amount", Amount(order.amount)},
          {"debt_set", Amount(order.debt_set)},
          {"outstanding", Amount(order.amount - order.debt_set)},
          {"instalments", instalments}};
}

json DebtJson(const DebtVoucher& debt) {
  return {{"id", debt.id},
          {"number", debt.number},
          {"number_text", debt.number_text},
          {"date", debt.date.ToIso()},
          {"date_th", FormatThaiDateLong(debt.date)},
          {"order", debt.order},
          {"inspection", debt.inspection},
          {"instalment", debt.instalment},
          {"vendor_name", debt.vendor_name},
          {"description", debt.description},
          {"line_label", debt.line_label},
          {"amount", Amount(debt.amount)},
          {"amount_words", BahtText(debt.amount)},
          {"lines", LedgerLinesJson(debt.lines)},
          {"hash", debt.hash}};
}

json ClaimJson(const Claim& claim) {
  json deductions = json::array();
  for (const auto& deduction : claim.deductions) {
    deductions.push_back({{"kind", deduction.kind},
                          {"name", deduction.name_th},
                          {"account", deduction.account},
                          {"amount", Amount(deduction.amount)}});
  }
  json steps = json::array();
  for (const auto& step : claim.steps) {
    steps.push_back({{"step", step.step},
                     {"user_id", step.user_id},
                     {"name", step.name},
                     {"date", step.date.ToIso()},
                     {"date_th", FormatThaiDateShort(step.date)},
                     {"seq", step.seq}});
  }
  json attachments = json::array();
  for (const auto& attachment : claim.attachments) attachments.push_back(attachment);
  return {{"id", claim.id},
          {"fiscal_year", claim.fiscal_year},
          {"kind", claim.kind},
          {"kind_th", claim.kind_th},
          {"division", claim.division.code},
          {"division_name", claim.division.name_th},
          {"division_abbr", claim.division.abbr_th},
          {"requester_number", claim.requester_number},
          {"requester_text", claim.requester_text},
          {"treasury_number", claim.treasury_number},
          {"treasury_text", claim.treasury_text},
          {"date", claim.date.ToIso()},
          {"date_th", FormatThaiDateLong(claim.date)},
          {"date_short", FormatThaiDateShort(claim.date)},
          {"debt", claim.debt},
          {"line", claim.line},
          {"line_label", claim.line_label},
          {"deposit_account", claim.deposit_account},
          {"payee_name", claim.payee_name},
          {"payee_tax_id", claim.payee_tax_id},
          {"payee_bank", claim.payee_bank},
          {"payee_account_no", claim.payee_account_no},
          {"description", claim.description},
          {"gross", Amount(claim.gross)},
          {"gross_words", BahtText(claim.gross)},
          {"deductions_total", Amount(claim.deductions_total)},
          {"net", Amount(claim.net)},
          {"net_words", BahtText(claim.net)},
          {"batch", claim.batch},
          {"deductions", deductions},
          {"has_deductions", !deductions.empty()},
          {"attachments", attachments},
          {"state", claim.state},
          {"state_th", claim.state_th},
          {"steps", steps},
          {"payment", claim.payment},
          {"paid", claim.payment != 0},
          {"hash", claim.hash}};
}

json PaymentJson(const Payment& payment) {
  return {{"id", payment.id},
          {"number", payment.number},
          {"number_text", payment.number_text},
          {"date", payment.date.ToIso()},
          {"date_th", FormatThaiDateLong(payment.date)},
          {"date_short", FormatThaiDateShort(payment.date)},
          {"claim", payment.claim},
          {"claim_text", payment.claim_text},
          {"payee_name", payment.payee_name},
          {"description", payment.description},
          {"means", payment.means},
          {"means_th", payment.means_th},
          {"is_cheque", payment.means == expenditure::kMeansCheque},
          {"cheque_no", payment.cheque_no},
          {"reference", payment.reference},
          {"bank_account", payment.bank_account},
          {"bank_account_name", payment.bank_account_name},
          {"gross", Amount(payment.gross)},
          {"net", Amount(payment.net)},
          {"net_words", BahtText(payment.net)},
          {"cheque_collected", payment.cheque_collected},
          {"collected_on", OptionalDateJson(payment.collected_on)},
          {"collected_on_th", OptionalDateThai(payment.collected_on)},
          {"lines", LedgerLinesJson(payment.lines)},
          {"hash", payment.hash}};
}

json BatchJson(const Batch& batch) {
  json items = json::array();
  for (const auto& item : batch.items) {
    items.push_back({{"claim", item.claim},
                     {"requester_text", item.requester_text},
                     {"payee_name", item.payee_name},
                     {"payee_bank", item.payee_bank},
                     {"payee_account_no", item.payee_account_no},
                     {"net", Amount(item.net)},
                     {"status", item.status},
                     {"status_th", item.status == expenditure::kTransferPaid     ? "โอนสำเร็จ"
                                   : item.status == expenditure::kTransferFailed ? "โอนไม่สำเร็จ"
                                                             : "รอผลจากธนาคาร"}});
  }
  return {{"id", batch.id},
          {"number_text", batch.number_text},
          {"date", batch.date.ToIso()},
          {"date_th", FormatThaiDateShort(batch.date)},
          {"value_date", batch.value_date.ToIso()},
          {"value_date_th", FormatThaiDateShort(batch.value_date)},
          {"bank_account", batch.bank_account},
          {"bank_account_name", batch.bank_account_name},
          {"bank_account_no", batch.bank_account_no},
          {"state", batch.state},
          {"state_th", batch.state_th},
          {"is_sent", batch.state == expenditure::kBatchSent},
          {"items", items},
          {"total", Amount(batch.total)},
          {"paid_total", Amount(batch.paid_total)},
          {"confirmation", batch.confirmation},
          {"payment_number_text", batch.payment_number_text}};
}

json AdvanceJson(const Advance& advance) {
  return {{"id", advance.id},
          {"number_text", advance.number_text},
          {"date", advance.date.ToIso()},
          {"date_th", FormatThaiDateShort(advance.date)},
          {"borrower", advance.borrower},
          {"position", advance.position},
          {"purpose", advance.purpose},
          {"line", advance.line},
          {"line_label", advance.line_label},
          {"amount", Amount(advance.amount)},
          {"evidence", Amount(advance.evidence)},
          {"refund", Amount(advance.refund)},
          {"due_on", advance.due_on.ToIso()},
          {"due_on_th", FormatThaiDateShort(advance.due_on)},
          {"state", advance.state},
          {"state_th", advance.state_th},
          {"is_paid", advance.state == expenditure::kAdvancePaid},
          {"claim", advance.claim},
          {"cleared_on", OptionalDateJson(advance.cleared_on)},
          {"cleared_on_th", OptionalDateThai(advance.cleared_on)},
          {"overdue", advance.overdue}};
}

}  // namespace klang::web
