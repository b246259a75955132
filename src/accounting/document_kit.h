// accounting/document_kit.h — what every feature module's service does around one business
// document: who acts, checking a document date, an amount and a text field as typed, drafting
// the entry with the common fields, appending it, finding an entry of a given kind, and reading
// its own projection tables. Revenue, budget and expenditure build on it, so a date or an amount
// is refused with the same Thai words everywhere.
//
// Error codes are "<prefix>.<what>" with the module's prefix ("revenue", "budget", …) so programs
// can tell which module refused. Thread-safe (holds references only).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/money.h"
#include "ledger/ledger.h"
#include "org/org.h"

namespace klang::accounting {

// A user acting on a document, as recorded on it and printed on it.
struct Actor {
  int64_t user_id = 0;
  std::string name;  // display name, printed on the documents
  std::string author() const { return "user:" + std::to_string(user_id); }
};

// The user id of an entry's author "user:<id>", 0 for "system…" and the like.
int64_t UserOfAuthor(const std::string& author);

inline constexpr size_t kDocumentTextBytesMax = 500;  // names, descriptions, references

// A document may belong to the fiscal year before that of the organisation's first recorded
// document (before its first document: before this one): the balances it opens its books with
// are dated the last day of that year, and a year's budget is prepared in the year before.
inline constexpr int kBooksYearsBeforeFirst = 1;

// A document must belong to a fiscal year the organisation keeps books for: from the year before
// its first (kBooksYearsBeforeFirst) to today — never 1900.
// The year is the document's own (`fiscal_year`: a budget for next year is dated in this one), or
// when 0 the year of its `date`. Refused as "<prefix>.date_before_books", the field "date". (Once
// periods exist, closing refuses a closed one too.)
Status CheckBooksYear(ledger::Ledger& ledger, int64_t org, int fiscal_year, Date date, Date today,
                      const std::string& prefix);

class DocumentKit {
 public:
  DocumentKit(std::string prefix, ledger::Ledger& ledger, org::OrgDirectory& orgs,
              const Clock& clock, Random& random)
      : prefix_(std::move(prefix)), ledger_(ledger), orgs_(orgs), clock_(clock), random_(random) {}

  ledger::Ledger& ledger() { return ledger_; }
  org::OrgDirectory& orgs() { return orgs_; }
  const Clock& clock() const { return clock_; }
  Random& random() { return random_; }
  Date Today() const { return clock_.TodayInThailand(); }

  // The organisation must keep books (an LAO or a unit), not supervise them.
  Status CheckBooksOrg(int64_t org);
  // A document date: a valid ISO date, not in the future. `field` names the form field.
  Result<Date> DocumentDate(const std::string& text, const std::string& field = "date");
  // An ISO date that may lie in the future (a due date, an approval recorded ahead).
  Result<Date> AnyDate(const std::string& text, const std::string& field, const std::string& label_th);
  // A positive amount as typed ("1,234.50", Thai digits too).
  Result<Money> PositiveAmount(const std::string& text, const std::string& field);
  // Required text of at most kDocumentTextBytesMax bytes.
  Status RequiredText(const std::string& text, const std::string& field, const std::string& label_th);
  // Optional text of at most kDocumentTextBytesMax bytes.
  Status OptionalText(const std::string& text, const std::string& field, const std::string& label_th);
  // A refusal of bad input with this module's code prefix.
  Status Refuse(const std::string& what, const std::string& message_th,
                const std::string& field = "") const;

  // A draft with the common fields filled (a fresh entry id unless `entry_id` is a UUID).
  ledger::EntryDraft Draft(int64_t org, const std::string& entry_id, const std::string& kind,
                           Date date, const Actor& actor);
  // Appends and returns the stored entry (the earlier one on an idempotent retry).
  Result<ledger::Entry> Append(ledger::EntryDraft draft);
  // The same, saying whether the entry was written now or found (`duplicate`): a service shows
  // a document it has just written from the entry itself, and reads only an earlier one back.
  Result<ledger::Appended> AppendDocument(ledger::EntryDraft draft);
  // The entry `id` of `org`, which must be of one of `kinds`; else NotFound with `not_found_th`.
  Result<ledger::Entry> EntryOfKind(int64_t org, int64_t id,
                                    std::initializer_list<const char*> kinds,
                                    const std::string& not_found_th);
  // A read of the module's projection tables on a pooled connection.
  Result<store::Rows> Query(std::string_view sql, const store::Params& params);
  // The documents of one fiscal year in `table` (a projection table with org_id, id and
  // fiscal_year; a constant of the module, never input), in id order, each read by `get(org, id)`.
  template <typename Document, typename Get>
  Result<std::vector<Document>> ListOfYear(std::string_view table, int64_t org, int fiscal_year,
                                           Get get) {
    KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                           Query("SELECT id FROM " + std::string(table) +
                                     " WHERE org_id = $1 AND fiscal_year = $2 ORDER BY id",
                                 {org, int64_t{fiscal_year}}));
    std::vector<Document> documents;
    documents.reserve(rows.size());
    for (const auto& row : rows) {
      KLANG_ASSIGN_OR_RETURN(Document document, get(org, row.Int(0)));
      documents.push_back(std::move(document));
    }
    return documents;
  }

 private:
  std::string prefix_;
  ledger::Ledger& ledger_;
  org::OrgDirectory& orgs_;
  const Clock& clock_;
  Random& random_;
};

}  // namespace klang::accounting
