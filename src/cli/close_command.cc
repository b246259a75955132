#include "cli/close_command.h"

#include <cstdio>

#include "cli/command.h"

namespace klang::cli {
namespace {

// The user named by --as, allowed `permission` over `org`.
Result<accounting::Actor> ActingUser(App& app, const std::string& username,
                                     const std::string& permission, int64_t org) {
  if (username.empty()) {
    return Status::InvalidInput("cli.as_required", "ต้องระบุผู้ใช้ที่ดำเนินการ (--as)", "--as USERNAME");
  }
  KLANG_ASSIGN_OR_RETURN(auth::User user, app.auth().FindUser(username));
  if (user.disabled) {
    return Status::PermissionDenied("auth.disabled", "บัญชีผู้ใช้นี้ถูกระงับ", username);
  }
  KLANG_RETURN_IF_ERROR(app.auth().Authorize(user, permission, org));
  return accounting::Actor{user.id, user.display_name};
}

int CloseMonth(App& app, const CloseArgs& args) {
  auto actor = ActingUser(app, args.as_user, "close.month", args.org);
  if (!actor.ok()) return Fail(actor.status());
  auto outcome = app.periods().Close(args.org, args.month, "", *actor);
  if (!outcome.ok()) return Fail(outcome.status());
  if (!outcome->closed) {
    std::printf("REFUSED %s: %zu difference(s)\n", args.month.c_str(), outcome->differences.size());
    for (const auto& difference : outcome->differences) {
      std::printf("%s\t%s\t%s\t%s\t%s\n", difference.check.c_str(), difference.check_th.c_str(),
                  difference.what_th.c_str(), difference.date.c_str(),
                  difference.amount.FormatPlain().c_str());
    }
    return 1;
  }
  std::printf("CLOSED %s (%s) seq=%lld debit=%s credit=%s\n", outcome->closed->month.Iso().c_str(),
              outcome->closed->month.Thai().c_str(),
              static_cast<long long>(outcome->closed->act_seq),
              outcome->closed->debit.FormatPlain().c_str(),
              outcome->closed->credit.FormatPlain().c_str());
  return 0;
}

int ReopenMonth(App& app, const CloseArgs& args) {
  auto actor = ActingUser(app, args.as_user, "close.reopen", args.org);
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
  auto* close = cli.add_subcommand("close", "close or reopen an organisation's month");
  close->add_option("--data", location.data_dir, "data folder (SQLite)");
  close->add_option("--db", location.db_url, "PostgreSQL URL instead of --data");
  close->add_option("action", args.action, "month|reopen")->required();
  close->add_option("--org", args.org, "organisation id")->required();
  close->add_option("--month", args.month, "YYYY-MM (2026-10 or 2569-10)")->required();
  close->add_option("--as", args.as_user, "the user acting (must hold close.month / close.reopen)")
      ->required();
  close->add_option("--reason", args.reason, "reopen: why");
  close->add_option("--approval", args.approval_ref, "reopen: the approval's reference");
  return close;
}

int Close(const Location& location, const CloseArgs& args) {
  if (args.action != "month" && args.action != "reopen") {
    return Fail(Status::InvalidInput("cli.close_action", "คำสั่งไม่ถูกต้อง", "month|reopen"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  return args.action == "month" ? CloseMonth(**app, args) : ReopenMonth(**app, args);
}

}  // namespace klang::cli
