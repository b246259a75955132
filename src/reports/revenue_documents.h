// reports/revenue_documents.h — the data of the revenue side's printed documents and registers,
// read from the revenue service and laid out as the plain document structs of documents.h: the
// receipt, the remittance slip, its summary and receipt voucher, the deposit and bank-receipt
// vouchers, the daily financial status report, and every revenue register. No HTTP here: the
// downloads are web/reports/revenue_documents.cc. Thread-safe as the services it reads.
#pragma once

#include <optional>
#include <string>

#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "reports/documents.h"
#include "revenue/revenue.h"

namespace klang::reports {

// Where the revenue documents' figures come from. References; they must outlive the user.
struct RevenueSources {
  revenue::RevenueService& revenue;
  ledger::Ledger& ledger;  // the hash of a remittance slip's entry
  org::OrgDirectory& orgs;
  const Clock& clock;
};

// The printed documents of `org`, from what the revenue service returned.
ReceiptDoc ReceiptDocument(RevenueSources& sources, int64_t org, const revenue::Receipt& receipt);
RemittanceDoc RemittanceDocument(RevenueSources& sources, int64_t org,
                                 const revenue::Remittance& remittance);
RemittanceSummaryDoc SummaryDocument(RevenueSources& sources, int64_t org,
                                     const revenue::Summary& summary);
// The ใบผ่านรายการรับ that posts a summary.
Voucher SummaryVoucher(RevenueSources& sources, int64_t org, const revenue::Summary& summary);
// The ใบนำฝากเงิน of a deposit, or the ใบผ่านรายการรับ of money received in the bank.
Voucher CashDocumentVoucher(RevenueSources& sources, int64_t org,
                            const revenue::CashDocument& document);
// รายงานสถานะการเงินประจำวัน.
DailyStatusDoc DailyStatusDocument(RevenueSources& sources, int64_t org,
                                   const revenue::DailyStatus& status);

// What a revenue register is asked for (each register reads what it needs).
struct RevenueRegisterQuery {
  std::optional<Date> from, to;  // receipts, deposits
  std::optional<Date> date;      // the revenue register's day (today when absent)
  std::string account;           // deposits: the deposit account (the first type when empty)
};
// The register `name`: "books", "receipts", "register", "deposits" or "receivables"; NotFound
// report.unknown_register for any other name.
Result<RegisterDoc> RevenueRegister(RevenueSources& sources, int64_t org, const std::string& name,
                                    const RevenueRegisterQuery& query);

}  // namespace klang::reports
