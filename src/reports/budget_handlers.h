// reports/budget_handlers.h — printable budget documents: ประมาณการรายรับ and ประมาณการรายจ่าย of
// a budget document (PDF/XLSX/CSV), its รายละเอียดประมาณการรายจ่าย (PDF), the budget expenditure
// register ทะเบียนรายจ่ายตามงบประมาณ for all lines and for one line (PDF/XLSX/CSV), and the record
// of a transfer or change of explanation (PDF). The figures come from the budget service; this
// module only lays them out.
#pragma once

#include "budget/handlers.h"

namespace klang::reports {

void RegisterBudgetDocumentRoutes(http::Router& router, budget::BudgetWeb& web);

}  // namespace klang::reports
