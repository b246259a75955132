// web/stack.h — the whole web assembly a server stands on: the templates (with the layout's
// continuity banner and administration link), every module's small context, the route table
// (paper back-entry wrapped around every state-changing route) and the gatekeeper. `klang serve`
// and the authorisation-matrix test both build it from the services `cli` composed.
#pragma once

#include <memory>
#include <string>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "auth/auth.h"
#include "auth/enrolment.h"
#include "auth/oidc.h"
#include "budget/budget.h"
#include "closing/periods.h"
#include "closing/reconcile.h"
#include "closing/statements.h"
#include "closing/year_end.h"
#include "core/clock.h"
#include "exchange/audit_package.h"
#include "exchange/gfmis.h"
#include "exchange/import.h"
#include "expenditure/disbursement.h"
#include "expenditure/expenditure.h"
#include "http/http.h"
#include "http/templates.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "oversight/oversight.h"
#include "revenue/revenue.h"
#include "sync/centre.h"
#include "sync/continuity.h"
#include "sync/edge.h"
#include "sync/nodes.h"
#include "web/auth/session.h"
#include "witness/checkpoints.h"
#include "witness/document_check.h"
#include "witness/witness_store.h"

namespace klang::web {

// The services the screens call, as cli composed them. References; they must outlive the stack.
struct Services {
  org::OrgDirectory& orgs;
  ledger::Ledger& ledger;
  accounting::ChartOfAccounts& chart;
  accounting::VoucherService& vouchers;
  auth::AuthService& auth;
  auth::OidcClient* oidc = nullptr;             // sign-in through a provider; null when not set up
  auth::EnrolmentService* enrolment = nullptr;  // with oidc
  revenue::RevenueService& revenue;
  budget::BudgetService& budget;
  budget::CarryOverService& carryovers;
  expenditure::ExpenditureService& expenditure;
  expenditure::DisbursementService& disbursement;
  closing::PeriodService& periods;
  closing::YearEndService& years;
  closing::StatementService& statements;
  const closing::Reconciler& reconciler;
  sync::ContinuityService& continuity;
  sync::NodeRegistry& nodes;
  oversight::OversightService& oversight;
  exchange::ImportService* imports = nullptr;  // imports from spreadsheets; null: no import screens
  exchange::AuditPackager* audit_packages = nullptr;  // the auditor's package; null: no download
  exchange::GfmisExporter* gfmis = nullptr;            // the month for GFMIS; null: no download
  sync::CentreSync* centre = nullptr;  // on the centre
  sync::EdgeNode* edge = nullptr;      // on an edge node
  const Clock& clock;
  Random& random;
  // Signed checkpoints (integrity page), the public check of printed documents, and the witness
  // routes (an edge node keeping its organisations' checkpoints); each null when not set up.
  witness::CheckpointService* checkpoints = nullptr;
  witness::DocumentChecker* document_checks = nullptr;
  witness::WitnessStore* witness_store = nullptr;
};

struct StackOptions {
  std::string templates_dir;    // web/templates
  bool secure_cookies = false;  // behind HTTPS
  // The address the public reaches this server at ("https://klang.example.go.th"), printed in the
  // QR codes of documents; empty: the request's Host, over http.
  std::string public_url;
};

struct ModuleWebs;  // every module's context (stack.cc)

// Must outlive the server.
struct WebStack {
  WebStack();
  ~WebStack();
  std::unique_ptr<http::Templates> templates;
  std::unique_ptr<ModuleWebs> modules;
  http::Router router;
  std::unique_ptr<AuthGatekeeper> gatekeeper;
};

// Loads the templates and registers every route. Errors: those of Templates::Load.
Result<std::unique_ptr<WebStack>> BuildWebStack(const Services& services,
                                                const StackOptions& options);

}  // namespace klang::web
