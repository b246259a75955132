// bench_import — importing the taxpayer register (issue 18): `--rows` taxpayers (100,000) in one
// XLSX workbook (written with libxlsxwriter; about 2.5 MB), checked and imported through
// ImportService into a fresh SQLite book, as `klang import taxpayers` does. The same kind of rows
// as a CSV (UTF-8, as Thai Excel saves "CSV UTF-8") are timed too, two fifths as many: 100,000 rows of
// Thai names and addresses make a CSV of about 21 MB, over the 10 MB an upload may be, so a
// register that size comes as a workbook or as two CSV files. Baseline in the same run: the
// clerk's way, AddTaxpayer one at a time (each a durable append of its own), for
// `--baseline-rows` taxpayers.
//
//   bench_import [--rows=100000] [--baseline-rows=2000] [--dir=/tmp/...]
//
// Prints
//   import_taxpayers_100k_s      wall time of check + import of the workbook (target < 10 s)
//   import_check_s, import_commit_s   its two parts
//   import_csv_40k_s             check + import of rows×2/5 as CSV (another book; 8.5 MB)
//   import_rows_per_s            rows of the workbook's import per second
//   one_by_one_rows_per_s        the baseline
//   ratio_import_vs_one_by_one
// and fails when the register afterwards does not hold exactly the rows imported.
#include <filesystem>

#include "bench/bench_util.h"
#include "cli/app.h"
#include "reports/xlsx.h"
#include "tests/support/test_db.h"

namespace klang::bench {
namespace {

// A 13-digit id number unique per row (the register checks only its shape and uniqueness).
std::string IdNumber(int64_t row) {
  std::string digits = std::to_string(3'100'000'000'000 + row);
  return digits.substr(0, 13);
}

std::string TaxpayersCsv(int64_t rows) {
  std::string csv = "\xEF\xBB\xBFประเภท,ชื่อ,เลขประจำตัว,ที่อยู่,โทรศัพท์\r\n";
  for (int64_t row = 0; row < rows; ++row) {
    csv += (row % 7 == 0 ? "นิติบุคคล,บริษัท ทดสอบที่ " : "บุคคลธรรมดา,นายผู้เสียภาษี ลำดับที่ ") + std::to_string(row + 1) +
           "," + IdNumber(row) + "," + std::to_string(row % 300 + 1) + " หมู่ " + std::to_string(row % 12 + 1) +
           " ต.บ้านนา อ.เมือง จ.ขอนแก่น,08" + std::to_string(10'000'000 + row % 89'999'999) + "\r\n";
  }
  return csv;
}

std::string TaxpayersXlsx(int64_t rows) {
  auto bytes = reports::BuildXlsx("klang-bench-import", [rows](lxw_workbook* book, reports::XlsxErrorTrap& trap) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, "ผู้เสียภาษี");
    const char* headings[] = {"ประเภท", "ชื่อ", "เลขประจำตัว", "ที่อยู่"};
    for (lxw_col_t c = 0; c < 4; ++c) trap(worksheet_write_string(sheet, 0, c, headings[c], nullptr));
    for (int64_t row = 0; row < rows; ++row) {
      const auto r = static_cast<lxw_row_t>(row + 1);
      trap(worksheet_write_string(sheet, r, 0, row % 7 == 0 ? "นิติบุคคล" : "บุคคลธรรมดา", nullptr));
      trap(worksheet_write_string(sheet, r, 1, ("นายผู้เสียภาษี ลำดับที่ " + std::to_string(row + 1)).c_str(), nullptr));
      trap(worksheet_write_string(sheet, r, 2, IdNumber(row).c_str(), nullptr));
      trap(worksheet_write_string(sheet, r, 3, (std::to_string(row % 300 + 1) + " หมู่ 1 ต.บ้านนา").c_str(), nullptr));
    }
  });
  if (!bytes.ok()) Die("xlsx", bytes.status());
  return *bytes;
}

struct Book {
  std::unique_ptr<cli::App> app;
  int64_t org = 0;
  accounting::Actor actor{1, "ผู้นำเข้า"};
};

Book OpenBook(const std::filesystem::path& dir) {
  Book book;
  auto app = cli::App::Open({dir.string(), ""}, /*create=*/true);
  if (!app.ok()) Die("open", app.status());
  book.app = std::move(app).value();
  Check(book.app->chart().ImportCsv(testing::ReadSourceFile("data/chart_of_accounts.csv")), "chart");
  auto dla = book.app->orgs().Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
  auto province = book.app->orgs().Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
  book.org = book.app->orgs().Create(province->id, org::OrgType::kSao, "6400101", "อบต.บ้านนา")->id;
  return book;
}

// Check and commit of one file; the two times. Dies unless the register then holds `rows` more.
std::pair<double, double> Import(Book& book, const std::string& name, const std::string& bytes, int64_t rows) {
  const size_t before = book.app->revenue().TaxpayerIds(book.org)->size();
  exchange::ImportRequest request{book.org, "taxpayers", name, bytes, {}};
  auto start = std::chrono::steady_clock::now();
  auto preview = book.app->imports().Check(request, book.actor);
  if (!preview.ok()) Die("check", preview.status());
  if (!preview->clean()) Die("check: " + std::to_string(preview->problems_total) + " problems, first: " +
                             preview->problems.front().message_th);
  const double check_s = SecondsSince(start);
  start = std::chrono::steady_clock::now();
  auto record = book.app->imports().Commit(request, book.actor);
  if (!record.ok()) Die("commit", record.status());
  const double commit_s = SecondsSince(start);
  const size_t after = book.app->revenue().TaxpayerIds(book.org)->size();
  if (after != before + static_cast<size_t>(rows)) {
    Die("the register holds " + std::to_string(after - before) + " new taxpayers, not " + std::to_string(rows));
  }
  return {check_s, commit_s};
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) {
  using namespace klang;
  using namespace klang::bench;
  Flags flags(argc, argv);
  const int64_t rows = flags.Int("rows", 100'000);
  const int64_t baseline_rows = flags.Int("baseline-rows", 2'000);
  testing::TempDir temp;
  const std::filesystem::path dir = flags.String("dir", temp.path().string());

  const int64_t csv_rows = rows * 2 / 5;
  Note("writing " + std::to_string(rows) + " taxpayers as XLSX and " + std::to_string(csv_rows) + " as CSV");
  const std::string xlsx = TaxpayersXlsx(rows);
  const std::string csv = TaxpayersCsv(csv_rows);
  Note("xlsx " + std::to_string(xlsx.size() >> 10) + " KiB, csv " + std::to_string(csv.size() >> 10) + " KiB");

  Book book = OpenBook(dir / "xlsx");
  const auto [check_s, commit_s] = Import(book, "taxpayers.xlsx", xlsx, rows);
  Book csv_book = OpenBook(dir / "csv");
  const auto [csv_check_s, csv_commit_s] = Import(csv_book, "taxpayers.csv", csv, csv_rows);

  // Baseline: the clerk's form, one durable append per taxpayer, in the workbook's book.
  const auto start = std::chrono::steady_clock::now();
  for (int64_t row = 0; row < baseline_rows; ++row) {
    revenue::TaxpayerInput input{book.org, "", "person", "นายทีละคน " + std::to_string(row),
                                 IdNumber(rows + row), "1 หมู่ 1", ""};
    Check(book.app->revenue().AddTaxpayer(input, book.actor).status(), "one by one");
  }
  const double one_by_one = static_cast<double>(baseline_rows) / SecondsSince(start);
  const double total = check_s + commit_s;
  PrintResult("import_taxpayers_100k_s", total * 100'000.0 / static_cast<double>(rows), "s", 2);
  PrintResult("import_check_s", check_s, "s", 2);
  PrintResult("import_commit_s", commit_s, "s", 2);
  PrintResult("import_csv_40k_s", (csv_check_s + csv_commit_s) * 40'000.0 / static_cast<double>(csv_rows), "s", 2);
  PrintResult("import_rows_per_s", static_cast<double>(rows) / total, "rows/s");
  PrintResult("one_by_one_rows_per_s", one_by_one, "rows/s");
  PrintResult("ratio_import_vs_one_by_one", static_cast<double>(rows) / total / one_by_one, "x", 1);
  return 0;
}
