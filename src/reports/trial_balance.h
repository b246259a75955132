// reports/trial_balance.h — the trial balance (งบทดลอง) of one organisation for a date range,
// computed from the ledger's account-balance projection, and the voucher document for printing.
//
// Opening (ยอดยกมา) = every movement posted before `from`, and the opening-balance vouchers
// (gl.opening, and reversals of them) posted from `from` to `to`; period = the other movements
// from `from` to `to`; closing = opening + period. Each is shown on the side it stands (a net debit or a net credit),
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

Result<TrialBalance> ComputeTrialBalance(ledger::Ledger& ledger, accounting::VoucherService& vouchers,
                                         accounting::ChartOfAccounts& chart,
                                         org::OrgDirectory& orgs, int64_t org, Date from, Date to,
                                         const Clock& clock);

// The printable voucher for a general journal voucher view.
Voucher VoucherDocument(const accounting::VoucherView& view, const OrgHeading& heading);

// "พิมพ์เมื่อ 5 ตุลาคม 2568 14:03 น." (Bangkok time)
std::string PrintedAtThai(const Clock& clock);

// "ลำดับที่ 57 · SHA-256 3f9a…": printed small on a document so a sheet can be checked against the log.
std::string IntegrityLine(int64_t seq, const std::string& hash);

// A register's amount cell: plain "1234.50", or "" for zero.
std::string PlainOrBlank(Money amount);

// A ใบผ่านรายการ of a module's document, as the general voucher renderer prints it: the heading,
// title, number, date and description, the integrity line of entry `seq`, and the three signatures
// (ผู้จัดทำ, ผู้ตรวจสอบ, ผู้อนุมัติ). The caller adds the lines and the total.
Voucher DocumentVoucher(const OrgHeading& org, const std::string& title, const std::string& number,
                        Date date, const std::string& description, int64_t seq,
                        const std::string& hash);

}  // namespace klang::reports
