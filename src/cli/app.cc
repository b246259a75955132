#include "cli/app.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

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

Result<std::unique_ptr<App>> App::Open(const Location& location, bool create,
                                       const std::optional<EdgeSettings>& edge) {
  std::unique_ptr<App> app(new App());
  if (!location.db_url.empty()) {
    store::PostgresOptions options;
    options.url = location.db_url;
    KLANG_ASSIGN_OR_RETURN(app->db_, store::OpenPostgres(options));
  } else {
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
    KLANG_ASSIGN_OR_RETURN(app->db_, store::OpenSqlite(options));
  }
  std::vector<store::Migration> migrations = ledger::Ledger::Migrations();
  for (const auto& m : org::OrgDirectory::Migrations()) migrations.push_back(m);
  for (const auto& m : accounting::ChartOfAccounts::Migrations()) migrations.push_back(m);
  for (const auto& m : accounting::VoucherService::Migrations()) migrations.push_back(m);
  for (const auto& m : auth::AuthService::Migrations()) migrations.push_back(m);
  for (const auto& m : auth::OidcClient::Migrations()) migrations.push_back(m);
  for (const auto& m : auth::EnrolmentService::Migrations()) migrations.push_back(m);
  for (const auto& m : revenue::RevenueService::Migrations()) migrations.push_back(m);
  for (const auto& m : budget::BudgetService::Migrations()) migrations.push_back(m);
  for (const auto& m : expenditure::ExpenditureService::Migrations()) migrations.push_back(m);
  for (const auto& m : expenditure::DisbursementService::Migrations()) migrations.push_back(m);
  for (const auto& m : sync::ContinuityService::Migrations()) migrations.push_back(m);
  for (const auto& m : sync::NodeRegistry::Migrations()) migrations.push_back(m);
  for (const auto& m : sync::EdgeNode::Migrations()) migrations.push_back(m);
  KLANG_RETURN_IF_ERROR(store::ApplyMigrations(*app->db_, migrations));
  app->orgs_ = std::make_unique<org::OrgDirectory>(*app->db_);
  app->chart_ = std::make_unique<accounting::ChartOfAccounts>(*app->db_);
  app->ledger_ = std::make_unique<ledger::Ledger>(*app->db_, app->clock_);
  app->vouchers_ = std::make_unique<accounting::VoucherService>(
      *app->ledger_, *app->orgs_, *app->chart_, app->clock_, app->random_);
  app->ledger_->AddProjection(app->vouchers_->projection());
  const std::string data = ResourceDir() + "/data/";
  KLANG_ASSIGN_OR_RETURN(revenue::RevenueCatalog catalog,
                         revenue::RevenueCatalog::FromCsv(ReadFile(data + "revenue_items.csv"),
                                                          ReadFile(data + "deposit_types.csv")));
  app->revenue_catalog_ = std::make_unique<revenue::RevenueCatalog>(std::move(catalog));
  KLANG_ASSIGN_OR_RETURN(revenue::SignboardRateTable rates,
                         revenue::SignboardRateTable::FromCsv(
                             ReadFile(data + "signboard_tax_rates.csv")));
  app->signboard_rates_ = std::make_unique<revenue::SignboardRateTable>(std::move(rates));
  app->revenue_ = std::make_unique<revenue::RevenueService>(
      *app->ledger_, *app->orgs_, *app->chart_, *app->revenue_catalog_, *app->signboard_rates_,
      app->clock_, app->random_);
  app->ledger_->AddProjection(app->revenue_->projection());
  KLANG_ASSIGN_OR_RETURN(budget::BudgetCatalog budget_catalog,
                         budget::BudgetCatalog::FromCsv(ReadFile(data + "budget_plans.csv"),
                                                        ReadFile(data + "budget_categories.csv")));
  app->budget_catalog_ = std::make_unique<budget::BudgetCatalog>(std::move(budget_catalog));
  app->budget_ = std::make_unique<budget::BudgetService>(*app->ledger_, *app->orgs_,
                                                         *app->budget_catalog_,
                                                         *app->revenue_catalog_, app->clock_,
                                                         app->random_);
  app->ledger_->AddProjection(app->budget_->projection());
  budget::BudgetService* budgets = app->budget_.get();
  app->revenue_->SetEstimatesSource([budgets](int64_t org, int fiscal_year) {
    return budgets->ApprovedEstimates(org, fiscal_year);
  });
  app->expenditure_ = std::make_unique<expenditure::ExpenditureService>(
      *app->ledger_, *app->orgs_, *app->chart_, *app->budget_, app->clock_, app->random_);
  app->ledger_->AddProjection(app->expenditure_->projection());
  KLANG_ASSIGN_OR_RETURN(expenditure::DisbursementConfig disbursement_config,
                         expenditure::DisbursementConfig::FromCsv(
                             ReadFile(data + "divisions.csv"), ReadFile(data + "deduction_types.csv"),
                             ReadFile(data + "duty_rules.csv")));
  app->disbursement_config_ =
      std::make_unique<expenditure::DisbursementConfig>(std::move(disbursement_config));
  app->disbursement_ = std::make_unique<expenditure::DisbursementService>(
      *app->ledger_, *app->orgs_, *app->budget_, *app->expenditure_, *app->revenue_,
      *app->disbursement_config_, app->clock_, app->random_);
  app->ledger_->AddProjection(app->disbursement_->projection());
  expenditure::DisbursementService* disbursement = app->disbursement_.get();
  app->revenue_->SetUncollectedChequesSource(
      [disbursement](int64_t org, Date day) -> Result<std::pair<int64_t, Money>> {
        KLANG_ASSIGN_OR_RETURN(expenditure::UncollectedCheques cheques,
                               disbursement->UncollectedOn(org, day));
        return std::pair<int64_t, Money>{cheques.count, cheques.amount};
      });
  app->auth_ = std::make_unique<auth::AuthService>(*app->db_, *app->orgs_, app->clock_,
                                                   app->random_);
  KLANG_RETURN_IF_ERROR(app->auth_->LoadPermissionsCsv(ReadFile(data + "permissions.csv")));
  KLANG_RETURN_IF_ERROR(app->auth_->LoadRolesCsv(ReadFile(data + "roles.csv")));
  app->auth_->LoadWeakPasswords(ReadFile(data + "weak_passwords.txt"));
  KLANG_ASSIGN_OR_RETURN(sync::DocumentKinds kinds,
                         sync::DocumentKinds::FromCsv(ReadFile(data + "document_kinds.csv"),
                                                      ReadFile(data + "number_series.csv")));
  app->document_kinds_ = std::make_unique<sync::DocumentKinds>(std::move(kinds));
  app->continuity_ = std::make_unique<sync::ContinuityService>(
      *app->ledger_, *app->orgs_, *app->document_kinds_, app->clock_, app->random_);
  app->ledger_->AddProjection(app->continuity_->projection());
  app->nodes_ = std::make_unique<sync::NodeRegistry>(*app->db_, *app->orgs_, app->clock_, app->random_);
  if (edge) {
    sync::EdgeOptions options;
    options.upstream = edge->upstream;
    options.credential = edge->credential;
    options.org = edge->org;
    options.heartbeat_ms = edge->heartbeat_ms;
    {
      // Later starts: the folder remembers the centre and the credential.
      KLANG_ASSIGN_OR_RETURN(store::Lease lease, app->db_->Acquire());
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
    app->edge_ = std::make_unique<sync::EdgeNode>(*app->ledger_, *app->db_, *app->orgs_,
                                                  *app->auth_, *app->continuity_,
                                                  std::move(transport), app->clock_, options);
    app->ledger_->SetGate(app->edge_->gate());
    sync::EdgeNode* node = app->edge_.get();
    app->auth_->SetPasswordChangedListener(
        [node](const auth::ReplicaUser& user) { node->QueuePasswordPush(user); });
  } else {
    app->centre_gate_ =
        std::make_unique<sync::CentreGate>(*app->continuity_, *app->nodes_, app->clock_);
    app->ledger_->SetGate(app->centre_gate_.get());
    app->centre_ = std::make_unique<sync::CentreSync>(*app->ledger_, *app->nodes_, *app->orgs_,
                                                      *app->auth_, app->clock_);
  }
  app->ledger_->Start();
  if (app->edge_) {
    // The chart of accounts is reference data from the same files as the centre's (klang init).
    KLANG_RETURN_IF_ERROR(app->chart_->ImportCsv(ReadFile(data + "chart_of_accounts.csv")));
    KLANG_RETURN_IF_ERROR(app->edge_->Open([](const std::string& line) {
      std::fprintf(stderr, "klang edge: %s\n", line.c_str());
    }));
  }
  return app;
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
  enrolment_ = std::make_unique<auth::EnrolmentService>(*auth_, *db_, *mailer_, clock_, random_);
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
                       .expenditure = *expenditure_,
                       .disbursement = *disbursement_,
                       .continuity = *continuity_,
                       .nodes = *nodes_,
                       .centre = centre_.get(),
                       .edge = edge_.get(),
                       .clock = clock_,
                       .random = random_};
}

App::~App() {
  if (edge_) edge_->Stop();
  if (ledger_) ledger_->Stop();
}

}  // namespace klang::cli
