// exchange/import.cc — the import service: kinds, the import record, check and commit.
#include "exchange/import.h"

#include <algorithm>
#include <fstream>
#include <mutex>
#include <sstream>

#include "core/assert.h"
#include "core/csv.h"
#include "exchange/internal.h"

namespace klang::exchange {
namespace {

using store::Rows;

constexpr const char* kWriting = "writing";
constexpr const char* kDone = "done";
constexpr size_t kFileNameBytesMax = 255;

// Everything that decides what an import writes: the same file with other options is another import.
std::string ImportId(const ImportRequest& request) {
  const ImportOptions& o = request.options;
  return Sha256Hex(request.kind + "\n" + std::to_string(request.org) + "\n" + o.date + "\n" +
                   std::to_string(o.fiscal_year) + "\n" + o.title + "\n" + Sha256Hex(o.map_csv) + "\n" +
                   request.bytes);
}

std::string StateThai(const std::string& state) {
  return state == kDone ? "นำเข้าครบแล้ว" : "กำลังบันทึก (ยังไม่ครบ — นำเข้าไฟล์เดิมอีกครั้งเพื่อบันทึกต่อ)";
}

constexpr const char* kRecordColumns =
    "id, org_id, kind, file_name, row_count, entries, state, by_name, started_at_ms, finished_at_ms";

ImportRecord ToRecord(const store::Row& row) {
  ImportRecord record;
  record.id = row.Text(0);
  record.org = row.Int(1);
  record.kind = row.Text(2);
  if (const ImportKindInfo* info = FindImportKind(record.kind)) record.kind_th = info->name_th;
  record.file_name = row.Text(3);
  record.rows = row.Int(4);
  record.entries = row.Int(5);
  record.state = row.Text(6);
  record.state_th = StateThai(record.state);
  record.by = row.Text(7);
  record.started_at_ms = row.Int(8);
  record.finished_at_ms = row.Int(9);
  return record;
}

// Problems in the order a clerk reads the file: the whole file first, then sheet by sheet (in the
// order they were met) and row by row; within a row, in the order found.
void SortByRow(std::vector<Problem>& problems) {
  std::map<std::string, size_t> sheet_order{{"", 0}};
  for (const auto& problem : problems) sheet_order.emplace(problem.sheet, sheet_order.size());
  std::stable_sort(problems.begin(), problems.end(), [&](const Problem& a, const Problem& b) {
    const auto key = [&](const Problem& p) {
      return std::pair(p.row == 0 ? 0 : sheet_order.at(p.sheet), p.row);
    };
    return key(a) < key(b);
  });
}

}  // namespace

const std::vector<ImportKindInfo>& ImportKinds() {
  static const std::vector<ImportKindInfo> kKinds = {
      {ImportKind::kOpeningBalances, "opening-balances", "ยอดยกมาจากงบทดลอง e-LAAS", {"gl.voucher.create"},
       "opening-balances.csv"},
      {ImportKind::kTaxpayers, "taxpayers", "ทะเบียนผู้ชำระภาษีและทรัพย์สิน", {"rev.taxpayer"}, "taxpayers.xlsx"},
      {ImportKind::kBudget, "budget", "ร่างงบประมาณรายจ่ายจากแผ่นงานประมาณการรายจ่าย", {"bud.prepare"},
       "budget.xlsx"},
      {ImportKind::kOutageReceipts, "outage-receipts", "ใบเสร็จรับเงินที่จัดทำด้วยมือระหว่างระบบขัดข้อง",
       {"rev.receipt", "cont.record"}, "outage-receipts.csv"},
  };
  return kKinds;
}

const ImportKindInfo* FindImportKind(std::string_view code) {
  for (const ImportKindInfo& info : ImportKinds()) {
    if (info.code == code) return &info;
  }
  return nullptr;
}

Result<std::optional<ImportRecord>> ImportService::Impl::Record(const std::string& id) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, services.db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string("SELECT ") + kRecordColumns +
                                                     " FROM xch_imports WHERE id = $1",
                                                 {id}));
  if (rows.empty()) return std::optional<ImportRecord>();
  return std::optional<ImportRecord>(ToRecord(rows[0]));
}

std::unique_ptr<Importer> ImportService::Impl::Make(ImportKind kind, ImportContext& context) {
  switch (kind) {
    case ImportKind::kOpeningBalances: return MakeOpeningBalances(context);
    case ImportKind::kTaxpayers: return MakeTaxpayers(context);
    case ImportKind::kBudget: return MakeBudget(context);
    case ImportKind::kOutageReceipts: return MakeOutageReceipts(context);
  }
  KLANG_ASSERT_MSG(false, "an import kind without an importer");
  return nullptr;
}

// Checks the request and, when `write` and the file is clean, writes it.
Result<Preview> ImportService::Impl::Run(const ImportRequest& request, const Actor& actor, bool write,
                                         int64_t* entries) {
  const ImportKindInfo* info = FindImportKind(request.kind);
  if (info == nullptr) {
    return Status::InvalidInput("import.kind", "ไม่รู้จักประเภทข้อมูลที่จะนำเข้า: " + request.kind, request.kind, "kind");
  }
  KLANG_RETURN_IF_ERROR(services.orgs.Get(request.org).status());
  Preview preview;
  preview.kind = request.kind;
  preview.kind_th = info->name_th;
  preview.file_name = CutUtf8(request.file_name, kFileNameBytesMax);
  if (!IsCleanText(preview.file_name)) preview.file_name = request.kind;
  preview.import_id = ImportId(request);
  KLANG_ASSIGN_OR_RETURN(preview.previous, Record(preview.import_id));
  Problems problems(preview);
  // Imported in full before: nothing to check (the books have moved on since) and nothing to write.
  if (preview.previous && preview.previous->state == kDone) {
    preview.rows = static_cast<size_t>(preview.previous->rows);
    preview.summary_th.push_back("นำเข้าไฟล์นี้ครบแล้ว (" + std::to_string(preview.previous->entries) +
                                 " รายการ) จะไม่บันทึกซ้ำ");
    *entries = preview.previous->entries;
    return preview;
  }
  auto workbook = ReadWorkbook(request.bytes, preview.file_name);
  if (!workbook.ok()) {
    if (workbook.status().code() != ErrorCode::kInvalidInput) return workbook.status();
    problems.AddStatus(0, "", workbook.status());
    return preview;
  }
  preview.format = workbook->format;
  preview.encoding = workbook->encoding;
  // Begun before and cut short: its own entries are not problems, and are skipped.
  const bool resuming = preview.previous.has_value();
  ImportContext context{request.org, actor, request.options, services, clock, preview.import_id,
                        [this, &request]() { return MapFor(request.org, request.options.map_csv); },
                        [this, resuming](const std::string& entry_id) -> Result<bool> {
                          if (!resuming) return false;
                          KLANG_ASSIGN_OR_RETURN(auto found, services.ledger.FindByEntryId(entry_id));
                          return found.has_value();
                        },
                        [this, &request](Date date) -> Result<bool> {
                          KLANG_ASSIGN_OR_RETURN(auto months, services.periods.Months(request.org, FiscalYearOf(date)));
                          for (const auto& month : months) {
                            if (month.month.year_ce == date.year() && month.month.month == date.month()) return month.closed;
                          }
                          return false;
                        }};
  std::unique_ptr<Importer> importer = Make(info->kind, context);
  if (Status checked = importer->Check(*workbook, preview); !checked.ok()) {
    // A refusal of the file is one of its problems; the database gone is not.
    if (checked.code() != ErrorCode::kInvalidInput) return checked;
    problems.AddStatus(0, "", checked);
  }
  SortByRow(preview.problems);
  if (!write || !preview.clean()) return preview;
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, services.db.Acquire());
    const int64_t now = clock.NowUnixMillis();
    KLANG_RETURN_IF_ERROR(
        lease->Execute("INSERT INTO xch_imports (id, org_id, kind, file_name, row_count, entries, state, by_user, "
                       "by_name, started_at_ms, finished_at_ms) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $8, $9, 0) "
                       "ON CONFLICT (id) DO NOTHING",
                       {preview.import_id, request.org, request.kind, preview.file_name,
                        static_cast<int64_t>(preview.rows), std::string(kWriting), actor.user_id, actor.name, now})
            .status());
  }
  auto written = importer->Write();
  if (!written.ok()) {
    // Refused before anything was written (a rule the check could not foresee): no import to finish.
    if (!context.wrote_any && !resuming) {
      KLANG_ASSIGN_OR_RETURN(store::Lease lease, services.db.Acquire());
      (void)lease->Execute("DELETE FROM xch_imports WHERE id = $1 AND state = $2", {preview.import_id, std::string(kWriting)});
    }
    return written.status();
  }
  *entries = *written;
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, services.db.Acquire());
  KLANG_RETURN_IF_ERROR(lease->Execute("UPDATE xch_imports SET state = $1, entries = $2, finished_at_ms = $3 "
                                       "WHERE id = $4",
                                       {std::string(kDone), *entries, clock.NowUnixMillis(), preview.import_id})
                            .status());
  return preview;
}

ImportService::ImportService(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ImportService::~ImportService() = default;

Result<std::unique_ptr<ImportService>> ImportService::Create(Services services, const Clock& clock,
                                                             const std::string& default_map_csv,
                                                             std::string samples_dir) {
  auto impl = std::make_unique<Impl>(services, clock);
  impl->samples_dir = std::move(samples_dir);
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(default_map_csv, "source_code,account,legal_reference", "import.account_map",
                                     "ตารางเทียบรหัสบัญชี e-LAAS"));
  // Checked against the chart when used (the chart is loaded by `klang init`, after this opens).
  for (const CsvRow& row : rows) impl->default_map[row.fields[0]] = row.fields[1];
  return std::unique_ptr<ImportService>(new ImportService(std::move(impl)));
}

std::vector<store::Migration> ImportService::Migrations() {
  return {{"exchange", 1, R"SQL(
CREATE TABLE xch_imports (
  id TEXT PRIMARY KEY, org_id {INT} NOT NULL, kind TEXT NOT NULL, file_name TEXT NOT NULL,
  row_count {INT} NOT NULL, entries {INT} NOT NULL, state TEXT NOT NULL, by_user {INT} NOT NULL,
  by_name TEXT NOT NULL, started_at_ms {INT} NOT NULL, finished_at_ms {INT} NOT NULL
) {STRICT};
CREATE INDEX xch_imports_org ON xch_imports (org_id, started_at_ms);
CREATE TABLE xch_account_map (
  org_id {INT} NOT NULL, source_code TEXT NOT NULL, account TEXT NOT NULL, bank_account {INT} NOT NULL,
  updated_by TEXT NOT NULL, updated_at_ms {INT} NOT NULL,
  PRIMARY KEY (org_id, source_code)
) {STRICT};
)SQL"}};
}

Result<Preview> ImportService::Check(const ImportRequest& request, const Actor& actor) {
  int64_t entries = 0;
  return impl_->Run(request, actor, /*write=*/false, &entries);
}

std::string ImportService::ImportIdOf(const ImportRequest& request) { return ImportId(request); }

Result<ImportRecord> ImportService::Commit(const ImportRequest& request, const Actor& actor, Preview* checked) {
  std::lock_guard lock(impl_->commit_mutex);
  int64_t entries = 0;
  KLANG_ASSIGN_OR_RETURN(Preview preview, impl_->Run(request, actor, /*write=*/true, &entries));
  if (checked != nullptr) *checked = preview;
  if (!preview.clean()) {
    const std::string first = preview.problems.empty() ? "" : " — " + preview.problems.front().message_th;
    return Status::InvalidInput("import.has_problems",
                                "ไฟล์มีปัญหา " + std::to_string(preview.problems_total) +
                                    " รายการ ยังไม่ได้บันทึกข้อมูลใด ๆ กรุณาแก้ไขแล้วนำเข้าใหม่" + first,
                                std::to_string(preview.problems_total) + " problems");
  }
  KLANG_ASSIGN_OR_RETURN(std::optional<ImportRecord> record, impl_->Record(preview.import_id));
  KLANG_ASSERT_MSG(record.has_value(), "a committed import has its record");
  return *record;
}

Result<std::vector<ImportRecord>> ImportService::History(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, impl_->services.db.Acquire());
  KLANG_ASSIGN_OR_RETURN(Rows rows, lease->Query(std::string("SELECT ") + kRecordColumns +
                                                     " FROM xch_imports WHERE org_id = $1 ORDER BY started_at_ms DESC",
                                                 {org}));
  std::vector<ImportRecord> records;
  for (const auto& row : rows) records.push_back(ToRecord(row));
  return records;
}

Result<std::string> ImportService::Sample(const std::string& kind) {
  const ImportKindInfo* info = FindImportKind(kind);
  if (info == nullptr) return Status::NotFound("import.kind", "ไม่รู้จักประเภทข้อมูลที่จะนำเข้า", kind);
  std::ifstream in(impl_->samples_dir + "/" + std::string(info->sample), std::ios::binary);
  if (!in) return Status::NotFound("import.sample", "ไม่พบไฟล์ตัวอย่าง", std::string(info->sample));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace klang::exchange
