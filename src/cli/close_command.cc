#include "cli/close_command.h"

#include <cstdio>

#include "cli/command.h"

namespace klang::cli {
namespace {

void PrintDifferences(const std::string& what, const std::vector<closing::Difference>& differences) {
  std::printf("REFUSED %s: %zu difference(s)\n", what.c_str(), differences.size());
  for (const auto& difference : differences) {
    std::printf("%s\t%s\t%s\t%s\t%s\n", difference.check.c_str(), difference.check_th.c_str(),
                difference.what_th.c_str(), difference.date.c_str(), difference.amount.FormatPlain().c_str());
  }
}

int CloseMonth(App& app, const CloseArgs& args) {
  auto actor = app.ActingUser(args.as_user, "close.month", args.org);
  if (!actor.ok()) return Fail(actor.status());
  auto outcome = app.periods().Close(args.org, args.month, "", *actor);
  if (!outcome.ok()) return Fail(outcome.status());
  if (!outcome->closed) {
    PrintDifferences(args.month, outcome->differences);
    return 1;
  }
  std::printf("CLOSED %s (%s) seq=%lld debit=%s credit=%s\n", outcome->closed->month.Iso().c_str(),
              outcome->closed->month.Thai().c_str(),
              static_cast<long long>(outcome->closed->act_seq),
              outcome->closed->debit.FormatPlain().c_str(),
              outcome->closed->credit.FormatPlain().c_str());
  return 0;
}

int CloseYear(App& app, const CloseArgs& args) {
  auto actor = app.ActingUser(args.as_user, "close.year", args.org);
  if (!actor.ok()) return Fail(actor.status());
  auto outcome = app.years().Close(args.org, args.fiscal_year, "", *actor);
  if (!outcome.ok()) return Fail(outcome.status());
  if (!outcome->closed) {
    PrintDifferences("FY " + std::to_string(args.fiscal_year), outcome->differences);
    return 1;
  }
  const closing::YearPlan& plan = *outcome->closed;
  std::printf("CLOSED FY %d seq=%lld revenue=%s operating=%s investment=%s depreciation=%s surplus=%s "
              "to_reserve=%s to_funds=%s reserve_excess=%s\n",
              args.fiscal_year, static_cast<long long>(outcome->seq), plan.revenue.FormatPlain().c_str(),
              plan.operating.FormatPlain().c_str(), plan.investment.FormatPlain().c_str(),
              plan.depreciation.FormatPlain().c_str(), plan.surplus.FormatPlain().c_str(),
              plan.to_reserve.FormatPlain().c_str(), plan.to_funds.FormatPlain().c_str(),
              plan.reserve_excess.FormatPlain().c_str());
  for (const auto& line : plan.lines) {
    std::printf("%s\t%s\t%s\n", line.account.c_str(), line.debit.FormatPlain().c_str(),
                line.credit.FormatPlain().c_str());
  }
  return 0;
}

int PreliminaryYear(App& app, const CloseArgs& args) {
  auto actor = app.ActingUser(args.as_user, "close.year", args.org);
  if (!actor.ok()) return Fail(actor.status());
  auto seq = app.years().Preliminary(args.org, args.fiscal_year, "", *actor);
  if (!seq.ok()) return Fail(seq.status());
  std::printf("PRELIMINARY FY %d seq=%lld\n", args.fiscal_year, static_cast<long long>(*seq));
  return 0;
}

int ReopenYear(App& app, const CloseArgs& args) {
  auto actor = app.ActingUser(args.as_user, "close.reopen", args.org);
  if (!actor.ok()) return Fail(actor.status());
  auto seq = app.years().Reopen(args.org, args.fiscal_year, args.reason, args.approval_ref, "", *actor);
  if (!seq.ok()) return Fail(seq.status());
  std::printf("REOPENED FY %d seq=%lld\n", args.fiscal_year, static_cast<long long>(*seq));
  return 0;
}

int ReopenMonth(App& app, const CloseArgs& args) {
  auto actor = app.ActingUser(args.as_user, "close.reopen", args.org);
  if (!actor.ok()) return Fail(actor.status());
  auto act = app.periods().Reopen({args.org, args.month, args.reason, args.approval_ref, ""}, *actor);
  if (!act.ok()) return Fail(act.status());
  std::printf("REOPENED seq=%lld", static_cast<long long>(act->seq));
  for (const auto& month : act->reopened) std::printf(" %s", month.c_str());
  std::printf("\n");
  return 0;
}

}  // namespace

CLI::App* AddCloseCommand(CLI::App& cli, Location& location, CloseArgs& args) {
  auto* close = cli.add_subcommand("close", "close or reopen an organisation's month or fiscal year");
  close->add_option("--data", location.data_dir, "data folder (SQLite)");
  close->add_option("--db", location.db_url, "PostgreSQL URL instead of --data");
  close->add_option("action", args.action, "month|reopen|preliminary|year|reopen-year")->required();
  close->add_option("--org", args.org, "organisation id")->required();
  close->add_option("--month", args.month, "month, reopen: YYYY-MM (2026-10 or 2569-10)");
  close->add_option("--fy", args.fiscal_year, "preliminary, year, reopen-year: the fiscal year (BE, e.g. 2570)");
  close->add_option("--as", args.as_user, "the user acting (must hold close.month / close.year / close.reopen)")
      ->required();
  close->add_option("--reason", args.reason, "reopen: why");
  close->add_option("--approval", args.approval_ref, "reopen: the approval's reference");
  return close;
}

int Close(const Location& location, const CloseArgs& args) {
  const bool month = args.action == "month" || args.action == "reopen";
  const bool year = args.action == "year" || args.action == "reopen-year" || args.action == "preliminary";
  if (!month && !year) {
    return Fail(Status::InvalidInput("cli.close_action", "คำสั่งไม่ถูกต้อง", "month|reopen|preliminary|year|reopen-year"));
  }
  if (month && args.month.empty()) {
    return Fail(Status::InvalidInput("cli.close_month", "ต้องระบุเดือน (--month)", "--month YYYY-MM"));
  }
  if (year && args.fiscal_year == 0) {  // the range is the service's (closing.fiscal_year)
    return Fail(Status::InvalidInput("cli.close_fy", "ต้องระบุปีงบประมาณเป็นปีพุทธศักราช (--fy)", "--fy 2570"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  if (args.action == "month") return CloseMonth(**app, args);
  if (args.action == "reopen") return ReopenMonth(**app, args);
  if (args.action == "preliminary") return PreliminaryYear(**app, args);
  return args.action == "year" ? CloseYear(**app, args) : ReopenYear(**app, args);
}

}  // namespace klang::cli
