// reports/expenditure_handlers.h — printable expenditure documents: the ฎีกา cover sheet, the
// debt-setting voucher (ใบผ่านรายการตั้งหนี้) and the payment voucher (ใบผ่านรายการจ่าย) as PDF;
// the cheque / withdrawal-slip report (รายงานการจัดทำเช็ค/ใบถอนเงิน) and the registers of ฎีกา,
// purchase/hire requests, orders and contracts, and staff advances as CSV/XLSX/PDF. The figures
// come from the expenditure services; this module only lays them out.
#pragma once

#include "expenditure/handlers.h"

namespace klang::reports {

void RegisterExpenditureDocumentRoutes(http::Router& router, expenditure::ExpenditureWeb& web);

}  // namespace klang::reports
