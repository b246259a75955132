// Reading what people bring: cells as Thai staff type them, XLSX and CSV (UTF-8 and
// Windows-874), headings (e-LAAS's two-row trial-balance heading), and the files refused.
#include <gtest/gtest.h>
#include <iconv.h>
#include <zip.h>

#include "core/clock.h"
#include "exchange/internal.h"
#include "reports/xlsx.h"

namespace klang::exchange {
namespace {

Money Satang(int64_t satang) { return Money::FromSatang(satang); }

TEST(AmountCell, ReadsWhatThaiStaffAndExcelWrite) {
  EXPECT_EQ(AmountCell("1,234.50").value(), Satang(123450));
  EXPECT_EQ(AmountCell("๑,๒๓๔.๕๐").value(), Satang(123450));
  EXPECT_EQ(AmountCell(" 1234.5 ").value(), Satang(123450));
  EXPECT_EQ(AmountCell("(1,234.50)").value(), Satang(-123450));
  EXPECT_EQ(AmountCell("-").value(), Satang(0));
  EXPECT_EQ(AmountCell("").value(), Satang(0));
  // What Excel stores for a computed 1234.5, and for a difference that should be nought.
  EXPECT_EQ(AmountCell("1234.4999999999998").value(), Satang(123450));
  EXPECT_EQ(AmountCell("99.999999999999").value(), Satang(10000));
  EXPECT_EQ(AmountCell("1.1368683772161603E-13").value(), Satang(0));
  EXPECT_EQ(AmountCell("150000000.10000002").value(), Satang(15'000'000'010));
  EXPECT_EQ(AmountCell("7.0000000000000007E-2").value(), Satang(7));
  EXPECT_EQ(AmountCell("1.5E+3").value(), Satang(150'000));
  EXPECT_EQ(AmountCell("ABCE-9").status().stable_code(), "import.amount");
  EXPECT_EQ(AmountCell("12.345").status().stable_code(), "import.amount");
  EXPECT_EQ(AmountCell("หนึ่งพันบาท").status().stable_code(), "import.amount");
  EXPECT_NE(AmountCell("หนึ่งพันบาท").status().message_th().find("หนึ่งพันบาท"), std::string::npos);
}

TEST(DateCell, ReadsBuddhistEraDatesAndExcelSerials) {
  const Date fourth = Date::FromCivil(2026, 12, 4).value();
  EXPECT_EQ(DateCell("04/12/2569").value(), fourth);
  EXPECT_EQ(DateCell("๔/๑๒/๒๕๖๙").value(), fourth);
  EXPECT_EQ(DateCell("4-12-2569").value(), fourth);
  EXPECT_EQ(DateCell("4/12/69").value(), fourth);
  EXPECT_EQ(DateCell("2026-12-04").value(), fourth);
  EXPECT_EQ(DateCell("2569-12-04").value(), fourth);
  EXPECT_EQ(DateCell("46360").value(), fourth);  // Excel's serial day of 4 December 2026
  EXPECT_EQ(DateCell("244687").value(), fourth);  // 4/12/2569 typed into Excel set to the Western calendar
  EXPECT_EQ(DateCell("041269").status().stable_code(), "import.date");
  EXPECT_EQ(DateCell("2569").status().stable_code(), "import.date");
  EXPECT_EQ(DateCell("31/02/2569").status().stable_code(), "import.date");
  EXPECT_EQ(DateCell("04/12/2026").status().stable_code(), "import.date_not_be");
  EXPECT_EQ(DateCell("").status().stable_code(), "import.date");
}

Workbook MustRead(std::string_view bytes, const std::string& name = "file") {
  auto workbook = ReadWorkbook(bytes, name);
  EXPECT_TRUE(workbook.ok()) << workbook.status().ToString();
  return workbook.ok() ? std::move(workbook).value() : Workbook{};
}

TEST(ReadWorkbook, ReadsAnXlsxWithSeveralSheetsStringsNumbersAndDates) {
  auto bytes = reports::BuildXlsx("klang-exchange-test", [](lxw_workbook* book, reports::XlsxErrorTrap& trap) {
    lxw_worksheet* first = workbook_add_worksheet(book, "ผู้เสียภาษี");
    trap(worksheet_write_string(first, 0, 0, "ชื่อ", nullptr));
    trap(worksheet_write_string(first, 0, 2, "จำนวนเงิน", nullptr));
    trap(worksheet_write_string(first, 2, 0, "นายสมชาย ใจดี", nullptr));  // row 2 skipped blank
    trap(worksheet_write_number(first, 2, 2, 1234.5, nullptr));
    lxw_worksheet* second = workbook_add_worksheet(book, "ทรัพย์สิน");
    lxw_datetime when = {2026, 12, 4, 0, 0, 0};
    lxw_format* date = workbook_add_format(book);
    format_set_num_format(date, "dd/mm/yyyy");
    trap(worksheet_write_datetime(second, 0, 1, &when, date));
  });
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  const Workbook workbook = MustRead(*bytes);
  EXPECT_EQ(workbook.format, "xlsx");
  ASSERT_EQ(workbook.sheets.size(), 2u);
  const Sheet* taxpayers = workbook.Find("ผู้เสียภาษี");
  ASSERT_NE(taxpayers, nullptr);
  ASSERT_EQ(taxpayers->rows.size(), 2u);
  EXPECT_EQ(taxpayers->rows[1].number, 3);  // Excel's row number, the blank row 2 left out
  EXPECT_EQ(taxpayers->rows[1].cells[0], "นายสมชาย ใจดี");
  EXPECT_EQ(taxpayers->rows[1].cells[1], "");
  EXPECT_EQ(AmountCell(taxpayers->rows[1].cells[2]).value(), Satang(123450));
  const Sheet* properties = workbook.Find("ทรัพย์สิน");
  ASSERT_NE(properties, nullptr);
  EXPECT_EQ(DateCell(properties->rows[0].cells[1]).value(), Date::FromCivil(2026, 12, 4).value());
}

TEST(ReadWorkbook, ReadsCsvInUtf8WithOrWithoutBomAndQuotedFields) {
  const std::string text = "ชื่อ,ที่อยู่\n\"บริษัท ก, จำกัด\",\"12 หมู่ 3\nบ้านนา\"\n\n";
  for (const std::string& bytes : {text, "\xEF\xBB\xBF" + text}) {
    const Workbook workbook = MustRead(bytes, "taxpayers.csv");
    EXPECT_EQ(workbook.encoding, "utf-8");
    ASSERT_EQ(workbook.sheets.size(), 1u);
    const auto& rows = workbook.sheets[0].rows;
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].cells[0], "ชื่อ");  // no byte-order mark left on the first heading
    EXPECT_EQ(rows[1].cells[0], "บริษัท ก, จำกัด");
    EXPECT_EQ(rows[1].cells[1], "12 หมู่ 3\nบ้านนา");
    EXPECT_EQ(rows[1].number, 2);
  }
}

std::string ToWindows874(const std::string& utf8) {
  iconv_t convert = iconv_open("CP874", "UTF-8");
  std::string out(utf8.size(), '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* to = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(convert, &in, &in_left, &to, &out_left), static_cast<size_t>(-1));
  iconv_close(convert);
  out.resize(out.size() - out_left);
  return out;
}

TEST(ReadWorkbook, ReadsCsvSavedByThaiExcelInWindows874) {
  const std::string utf8 = "ประเภท,ชื่อ,เลขประจำตัว\nบุคคลธรรมดา,นางสาวมาลี ศรีสุข,1101700203451\n";
  const std::string bytes = ToWindows874(utf8);
  ASSERT_NE(bytes, utf8);
  const Workbook workbook = MustRead(bytes, "taxpayers.csv");
  EXPECT_EQ(workbook.encoding, "windows-874");
  ASSERT_EQ(workbook.sheets[0].rows.size(), 2u);
  EXPECT_EQ(workbook.sheets[0].rows[1].cells[1], "นางสาวมาลี ศรีสุข");
}

std::string ZipOf(const std::string& name, const std::string& content) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_source_keep(buffer);
  zip_source_t* file = zip_source_buffer(archive, content.data(), content.size(), 0);
  zip_file_add(archive, name.c_str(), file, ZIP_FL_OVERWRITE);
  zip_close(archive);
  zip_source_open(buffer);
  zip_source_seek(buffer, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(buffer);
  zip_source_seek(buffer, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  zip_source_read(buffer, bytes.data(), bytes.size());
  zip_source_close(buffer);
  zip_source_free(buffer);
  return bytes;
}

TEST(ReadWorkbook, RefusesWhatIsNotAWorkbookInThai) {
  const std::string zip = ZipOf("hello.txt", "not a workbook");
  ASSERT_TRUE(zip.starts_with("PK"));
  EXPECT_EQ(ReadWorkbook(zip, "hello.xlsx").status().stable_code(), "import.not_a_workbook");
  EXPECT_EQ(ReadWorkbook("PK\x03\x04garbage", "broken.xlsx").status().stable_code(), "import.not_a_workbook");
  EXPECT_EQ(ReadWorkbook("", "empty.csv").status().stable_code(), "import.empty");
  const std::string twenty_megabytes(20u << 20, 'a');
  auto large = ReadWorkbook(twenty_megabytes, "large.csv");
  EXPECT_EQ(large.status().stable_code(), "import.too_large");
  EXPECT_NE(large.status().message_th().find("10 MB"), std::string::npos);
  EXPECT_EQ(ReadWorkbook(std::string("\x89PNG\r\n\x1a\n\0\0", 10), "picture.png").status().stable_code(),
            "import.not_a_workbook");
}

Sheet SheetOf(std::vector<std::vector<std::string>> rows) {
  Sheet sheet;
  sheet.name = "งบทดลอง";
  int number = 0;
  for (auto& cells : rows) sheet.rows.push_back({++number, std::move(cells)});
  return sheet;
}

TEST(FindHeader, ReadsTheTwoRowHeadingOfAnElaasTrialBalance) {
  const std::vector<ColumnSpec> specs = {{"code", "รหัสบัญชี", {}, true},
                                         {"close_dr", "ยอดคงเหลือเดบิต", {}, true},
                                         {"close_cr", "ยอดคงเหลือเครดิต", {}, true},
                                         {"open_dr", "ยอดยกมาเดบิต", {}, false}};
  const Sheet sheet = SheetOf({{"องค์การบริหารส่วนตำบลบ้านนา"},
                               {"งบทดลอง ณ วันที่ 30 กันยายน 2569"},
                               {"ชื่อบัญชี", "รหัสบัญชี", "ยอดยกมา", "", "ยอดคงเหลือ", ""},
                               {"", "", "เดบิต", "เครดิต", "Dr", "Cr"},
                               {"เงินสด", "1101010", "10.00", "", "12.00", ""}});
  auto header = FindHeader(sheet, specs);
  ASSERT_TRUE(header.ok()) << header.status().ToString();
  EXPECT_EQ(header->row_number, 4);
  EXPECT_EQ(header->columns.at("code"), 1u);
  EXPECT_EQ(header->columns.at("open_dr"), 2u);
  EXPECT_EQ(header->columns.at("close_dr"), 4u);
  EXPECT_EQ(header->columns.at("close_cr"), 5u);
  EXPECT_EQ(header->ColumnLabel("close_cr"), "F (ยอดคงเหลือเครดิต)");
  EXPECT_EQ(header->Cell(sheet.rows[4], "close_dr"), "12.00");

  const Sheet wrong = SheetOf({{"ชื่อบัญชี", "รหัสบัญชี", "ยอดยกมา"}});
  auto missing = FindHeader(wrong, specs);
  EXPECT_EQ(missing.status().stable_code(), "import.columns");
  EXPECT_NE(missing.status().message_th().find("ยอดคงเหลือเดบิต"), std::string::npos);
}

TEST(ImportEntryId, IsAUuidMadeFromTheImportAndTheRow) {
  const std::string a = ImportEntryId("abc", "taxpayer:1101700203451");
  EXPECT_TRUE(IsUuid(a));
  EXPECT_EQ(a, ImportEntryId("abc", "taxpayer:1101700203451"));
  EXPECT_NE(a, ImportEntryId("abd", "taxpayer:1101700203451"));
  EXPECT_EQ(a[14], '5');
}

}  // namespace
}  // namespace klang::exchange
