#include "reports/closing_documents.h"

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

}  // namespace klang::reports
