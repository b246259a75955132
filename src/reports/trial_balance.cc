#include "reports/trial_balance.h"

#include <cstdio>
#include <map>

namespace klang::reports {
namespace {

// Puts a net amount (debit minus credit) on its side.
void Split(Money net, Money* debit, Money* credit) {
  if (net.is_negative()) {
    *credit = -net;
  } else {
    *debit = net;
  }
}

}  // namespace

OrgHeading HeadingFor(org::OrgDirectory& orgs, int64_t org) {
  OrgHeading heading;
  const auto path = orgs.PathTo(org);
  if (path.empty()) return heading;
  heading.name = path.back().name;
  heading.type_th = std::string(org::OrgTypeThai(path.back().type));
  if (path.size() >= 2) heading.parent_name = path[path.size() - 2].name;
  return heading;
}

std::string PrintedAtThai(const Clock& clock) {
  const int64_t local_seconds = clock.NowUnixSeconds() + 7 * 3600;
  const int64_t seconds_of_day = ((local_seconds % 86400) + 86400) % 86400;
  char time[32];
  std::snprintf(time, sizeof time, "%02d:%02d", static_cast<int>(seconds_of_day / 3600),
                static_cast<int>(seconds_of_day % 3600 / 60));
  return "พิมพ์เมื่อ " + FormatThaiDateLong(clock.TodayInThailand()) + " " + time + " น.";
}

std::string PlainOrBlank(Money amount) { return amount.is_zero() ? "" : amount.FormatPlain(); }

Voucher DocumentVoucher(const OrgHeading& org, const std::string& title, const std::string& number,
                        Date date, const std::string& description, int64_t seq,
                        const std::string& hash) {
  Voucher voucher;
  voucher.org = org;
  voucher.title_th = title;
  voucher.number = number;
  voucher.document_date = date;
  voucher.fiscal_year = FiscalYearOf(date);
  voucher.description = description;
  voucher.integrity_line = IntegrityLine(seq, hash);
  voucher.signatures = {{"ผู้จัดทำ", ""}, {"ผู้ตรวจสอบ", ""}, {"ผู้อนุมัติ", ""}};
  return voucher;
}

std::string IntegrityLine(int64_t seq, const std::string& hash) {
  return "ลำดับที่ " + std::to_string(seq) + " · SHA-256 " + hash.substr(0, 16) + "…";
}

Result<TrialBalance> ComputeTrialBalance(ledger::Ledger& ledger, accounting::VoucherService& vouchers,
                                         accounting::ChartOfAccounts& chart,
                                         org::OrgDirectory& orgs, int64_t org, Date from, Date to,
                                         const Clock& clock) {
  if (to < from) {
    return Status::InvalidInput("report.date_range", "วันที่สิ้นสุดต้องไม่ก่อนวันที่เริ่มต้น", "",
                                "to");
  }
  KLANG_RETURN_IF_ERROR(orgs.Get(org).status());
  KLANG_ASSIGN_OR_RETURN(auto opening, ledger.Totals(org, std::nullopt, from.AddDays(-1)));
  KLANG_ASSIGN_OR_RETURN(auto period, ledger.Totals(org, from, to));
  struct Sums {
    Money opening_net;
    Money period_debit;
    Money period_credit;
  };
  std::map<std::string, Sums> by_account;
  for (const auto& totals : opening) {
    by_account[totals.account].opening_net = totals.debit - totals.credit;
  }
  for (const auto& totals : period) {
    by_account[totals.account].period_debit = totals.debit;
    by_account[totals.account].period_credit = totals.credit;
  }
  // Opening balances posted inside the range are ยอดยกมา, not the period's movements.
  KLANG_ASSIGN_OR_RETURN(auto openings, vouchers.OpeningTotals(org, from, to));
  for (const auto& day : openings) {
    Sums& sums = by_account[day.account];
    sums.opening_net = sums.opening_net + day.debit - day.credit;
    sums.period_debit = sums.period_debit - day.debit;
    sums.period_credit = sums.period_credit - day.credit;
  }
  TrialBalance report;
  report.org = HeadingFor(orgs, org);
  report.from = from;
  report.to = to;
  report.fiscal_year = FiscalYearOf(to);
  report.generated_at_th = PrintedAtThai(clock);
  for (const auto& [code, sums] : by_account) {
    if (sums.opening_net.is_zero() && sums.period_debit.is_zero() && sums.period_credit.is_zero()) {
      continue;
    }
    TrialBalanceRow row;
    row.account_code = code;
    auto account = chart.Find(code);
    row.account_name = account.ok() ? account->name_th : "(ไม่พบในผังบัญชี)";
    Split(sums.opening_net, &row.opening_debit, &row.opening_credit);
    row.period_debit = sums.period_debit;
    row.period_credit = sums.period_credit;
    Split(sums.opening_net + sums.period_debit - sums.period_credit, &row.closing_debit,
          &row.closing_credit);
    report.total_opening_debit += row.opening_debit;
    report.total_opening_credit += row.opening_credit;
    report.total_period_debit += row.period_debit;
    report.total_period_credit += row.period_credit;
    report.total_closing_debit += row.closing_debit;
    report.total_closing_credit += row.closing_credit;
    report.rows.push_back(std::move(row));
  }
  // Books that balance give equal columns; anything else is damage (verify will name it).
  if (report.total_closing_debit != report.total_closing_credit) {
    return Status::Internal("report.unbalanced_books",
                            "trial balance does not balance: the stored balances are damaged");
  }
  return report;
}

Voucher VoucherDocument(const accounting::VoucherView& view, const OrgHeading& heading) {
  Voucher voucher;
  voucher.org = heading;
  voucher.title_th = view.type_th == "ยอดยกมา" ? "ใบผ่านรายการบัญชีทั่วไป (ยอดยกมา)"
                                                : "ใบผ่านรายการบัญชีทั่วไป";
  voucher.number = view.number_text;
  voucher.document_date = view.date;
  voucher.fiscal_year = view.fiscal_year;
  voucher.description = view.description;
  for (const auto& line : view.lines) {
    // A budget-controlled line names the budget line it spends (accounting::VoucherBudgetControl).
    const std::string name = line.budget_line > 0
                                 ? line.account_name + " (รายการงบประมาณที่ " + std::to_string(line.budget_line) + ")"
                                 : line.account_name;
    voucher.lines.push_back({line.account_code, name, line.debit, line.credit});
  }
  voucher.total = view.total;
  if (view.reversed_by_seq) {
    voucher.status_th = "ยกเลิกแล้วโดยรายการกลับ ลำดับที่ " + std::to_string(*view.reversed_by_seq);
  }
  if (view.reverses_seq) {
    voucher.reference_th = "กลับรายการของใบผ่านรายการลำดับที่ " + std::to_string(*view.reverses_seq);
  }
  voucher.integrity_line = "ลำดับที่ " + std::to_string(view.seq) + " · SHA-256 " + view.hash;
  voucher.signatures = {{"ผู้จัดทำ", ""}, {"ผู้ตรวจสอบ", ""}, {"ผู้อนุมัติ", ""}};
  return voucher;
}

}  // namespace klang::reports
