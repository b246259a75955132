// revenue/internal.h — shared by the revenue service's implementation files only.
#pragma once

#include "accounting/document_kit.h"
#include "revenue/projection.h"
#include "revenue/revenue.h"

namespace klang::revenue {

constexpr size_t kTextBytesMax = accounting::kDocumentTextBytesMax;
constexpr size_t kReceiptLinesMax = 50;
constexpr size_t kRemittanceReceiptsMax = 2'000;
constexpr size_t kSummaryRemittancesMax = 500;
constexpr int64_t kBookReceiptsMax = 10'000;  // numbers in one book

struct RevenueService::Impl {
  ledger::Ledger& ledger;
  org::OrgDirectory& orgs;
  accounting::ChartOfAccounts& chart;
  const RevenueCatalog& catalog;
  const SignboardRateTable& signboard_rates;
  const Clock& clock;
  Random& random;
  std::unique_ptr<ledger::Projection> projection;
  accounting::DocumentKit kit;

  // The organisation must keep books (an LAO or a unit).
  Status CheckBooksOrg(int64_t org);
  // A document date: a valid ISO date, not in the future. `field` names the form field.
  Result<Date> DocumentDate(const std::string& text, const std::string& field = "date");
  // A positive amount as typed.
  Result<Money> PositiveAmount(const std::string& text, const std::string& field);
  // Required text of at most kTextBytesMax bytes.
  Status RequiredText(const std::string& text, const std::string& field,
                      const std::string& label_th);
  // A draft with the common fields filled.
  ledger::EntryDraft Draft(int64_t org, const std::string& entry_id, const std::string& kind,
                           Date date, const Actor& actor);
  // Appends and returns the stored entry (the earlier one on an idempotent retry).
  Result<ledger::Entry> Append(ledger::EntryDraft draft);
  // Appends, saying whether the entry was written now (see DocumentKit::AppendDocument).
  Result<ledger::Appended> AppendDocument(ledger::EntryDraft draft);
  // The entry `id` of `org`, which must be of one of `kinds`.
  Result<ledger::Entry> EntryOfKind(int64_t org, int64_t id, std::initializer_list<const char*> kinds,
                                    const std::string& not_found_th);
  Result<store::Rows> Query(std::string_view sql, const store::Params& params);

  // A document as its entry says (a new one: no later act has touched it yet).
  Receipt ToReceipt(const ledger::Entry& entry);
  // The properties a tax receipt's assessments covered, from those assessments' entries.
  void AddCoveredProperties(Receipt* receipt);
  Remittance ToRemittance(const ledger::Entry& entry);
  CashDocument ToCashDocument(const ledger::Entry& entry);
  std::vector<VoucherLineView> LineViews(const ledger::Entry& entry);
  std::string AccountName(const std::string& code);
};

// The entry's number in `series`, 0 when it drew none.
inline int64_t NumberOf(const ledger::Entry& entry, const char* series) {
  auto found = entry.numbers.find(series);
  return found == entry.numbers.end() ? 0 : found->second;
}

std::string ActorName(const nlohmann::json& body, const char* key);

}  // namespace klang::revenue
