#include "cli/app.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <set>
#include <tuple>

#include "closing/checks.h"
#include "store/postgres/postgres_db.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::cli {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string App::ResourceDir() {
  if (const char* dir = std::getenv("KLANG_RESOURCES")) return dir;
  // The binary lives in <source>/build/<preset>/src/cli/klang: walk up to find data/.
  std::error_code error;
  std::filesystem::path here = std::filesystem::read_symlink("/proc/self/exe", error);
  for (auto dir = here.parent_path(); !dir.empty() && dir != dir.root_path();
       dir = dir.parent_path()) {
    if (std::filesystem::exists(dir / "data" / "chart_of_accounts.csv") &&
        std::filesystem::exists(dir / "web" / "templates")) {
      return dir.string();
    }
  }
  return std::filesystem::current_path().string();
}

namespace {

// The SQLite data folder (created when `create`), or the PostgreSQL database at the URL.
Result<std::unique_ptr<store::Db>> OpenStore(const Location& location, bool create) {
  if (!location.db_url.empty()) {
    store::PostgresOptions options;
    options.url = location.db_url;
    return store::OpenPostgres(options);
  }
  if (location.data_dir.empty()) {
    return Status::InvalidInput("cli.location", "ต้องระบุ --data หรือ --db",
                                "give --data DIR or --db postgresql://...");
  }
  const std::filesystem::path dir(location.data_dir);
  const auto file = dir / "klang.db";
  if (!create && !std::filesystem::exists(file)) {
    return Status::NotFound("cli.no_data", "ไม่พบโฟลเดอร์ข้อมูล",
                            "no Klang data in " + dir.string() + " (run klang init first)");
  }
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return Status::Unavailable("cli.data_dir", "cannot create " + dir.string());
  store::SqliteOptions options;
  options.path = file.string();
  return store::OpenSqlite(options);
}

// Every module's tables, in the order they depend on each other.
Status Migrate(store::Db& db) {
  std::vector<store::Migration> migrations;
  for (const auto& list :
       {ledger::Ledger::Migrations(), org::OrgDirectory::Migrations(),
        accounting::ChartOfAccounts::Migrations(), accounting::VoucherService::Migrations(),
        auth::AuthService::Migrations(), auth::OidcClient::Migrations(),
        auth::EnrolmentService::Migrations(), revenue::RevenueService::Migrations(),
        budget::BudgetService::Migrations(), budget::CarryOverService::Migrations(),
        expenditure::ExpenditureService::Migrations(),
        expenditure::DisbursementService::Migrations(), sync::ContinuityService::Migrations(),
        closing::PeriodService::Migrations(), sync::NodeRegistry::Migrations(), sync::EdgeNode::Migrations(),
        witness::CheckpointService::Migrations(), witness::WitnessStore::Migrations(),
        oversight::OversightService::Migrations(), exchange::ImportService::Migrations()}) {
    migrations.insert(migrations.end(), list.begin(), list.end());
  }
  return store::ApplyMigrations(db, migrations);
}

}  // namespace

Result<std::unique_ptr<App>> App::Open(const Location& location, bool create,
                                       const std::optional<EdgeSettings>& edge,
                                       const auth::AuthOptions& auth_options) {
  std::unique_ptr<App> app(new App());
  app->auth_options_ = auth_options;
  KLANG_ASSIGN_OR_RETURN(app->db_, OpenStore(location, create));
  KLANG_RETURN_IF_ERROR(Migrate(*app->db_));
  const std::string data = ResourceDir() + "/data/";
  KLANG_RETURN_IF_ERROR(app->BuildLedgerAndBooks(data));
  KLANG_RETURN_IF_ERROR(app->BuildSpending(data));
  KLANG_RETURN_IF_ERROR(app->BuildAuthAndContinuity(data));
  KLANG_RETURN_IF_ERROR(app->BuildClosing(data));
  KLANG_RETURN_IF_ERROR(app->BuildOversight(data));
  KLANG_RETURN_IF_ERROR(app->BuildExchange(data));
  if (edge) {
    KLANG_RETURN_IF_ERROR(app->BecomeEdge(*edge));
  } else {
    app->centre_gate_ =
        std::make_unique<sync::CentreGate>(*app->continuity_, *app->nodes_, app->clock_);
    app->ledger_->SetGate(app->centre_gate_.get());
    app->centre_ = std::make_unique<sync::CentreSync>(*app->ledger_, *app->nodes_, *app->orgs_,
                                                      *app->auth_, app->clock_);
  }
  app->ledger_->Start();
  // Until ConfigureWitness: no key and no witness; printed documents still carry their check codes.
  app->checkpoints_ = std::make_unique<witness::CheckpointService>(
      *app->db_, *app->ledger_, nullptr, std::vector<witness::PublicKey>{},
      std::vector<std::unique_ptr<witness::WitnessClient>>{}, app->clock_);
  app->document_checks_ = std::make_unique<witness::DocumentChecker>(*app->ledger_, *app->orgs_, *app->document_kinds_,
                                                                     *app->checkpoints_);
  app->LinkCheckpointsToNodes();
  app->audit_packages_ = std::make_unique<exchange::AuditPackager>(exchange::AuditSources{
      *app->ledger_, *app->orgs_, *app->chart_, *app->vouchers_, *app->statements_, *app->years_,
      [a = app.get()] { return a->checkpoints_.get(); }, app->clock_,
      ReadFile(ResourceDir() + "/tools/klang-verify-chain")});
  if (app->edge_) {
    // The chart of accounts is reference data from the same files as the centre's (klang init).
    KLANG_RETURN_IF_ERROR(app->chart_->ImportCsv(ReadFile(data + "chart_of_accounts.csv")));
    KLANG_RETURN_IF_ERROR(app->edge_->Open([](const std::string& line) {
      std::fprintf(stderr, "klang edge: %s\n", line.c_str());
    }));
  }
  return app;
}

Result<accounting::Actor> App::ActingUser(const std::string& username, const std::string& permission,
                                          int64_t org) {
  if (username.empty()) {
    return Status::InvalidInput("cli.as_required", "ต้องระบุผู้ใช้ที่ดำเนินการ (--as)", "--as USERNAME");
  }
  KLANG_ASSIGN_OR_RETURN(auth::User user, auth_->FindUser(username));
  if (user.disabled) {
    return Status::PermissionDenied("auth.disabled", "บัญชีผู้ใช้นี้ถูกระงับ", username);
  }
  KLANG_RETURN_IF_ERROR(auth_->Authorize(user, permission, org));
  return accounting::Actor{user.id, user.display_name};
}

// Imports (and exports): through the services built before, so an import obeys their rules.
Status App::BuildExchange(const std::string& data) {
  KLANG_ASSIGN_OR_RETURN(imports_, exchange::ImportService::Create(
                                       {*db_, *ledger_, *orgs_, *chart_, *vouchers_, *revenue_, *budget_, *continuity_, *periods_},
                                       clock_, ReadFile(data + "elaas_account_map.csv"), data + "samples"));
  KLANG_ASSIGN_OR_RETURN(exchange::GfmisCodes codes, exchange::GfmisCodes::FromCsv(ReadFile(data + "gfmis_codes.csv")));
  gfmis_ = std::make_unique<exchange::GfmisExporter>(
      exchange::GfmisSources{*ledger_, *orgs_, *chart_, *vouchers_, *budget_, clock_, std::move(codes)});
  return Status::Ok();
}

// The ledger and what keeps books on it: organisations, the chart, general vouchers, revenue and
// the budget (each projection registered before the ledger starts).
Status App::BuildLedgerAndBooks(const std::string& data) {
  orgs_ = std::make_unique<org::OrgDirectory>(*db_);
  chart_ = std::make_unique<accounting::ChartOfAccounts>(*db_);
  ledger_ = std::make_unique<ledger::Ledger>(*db_, clock_);
  vouchers_ = std::make_unique<accounting::VoucherService>(*ledger_, *orgs_, *chart_, clock_,
                                                           random_);
  ledger_->AddProjection(vouchers_->projection());
  KLANG_ASSIGN_OR_RETURN(revenue::RevenueCatalog catalog,
                         revenue::RevenueCatalog::FromCsv(ReadFile(data + "revenue_items.csv"),
                                                          ReadFile(data + "deposit_types.csv")));
  revenue_catalog_ = std::make_unique<revenue::RevenueCatalog>(std::move(catalog));
  KLANG_ASSIGN_OR_RETURN(revenue::SignboardRateTable rates,
                         revenue::SignboardRateTable::FromCsv(
                             ReadFile(data + "signboard_tax_rates.csv")));
  signboard_rates_ = std::make_unique<revenue::SignboardRateTable>(std::move(rates));
  revenue_ = std::make_unique<revenue::RevenueService>(*ledger_, *orgs_, *chart_,
                                                       *revenue_catalog_, *signboard_rates_,
                                                       clock_, random_);
  ledger_->AddProjection(revenue_->projection());
  KLANG_ASSIGN_OR_RETURN(budget::BudgetCatalog budget_catalog,
                         budget::BudgetCatalog::FromCsv(ReadFile(data + "budget_plans.csv"),
                                                        ReadFile(data + "budget_categories.csv")));
  budget_catalog_ = std::make_unique<budget::BudgetCatalog>(std::move(budget_catalog));
  budget_ = std::make_unique<budget::BudgetService>(*ledger_, *orgs_, *budget_catalog_,
                                                    *revenue_catalog_, clock_, random_);
  ledger_->AddProjection(budget_->projection());
  KLANG_ASSIGN_OR_RETURN(budget::CarryOverRuleTable carryover_rules,
                         budget::CarryOverRuleTable::FromCsv(ReadFile(data + "carryover_rules.csv")));
  carryovers_ = std::make_unique<budget::CarryOverService>(*ledger_, *orgs_, *budget_, std::move(carryover_rules),
                                                           clock_, random_);
  ledger_->AddProjection(carryovers_->projection());
  voucher_budget_ = std::make_unique<budget::VoucherControl>(*budget_);
  vouchers_->SetBudgetControl(voucher_budget_.get());
  budget::BudgetService* budgets = budget_.get();
  revenue_->SetEstimatesSource([budgets](int64_t org, int fiscal_year) {
    return budgets->ApprovedEstimates(org, fiscal_year);
  });
  return Status::Ok();
}

// Procurement to payment; revenue learns of uncollected cheques through a source (no cycle).
Status App::BuildSpending(const std::string& data) {
  expenditure_ = std::make_unique<expenditure::ExpenditureService>(*ledger_, *orgs_, *chart_, *budget_,
                                                                   *carryovers_, clock_, random_);
  ledger_->AddProjection(expenditure_->projection());
  KLANG_ASSIGN_OR_RETURN(expenditure::DisbursementConfig disbursement_config,
                         expenditure::DisbursementConfig::FromCsv(
                             ReadFile(data + "divisions.csv"), ReadFile(data + "deduction_types.csv"),
                             ReadFile(data + "duty_rules.csv")));
  disbursement_config_ =
      std::make_unique<expenditure::DisbursementConfig>(std::move(disbursement_config));
  disbursement_ = std::make_unique<expenditure::DisbursementService>(
      *ledger_, *orgs_, *budget_, *expenditure_, *revenue_, *disbursement_config_, clock_,
      random_);
  ledger_->AddProjection(disbursement_->projection());
  expenditure::DisbursementService* disbursement = disbursement_.get();
  revenue_->SetUncollectedChequesSource(
      [disbursement](int64_t org, Date day) -> Result<std::pair<int64_t, Money>> {
        KLANG_ASSIGN_OR_RETURN(expenditure::UncollectedCheques cheques,
                               disbursement->UncollectedOn(org, day));
        return std::pair<int64_t, Money>{cheques.count, cheques.amount};
      });
  return Status::Ok();
}

// Users, roles and permissions (data), the continuity registers and the centre's node register.
Status App::BuildAuthAndContinuity(const std::string& data) {
  auth_ = std::make_unique<auth::AuthService>(*db_, *orgs_, clock_, random_, auth_options_);
  KLANG_RETURN_IF_ERROR(auth_->LoadPermissionsCsv(ReadFile(data + "permissions.csv")));
  KLANG_RETURN_IF_ERROR(auth_->LoadRolesCsv(ReadFile(data + "roles.csv")));
  auth_->LoadWeakPasswords(ReadFile(data + "weak_passwords.txt"));
  KLANG_ASSIGN_OR_RETURN(sync::DocumentKinds kinds,
                         sync::DocumentKinds::FromCsv(ReadFile(data + "document_kinds.csv"),
                                                      ReadFile(data + "number_series.csv")));
  document_kinds_ = std::make_unique<sync::DocumentKinds>(std::move(kinds));
  continuity_ = std::make_unique<sync::ContinuityService>(*ledger_, *orgs_, *document_kinds_,
                                                          clock_, random_);
  ledger_->AddProjection(continuity_->projection());
  nodes_ = std::make_unique<sync::NodeRegistry>(*db_, *orgs_, clock_, random_);
  return Status::Ok();
}

namespace {

constexpr char kBankAccountsPrefix[] = "1102";     // เงินฝากธนาคาร
constexpr char kDepositsHeldPrefix[] = "2103";     // เงินรับฝาก
constexpr char kRevenuePrefix[] = "4";             // รายได้ (the chart's class 4)

// The staff advances register (expenditure) as closing reconciles it with account 1105010.
closing::RegisterSource AdvancesRegister(expenditure::DisbursementService& disbursement) {
  closing::RegisterSource source{"reconcile.advances", "ทะเบียนเงินยืม กับบัญชีแยกประเภท", "ทะเบียนเงินยืม",
                                 {expenditure::kAdvanceAccount}, {{expenditure::kAdvanceAccount, "ลูกหนี้เงินยืมตามงบประมาณ"}},
                                 {}};
  source.days = [&disbursement](int64_t org, Date from, Date to) -> Result<std::vector<closing::RegisterDay>> {
    KLANG_ASSIGN_OR_RETURN(auto movements, disbursement.AdvanceMovements(org, from, to));
    std::vector<closing::RegisterDay> days;
    for (const auto& day : movements) days.push_back({expenditure::kAdvanceAccount, day.day, day.amount});
    return days;
  };
  return source;
}

// The tax receivables register (revenue) as closing reconciles it with the receivable accounts
// of the revenue items (data/revenue_items.csv).
closing::RegisterSource ReceivablesRegister(revenue::RevenueService& revenue, accounting::ChartOfAccounts& chart) {
  closing::RegisterSource source{"reconcile.receivables", "ทะเบียนลูกหนี้ภาษี กับบัญชีแยกประเภท", "ทะเบียนลูกหนี้ภาษี",
                                 {}, {}, {}};
  for (const auto& item : revenue.catalog().items()) {
    if (item.receivable_account.empty()) continue;
    source.accounts.push_back(item.receivable_account);
    auto account = chart.Find(item.receivable_account);
    source.names_th[item.receivable_account] = account.ok() ? account->name_th : item.name_th;
  }
  source.days = [&revenue](int64_t org, Date from, Date to) -> Result<std::vector<closing::RegisterDay>> {
    KLANG_ASSIGN_OR_RETURN(auto movements, revenue.ReceivableMovements(org, from, to));
    std::vector<closing::RegisterDay> days;
    for (const auto& day : movements) days.push_back({day.account, day.day, day.amount});
    return days;
  };
  return source;
}

// A register of revenue answering for every account of the chart under `prefix`, from
// `movements` (the bank accounts' register; the deposits-held registers).
using AccountMovements = Result<std::vector<revenue::RevenueService::ReceivableDay>> (revenue::RevenueService::*)(
    int64_t, Date, Date);
closing::RegisterSource PrefixRegister(revenue::RevenueService& revenue, accounting::ChartOfAccounts& chart,
                                       closing::RegisterSource source, const std::string& prefix,
                                       AccountMovements movements) {
  for (const auto& account : chart.All()) {
    if (!account.code.starts_with(prefix)) continue;
    source.accounts.push_back(account.code);
    source.names_th[account.code] = account.name_th;
  }
  source.days = [&revenue, movements](int64_t org, Date from, Date to) -> Result<std::vector<closing::RegisterDay>> {
    KLANG_ASSIGN_OR_RETURN(auto moved, (revenue.*movements)(org, from, to));
    std::vector<closing::RegisterDay> days;
    for (const auto& day : moved) days.push_back({day.account, day.day, day.amount});
    return days;
  };
  return source;
}

}  // namespace

// Periods: a month closes only when the checks over the other modules' registers find nothing;
// the year closes by the rule set of data/closing_rules.csv once its months are closed.
Status App::BuildClosing(const std::string& data) {
  periods_ = std::make_unique<closing::PeriodService>(*ledger_, *orgs_, clock_, random_);
  ledger_->AddProjection(periods_->projection());
  periods_->AddCheck(closing::ContinuityMonthCheck(*continuity_, *document_kinds_));
  KLANG_ASSIGN_OR_RETURN(closing::ClosingRuleTable rules,
                         closing::ClosingRuleTable::FromCsv(ReadFile(data + "closing_rules.csv")));
  KLANG_RETURN_IF_ERROR(rules.LoadAdjustmentKinds(ReadFile(data + "closing_adjustment_kinds.csv")));
  years_ = std::make_unique<closing::YearEndService>(*ledger_, *orgs_, *chart_, *vouchers_, *budget_,
                                                     *periods_, std::move(rules), clock_, random_);
  ledger_->AddProjection(years_->projection());
  KLANG_ASSIGN_OR_RETURN(closing::StatementLayout layout,
                         closing::StatementLayout::FromCsv(ReadFile(data + "statement_lines.csv")));
  KLANG_RETURN_IF_ERROR(layout.LoadUsableFundsRules(ReadFile(data + "usable_funds_rules.csv")));
  const closing::NotMovements not_movements = closing::OpeningsAndClosings(*vouchers_, *years_, *carryovers_);
  statements_ = std::make_unique<closing::StatementService>(*ledger_, *chart_, *years_, *budget_, *carryovers_, not_movements,
                                                            std::move(layout));
  reconciler_ = std::make_unique<closing::Reconciler>();
  reconciler_->Add("ทะเบียนรายจ่ายตามงบประมาณ",
                   closing::BudgetSpentCheck(*ledger_, *budget_, not_movements));
  reconciler_->Add("ทะเบียนเงินกัน", closing::CarryOverCheck(*ledger_, *carryovers_, not_movements));
  for (closing::RegisterSource source : {AdvancesRegister(*disbursement_), ReceivablesRegister(*revenue_, *chart_)}) {
    std::string name_th = source.register_th;
    reconciler_->Add(std::move(name_th), closing::AccountsCheck(*ledger_, std::move(source), not_movements));
  }
  // The bank accounts' register takes every entry that names a bank account, opening balances
  // too, and no closing entry moves a deposit account: both sides keep everything.
  const closing::NotMovements nothing_left_out = [](int64_t, Date, Date) -> Result<std::vector<ledger::DayTotals>> {
    return std::vector<ledger::DayTotals>{};
  };
  // So does a deposits-held register: it takes every entry's lines on a deposit type's account; an
  // account under 2103 without a deposit type is on the ledger's side only.
  const closing::RegisterSource bank{"reconcile.bank", "ทะเบียนเงินฝากธนาคาร กับบัญชีแยกประเภท", "ทะเบียนเงินฝากธนาคาร",
                                     {}, {}, {}};
  const closing::RegisterSource deposits{"reconcile.deposits", "ทะเบียนเงินรับฝาก กับบัญชีแยกประเภท", "ทะเบียนเงินรับฝาก",
                                         {}, {}, {}};
  // The revenue and cash registers take the lines of every document other than the revenue
  // module's own receipt documents as they are (openings and closings among them): both sides keep
  // everything too.
  const closing::RegisterSource income{"reconcile.revenue", "ทะเบียนรายได้ กับบัญชีแยกประเภท", "ทะเบียนรายได้",
                                        {}, {}, {}};
  const closing::RegisterSource cash{"reconcile.cash", "ทะเบียนเงินสด (รายงานสถานะการเงินประจำวัน) กับบัญชีแยกประเภท",
                                     "ทะเบียนเงินสด", {}, {}, {}};
  const std::tuple<const char*, const closing::RegisterSource*, const char*, AccountMovements> registers[] = {
      {"ทะเบียนเงินฝากธนาคาร", &bank, kBankAccountsPrefix, &revenue::RevenueService::BankMovements},
      {"ทะเบียนเงินรับฝาก", &deposits, kDepositsHeldPrefix, &revenue::RevenueService::DepositMovements},
      {"ทะเบียนรายได้", &income, kRevenuePrefix, &revenue::RevenueService::RevenueMovements},
      {"ทะเบียนเงินสด", &cash, revenue::kCashAccount, &revenue::RevenueService::CashMovements}};
  for (const auto& [name_th, source, prefix, movements] : registers) {
    reconciler_->Add(name_th, closing::AccountsCheck(*ledger_, PrefixRegister(*revenue_, *chart_, *source, prefix, movements),
                                                     nothing_left_out));
  }
  periods_->AddCheck(reconciler_->AsMonthCheck());
  return Status::Ok();
}

// An edge node: its settings (the folder remembers them after the first start), the transport to
// the centre, and the ledger's gate that forwards or appends provisionally.
Status App::BecomeEdge(const EdgeSettings& edge) {
  sync::EdgeOptions options;
  options.upstream = edge.upstream;
  options.credential = edge.credential;
  options.org = edge.org;
  options.heartbeat_ms = edge.heartbeat_ms;
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_->Acquire());
    KLANG_ASSIGN_OR_RETURN(store::Rows rows, lease->Query("SELECT key, value FROM edge_config"));
    for (const auto& row : rows) {
      if (row.Text(0) == "upstream" && options.upstream.empty()) options.upstream = row.Text(1);
      if (row.Text(0) == "credential" && options.credential.empty()) options.credential = row.Text(1);
      if (row.Text(0) == "org" && options.org == 0) options.org = std::stoll(row.Text(1));
    }
  }
  if (options.upstream.empty() || options.credential.empty() || options.org <= 0) {
    return Status::InvalidInput("cli.edge_settings", "ต้องระบุที่อยู่ศูนย์ รหัสประจำเครื่อง และ อปท.",
                                "an edge node needs --upstream, --credential-file and --org "
                                "on its first start");
  }
  auto transport = sync::MakeCurlTransport({options.upstream, options.credential});
  edge_ = std::make_unique<sync::EdgeNode>(*ledger_, *db_, *orgs_, *auth_, *continuity_,
                                           std::move(transport), clock_, options);
  ledger_->SetGate(edge_->gate());
  sync::EdgeNode* node = edge_.get();
  auth_->SetPasswordChangedListener(
      [node](const auth::ReplicaUser& user) { node->QueuePasswordPush(user); });
  return Status::Ok();
}

Status App::ConfigureSignIn(const auth::SignInConfig& config) {
  KLANG_ASSERT_MSG(oidc_ == nullptr, "sign-in configured twice");
  if (!config.enabled()) return Status::Ok();
  if (edge_) {
    return Status::InvalidInput("cli.enrol_at_centre", "การลงทะเบียนผู้ใช้ทำได้ที่ศูนย์เท่านั้น",
                                "--auth-config is for the centre; an edge node does not enrol");
  }
  fetcher_ = std::make_unique<auth::CurlFetcher>();
  oidc_ = std::make_unique<auth::OidcClient>(config.oidc, *fetcher_, *db_, clock_, random_);
  mailer_ = std::make_unique<auth::SmtpMailer>(config.smtp, random_);
  oversight_->SetMailer(mailer_.get());
  enrolment_ = std::make_unique<auth::EnrolmentService>(*auth_, *db_, *mailer_, clock_, random_);
  return Status::Ok();
}

// Oversight (issue 17): the currency projection after every other one (it reads the budget
// projection's rows in the same transaction), the rules and categories from data, and the links to
// the checkpoints, the edge nodes and the offices' staff.
Status App::BuildOversight(const std::string& data) {
  KLANG_ASSIGN_OR_RETURN(oversight::RuleTable rules, oversight::RuleTable::FromCsv(ReadFile(data + "oversight_rules.csv")));
  KLANG_ASSIGN_OR_RETURN(std::vector<oversight::Category> categories,
                         oversight::OversightConfig::CategoriesFromCsv(ReadFile(data + "oversight_problem_categories.csv")));
  oversight::Links links;
  links.witnessed = [this]() -> Result<std::map<int64_t, int64_t>> {
    if (!checkpoints_) return std::map<int64_t, int64_t>{};
    return checkpoints_->WitnessedAt();
  };
  links.nodes = [this]() -> Result<std::map<int64_t, std::pair<std::string, int64_t>>> {
    KLANG_ASSIGN_OR_RETURN(std::vector<sync::Node> nodes, nodes_->List());
    KLANG_ASSIGN_OR_RETURN(std::vector<sync::Home> homes, nodes_->Homes());
    std::map<std::string, int64_t> seen;
    for (const auto& node : nodes) {
      if (!node.revoked()) seen[node.name] = node.last_seen_ms;
    }
    std::map<int64_t, std::pair<std::string, int64_t>> out;
    for (const auto& home : homes) {
      if (auto found = seen.find(home.node); found != seen.end()) out[home.org] = {home.node, found->second};
    }
    return out;
  };
  links.staff = [this](int64_t office) -> Result<std::vector<oversight::Staff>> {
    KLANG_ASSIGN_OR_RETURN(std::vector<auth::User> users, auth_->UsersOf(office));
    std::vector<oversight::Staff> staff;
    for (const auto& user : users) {
      if (!user.disabled && auth_->RoleHas(user.role, "ovs.advise")) staff.push_back({user.id, user.display_name});
    }
    return staff;
  };
  oversight_ = std::make_unique<oversight::OversightService>(
      *db_, *orgs_, clock_, oversight::OversightConfig{std::move(rules), std::move(categories)}, std::move(links));
  ledger_->AddProjection(oversight_->projection());
  return Status::Ok();
}

web::Services App::WebServices() {
  return web::Services{.orgs = *orgs_,
                       .ledger = *ledger_,
                       .chart = *chart_,
                       .vouchers = *vouchers_,
                       .auth = *auth_,
                       .oidc = oidc_.get(),
                       .enrolment = enrolment_.get(),
                       .revenue = *revenue_,
                       .budget = *budget_,
                       .carryovers = *carryovers_,
                       .expenditure = *expenditure_,
                       .disbursement = *disbursement_,
                       .periods = *periods_,
                       .years = *years_,
                       .statements = *statements_,
                       .reconciler = *reconciler_,
                       .continuity = *continuity_,
                       .nodes = *nodes_,
                       .oversight = *oversight_,
                       .imports = imports_.get(),
                       .audit_packages = audit_packages_.get(),
                       .gfmis = gfmis_.get(),
                       .centre = centre_.get(),
                       .edge = edge_.get(),
                       .clock = clock_,
                       .random = random_,
                       .checkpoints = checkpoints_.get(),
                       // Documents carry a check code only where checkpoints are signed or kept.
                       .document_checks = checkpoints_->signing() || checkpoints_->witness_count() > 0 || witness_store_
                                              ? document_checks_.get()
                                              : nullptr,
                       .witness_store = witness_store_.get()};
}

Status App::ConfigureWitness(const WitnessSettings& settings) {
  if (edge_ && !settings.key_file.empty()) {
    return Status::InvalidInput("cli.edge_key", "เครื่องของสำนักงานไม่ลงนามจุดตรวจสอบ ศูนย์เป็นผู้ลงนาม",
                                "an edge node does not sign checkpoints: the centre writes the books");
  }
  std::vector<witness::PublicKey> trusted;
  if (!settings.trust.empty()) {
    KLANG_ASSIGN_OR_RETURN(trusted, witness::LoadPublicKeys(settings.trust));
  }
  if (!settings.key_file.empty()) {
    KLANG_ASSIGN_OR_RETURN(signing_key_, witness::SigningKey::Load(settings.key_file));
  }
  std::vector<std::unique_ptr<witness::WitnessClient>> witnesses;
  for (const std::string& url : settings.witnesses) witnesses.push_back(witness::MakeHttpWitnessClient(url));
  constexpr int64_t kIntervalSecondsMax = 31 * 24 * 3'600;  // a month: the closes sign anyway
  witness::ScheduleOptions schedule;
  schedule.interval_ms = std::clamp<int64_t>(settings.interval_s, 1, kIntervalSecondsMax) * 1'000;
  schedule.tick_ms = std::min<int64_t>(schedule.tick_ms, std::max<int64_t>(schedule.interval_ms / 4, 250));
  if (checkpoints_) checkpoints_->Stop();
  document_checks_.reset();
  checkpoints_ = std::make_unique<witness::CheckpointService>(*db_, *ledger_, signing_key_ ? &*signing_key_ : nullptr,
                                                              trusted, std::move(witnesses), clock_, schedule);
  if (edge_ && !trusted.empty()) {  // the edge node keeps its organisations' checkpoints
    const std::vector<int64_t> books = edge_->books();
    const std::set<int64_t> kept(books.begin(), books.end());
    witness_store_ = std::make_unique<witness::WitnessStore>(*db_, trusted, clock_, kept);
  }
  document_checks_ = std::make_unique<witness::DocumentChecker>(*ledger_, *orgs_, *document_kinds_, *checkpoints_,
                                                                witness_store_.get());
  LinkCheckpointsToNodes();
  return Status::Ok();
}

// The centre hands each edge node its organisations' latest checkpoints with every heartbeat; an
// edge node keeping checkpoints takes them into its witness store (a refusal said once a seq).
void App::LinkCheckpointsToNodes() {
  if (centre_ && !checkpoints_->signing()) centre_->SetCheckpointFeed({});
  if (centre_ && checkpoints_->signing()) {
    witness::CheckpointService* checkpoints = checkpoints_.get();
    centre_->SetCheckpointFeed([checkpoints](int64_t org) -> std::optional<nlohmann::json> {
      auto latest = checkpoints->LatestCopy(org);
      if (!latest.ok() || !*latest) return std::nullopt;
      return witness::ToJson(**latest);
    });
  }
  if (edge_ && witness_store_) {
    witness::WitnessStore* store = witness_store_.get();
    // org -> the seq last kept, and the seq whose refusal was said (the loop thread's alone)
    auto held = std::make_shared<std::map<int64_t, int64_t>>();
    auto said = std::make_shared<std::map<int64_t, int64_t>>();
    edge_->SetCheckpointSink([store, held, said](const nlohmann::json& value) {
      auto checkpoint = witness::FromJson(value);
      if (!checkpoint.ok()) return;
      const int64_t org = checkpoint->checkpoint.org, seq = checkpoint->checkpoint.seq;
      if (seq <= (*held)[org]) return;  // the same one again: each heartbeat brings the latest
      auto kept = store->Receive(*checkpoint);
      if (kept.ok()) (*held)[org] = seq;
      if (kept.ok() || (*said)[org] == seq) return;
      (*said)[org] = seq;
      std::fprintf(stderr, "klang edge: the centre's checkpoint of org %lld seq %lld is not kept: %s\n",
                   static_cast<long long>(org), static_cast<long long>(seq), kept.status().ToString().c_str());
    });
  }
}

App::~App() {
  if (checkpoints_) checkpoints_->Stop();
  if (edge_) edge_->Stop();
  if (ledger_) ledger_->Stop();
}

}  // namespace klang::cli
