// reports/expenditure_documents.h — the data of the expenditure side's printed documents, read
// from the expenditure services and laid out as the plain document structs of documents.h: the
// ฎีกา cover sheet and its figures, the debt-setting voucher (ใบผ่านรายการตั้งหนี้) and the payment
// voucher (ใบผ่านรายการจ่าย), and the registers of ฎีกา, requests, orders and contracts, advances
// and the cheque / withdrawal-slip report. No HTTP here: the downloads are
// web/reports/expenditure_documents.cc.
#pragma once

#include <string>

#include "accounting/chart.h"
#include "core/clock.h"
#include "expenditure/disbursement.h"
#include "expenditure/expenditure.h"
#include "org/org.h"
#include "reports/documents.h"

namespace klang::reports {

// Where the expenditure documents' figures come from. References; they must outlive the user.
struct ExpenditureSources {
  expenditure::ExpenditureService& expenditure;
  expenditure::DisbursementService& disbursement;
  accounting::ChartOfAccounts& chart;  // account names
  org::OrgDirectory& orgs;
  const Clock& clock;
};

// The ฎีกา cover sheet; reads the debt-setting voucher a ฎีกา pays, if any.
Result<ClaimDoc> ClaimDocument(ExpenditureSources& sources, int64_t org,
                               const expenditure::Claim& claim);
// The figures of a cover sheet as a table (gross, each deduction, net).
RegisterDoc ClaimFigures(ExpenditureSources& sources, const ClaimDoc& doc);
// ใบผ่านรายการตั้งหนี้ and ใบผ่านรายการจ่าย.
Voucher DebtSettingVoucher(ExpenditureSources& sources, int64_t org,
                           const expenditure::DebtVoucher& debt);
Voucher PaymentVoucher(ExpenditureSources& sources, int64_t org,
                       const expenditure::Payment& payment);
// A voucher's lines as a table, for its XLSX/CSV face (the PDF is the form that is signed).
RegisterDoc VoucherTable(ExpenditureSources& sources, int64_t org, const Voucher& voucher);
// The register `name` of `fiscal_year`: "cheques", "claims", "requests", "orders" or
// "advances"; NotFound report.unknown_document for any other name.
Result<RegisterDoc> ExpenditureRegister(ExpenditureSources& sources, int64_t org,
                                        const std::string& name, int fiscal_year);

}  // namespace klang::reports
