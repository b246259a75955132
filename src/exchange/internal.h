// exchange/internal.h — what the importers share: reading cells as Thai staff type them, finding
// a sheet's columns by their Thai headings, collecting problems, and the Importer interface each
// kind implements (opening_balances.cc, taxpayers.cc, budget_sheet.cc, outage_receipts.cc).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/money.h"
#include "exchange/import.h"
#include "exchange/workbook.h"

namespace klang::exchange {

// ---- cells ----
// Surrounding spaces (and no-break spaces) removed.
std::string Trimmed(std::string_view text);
// An amount as typed or as Excel stores it: "1,234.50", "๑,๒๓๔.๕๐", "1234.5", "(1,234.50)" and
// "-1,234.50" (negative), "" or "-" (zero, as Excel's accounting format shows it). A value Excel
// computed ("1234.4999999999998") is taken to the satang when it lies within a millionth of
// one. Errors: message in Thai, without the column (the caller adds it).
Result<Money> AmountCell(std::string_view text);
// A date as Thai staff write it: วว/ดด/ปปปป in the Buddhist Era (04/12/2569, ๔/๑๒/๒๕๖๙, 4-12-2569,
// 4/12/69 for 2569), an ISO date (2026-12-04; a year above 2400 is read as BE), or an Excel date
// (a serial day number). A four-digit year below 2400 in วว/ดด/ปปปป is refused: it is not BE.
Result<Date> DateCell(std::string_view text);
// A whole number ("12", "๑๒", "12.0" as Excel writes it).
Result<int64_t> IntegerCell(std::string_view text);

// ---- columns ----
struct ColumnSpec {
  std::string_view key;      // "id_no"
  std::string_view name_th;  // the heading: "เลขประจำตัว"
  std::vector<std::string_view> aliases;  // other headings accepted (Thai or English)
  bool required = true;
};

// A sheet's heading row, found among its first rows: where each column is.
struct Header {
  size_t row_index = 0;  // index into Sheet::rows of the last heading row
  int row_number = 0;
  std::map<std::string, size_t, std::less<>> columns;  // key -> zero-based column
  std::vector<ColumnSpec> specs;
  bool Has(std::string_view key) const { return columns.count(key) != 0; }
  // The cell of `key` in `row` ("" when the column is absent or the row short).
  std::string Cell(const SheetRow& row, std::string_view key) const;
  // "C (เลขประจำตัว)" for messages.
  std::string ColumnLabel(std::string_view key) const;
};

// Looks through the first kHeaderSearchRows rows for one holding every required heading (or two
// rows together: a group heading over เดบิต/เครดิต, as e-LAAS prints its trial balance). When none
// does, a Thai message naming the headings missing from the best candidate.
inline constexpr size_t kHeaderSearchRows = 20;
Result<Header> FindHeader(const Sheet& sheet, std::span<const ColumnSpec> specs);
// A heading as compared: spaces, '*', '.', ':' and line breaks removed, ASCII lower-cased,
// "Dr"/"Cr" read as เดบิต/เครดิต.
std::string NormalHeading(std::string_view text);

// ---- problems ----
class Problems {
 public:
  explicit Problems(Preview& preview) : preview_(preview) {}
  void Add(int row, std::string column, std::string code, std::string message_th);
  void AddStatus(int row, std::string column, const Status& status);
  size_t count() const { return preview_.problems_total; }
  // The sheet the next problems are in (for files whose several sheets are read).
  void SetSheet(std::string sheet) { sheet_ = std::move(sheet); }

 private:
  Preview& preview_;
  std::string sheet_;
};

// Adds the row to the preview (up to kPreviewLinesMax rows, plus every row with a problem).
void AddLine(Preview& preview, int row, std::vector<std::string> values, bool problem);

// Valid UTF-8 without control characters but tab and line ends (workbook.cc).
bool IsCleanText(std::string_view text);

// At most `bytes` bytes of `text`, not cutting a UTF-8 character.
std::string CutUtf8(std::string_view text, size_t bytes);

// Lower-case hex SHA-256 of `bytes` (libsodium).
std::string Sha256Hex(std::string_view bytes);

// Entry ids of an import: a UUID made from the import id and a key naming the row.
std::string ImportEntryId(const std::string& import_id, const std::string& row_key);

// ---- importers ----
struct ImportContext {
  int64_t org = 0;
  const Actor& actor;
  const ImportOptions& options;
  ImportService::Services& services;
  const Clock& clock;
  const std::string& import_id;
  // The account map as it applies (opening balances): source code -> mapping.
  std::function<Result<std::map<std::string, AccountMapping>>()> account_map;
  // True when this import's entry `entry_id` is already in the ledger (an import cut short and
  // now finished); always false for an import not begun before, without asking the ledger.
  std::function<Result<bool>(const std::string& entry_id)> written;
  // The month of `date` is closed (documents dated in it are refused).
  std::function<Result<bool>(Date date)> closed;
  // Set by Write once any entry of the import is in the ledger.
  bool wrote_any = false;
};

class Importer {
 public:
  virtual ~Importer() = default;
  // Reads the workbook, checks every row, fills the preview. Keeps what it would write.
  virtual Status Check(const Workbook& workbook, Preview& preview) = 0;
  // Writes what Check kept (called only after a clean Check). Entries already written under the
  // import's entry ids are skipped. Returns the number of entries the import consists of.
  virtual Result<int64_t> Write() = 0;
};

// While an outage's paper documents are being entered, the organisation takes nothing else (the
// order rule, sync/gate.h): a problem of the whole file for every kind but paper documents.
Status CheckNoPaperOutage(ImportContext& context, Problems& problems);
// A problem at `row` when the month of `date` is closed.
Status CheckMonthOpen(ImportContext& context, Date date, int row, const std::string& column, Problems& problems);

std::unique_ptr<Importer> MakeOpeningBalances(ImportContext& context);
std::unique_ptr<Importer> MakeTaxpayers(ImportContext& context);
std::unique_ptr<Importer> MakeBudget(ImportContext& context);
std::unique_ptr<Importer> MakeOutageReceipts(ImportContext& context);

struct ImportService::Impl {
  Services services;
  const Clock& clock;
  std::map<std::string, std::string> default_map;  // e-LAAS code -> Klang account
  std::string samples_dir;
  std::mutex commit_mutex;  // one commit at a time: imports are rare, and two of one file must not race

  Impl(Services services, const Clock& clock) : services(services), clock(clock) {}

  Result<std::optional<ImportRecord>> Record(const std::string& id);
  Result<std::map<std::string, AccountMapping>> MapFor(int64_t org, const std::string& map_csv);
  // The importer of the request's kind, bound to `context`.
  std::unique_ptr<Importer> Make(ImportKind kind, ImportContext& context);
  Result<Preview> Run(const ImportRequest& request, const Actor& actor, bool write, int64_t* entries);
};

// The one sheet of a workbook an importer reads: the one named `name_th` when there is one,
// else the first.
const Sheet& SheetNamed(const Workbook& workbook, std::string_view name_th);

}  // namespace klang::exchange
