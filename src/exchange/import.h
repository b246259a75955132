// exchange/import.h — bringing an organisation's figures in from spreadsheets (issue 18): opening
// balances from an e-LAAS trial-balance export, the taxpayer register, a draft budget from a
// ประมาณการรายจ่าย sheet, and receipts kept on paper during an outage. The command line
// (`klang import …`) and the upload screen call the same two methods:
//
//   Check   reads the file (XLSX or CSV, exchange/workbook.h) and checks every row against the
//           same rules the services apply, returning each row as understood and a Thai message
//           for every problem (row, column, what is wrong). Writes nothing.
//   Commit  checks again and, only when the whole file is clean, writes it through the domain
//           services (VoucherService, RevenueService, BudgetService; paper origin through the
//           sync gate), so an import obeys every rule a clerk's own entry does.
//
// The import id is the SHA-256 of the kind, the organisation, the options and the file's bytes.
// Every entry an import writes has an entry id derived from the import id and the row, and the
// import is recorded (xch_imports) as "writing" before the first entry and "done" after the
// last. So the same file imported again writes nothing, and an import cut short (a crash, the
// database gone) is finished by importing the same file again: rows already written are found
// by their entry ids and skipped. An opening balance and a budget are one entry each (all or
// nothing by themselves); taxpayers and receipts are one entry each, so "all or nothing" holds
// as: nothing is written unless every row is clean, and once writing begins it is completed.
//
// The account map (e-LAAS code → Klang account, and for a deposit account the bank account) is
// data: data/elaas_account_map.csv is the default (provisional: the New e-LAAS chart is not
// public, domain.md §6), and each organisation's own mappings (xch_account_map) override it,
// edited on a screen.
// Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "accounting/document_kit.h"
#include "accounting/voucher.h"
#include "budget/budget.h"
#include "closing/periods.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "revenue/revenue.h"
#include "store/db.h"
#include "sync/continuity.h"

namespace klang::exchange {

using Actor = accounting::Actor;

enum class ImportKind { kOpeningBalances, kTaxpayers, kBudget, kOutageReceipts };

struct ImportKindInfo {
  ImportKind kind;
  std::string_view code;      // as on the command line and in URLs: "opening-balances"
  std::string_view name_th;   // "ยอดยกมาจากงบทดลอง e-LAAS"
  std::vector<std::string_view> permissions;  // every one is needed to import this kind
  std::string_view sample;    // data/samples/<sample>
};
const std::vector<ImportKindInfo>& ImportKinds();
const ImportKindInfo* FindImportKind(std::string_view code);

// Rows shown on a preview (every problem is always listed; the rows themselves up to this many).
inline constexpr size_t kPreviewLinesMax = 500;
inline constexpr size_t kProblemsMax = 2'000;  // more are counted, not listed

struct ImportOptions {
  std::string date;      // opening balances: ISO date of the opening (default: the fiscal year's start)
  int fiscal_year = 0;   // budget: the fiscal year (BE) it is for (default: next fiscal year)
  std::string title;     // budget: its title (default: "ร่างข้อบัญญัติ/เทศบัญญัติงบประมาณรายจ่ายประจำปี …")
  std::string map_csv;   // opening balances: a map file given for this import (CLI --map), over the others
};

struct ImportRequest {
  int64_t org = 0;
  std::string kind;       // an ImportKindInfo::code
  std::string file_name;  // as uploaded, for messages
  std::string bytes;
  ImportOptions options;
};

struct Problem {
  std::string sheet;    // the sheet's name when the file has several that are read
  int row = 0;          // 0: the file as a whole
  std::string column;   // "C (เลขประจำตัว)", or "" for the whole row
  std::string code;     // stable, for programs: "import.amount"
  std::string message_th;
};

struct PreviewLine {
  int row = 0;
  std::vector<std::string> values;  // as understood, in the order of Preview::columns_th
  bool problem = false;
};

struct ImportRecord {
  std::string id;  // import id (hex)
  int64_t org = 0;
  std::string kind, kind_th, file_name;
  int64_t rows = 0;     // data rows in the file
  int64_t entries = 0;  // entries the import consists of (written or found written)
  std::string state;    // "writing" | "done"
  std::string state_th;
  std::string by;
  int64_t started_at_ms = 0, finished_at_ms = 0;
};

struct Preview {
  std::string kind, kind_th, import_id, file_name, format, encoding, sheet;
  size_t rows = 0;  // data rows read
  std::vector<std::string> columns_th;
  std::vector<PreviewLine> lines;  // the first kPreviewLinesMax rows, and every row with a problem
  std::vector<Problem> problems;   // the first kProblemsMax
  size_t problems_total = 0;
  std::vector<std::string> summary_th;  // what would be written, in a few lines
  std::optional<ImportRecord> previous;  // this very file imported before
  bool clean() const { return problems_total == 0; }
};

struct AccountMapping {
  std::string source_code;  // e-LAAS account code
  std::string account;      // Klang account code
  std::string account_name;
  int64_t bank_account = 0;  // for a deposit account: the bank account (0: the only one, or none)
  std::string origin;        // "default" (data file) | "org" (this organisation's own)
  std::string updated_by;
};

class ImportService {
 public:
  struct Services {
    store::Db& db;
    ledger::Ledger& ledger;
    org::OrgDirectory& orgs;
    accounting::ChartOfAccounts& chart;
    accounting::VoucherService& vouchers;
    revenue::RevenueService& revenue;
    budget::BudgetService& budget;
    sync::ContinuityService& continuity;
    closing::PeriodService& periods;  // closed months
  };
  // `default_map_csv`: data/elaas_account_map.csv (header source_code,account,legal_reference);
  // `samples_dir`: data/samples, the sample file of each kind (ImportKindInfo::sample).
  static Result<std::unique_ptr<ImportService>> Create(Services services, const Clock& clock,
                                                       const std::string& default_map_csv,
                                                       std::string samples_dir);
  ~ImportService();
  static std::vector<store::Migration> Migrations();

  Result<Preview> Check(const ImportRequest& request, const Actor& actor);
  // Checks the file and writes it: refused (import.has_problems, nothing written) unless the check
  // finds it clean. `checked`, when given, receives that check's preview, refused or not (a caller
  // showing it need not read and check the file a second time).
  Result<ImportRecord> Commit(const ImportRequest& request, const Actor& actor, Preview* checked = nullptr);
  // The import id of a request (the same file and options: the same id), without reading the file.
  static std::string ImportIdOf(const ImportRequest& request);
  Result<std::vector<ImportRecord>> History(int64_t org);
  // The sample file of a kind (docs/import.md), to download beside the upload form.
  Result<std::string> Sample(const std::string& kind);

  // The account map as it applies to `org` (its own mappings over the default), by source code.
  Result<std::vector<AccountMapping>> AccountMap(int64_t org);
  // Maps an e-LAAS code to a Klang account (of the chart) and, for a deposit account, optionally
  // to one of the organisation's bank accounts. An empty account removes the organisation's own
  // mapping of that code (the default applies again).
  Status SetAccountMapping(int64_t org, const std::string& source_code, const std::string& account,
                           int64_t bank_account, const Actor& actor);

 private:
  struct Impl;
  explicit ImportService(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace klang::exchange
