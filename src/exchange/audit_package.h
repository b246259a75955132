// exchange/audit_package.h — the auditor's package (issue 18 item 6; R15): one zip archive an
// auditor of the State Audit Office can check on a computer of their own, with no Klang:
//
//   <folder>/README.txt                 what is inside and how to check it, in Thai and English
//   <folder>/MANIFEST.sha256            SHA-256 of every other file (sha256sum -c)
//   <folder>/books/chain.jsonl          every entry of the organisation's log, with its hash
//   <folder>/books/journal.ledger       the general journal for ledger-cli / hledger
//   <folder>/checkpoints/checkpoints.jsonl   signed checkpoints of the chain, when there are any
//   <folder>/statements/*.pdf|.xlsx     the fiscal year's statements, as Klang makes them
//   <folder>/registers/trial-balance.pdf|.xlsx   the year's trial balance
//   <folder>/tools/klang-verify-chain   the checking script (Python standard library)
//
// The chain proves itself (each hash covers the one before; checkpoints signed by the node and
// its witnesses pin it); the statements are made from it and the manifest pins them to this
// package. A statement that cannot be made (the year not closed yet) is named in the README with
// the reason instead of being left out silently.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "accounting/chart.h"
#include "accounting/voucher.h"
#include "closing/statements.h"
#include "closing/year_end.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "witness/checkpoints.h"

namespace klang::exchange {

struct AuditSources {
  ledger::Ledger& ledger;
  org::OrgDirectory& orgs;
  accounting::ChartOfAccounts& chart;
  accounting::VoucherService& vouchers;
  closing::StatementService& statements;
  closing::YearEndService& years;
  // The node's checkpoint service as configured now (null: none kept on this node).
  std::function<witness::CheckpointService*()> checkpoints;
  const Clock& clock;
  std::string verify_script;  // tools/klang-verify-chain, as shipped
};

struct AuditPackage {
  std::string file_name;  // "klang-audit-6400101-2569.zip"
  std::string bytes;
  int fiscal_year = 0;
  int64_t entries = 0;
  std::string head;                    // "<seq>:<hash>" of the last entry
  std::vector<std::string> files;      // paths inside, as listed in the manifest
  std::vector<std::string> missing_th; // what could not be made, and why
};

class AuditPackager {
 public:
  explicit AuditPackager(AuditSources sources) : s_(std::move(sources)) {}
  // The package of `org` for `fiscal_year` (BE); 0: DefaultYear. Errors: export.not_books,
  // export.fiscal_year, export.no_script (the checking script is missing from this install).
  Result<AuditPackage> Build(int64_t org, int fiscal_year);
  // The fiscal year a package is made for when none is asked: the last one closed, else this one.
  Result<int> DefaultYear(int64_t org);

 private:
  AuditSources s_;
};

}  // namespace klang::exchange
