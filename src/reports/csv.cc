// reports/csv.cc — งบทดลอง as CSV (see render.h for the column contract).
#include <array>
#include <string>
#include <string_view>

#include "reports/render.h"

namespace klang::reports {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";

// Spreadsheets treat a cell starting with one of these as a formula (or, for TAB and CR, strip
// the character and then do), so an account name like "=HYPERLINK(...)" typed into the chart of
// accounts could run when an auditor opens the export. OWASP "CSV injection".
bool LooksLikeFormula(std::string_view text) {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

// RFC 4180: fields holding a comma, quote or line break are quoted, with quotes doubled.
void AppendQuoted(std::string_view text, std::string* out) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out->append(text);
    return;
  }
  out->push_back('"');
  for (char c : text) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendTextCell(std::string_view text, std::string* out) {
  if (LooksLikeFormula(text)) {
    AppendQuoted("'" + std::string(text), out);
  } else {
    AppendQuoted(text, out);
  }
}

// Amounts come from Money::FormatPlain, so they are never guarded: "-12.00" must stay a number.
void AppendAmountCells(const std::array<Money, 6>& amounts, std::string* out) {
  for (const Money& amount : amounts) {
    out->push_back(',');
    out->append(amount.FormatPlain());
  }
}

}  // namespace

std::string TrialBalanceCsv(const TrialBalance& trial_balance) {
  std::string out(kByteOrderMark);
  out.append(
      "รหัสบัญชี,ชื่อบัญชี,ยอดยกไป เดบิต,ยอดยกไป เครดิต,ยอดยกมา เดบิต,ยอดยกมา เครดิต,"
      "ระหว่างงวด เดบิต,ระหว่างงวด เครดิต");
  out.append(kLineEnd);
  for (const TrialBalanceRow& row : trial_balance.rows) {
    AppendTextCell(row.account_code, &out);
    out.push_back(',');
    AppendTextCell(row.account_name, &out);
    AppendAmountCells({row.closing_debit, row.closing_credit, row.opening_debit, row.opening_credit,
                       row.period_debit, row.period_credit},
                      &out);
    out.append(kLineEnd);
  }
  out.append("รวม,");
  AppendAmountCells({trial_balance.total_closing_debit, trial_balance.total_closing_credit,
                     trial_balance.total_opening_debit, trial_balance.total_opening_credit,
                     trial_balance.total_period_debit, trial_balance.total_period_credit},
                    &out);
  out.append(kLineEnd);
  return out;
}

}  // namespace klang::reports
