#include "cli/import_command.h"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/command.h"
#include "core/thai.h"

namespace klang::cli {
namespace {

// Exit codes (docs/import.md).
constexpr int kExitProblems = 1;  // the file has problems: nothing written
constexpr int kExitBadInput = 2;  // the command line, the user or the file cannot be used
constexpr int kExitFailed = 1;    // the store refused or was unavailable

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidInput("cli.file", "เปิดไฟล์ไม่ได้: " + path, path);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

std::string BaseName(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

void PrintPreview(const exchange::Preview& preview) {
  std::printf("%s: %s (%s%s%s) %zu rows\n", preview.kind_th.c_str(), preview.file_name.c_str(),
              preview.format.c_str(), preview.encoding.empty() ? "" : ", ", preview.encoding.c_str(), preview.rows);
  for (const auto& line : preview.summary_th) std::printf("  %s\n", line.c_str());
  if (preview.previous) {
    std::printf("  นำเข้าไฟล์นี้แล้ว: %s (%s)\n", preview.previous->state_th.c_str(), preview.previous->by.c_str());
  }
  for (const auto& problem : preview.problems) {
    std::string where = problem.row == 0 ? "ทั้งไฟล์" : "แถว " + std::to_string(problem.row);
    if (!problem.sheet.empty()) where = problem.sheet + " " + where;
    if (!problem.column.empty()) where += " คอลัมน์ " + problem.column;
    std::printf("PROBLEM %s\t%s\t%s\n", where.c_str(), problem.code.c_str(), problem.message_th.c_str());
  }
  if (preview.problems_total > preview.problems.size()) {
    std::printf("… and %zu more problems\n", preview.problems_total - preview.problems.size());
  }
}

int NotImported(const exchange::Preview& preview) {
  std::printf("NOT IMPORTED: %zu problem(s); nothing was written\n", preview.problems_total);
  return kExitProblems;
}

}  // namespace

CLI::App* AddImportCommand(CLI::App& cli, Location& location, ImportArgs& args) {
  auto* command = cli.add_subcommand("import", "import a spreadsheet or e-LAAS export (docs/import.md)");
  command->add_option("--data", location.data_dir, "data folder (SQLite)");
  command->add_option("--db", location.db_url, "PostgreSQL URL instead of --data");
  command->add_option("kind", args.kind, "opening-balances|taxpayers|budget|outage-receipts")->required();
  command->add_option("file", args.file, "the file: .xlsx or .csv (UTF-8 or Windows-874)")->required();
  command->add_option("--org", args.org, "organisation id")->required();
  command->add_option("--as", args.as_user, "the user importing (must hold the kind's permissions)")->required();
  command->add_option("--map", args.map_file, "opening-balances: account map CSV (source_code,account,legal_reference)");
  command->add_option("--date", args.date, "opening-balances: the opening date (default: this fiscal year's start)");
  command->add_option("--fy", args.fiscal_year, "budget: the fiscal year (BE; default: next)");
  command->add_option("--title", args.title, "budget: the draft's title");
  command->add_flag("--dry-run", args.dry_run, "check and print, write nothing");
  return command;
}

int Import(const Location& location, const ImportArgs& args) {
  const exchange::ImportKindInfo* info = exchange::FindImportKind(args.kind);
  if (info == nullptr) {
    return Fail(Status::InvalidInput("cli.import_kind", "ประเภทข้อมูลที่นำเข้าไม่ถูกต้อง",
                                     "opening-balances|taxpayers|budget|outage-receipts"));
  }
  exchange::ImportRequest request;
  request.org = args.org;
  request.kind = args.kind;
  request.file_name = BaseName(args.file);
  auto bytes = ReadWholeFile(args.file);
  if (!bytes.ok()) return Fail(bytes.status());
  request.bytes = std::move(bytes).value();
  if (!args.map_file.empty()) {
    auto map = ReadWholeFile(args.map_file);
    if (!map.ok()) return Fail(map.status());
    request.options.map_csv = std::move(map).value();
  }
  if (!args.date.empty()) {
    auto date = Date::ParseIso(args.date);
    if (!date.ok()) date = Date::ParseThai(args.date);  // 01/10/2569: the year must be BE
    if (!date.ok() || date->year() < 1900) {
      return Fail(Status::InvalidInput("cli.date", "วันที่ไม่ถูกต้อง (--date ปปปป-ดด-วว หรือ วว/ดด/ปปปป พ.ศ.)", args.date));
    }
    request.options.date = date->ToIso();
  }
  request.options.fiscal_year = args.fiscal_year;
  request.options.title = args.title;
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  accounting::Actor actor;
  for (std::string_view permission : info->permissions) {
    auto acting = a.ActingUser(args.as_user, std::string(permission), args.org);
    if (!acting.ok()) {
      Fail(acting.status());
      return kExitBadInput;  // an unknown or unauthorised user, as bad input on the command line
    }
    actor = *acting;
  }
  if (args.dry_run) {
    auto preview = a.imports().Check(request, actor);
    if (!preview.ok()) return Fail(preview.status());
    PrintPreview(*preview);
    if (!preview->clean()) return NotImported(*preview);
    std::printf("CHECKED: no problems; nothing written (--dry-run)\n");
    return 0;
  }
  // The commit checks the file itself: its preview is the one printed.
  exchange::Preview preview;
  auto record = a.imports().Commit(request, actor, &preview);
  if (!record.ok() && record.status().stable_code() != "import.has_problems") {
    Fail(record.status());
    return kExitFailed;
  }
  PrintPreview(preview);
  if (!record.ok()) return NotImported(preview);
  std::printf("IMPORTED %s id=%s entries=%lld%s\n", record->kind.c_str(), record->id.substr(0, 16).c_str(),
              static_cast<long long>(record->entries),
              preview.previous && preview.previous->state == "done" ? " (imported before: nothing written)" : "");
  return 0;
}

}  // namespace klang::cli
