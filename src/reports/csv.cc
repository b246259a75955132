// reports/csv.cc — งบทดลอง as CSV (see render.h for the column contract); the writer is
// core/csv_writer.h.
#include "reports/csv.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "reports/render.h"

namespace klang::reports {

std::string TrialBalanceCsv(const TrialBalance& trial_balance) {
  CsvWriter csv;
  for (std::string_view title : {"รหัสบัญชี", "ชื่อบัญชี", "ยอดยกไป เดบิต", "ยอดยกไป เครดิต", "ยอดยกมา เดบิต",
                                 "ยอดยกมา เครดิต", "ระหว่างงวด เดบิต", "ระหว่างงวด เครดิต"}) {
    csv.Text(title);
  }
  csv.EndRow();
  auto amounts = [&csv](std::initializer_list<Money> values) {
    for (Money amount : values) csv.Amount(amount);
    csv.EndRow();
  };
  for (const TrialBalanceRow& row : trial_balance.rows) {
    csv.Text(row.account_code);
    csv.Text(row.account_name);
    amounts({row.closing_debit, row.closing_credit, row.opening_debit, row.opening_credit,
             row.period_debit, row.period_credit});
  }
  csv.Text("รวม");
  csv.Text("");
  amounts({trial_balance.total_closing_debit, trial_balance.total_closing_credit,
           trial_balance.total_opening_debit, trial_balance.total_opening_credit,
           trial_balance.total_period_debit, trial_balance.total_period_credit});
  return std::move(csv).Take();
}

}  // namespace klang::reports
