#include "reports/closing_documents.h"

#include "reports/trial_balance.h"

namespace klang::reports {

RegisterDoc StatementRegister(const closing::Statement& statement, const OrgHeading& heading, const Clock& clock) {
  RegisterDoc doc;
  doc.org = heading;
  doc.title_th = statement.title_th;
  doc.subtitle_th = statement.period_th;
  doc.columns = {{"รหัสบรรทัด", false, false}, {"รายการ", false, false}, {"จำนวนเงิน (บาท)", true, false}};
  for (const auto& line : statement.lines) {
    doc.rows.push_back({line.code, line.name_th, line.amount.FormatPlain()});
  }
  doc.generated_at_th = PrintedAtThai(clock);
  return doc;
}

}  // namespace klang::reports
