#include "budget/voucher_control.h"

namespace klang::budget {
namespace {

constexpr const char* kLinesKey = "budget_lines";

std::string FieldOf(const accounting::BudgetUse& use) {
  return "lines[" + std::to_string(use.input_index) + "].budget_line";
}

// The same refusal, pinned to the voucher line's budget_line field.
Status OnField(const Status& status, const accounting::BudgetUse& use) {
  if (status.code() != ErrorCode::kInvalidInput) return status;
  return Status::InvalidInput(status.stable_code(),
                              "บรรทัดที่ " + std::to_string(use.input_index + 1) + ": " + status.message_th(),
                              status.detail_en(), FieldOf(use));
}

}  // namespace

VoucherControl::VoucherControl(BudgetService& budget) : budget_(budget) {
  for (const auto& category : budget.catalog().categories()) accounts_.insert(category.account);
}

bool VoucherControl::Controlled(const std::string& account) const { return accounts_.count(account) > 0; }

Status VoucherControl::Apply(int64_t org, Date date, const std::vector<accounting::BudgetUse>& uses,
                             nlohmann::json& body) {
  std::vector<LineEffect> effects;
  nlohmann::json named = nlohmann::json::array();
  for (const auto& use : uses) {
    auto line = budget_.Line(org, use.budget_line);
    if (!line.ok()) return OnField(Status::Refusal("gl.budget_line", "ไม่พบรายการงบประมาณที่ระบุ"), use);
    if (line->category.account != use.account) {
      return OnField(Status::Refusal("gl.budget_line_account",
                                     "รายการ " + line->Label() + " เป็น" + line->category.name_th +
                                         " ลงบัญชี " + line->category.account + " ไม่ใช่บัญชี " + use.account),
                     use);
    }
    effects.push_back({use.budget_line, Money(), use.spend});
    named.push_back({{"line", static_cast<int64_t>(use.entry_line)}, {"budget_line", use.budget_line}});
  }
  for (const auto& use : uses) {
    Status checked = budget_.CheckEffects(org, date, {{use.budget_line, Money(), use.spend}});
    if (!checked.ok()) return OnField(checked, use);
  }
  Status together = budget_.CheckEffects(org, date, effects);
  if (!together.ok()) return OnField(together, uses.front());
  PutEffects(body, effects);
  body[kLinesKey] = std::move(named);
  return Status::Ok();
}

std::map<size_t, int64_t> VoucherControl::LinesOf(const nlohmann::json& body) const {
  std::map<size_t, int64_t> lines;
  auto found = body.find(kLinesKey);
  if (found == body.end() || !found->is_array()) return lines;
  for (const auto& item : *found) {
    if (!item.is_object() || !item.contains("line") || !item.contains("budget_line")) continue;
    const auto& line = item["line"];
    const auto& budget_line = item["budget_line"];
    if (!line.is_number_integer() || !budget_line.is_number_integer()) continue;
    if (line.get<int64_t>() >= 0 && budget_line.get<int64_t>() > 0) {
      lines[static_cast<size_t>(line.get<int64_t>())] = budget_line.get<int64_t>();
    }
  }
  return lines;
}

void VoucherControl::PutReversal(const nlohmann::json& original, nlohmann::json& reversal) const {
  std::vector<LineEffect> effects = EffectsOf(original);
  if (effects.empty()) return;
  for (auto& effect : effects) {
    effect.commit = -effect.commit;
    effect.spend = -effect.spend;
  }
  PutEffects(reversal, effects);
  if (auto found = original.find(kLinesKey); found != original.end()) reversal[kLinesKey] = *found;
}

}  // namespace klang::budget
