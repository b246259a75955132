// cli/main.cc — the `klang` command.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <tuple>
#include <random>
#include <thread>

#include "cli/app.h"
#include "cli/org_copy.h"
#include "cli/close_command.h"
#include "cli/import_command.h"
#include "exchange/books.h"
#include "exchange/workbook.h"
#include "web/exchange/imports.h"
#include "cli/command.h"
#include "cli/demo.h"
#include "cli/metrics_sources.h"
#include "cli/serve_config.h"
#include "cli/witness_command.h"
#include "core/thai.h"
#include "http/observe.h"
#include "reports/closing_documents.h"
#include "reports/render.h"
#include "reports/trial_balance.h"
#include "sync/time_text.h"
#include "web/reports/ledger_reports.h"
#include "web/stack.h"

namespace klang::cli {

namespace {

int Init(const Location& location) {
  auto app = App::Open(location, /*create=*/true);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  Status chart = a.chart().ImportCsv(ReadFile(App::ResourceDir() + "/data/chart_of_accounts.csv"));
  if (!chart.ok()) return Fail(chart);
  auto existing = a.orgs().List();
  if (!existing.ok()) return Fail(existing.status());
  if (!existing->empty()) {
    std::printf("Klang data already initialised at %s (%zu organisations); nothing changed.\n",
                a.db().description().c_str(), existing->size());
    return 0;
  }
  auto dla = a.orgs().Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
  if (!dla.ok()) return Fail(dla.status());
  std::string password;
  auto admin = a.auth().CreateUser(dla->id, "admin", "ผู้ดูแลระบบ", "admin", "", &password);
  if (!admin.ok()) return Fail(admin.status());
  std::printf("Initialised %s\n", a.db().description().c_str());
  std::printf("Administrator: admin\nOne-time password: %s\n", password.c_str());
  std::printf("(You must change it at first login.)\n");
  return 0;
}

// klang org copy: one organisation (and its units) from one store into another.
int OrgCopy(const std::string& from, const std::string& to, int64_t org) {
  if (from.empty() || to.empty() || org <= 0) {
    return Fail(Status::InvalidInput("cli.org_copy", "ต้องระบุ --org --from และ --to", "klang org copy --org ID --from URL --to URL"));
  }
  auto source = App::Open(LocationOf(from), /*create=*/false);
  if (!source.ok()) return Fail(source.status());
  if (Status copyable = CheckCopyable(**source, org); !copyable.ok()) return Fail(copyable);
  auto target = App::Open(LocationOf(to), /*create=*/true);
  if (!target.ok()) return Fail(target.status());
  if ((*target)->chart().All().empty()) {  // a new store: the chart, as klang init would
    Status chart = (*target)->chart().ImportCsv(ReadFile(App::ResourceDir() + "/data/chart_of_accounts.csv"));
    if (!chart.ok()) return Fail(chart);
  }
  auto copied = CopyOrganisation(**source, **target, org, [](const std::string& line) {
    if (Terminal()) std::fprintf(stderr, "\r%s", line.c_str());
  });
  if (Terminal()) std::fprintf(stderr, "\n");
  if (!copied.ok()) return Fail(copied.status());
  for (const auto& one : *copied) {
    std::printf("COPIED org=%lld held=%lld copied=%lld head=%lld hash=%s verified\n", static_cast<long long>(one.org),
                static_cast<long long>(one.already_held), static_cast<long long>(one.copied),
                static_cast<long long>(one.head_seq), one.head_hash.c_str());
  }
  return 0;
}

int Orgs(const Location& location) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  auto all = (*app)->orgs().List();
  if (!all.ok()) return Fail(all.status());
  for (const auto& one : *all) {
    std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(one.id),
                std::string(org::OrgTypeCode(one.type)).c_str(), one.name.c_str(),
                one.parent_id ? std::to_string(one.parent_id).c_str() : "");
  }
  return 0;
}

// klang routes — every route the server answers, with who may call it: for the operator, the
// auditor and the hostile-input test. Tab-separated: method, path, permission (or "public", or
// "signed-in"), the path parameter naming the organisation whose scope is checked, module.
int Routes(const Location& location) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  auto web = web::BuildWebStack((*app)->WebServices(), {App::ResourceDir() + "/web/templates"});
  if (!web.ok()) return Fail(web.status());
  for (const http::Route& route : (*web)->router.routes()) {
    const std::string who = route.access.public_route        ? "public"
                            : route.access.permission.empty() ? "signed-in"
                                                              : route.access.permission;
    std::printf("%s\t%s\t%s\t%s\t%s\n", route.method.c_str(), route.pattern.c_str(), who.c_str(),
                route.access.org_param.c_str(), route.module.c_str());
  }
  return std::fflush(stdout) == 0 ? 0 : 1;
}

// Every register against the general ledger, for each organisation keeping books: the current
// fiscal year up to today and the one before up to its end. Prints each difference; returns how
// many there were.
Result<size_t> ReconcileAll(App& a, const ledger::VerifyReport& report) {
  const Date today = a.clock().TodayInThailand();
  const int year = FiscalYearOf(today);
  size_t count = 0;
  for (const auto& verified : report.orgs) {
    KLANG_ASSIGN_OR_RETURN(org::Organisation organisation, a.orgs().Get(verified.org));
    if (!org::KeepsBooks(organisation.type)) continue;
    KLANG_ASSIGN_OR_RETURN(std::optional<int> first, a.ledger().FirstFiscalYear(verified.org));
    if (!first) continue;
    for (int fiscal_year = std::max(*first, year - 1); fiscal_year <= year; ++fiscal_year) {
      const Date to = fiscal_year == year ? today : FiscalYearStart(fiscal_year + 1).AddDays(-1);
      KLANG_ASSIGN_OR_RETURN(std::vector<closing::Difference> differences,
                             a.reconciler().Run(verified.org, to));
      for (const auto& difference : differences) {
        std::printf("DIFFERENCE org=%lld check=%s date=%s amount=%s: %s\n",
                    static_cast<long long>(verified.org), difference.check.c_str(),
                    difference.date.c_str(), difference.amount.FormatPlain().c_str(),
                    difference.what_th.c_str());
        ++count;
      }
    }
  }
  return count;
}

// With `witnesses`, every chain must also pass through each checkpoint they hold (src/witness).
int Verify(const Location& location, const std::vector<std::string>& witnesses, const std::vector<std::string>& trust) {
  std::optional<ledger::Anchors> anchors;
  if (!witnesses.empty()) {
    auto fetched = WitnessedAnchors(witnesses, trust);
    if (!fetched.ok()) {
      std::printf("FAILED: the witnesses cannot be read: %s\n", fetched.status().ToString().c_str());
      return 1;
    }
    anchors = std::move(fetched).value();
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) {
    std::printf("FAILED: the database cannot be opened: %s\n", app.status().ToString().c_str());
    return 1;
  }
  auto report = (*app)->ledger().Verify({}, [](int64_t checked) {
    if (Terminal()) std::fprintf(stderr, "\rverify: %lld entries", static_cast<long long>(checked));
  }, anchors ? &*anchors : nullptr);
  if (Terminal()) std::fprintf(stderr, "\r");
  if (!report.ok()) {
    std::printf("FAILED: %s\n", report.status().ToString().c_str());
    return 1;
  }
  // The provincial offices see each organisation's last verification (oversight).
  std::vector<oversight::VerificationOutcome> outcomes;
  for (const auto& org : report->orgs) outcomes.push_back({org.org, org.ok, org.first_bad_seq, org.problem});
  if (Status noted = (*app)->oversight().RecordVerifications(outcomes); !noted.ok()) {
    std::fprintf(stderr, "verify: the outcomes could not be recorded for oversight: %s\n", noted.ToString().c_str());
  }
  if (report->ok()) {
    auto differences = ReconcileAll(**app, *report);
    if (!differences.ok()) {
      std::printf("FAILED: %s\n", differences.status().ToString().c_str());
      return 1;
    }
    if (*differences > 0) return 1;
    int64_t anchors_checked = 0;
    for (const auto& org : report->orgs) anchors_checked += org.anchors_checked;
    std::printf("OK: %zu organisation(s), %lld entries; every chain and projection verifies, every "
                "register agrees with the general ledger%s\n",
                report->orgs.size(), static_cast<long long>(report->entries),
                anchors ? ("; every chain passes through its " + std::to_string(anchors_checked) +
                           " witnessed checkpoint(s)").c_str()
                        : "");
    return 0;
  }
  for (const auto& org : report->orgs) {
    if (org.ok) continue;
    const std::string range = org.range_to > 0 ? " range=" + std::to_string(org.range_from) + "-" +
                                                     std::to_string(org.range_to)
                                               : "";
    std::printf("DAMAGED org=%lld first_bad_seq=%lld%s: %s\n", static_cast<long long>(org.org),
                static_cast<long long>(org.first_bad_seq), range.c_str(), org.problem.c_str());
  }
  return 1;
}

int Rebuild(const Location& location) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  Status status = (*app)->ledger().Rebuild({});
  if (!status.ok()) return Fail(status);
  std::printf("Rebuilt every projection from the log.\n");
  return 0;
}

int Export(const Location& location, int64_t org, const std::string& format) {
  if (format != "ledger" && format != "jsonl" && format != "checkpoints") {
    return Fail(Status::InvalidInput("cli.format", "รูปแบบไม่ถูกต้อง", "--format ledger|jsonl|checkpoints"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  auto organisation = a.orgs().Get(org);
  if (!organisation.ok()) return Fail(organisation.status());
  if (format == "checkpoints") {  // this node's copies, as signed (the auditor checks the signatures)
    auto copies = a.checkpoints().Copies(org, /*witnessed_only=*/false, /*signature_checked=*/false);
    if (!copies.ok()) return Fail(copies.status());
    for (const auto& copy : *copies) std::cout << witness::ToJson(copy).dump() << '\n';
    return std::cout.good() ? 0 : 1;
  }
  Status exported = exchange::ForEachEntry(
      a.ledger(), org,
      [&format](const ledger::Entry& entry) {
        std::cout << (format == "jsonl" ? exchange::ChainLine(entry) : exchange::JournalText(entry));
        return std::cout.good();
      },
      [](int64_t seq) {
        if (Terminal()) std::fprintf(stderr, "\rexport: %lld entries", static_cast<long long>(seq));
      });
  if (Terminal()) std::fprintf(stderr, "\n");
  if (!exported.ok()) return Fail(exported);
  return std::cout.good() ? 0 : 1;
}

// Writes `bytes` to `out`, or to standard output when empty; the exit code.
int WriteOut(const std::string& bytes, const std::string& out) {
  if (out.empty()) {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return std::cout.good() ? 0 : 1;
  }
  std::ofstream file(out, std::ios::binary);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return file.good() ? 0 : 1;
}

// `klang export --format gfmis --month YYYY-MM`: the month for New GFMIS Thai (exchange/gfmis.h).
int ExportGfmis(const Location& location, int64_t org, const std::string& month_text, const std::string& out) {
  auto month = closing::Month::Parse(month_text);
  if (!month.ok()) return Fail(month.status());
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  auto data = (*app)->gfmis().Month(org, *month);
  if (!data.ok()) return Fail(data.status());
  const auto format = exchange::MakeKlangGfmisCsv();
  std::fprintf(stderr, "%s: %zu accounts, %zu budget lines, %zu codes not mapped (data/gfmis_codes.csv)\n",
               format->file_name(*data).c_str(), data->accounts.size(), data->budget.size(), data->unmapped.size());
  return WriteOut(format->Render(*data), out);
}

// `klang export --format audit`: the auditor's package (exchange/audit_package.h) as a zip.
int ExportAudit(const Location& location, int64_t org, int fiscal_year, const std::string& out) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  auto package = (*app)->audit_packages().Build(org, fiscal_year);
  if (!package.ok()) return Fail(package.status());
  std::fprintf(stderr, "audit package %s: FY %d, %lld entries, head %s, %zu files\n", package->file_name.c_str(),
               package->fiscal_year, static_cast<long long>(package->entries), package->head.c_str(),
               package->files.size());
  for (const auto& missing : package->missing_th) std::fprintf(stderr, "  not included: %s\n", missing.c_str());
  return WriteOut(package->bytes, out);
}

// `klang report balance-sheet|operations|receipts-payments`: a statement of fiscal year
// `fiscal_year` (the current one when 0; the month's when a month is given), as CSV (line code,
// line name, amount or amounts), XLSX, PDF or HTML (one self-contained page).
int StatementReport(const Location& location, const std::string& kind, int64_t org, int fiscal_year,
                    const std::string& month_text, int quarter, const std::string& format, const std::string& out) {
  if (format != "csv" && format != "xlsx" && format != "pdf" && format != "html") {
    return Fail(Status::InvalidInput("cli.format", "รูปแบบไม่ถูกต้อง", "--format csv|xlsx|pdf|html"));
  }
  std::optional<closing::Month> month;
  if (!month_text.empty()) {
    auto parsed = closing::Month::Parse(month_text);
    if (!parsed.ok()) return Fail(parsed.status());
    month = *parsed;
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  if (fiscal_year == 0) fiscal_year = month ? month->FiscalYear() : FiscalYearOf(a.clock().TodayInThailand());
  static const std::map<std::string, std::string> kKinds = {{"balance-sheet", closing::kBalanceSheet},
                                                            {"operations", closing::kOperations},
                                                            {"receipts-payments", closing::kReceiptsPayments},
                                                            {"notes", closing::kNotes},
                                                            {"accumulated-funds", closing::kAccumulatedFunds},
                                                            {"quarterly", closing::kQuarterly}};
  auto statement = a.statements().Make(kKinds.at(kind), org, fiscal_year, month, quarter);
  if (!statement.ok()) return Fail(statement.status());
  const auto doc = reports::StatementRegister(*statement, reports::HeadingFor(a.orgs(), org), a.clock());
  if (format == "csv") return WriteOut(reports::RegisterCsv(doc), out);
  auto rendered = format == "xlsx"  ? reports::RegisterXlsx(doc)
                  : format == "pdf" ? reports::RegisterPdf(doc)
                                    : reports::RegisterHtml(doc);
  if (!rendered.ok()) return Fail(rendered.status());
  return WriteOut(*rendered, out);
}

// `klang report carryovers`: รายงานรายละเอียดการกันเงินรายจ่าย of fiscal year `fiscal_year` (this
// one when 0): PDF one page per งาน, CSV, XLSX and HTML one register.
int CarryOverReport(const Location& location, int64_t org, int fiscal_year, const std::string& format,
                    const std::string& out) {
  if (format != "csv" && format != "xlsx" && format != "pdf" && format != "html") {
    return Fail(Status::InvalidInput("cli.format", "รูปแบบไม่ถูกต้อง", "--format csv|xlsx|pdf|html"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  if (fiscal_year == 0) fiscal_year = FiscalYearOf(a.clock().TodayInThailand());
  auto carryovers = a.carryovers().OfYear(org, fiscal_year);
  if (!carryovers.ok()) return Fail(carryovers.status());
  const auto heading = reports::HeadingFor(a.orgs(), org);
  const auto doc = reports::CarryOverRegister(*carryovers, fiscal_year, heading, a.clock());
  if (format == "csv") return WriteOut(reports::RegisterCsv(doc), out);
  Result<std::string> rendered = reports::RegisterHtml(doc);
  if (format == "xlsx") rendered = reports::RegisterXlsx(doc);
  if (format == "pdf") {
    // One page per งาน for its head to sign; a year without carry-overs prints the empty register.
    rendered = carryovers->empty() ? reports::RegisterPdf(doc)
                                   : reports::RegisterPdfBook(reports::CarryOverRegisters(*carryovers, fiscal_year,
                                                                                          heading, a.clock()));
  }
  if (!rendered.ok()) return Fail(rendered.status());
  return WriteOut(*rendered, out);
}

int Report(const Location& location, const std::string& kind, int64_t org,
           const std::string& from_text, const std::string& to_text, int fiscal_year,
           const std::string& month, int quarter, const std::string& format, const std::string& out) {
  if (kind == "carryovers") return CarryOverReport(location, org, fiscal_year, format, out);
  if (kind == "balance-sheet" || kind == "operations" || kind == "receipts-payments" || kind == "notes" ||
      kind == "accumulated-funds" || kind == "quarterly") {
    return StatementReport(location, kind, org, fiscal_year, month, quarter, format, out);
  }
  if (kind != "trial-balance") {
    return Fail(Status::InvalidInput("cli.report", "ไม่รู้จักรายงานนี้",
                                     "reports: trial-balance|balance-sheet|operations|receipts-payments|notes|accumulated-funds|quarterly|carryovers"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  const Date today = a.clock().TodayInThailand();
  Date from = FiscalYearStart(FiscalYearOf(today));
  Date to = today;
  if (!from_text.empty()) {
    auto parsed = Date::ParseIso(from_text);
    if (!parsed.ok()) return Fail(parsed.status());
    from = *parsed;
  }
  if (!to_text.empty()) {
    auto parsed = Date::ParseIso(to_text);
    if (!parsed.ok()) return Fail(parsed.status());
    to = *parsed;
  }
  auto report = reports::ComputeTrialBalance(a.ledger(), a.vouchers(), a.chart(), a.orgs(), org, from, to,
                                             a.clock());
  if (!report.ok()) return Fail(report.status());
  std::string bytes;
  if (format == "csv") {
    bytes = reports::TrialBalanceCsv(*report);
  } else if (format == "xlsx" || format == "pdf") {
    auto rendered = format == "xlsx" ? reports::TrialBalanceXlsx(*report)
                                     : reports::TrialBalancePdf(*report);
    if (!rendered.ok()) return Fail(rendered.status());
    bytes = std::move(rendered).value();
  } else if (format == "html") {
    auto templates = http::Templates::Load(App::ResourceDir() + "/web/templates");
    if (!templates.ok()) return Fail(templates.status());
    auto html = web::StandaloneTrialBalanceHtml(**templates, a.orgs(), org, *report);
    if (!html.ok()) return Fail(html.status());
    bytes = std::move(html).value();
  } else {
    return Fail(Status::InvalidInput("cli.format", "รูปแบบไม่ถูกต้อง", "--format csv|xlsx|pdf|html"));
  }
  return WriteOut(bytes, out);
}

// Debian starts a process with 1,024 open files (soft limit): fewer than connections_max plus the
// database, logs and connections being refused. Raised towards the hard limit, as far as needed.
void RaiseOpenFilesLimit(size_t connections_max) {
  constexpr rlim_t kFilesBesidesConnections = 1'024;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, 2 * connections_max + kFilesBesidesConnections);
  if (limit.rlim_cur >= wanted) return;
  limit.rlim_cur = wanted;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    std::fprintf(stderr, "klang serve: could not raise the open files limit to %llu\n",
                 static_cast<unsigned long long>(wanted));
  }
}

// Reads what /metrics shows beside the requests: the ledger's group commits, the connection pool
// and, on PostgreSQL, how far each standby is behind.
void AddMetricSources(http::Metrics& metrics, App& app) {
  ledger::Ledger& ledger = app.ledger();
  metrics.AddSource([&ledger] { return LedgerMetrics(ledger.Stats()); });
  store::Db& db = app.db();
  metrics.AddSource([&db] { return PoolMetrics(db.Stats()); });
  if (db.dialect() == store::Dialect::kPostgres) {
    metrics.AddSource([&db] { return ReplicationMetrics(db); });
  }
}

int Serve(const ServeSettings& settings) {
  const Location& location = settings.location;
  const std::string& listen = settings.listen;
  const bool secure_cookies = settings.secure_cookies;
  const std::optional<EdgeSettings>& edge = settings.edge;
  const std::string& auth_config = settings.auth_config;
  // Block SIGINT/SIGTERM in every thread; the main thread waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::optional<auth::SignInConfig> sign_in;
  if (!auth_config.empty()) {
    auto loaded = auth::LoadSignInConfig(auth_config);
    if (!loaded.ok()) return Fail(loaded.status());
    sign_in = std::move(loaded).value();
  }
  auto app = App::Open(location, /*create=*/edge.has_value(), edge);
  if (!app.ok()) return Fail(app.status());
  if (Status configured = (*app)->ConfigureWitness(settings.witness); !configured.ok()) return Fail(configured);
  if (sign_in) {
    if (Status configured = (*app)->ConfigureSignIn(*sign_in); !configured.ok()) {
      return Fail(configured);
    }
  }
  auto web = web::BuildWebStack((*app)->WebServices(),
                                {App::ResourceDir() + "/web/templates", secure_cookies, settings.public_url});
  if (!web.ok()) return Fail(web.status());
  http::ServerOptions options;
  auto address = ParseListen(listen);
  if (!address.ok()) return Fail(address.status());
  options.listen_address = address->first;
  options.listen_port = address->second;
  options.static_dir = App::ResourceDir() + "/web/static";
  options.secure_cookies = secure_cookies;
  options.connections_per_address_max = settings.connections_per_address_max;
  options.trusted_proxies = settings.trusted_proxies;
  options.connections_max = settings.connections_max;
  options.body_bytes_max = settings.body_bytes_max;
  // An import's file, with room for what a request adds around it.
  options.is_upload = [](std::string_view method, std::string_view target) {
    return method == "POST" && web::IsUploadPath(target);
  };
  options.upload_bytes_max = exchange::kFileBytesMax + (64u << 10);
  http::Metrics metrics;
  AddMetricSources(metrics, **app);
  http::AccessLog access_log;
  http::Observers observers;
  observers.Add(&metrics);
  if (settings.access_log) observers.Add(&access_log);
  options.observer = &observers;
  options.metrics = &metrics;
  options.metrics_allowed = settings.metrics_allowed;
  RaiseOpenFilesLimit(options.connections_max);
  http::Server server(options, (*web)->router, (*web)->gatekeeper.get());
  Status started = server.Start();
  if (!started.ok()) return Fail(started);
  if ((*app)->edge() != nullptr) (*app)->edge()->Start();
  witness::CheckpointService& checkpoints = (*app)->checkpoints();
  if (checkpoints.signing() || checkpoints.witness_count() > 0) checkpoints.Start();
  // The centre records each organisation's standing daily and sends the offices' nudges.
  if ((*app)->edge() == nullptr) (*app)->oversight().StartSweeps(std::chrono::hours(1));
  std::printf("Klang %s %s on http://%s:%u/\n",
              (*app)->edge() != nullptr ? ("edge node " + (*app)->edge()->node()).c_str() : "serving",
              (*app)->db().description().c_str(), options.listen_address.c_str(), server.port());
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::printf("Stopping (signal %d)...\n", signal_number);
  checkpoints.Stop();
  (*app)->oversight().StopSweeps();
  if ((*app)->edge() != nullptr) (*app)->edge()->Stop();
  server.Stop();
  return 0;
}

// klang user add — the operator places a user (an organisation's first administrator; the
// administrator then invites the rest on the screens).
int UserAdd(const Location& location, const std::string& action, int64_t org,
            const std::string& username, const std::string& display_name, const std::string& role) {
  if (action != "add") {
    return Fail(Status::InvalidInput("cli.user_action", "คำสั่งไม่ถูกต้อง", "add"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  std::string password;
  auto added = (*app)->auth().InviteUserAsOperator(org, username, display_name, role, &password);
  if (!added.ok()) return Fail(added.status());
  std::printf("User %s (%s) of organisation %lld.\nOne-time password: %s\n(It must be changed "
              "at first login.)\n",
              username.c_str(), role.c_str(), static_cast<long long>(org), password.c_str());
  return 0;
}

// klang node add|list|revoke|release — the centre's register of edge nodes.
int Node(const Location& location, const std::string& action, const std::string& name, int64_t org) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  sync::NodeRegistry& nodes = (*app)->nodes();
  if (action == "add") {
    auto credential = nodes.Issue(name, org);
    if (!credential.ok()) return Fail(credential.status());
    std::printf("Node %s for organisation %lld. Its credential (shown once; give it to the node's "
                "operator, e.g. in a file for --credential-file):\n%s\n",
                name.c_str(), static_cast<long long>(org), credential->c_str());
    return 0;
  }
  if (action == "list") {
    auto list = nodes.List();
    if (!list.ok()) return Fail(list.status());
    auto homes = nodes.Homes();
    if (!homes.ok()) return Fail(homes.status());
    for (const auto& node : *list) {
      std::printf("%s\torg %lld\t%s\tlast seen %s\n", node.name.c_str(), static_cast<long long>(node.org),
                  node.revoked() ? "revoked" : "active", sync::FormatThaiMoment(node.last_seen_ms).c_str());
    }
    for (const auto& home : *homes) {
      std::printf("home\torg %lld\t%s\n", static_cast<long long>(home.org), home.node.c_str());
    }
    return 0;
  }
  if (action == "revoke") {
    Status revoked = nodes.Revoke(name, "cli");
    return revoked.ok() ? 0 : Fail(revoked);
  }
  if (action == "release") {
    Status released = nodes.Release(org, "cli");
    if (!released.ok()) return Fail(released);
    std::printf("Organisation %lld is written at the centre again.\n", static_cast<long long>(org));
    return 0;
  }
  return Fail(Status::InvalidInput("cli.node_action", "คำสั่งไม่ถูกต้อง", "add|list|revoke|release"));
}

// klang restore-from-edge: re-supplies a centre that lost entries from this edge node's copy.
int RestoreFromEdge(const Location& location, const EdgeSettings& edge) {
  auto app = App::Open(location, /*create=*/false, edge);
  if (!app.ok()) return Fail(app.status());
  Status restored = (*app)->edge()->RestoreCentre([](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  });
  if (!restored.ok()) return Fail(restored);
  std::printf("Restore complete: the centre holds and verifies every entry this node had seen acknowledged.\n");
  return 0;
}

// Load generator for the crash test: appends balanced entries from many threads and prints
// "ACK <org> <seq> <entry id>" only after each append is durable.
int AppendLoad(const Location& location, int org_count, int count, int threads) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  std::vector<int64_t> orgs;
  for (const auto& one : *a.orgs().List()) {
    if (org::KeepsBooks(one.type)) orgs.push_back(one.id);
  }
  if (orgs.empty()) return Fail(Status::NotFound("cli.no_orgs", "ไม่มีหน่วยงาน", "run demo first"));
  if (static_cast<int>(orgs.size()) > org_count) orgs.resize(org_count);
  std::mutex output;
  std::atomic<int> next = 0;
  std::vector<std::thread> workers;
  const Date today = a.clock().TodayInThailand();
  for (int thread = 0; thread < threads; ++thread) {
    workers.emplace_back([&] {
      for (int index = next++; index < count; index = next++) {
        const Money amount = Money::FromSatang(100 + index);
        ledger::EntryDraft draft =
            VoucherDraft(orgs[index % orgs.size()], today, "load " + std::to_string(index),
                         {{"1101010", amount, {}}, {"4102010", {}, amount}}, "system:load", a.random());
        auto appended = a.ledger().Append(std::move(draft));
        std::lock_guard lock(output);
        if (appended.ok()) {
          std::printf("ACK %lld %lld %s\n", static_cast<long long>(appended->entry.org),
                      static_cast<long long>(appended->entry.seq), appended->entry.entry_id.c_str());
          std::fflush(stdout);
        } else {
          std::fprintf(stderr, "append failed: %s\n", appended.status().ToString().c_str());
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App cli{"Klang — accounting and treasury for Thai local government"};
  cli.require_subcommand(1);
  Location location;
  auto add_location = [&location](CLI::App* command) {
    command->add_option("--data", location.data_dir, "data folder (SQLite)");
    command->add_option("--db", location.db_url, "PostgreSQL URL instead of --data");
  };
  auto* init = cli.add_subcommand("init", "create a data folder with an administrator");
  add_location(init);
  int org_count = 1, days = 30;
  uint64_t seed = 1;
  auto* demo = cli.add_subcommand("demo", "add demo organisations with balanced activity");
  add_location(demo);
  demo->add_option("--orgs", org_count, "organisations (each with one subordinate unit)");
  demo->add_option("--days", days, "days of activity up to today");
  bool demo_last_year = false, demo_close = false;
  demo->add_flag("--last-year", demo_last_year, "activity from 1 October of the last fiscal year (instead of --days)");
  demo->add_flag("--close", demo_close, "close every month and fiscal year that is over");
  demo->add_option("--seed", seed, "random seed");
  bool demo_oversight = false;
  demo->add_flag("--oversight", demo_oversight,
                 "add the demo province's supervision (LAOs in several states, staff, areas, problems) instead");
  auto* orgs = cli.add_subcommand("orgs", "list organisations: id, type, name, parent id");
  add_location(orgs);
  std::string org_action, copy_from, copy_to;
  int64_t copy_org = 0;
  auto* org_command = cli.add_subcommand("org", "one organisation: copy (restore from a backup, move between clusters)");
  org_command->add_option("action", org_action, "copy")->required()->check(CLI::IsMember({"copy"}));
  org_command->add_option("--org", copy_org, "organisation id (its units come with it)")->required();
  org_command->add_option("--from", copy_from, "source: a data folder or postgresql://…")->required();
  org_command->add_option("--to", copy_to, "target: a data folder or postgresql://…")->required();
  ServeSettings listening;
  std::string serve_config;
  auto* serve = cli.add_subcommand("serve", "run the web server");
  add_location(serve);
  serve->add_option("--config", serve_config,
                    "TOML file holding every setting (docs/operations.md); no other option with it")
      ->check(CLI::ExistingFile);
  serve->add_option("--listen", listening.listen, "address:port");
  serve->add_flag("--secure-cookies", listening.secure_cookies, "mark cookies Secure (behind HTTPS)");
  serve->add_option("--connections-per-address", listening.connections_per_address_max,
                    "open connections one client address may hold (0: no limit, behind a proxy "
                    "that limits them)");
  serve->add_option("--trusted-proxy", listening.trusted_proxies,
                    "address of a reverse proxy in front (repeatable): its X-Forwarded-For names "
                    "the client");
  serve->add_option("--metrics-allow", listening.metrics_allowed,
                    "client address that may read GET /metrics (repeatable; default 127.0.0.1)");
  bool no_access_log = false;
  serve->add_flag("--no-access-log", no_access_log, "no JSON line per request on stderr");
  std::string auth_config;
  serve->add_option("--auth-config", auth_config,
                    "JSON file: the OpenID Connect provider (ThaID) and SMTP server for enrolment")
      ->check(CLI::ExistingFile);
  int64_t org = 0;
  bool edge_mode = false;
  EdgeSettings edge;
  std::string credential_file;
  serve->add_flag("--edge", edge_mode, "run as an edge node of --upstream (SQLite --data only)");
  serve->add_option("--upstream", edge.upstream, "edge: the centre's URL, e.g. http://centre:8080");
  serve->add_option("--org", edge.org, "edge: the LAO this node serves");
  serve->add_option("--credential-file", credential_file, "edge: file holding the node credential");
  serve->add_option("--heartbeat-ms", edge.heartbeat_ms, "edge: milliseconds between heartbeats");
  serve->add_option("--key", listening.witness.key_file, "sign checkpoints with this key (klang keys new)");
  serve->add_option("--witness", listening.witness.witnesses, "deliver checkpoints to this witness (repeatable)");
  serve->add_option("--trust", listening.witness.trust,
                    "public key file: this node's older keys, or on an edge node the centre's (repeatable)");
  serve->add_option("--checkpoint-interval-s", listening.witness.interval_s,
                    "sign at least this often while the books change (default 3600)");
  serve->add_option("--public-url", listening.public_url,
                    "the address the public reaches this server at, printed in documents' QR codes");
  std::string node_action, node_name;
  auto* node = cli.add_subcommand("node", "edge nodes at the centre: add, list, revoke, release");
  add_location(node);
  node->add_option("action", node_action, "add|list|revoke|release")->required();
  node->add_option("--name", node_name, "node name (letters, digits, -)");
  node->add_option("--org", org, "organisation id (add: the LAO the node serves; release)");
  auto* restore = cli.add_subcommand("restore-from-edge",
                                     "re-supply the centre with what this edge node holds");
  add_location(restore);
  restore->add_option("--upstream", edge.upstream, "the centre's URL (default: as cloned)");
  restore->add_option("--credential-file", credential_file, "node credential (default: as cloned)");
  auto* routes = cli.add_subcommand("routes", "list every route: method, path, permission");
  add_location(routes);
  auto* verify = cli.add_subcommand("verify", "verify every chain and projection");
  add_location(verify);
  std::vector<std::string> verify_witnesses, verify_trust;
  verify->add_option("--witness", verify_witnesses, "hold every chain to this witness's checkpoints (repeatable)");
  verify->add_option("--trust", verify_trust, "only checkpoints signed by these public keys (repeatable)");
  auto* rebuild = cli.add_subcommand("rebuild", "rebuild every projection from the log");
  add_location(rebuild);
  std::string user_action, username, display_name, role;
  auto* user = cli.add_subcommand("user", "users: add (an organisation's first administrator)");
  add_location(user);
  user->add_option("action", user_action, "add")->required();
  user->add_option("--org", org, "the user's organisation id");
  user->add_option("--username", username, "login name (a-z 0-9 . _ -)");
  user->add_option("--name", display_name, "display name (Thai)");
  user->add_option("--role", role, "role, as in data/roles.csv (e.g. admin)");
  std::string format;
  auto* export_command = cli.add_subcommand("export", "export an organisation's books");
  add_location(export_command);
  export_command->add_option("--org", org, "organisation id")->required();
  export_command->add_option("--format", format, "ledger|jsonl|checkpoints|audit|gfmis")->required();
  int export_fy = 0;
  std::string export_out;
  export_command->add_option("--fy", export_fy, "audit: the fiscal year (BE; default: the last closed, else this one)");
  export_command->add_option("--out", export_out, "audit, gfmis: the file to write (default: stdout)");
  std::string export_month;
  export_command->add_option("--month", export_month, "gfmis: the month (YYYY-MM, BE or CE year)");
  std::string report_kind, from, to, out;
  auto* report = cli.add_subcommand("report", "produce a report");
  add_location(report);
  report->add_option("kind", report_kind,
                     "trial-balance|balance-sheet|operations|receipts-payments|notes|accumulated-funds|quarterly|carryovers")
      ->required();
  report->add_option("--org", org, "organisation id")->required();
  report->add_option("--from", from, "first date (ISO)");
  report->add_option("--to", to, "last date (ISO)");
  int report_fy = 0, report_quarter = 0;
  std::string report_month;
  report->add_option("--quarter", report_quarter, "quarterly: the quarter of the fiscal year (1 = October to December)");
  report->add_option("--fy", report_fy, "balance-sheet, operations: the fiscal year (BE; default: this one)");
  report->add_option("--month", report_month,
                     "balance-sheet: at the end of this month; receipts-payments: this month (YYYY-MM)");
  report->add_option("--format", format, "csv|xlsx|pdf|html")->required();
  report->add_option("--out", out, "output file (default: stdout)");
  CloseArgs close_args;
  auto* close = AddCloseCommand(cli, location, close_args);
  ImportArgs import_args;
  auto* import_command = AddImportCommand(cli, location, import_args);
  WitnessArgs witness_args;
  const WitnessCommands witness_commands = AddWitnessCommands(cli, location, witness_args);
  int count = 1000, threads = 16;
  auto* append_load = cli.add_subcommand("append-load", "append test load (crash test)");
  add_location(append_load);
  append_load->add_option("--orgs", org_count, "organisations to spread over");
  append_load->add_option("--count", count, "entries");
  append_load->add_option("--threads", threads, "concurrent appenders");
  append_load->group("");  // a test tool: not listed in --help
  CLI11_PARSE(cli, argc, argv);
  if (append_load->parsed()) return AppendLoad(location, org_count, count, threads);
  if (user->parsed()) return UserAdd(location, user_action, org, username, display_name, role);
  if (init->parsed()) return Init(location);
  if (demo->parsed() && demo_oversight) return DemoOversight(location, seed);
  if (demo->parsed()) return Demo(location, {org_count, days, demo_last_year, demo_close, seed});
  if (orgs->parsed()) return Orgs(location);
  if (org_command->parsed()) return OrgCopy(copy_from, copy_to, copy_org);
  if (routes->parsed()) return Routes(location);
  if (auto ran = RunWitnessCommand(witness_commands, location, witness_args)) return *ran;
  // The node credential from `file` into `into` (nothing to read when no file is named).
  auto read_credential = [](const std::string& file, EdgeSettings& into) -> bool {
    if (file.empty()) return true;
    std::string text = ReadFile(file);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    into.credential = text;
    return !text.empty();
  };
  if (serve->parsed()) {
    ServeSettings settings = listening;
    if (!serve_config.empty()) {
      for (const CLI::Option* option : serve->get_options()) {
        if (option->count() > 0 && option->get_name() != "--config") {
          return Fail(Status::InvalidInput("cli.config_and_flags", "ใช้แฟ้มตั้งค่าแล้ว ไม่ต้องระบุตัวเลือกอื่น",
                                           option->get_name() + " given with --config"));
        }
      }
      auto loaded = LoadServeConfig(serve_config);
      if (!loaded.ok()) return Fail(loaded.status());
      settings = std::move(loaded).value();
    } else {
      settings.location = location;
      settings.auth_config = auth_config;
      settings.access_log = !no_access_log;
      settings.credential_file = credential_file;
      if (edge_mode) settings.edge = edge;
    }
    if (!settings.edge) return Serve(settings);
    if (!settings.location.db_url.empty()) {
      return Fail(Status::InvalidInput("cli.edge_sqlite", "เครื่องของสำนักงานใช้ --data (SQLite)",
                                       "an edge node runs on a --data folder"));
    }
    if (!read_credential(settings.credential_file, *settings.edge)) {
      return Fail(Status::InvalidInput("cli.credential", "อ่านรหัสประจำเครื่องไม่ได้", settings.credential_file));
    }
    return Serve(settings);
  }
  if (node->parsed()) return Node(location, node_action, node_name, org);
  if (restore->parsed()) {
    if (!read_credential(credential_file, edge)) {
      return Fail(Status::InvalidInput("cli.credential", "อ่านรหัสประจำเครื่องไม่ได้", credential_file));
    }
    return RestoreFromEdge(location, edge);
  }
  if (verify->parsed()) return Verify(location, verify_witnesses, verify_trust);
  if (rebuild->parsed()) return Rebuild(location);
  if (export_command->parsed() && format == "audit") return ExportAudit(location, org, export_fy, export_out);
  if (export_command->parsed() && format == "gfmis") return ExportGfmis(location, org, export_month, export_out);
  if (export_command->parsed()) return Export(location, org, format);
  if (close->parsed()) return Close(location, close_args);
  if (import_command->parsed()) return Import(location, import_args);
  if (report->parsed()) return Report(location, report_kind, org, from, to, report_fy, report_month, report_quarter, format, out);
  return 2;
}

}  // namespace klang::cli

int main(int argc, char** argv) { return klang::cli::Main(argc, argv); }
