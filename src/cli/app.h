// cli/app.h — wires the parts together: opens the store (SQLite data folder or PostgreSQL
// URL), applies every module's migrations, loads reference data and builds the services.
#pragma once

#include <memory>
#include <string>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "auth/auth.h"
#include "auth/enrolment.h"
#include "auth/sign_in_config.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "oversight/oversight.h"
#include "budget/budget.h"
#include "budget/carryover.h"
#include "budget/voucher_control.h"
#include "closing/periods.h"
#include "closing/reconcile.h"
#include "closing/statements.h"
#include "closing/year_end.h"
#include "exchange/audit_package.h"
#include "exchange/gfmis.h"
#include "exchange/import.h"
#include "expenditure/disbursement.h"
#include "revenue/revenue.h"
#include "store/db.h"
#include "sync/centre.h"
#include "sync/continuity.h"
#include "sync/edge.h"
#include "sync/gate.h"
#include "sync/nodes.h"
#include "web/stack.h"
#include "witness/checkpoints.h"
#include "witness/document_check.h"
#include "witness/keys.h"
#include "witness/witness_store.h"

namespace klang::cli {

struct Location {
  std::string data_dir;  // SQLite: <data_dir>/klang.db
  std::string db_url;    // PostgreSQL, when set
};

// An edge node's settings (klang serve --edge); upstream and credential may be left empty after
// the first start: the data folder keeps them.
struct EdgeSettings {
  std::string upstream;
  std::string credential;
  int64_t org = 0;
  int64_t heartbeat_ms = 2'000;
};

// Signed checkpoints (src/witness, docs/operations.md "Witnesses"): the node's signing key, the
// witnesses it delivers to, the public keys its copies may carry (rotated keys; on an edge node,
// the centre's keys: the node then keeps its organisations' checkpoints as a witness).
struct WitnessSettings {
  std::string key_file;                // empty: this node signs nothing
  std::vector<std::string> witnesses;  // URLs
  std::vector<std::string> trust;      // public key files (PEM)
  int64_t interval_s = 3'600;          // at least this often while the books change
};

class App {
 public:
  // Opens (creating when `create`) the store and starts the ledger writer. With `edge`, the app
  // is an edge node: its ledger's gate forwards to the centre (the node is opened — cloned on
  // first start — but its loop is not started; see edge()).
  // `auth_options` are the defaults everywhere but the benchmarks' books and the authorisation
  // matrix test (PasswordHashCost).
  static Result<std::unique_ptr<App>> Open(const Location& location, bool create,
                                           const std::optional<EdgeSettings>& edge = std::nullopt,
                                           const auth::AuthOptions& auth_options = {});
  ~App();

  store::Db& db() { return *db_; }
  ledger::Ledger& ledger() { return *ledger_; }
  org::OrgDirectory& orgs() { return *orgs_; }
  accounting::ChartOfAccounts& chart() { return *chart_; }
  accounting::VoucherService& vouchers() { return *vouchers_; }
  auth::AuthService& auth() { return *auth_; }
  // Sign-in through the OpenID Connect provider with an e-mailed OTP (klang serve --auth-config);
  // both null until ConfigureSignIn. Only the centre enrols: refused on an edge node.
  Status ConfigureSignIn(const auth::SignInConfig& config);
  auth::OidcClient* oidc() { return oidc_.get(); }
  auth::EnrolmentService* enrolment() { return enrolment_.get(); }
  // Signs and delivers checkpoints on its schedule (Start) once configured; refused on an edge node
  // with a key (only the node that writes the books signs them).
  Status ConfigureWitness(const WitnessSettings& settings);
  witness::CheckpointService& checkpoints() { return *checkpoints_; }
  witness::WitnessStore* witness_store() { return witness_store_.get(); }
  revenue::RevenueService& revenue() { return *revenue_; }
  budget::BudgetService& budget() { return *budget_; }
  budget::VoucherControl& voucher_budget() { return *voucher_budget_; }
  budget::CarryOverService& carryovers() { return *carryovers_; }
  expenditure::ExpenditureService& expenditure() { return *expenditure_; }
  expenditure::DisbursementService& disbursement() { return *disbursement_; }
  closing::PeriodService& periods() { return *periods_; }
  const closing::Reconciler& reconciler() { return *reconciler_; }
  closing::YearEndService& years() { return *years_; }
  closing::StatementService& statements() { return *statements_; }
  sync::ContinuityService& continuity() { return *continuity_; }
  sync::NodeRegistry& nodes() { return *nodes_; }
  oversight::OversightService& oversight() { return *oversight_; }
  exchange::ImportService& imports() { return *imports_; }
  exchange::AuditPackager& audit_packages() { return *audit_packages_; }
  exchange::GfmisExporter& gfmis() { return *gfmis_; }
  sync::CentreSync* centre() { return centre_.get(); }  // null on an edge node
  sync::EdgeNode* edge() { return edge_.get(); }        // null on the centre
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }
  // The user named on the command line (--as), allowed `permission` over `org` as on the screens.
  Result<accounting::Actor> ActingUser(const std::string& username, const std::string& permission, int64_t org);
  // The folder holding data/ (chart, roles) and web/ (templates, static files).
  static std::string ResourceDir();
  // The services the web layer calls (web/stack.h), as this App composed them.
  web::Services WebServices();

 private:
  App() = default;
  // The parts of Open, in order.
  Status BuildLedgerAndBooks(const std::string& data);
  Status BuildSpending(const std::string& data);
  Status BuildAuthAndContinuity(const std::string& data);
  Status BuildClosing(const std::string& data);
  Status BuildOversight(const std::string& data);
  Status BuildExchange(const std::string& data);
  Status BecomeEdge(const EdgeSettings& edge);
  void LinkCheckpointsToNodes();
  SystemClock clock_;
  auth::AuthOptions auth_options_;
  SystemRandom random_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<org::OrgDirectory> orgs_;
  std::unique_ptr<accounting::ChartOfAccounts> chart_;
  std::unique_ptr<ledger::Ledger> ledger_;
  std::unique_ptr<accounting::VoucherService> vouchers_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<auth::WebFetcher> fetcher_;
  std::unique_ptr<auth::OidcClient> oidc_;
  std::unique_ptr<auth::Mailer> mailer_;
  std::unique_ptr<auth::EnrolmentService> enrolment_;
  std::unique_ptr<revenue::RevenueCatalog> revenue_catalog_;
  std::unique_ptr<revenue::SignboardRateTable> signboard_rates_;
  std::unique_ptr<revenue::RevenueService> revenue_;
  std::unique_ptr<budget::BudgetCatalog> budget_catalog_;
  std::unique_ptr<budget::BudgetService> budget_;
  std::unique_ptr<exchange::ImportService> imports_;
  std::unique_ptr<exchange::AuditPackager> audit_packages_;
  std::unique_ptr<exchange::GfmisExporter> gfmis_;
  std::unique_ptr<budget::VoucherControl> voucher_budget_;
  std::unique_ptr<budget::CarryOverService> carryovers_;
  std::unique_ptr<expenditure::ExpenditureService> expenditure_;
  std::unique_ptr<expenditure::DisbursementConfig> disbursement_config_;
  std::unique_ptr<expenditure::DisbursementService> disbursement_;
  std::unique_ptr<oversight::OversightService> oversight_;
  std::unique_ptr<closing::Reconciler> reconciler_;  // before periods_, whose check uses it
  std::unique_ptr<closing::PeriodService> periods_;
  std::unique_ptr<closing::YearEndService> years_;
  std::unique_ptr<closing::StatementService> statements_;
  std::unique_ptr<sync::DocumentKinds> document_kinds_;
  std::unique_ptr<sync::ContinuityService> continuity_;
  std::unique_ptr<sync::NodeRegistry> nodes_;
  std::unique_ptr<sync::CentreGate> centre_gate_;
  std::unique_ptr<sync::CentreSync> centre_;
  std::unique_ptr<sync::EdgeNode> edge_;
  std::optional<witness::SigningKey> signing_key_;
  std::unique_ptr<witness::CheckpointService> checkpoints_;
  std::unique_ptr<witness::DocumentChecker> document_checks_;
  std::unique_ptr<witness::WitnessStore> witness_store_;
};

std::string ReadFile(const std::string& path);

}  // namespace klang::cli
