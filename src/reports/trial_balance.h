// reports/trial_balance.h — the trial balance (งบทดลอง) of one organisation for a date range,
// computed from the ledger's account-balance projection, and the voucher document for printing.
//
// Opening = every movement posted before `from`; period = movements from `from` to `to`;
// closing = opening + period. Each is shown on the side it stands (a net debit or a net credit),
// so every column pair totals equal when the books balance.
#pragma once

#include <optional>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "reports/documents.h"

namespace klang::reports {

OrgHeading HeadingFor(org::OrgDirectory& orgs, int64_t org);

Result<TrialBalance> ComputeTrialBalance(ledger::Ledger& ledger,
                                         accounting::ChartOfAccounts& chart,
                                         org::OrgDirectory& orgs, int64_t org, Date from, Date to,
                                         const Clock& clock);

// The printable voucher for a general journal voucher view.
Voucher VoucherDocument(const accounting::VoucherView& view, const OrgHeading& heading);

// "พิมพ์เมื่อ 5 ตุลาคม 2568 14:03 น." (Bangkok time)
std::string PrintedAtThai(const Clock& clock);

// "ลำดับที่ 57 · SHA-256 3f9a…": printed small on a document so a sheet can be checked against the log.
std::string IntegrityLine(int64_t seq, const std::string& hash);

}  // namespace klang::reports
