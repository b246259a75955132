// Tests for the document renderers. CSV is checked byte for byte. XLSX and PDF are opaque
// containers, so they are checked through the tools an auditor would use: unzip for the
// workbook, poppler's pdftotext/pdffonts for the PDFs (text extracted from the page must be the
// Thai we meant, and Laksaman must be embedded). Checks that need a missing tool are skipped.
// Set KLANG_RENDER_SAMPLES_DIR to also write sample PDFs there for a visual check.
#include "reports/render.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/thai.h"
#include "reports/pdf_canvas.h"
#include "reports/render_test_support.h"

namespace klang::reports {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

// Three accounts, hand-balanced: opening 251,234.50 each side, movements 60,000.00 each side,
// closing 282,469.25 each side.
TrialBalance SmallTrialBalance() {
  TrialBalance tb;
  tb.org = Org();
  tb.from = Day(2025, 10, 1);
  tb.to = Day(2025, 10, 31);
  tb.fiscal_year = 2569;
  tb.rows = {
      {"1101010101", "เงินสด", Baht(123450), {}, Baht(1000000), Baht(876525), Baht(246925), {}},
      {"1101020102",
       "เงินฝากธนาคาร - ออมทรัพย์",
       Baht(25000000),
       {},
       Baht(5000000),
       Baht(2000000),
       Baht(28000000),
       {}},
      {"3101010101", "เงินสะสม", {}, Baht(25123450), {}, Baht(3123475), {}, Baht(28246925)},
  };
  tb.total_opening_debit = tb.total_opening_credit = Baht(25123450);
  tb.total_period_debit = tb.total_period_credit = Baht(6000000);
  tb.total_closing_debit = tb.total_closing_credit = Baht(28246925);
  tb.generated_at_th = "พิมพ์เมื่อ 5 พฤศจิกายน 2568 14:03 น.";
  return tb;
}

// `row_count` accounts with codes 1100000000 + i, some with names long enough to wrap.
TrialBalance LargeTrialBalance(int row_count) {
  TrialBalance tb = SmallTrialBalance();
  tb.rows.clear();
  tb.total_opening_debit = tb.total_opening_credit = tb.total_period_debit =
      tb.total_period_credit = tb.total_closing_debit = tb.total_closing_credit = Money();
  for (int i = 0; i < row_count; ++i) {
    TrialBalanceRow row;
    row.account_code = std::to_string(1100000000 + i);
    row.account_name = (i % 7 == 0)
                           ? "เงินรับฝากค่าใช้จ่ายอื่นเพื่อโครงการพัฒนาเศรษฐกิจชุมชน ลำดับ " + std::to_string(i)
                           : "บัญชีทดสอบ " + std::to_string(i);
    const Money amount = Baht(100000 + 1234 * i);
    if (i % 2 == 0) {
      row.opening_debit = row.closing_debit = amount;
      tb.total_opening_debit += amount;
      tb.total_closing_debit += amount;
    } else {
      row.opening_credit = row.closing_credit = amount;
      tb.total_opening_credit += amount;
      tb.total_closing_credit += amount;
    }
    tb.rows.push_back(row);
  }
  return tb;
}

Voucher SampleVoucher() {
  Voucher v;
  v.org = Org();
  v.title_th = "ใบผ่านรายการบัญชีทั่วไป";
  v.number = "บท. 12/2569";
  v.document_date = Day(2025, 10, 5);
  v.fiscal_year = 2569;
  v.description =
      "ปรับปรุงรายการค่าวัสดุสำนักงานที่บันทึกบัญชีผิดประเภท ตามบันทึกกองคลัง "
      "ที่ ขก 0023/123 ลงวันที่ 3 ตุลาคม 2568";
  v.lines = {
      {"5120100", "ค่าวัสดุสำนักงาน", Baht(123450), {}},
      {"1101020102", "เงินฝากธนาคาร - ออมทรัพย์", {}, Baht(123450)},
  };
  v.total = Baht(123450);
  v.status_th = "ยกเลิกโดยรายการกลับ บท. 13/2569";
  v.reference_th = "กลับรายการของ บท. 11/2569";
  v.integrity_line =
      "ลำดับที่ 57 · SHA-256 3f9a0c1d2e4b5a6978c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2";
  v.signatures = {{"ผู้จัดทำ", "นางสาวสมใจ ใจดี"}, {"ผู้ตรวจสอบ", ""}, {"ผู้อนุมัติ", ""}};
  return v;
}

// 40 debit lines of 100.00 and one credit line: more than a portrait page holds.
Voucher LongVoucher() {
  Voucher v = SampleVoucher();
  v.lines.clear();
  for (int i = 0; i < 40; ++i) {
    v.lines.push_back(
        {"51201" + std::to_string(10 + i), "ค่าวัสดุ รายการ " + std::to_string(i), Baht(10000), {}});
  }
  v.lines.push_back({"1101020102", "เงินฝากธนาคาร", {}, Baht(400000)});
  v.total = Baht(400000);
  return v;
}

// ---- CSV -------------------------------------------------------------------------------------

TEST(TrialBalanceCsv, StartsWithBomAndContractColumns) {
  const std::string csv = TrialBalanceCsv(SmallTrialBalance());
  ASSERT_TRUE(csv.starts_with(kBom));
  const std::vector<std::string> lines = SplitCrlf(std::string_view(csv).substr(kBom.size()));
  ASSERT_EQ(lines.size(), 5u);  // header, 3 accounts, totals
  EXPECT_TRUE(lines[0].starts_with("รหัสบัญชี,ชื่อบัญชี,ยอดยกไป เดบิต,ยอดยกไป เครดิต,")) << lines[0];
  EXPECT_EQ(lines[0],
            "รหัสบัญชี,ชื่อบัญชี,ยอดยกไป เดบิต,ยอดยกไป เครดิต,ยอดยกมา เดบิต,ยอดยกมา เครดิต,"
            "ระหว่างงวด เดบิต,ระหว่างงวด เครดิต");
}

TEST(TrialBalanceCsv, RowsAndTotalsAreExact) {
  const std::string csv = TrialBalanceCsv(SmallTrialBalance());
  EXPECT_TRUE(csv.ends_with("\r\n"));
  EXPECT_EQ(CountOf(csv, "\n"), CountOf(csv, "\r\n")) << "bare LF";
  const std::vector<std::string> lines = SplitCrlf(std::string_view(csv).substr(kBom.size()));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[1], "1101010101,เงินสด,2469.25,0.00,1234.50,0.00,10000.00,8765.25");
  // The hyphen inside the name is not at the start, so the name is left alone.
  EXPECT_EQ(lines[2],
            "1101020102,เงินฝากธนาคาร - ออมทรัพย์,280000.00,0.00,250000.00,0.00,50000.00,20000.00");
  EXPECT_EQ(lines[4], "รวม,,282469.25,282469.25,251234.50,251234.50,60000.00,60000.00");
}

TEST(TrialBalanceCsv, NeutralisesFormulasInTextCells) {
  TrialBalance tb = SmallTrialBalance();
  tb.rows[0].account_name = "=HYPERLINK(\"http://evil.example\",\"x\")";
  tb.rows[1].account_name = "+66 81";
  tb.rows[2].account_name = "@SUM(A1)";
  tb.rows[2].account_code = "-1";
  tb.rows.push_back({"9", "\tcmd", {}, {}, {}, {}, {}, {}});
  tb.rows.push_back({"10", "\rcmd", {}, {}, {}, {}, {}, {}});
  const std::vector<std::string> lines =
      SplitCrlf(std::string_view(TrialBalanceCsv(tb)).substr(kBom.size()));
  EXPECT_TRUE(lines[1].starts_with(
      "1101010101,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",2469.25,"))
      << lines[1];
  EXPECT_TRUE(lines[2].starts_with("1101020102,'+66 81,")) << lines[2];
  EXPECT_TRUE(lines[3].starts_with("'-1,'@SUM(A1),")) << lines[3];
  EXPECT_TRUE(lines[4].starts_with("9,'\tcmd,")) << lines[4];
  // CR inside a field forces quoting, so the record is not split.
  const std::string csv = TrialBalanceCsv(tb);
  EXPECT_NE(csv.find("10,\"'\rcmd\",0.00"), std::string::npos);
}

TEST(TrialBalanceCsv, QuotesCommasQuotesAndNewlines) {
  TrialBalance tb = SmallTrialBalance();
  tb.rows[0].account_name = "เงินฝาก, \"ออมทรัพย์\"";
  tb.rows[1].account_name = "บรรทัดแรก\nบรรทัดสอง";
  const std::string csv = TrialBalanceCsv(tb);
  EXPECT_NE(csv.find("\r\n1101010101,\"เงินฝาก, \"\"ออมทรัพย์\"\"\",2469.25,"), std::string::npos);
  EXPECT_NE(csv.find("\r\n1101020102,\"บรรทัดแรก\nบรรทัดสอง\",280000.00,"), std::string::npos);
}

TEST(TrialBalanceCsv, LeavesOurNegativeAmountsAsNumbers) {
  TrialBalance tb = SmallTrialBalance();
  tb.rows[0].period_credit = Baht(-1200);
  const std::vector<std::string> lines =
      SplitCrlf(std::string_view(TrialBalanceCsv(tb)).substr(kBom.size()));
  EXPECT_EQ(lines[1], "1101010101,เงินสด,2469.25,0.00,1234.50,0.00,10000.00,-12.00");
}

// ---- XLSX ------------------------------------------------------------------------------------

TEST(TrialBalanceXlsx, IsAWorkbookWithTitlesNumbersAndFormulas) {
  const Result<std::string> xlsx = TrialBalanceXlsx(SmallTrialBalance());
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  ASSERT_GT(xlsx->size(), 1000u);
  EXPECT_TRUE(xlsx->starts_with("PK"));
  if (!Executable("/usr/bin/unzip")) GTEST_SKIP() << "unzip not installed";
  ScratchDir dir;
  const std::string file = dir.Write("tb.xlsx", *xlsx);
  const std::string strings = RunCommand("/usr/bin/unzip -p '" + file + "' xl/sharedStrings.xml");
  EXPECT_NE(strings.find(kOrgName), std::string::npos);
  EXPECT_NE(strings.find("งบทดลอง"), std::string::npos);
  EXPECT_NE(strings.find("ตั้งแต่วันที่ 1 ตุลาคม 2568 ถึงวันที่ 31 ตุลาคม 2568"), std::string::npos);
  const std::string sheet = RunCommand("/usr/bin/unzip -p '" + file + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>1234.5</v>"), std::string::npos) << "amounts are numbers";
  EXPECT_NE(sheet.find("<f>SUM(C7:C9)</f><v>251234.5</v>"), std::string::npos);
  EXPECT_NE(sheet.find("<pane xSplit=\"2\" ySplit=\"6\""), std::string::npos) << "frozen header";
}

TEST(TrialBalanceXlsx, RejectsMissingPeriod) {
  TrialBalance tb = SmallTrialBalance();
  tb.to = Date();
  EXPECT_EQ(TrialBalanceXlsx(tb).status().stable_code(), "report.invalid_date");
}

// ---- PDF -------------------------------------------------------------------------------------

TEST(TrialBalancePdf, PrintsThaiHeadingAmountsAndPageMarker) {
  const Result<std::string> pdf = TrialBalancePdf(SmallTrialBalance());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_TRUE(pdf->starts_with("%PDF-"));
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_NE(text.find(kOrgName), std::string::npos) << text;
  EXPECT_NE(text.find("งบทดลอง"), std::string::npos);
  const std::string raw = PdfText(dir, *pdf, TextMode::kRaw);
  EXPECT_NE(raw.find("ตั้งแต่วันที่ 1 ตุลาคม 2568 ถึงวันที่ 31 ตุลาคม 2568"), std::string::npos) << raw;
  EXPECT_NE(raw.find("ปีงบประมาณ 2569"), std::string::npos);
  EXPECT_NE(text.find("1,234.50"), std::string::npos);
  EXPECT_NE(text.find("282,469.25"), std::string::npos);
  EXPECT_NE(text.find("เงินฝากธนาคาร - ออมทรัพย์"), std::string::npos);
  EXPECT_NE(text.find("หน้า 1/1"), std::string::npos);
  EXPECT_NE(raw.find("ผู้อำนวยการกองคลัง"), std::string::npos);  // -layout splits a vowel at 13 pt
  EXPECT_NE(text.find("พิมพ์เมื่อ 5 พฤศจิกายน 2568 14:03 น."), std::string::npos);
  EXPECT_TRUE(LaksamanEmbedded(dir, *pdf));
}

TEST(TrialBalancePdf, PaginatesHundredsOfRowsWithoutLosingAny) {
  const Result<std::string> pdf = TrialBalancePdf(LargeTrialBalance(300));
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  const size_t pages = CountOf(text, "\f");  // pdftotext ends every page with a form feed
  ASSERT_GE(pages, 3u);
  const std::string total = "/" + std::to_string(pages);
  EXPECT_NE(text.find("หน้า 1" + total), std::string::npos);
  EXPECT_NE(text.find("หน้า 2" + total), std::string::npos);
  EXPECT_NE(text.find("หน้า " + std::to_string(pages) + total), std::string::npos);
  EXPECT_EQ(CountOf(text, "งบทดลอง"), pages) << "heading on every page";
  for (int i = 0; i < 300; ++i) {
    EXPECT_EQ(CountOf(text, std::to_string(1100000000 + i)), 1u) << "row " << i;
  }
  EXPECT_EQ(CountOf(text, "รหัสบัญชี"), pages) << "table header repeated on every page";
}

// Ten accounts (two with names that wrap), signed by two with their full names and positions.
TrialBalance TenAccounts(const std::string& director) {
  TrialBalance tb = LargeTrialBalance(10);
  tb.signatures = {{"ผู้จัดทำ", "นายสมชาย ใจดี"}, {"ผู้อำนวยการกองคลัง", director}};
  return tb;
}

// Issue 18 item 10: ten accounts, their totals and both signatures on one A4 page.
TEST(TrialBalancePdf, TenAccountsFitOnePageWithTotalsAndSignatures) {
  const Result<std::string> pdf = TrialBalancePdf(TenAccounts("นางสาวกัลยาณีรัตน์ ศรีสวัสดิ์วงศ์ตระกูล"));
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_EQ(CountOf(text, "\f"), 1u) << text;
  EXPECT_NE(text.find("หน้า 1/1"), std::string::npos);
  EXPECT_NE(text.find("รวม"), std::string::npos);
  EXPECT_NE(text.find("(นายสมชาย ใจดี)"), std::string::npos);
  EXPECT_NE(text.find("(นางสาวกัลยาณีรัตน์"), std::string::npos) << text;
}

// Issue 18 item 10: a signer's name longer than its slot wraps under the signature line, whole.
TEST(TrialBalancePdf, ALongSignerNameWrapsRatherThanBeingCut) {
  const Result<std::string> pdf = TrialBalancePdf(TenAccounts(
      "นางสาวกัลยาณีรัตน์ ศรีสวัสดิ์วงศ์ตระกูลสุวรรณภูมิ ผู้อำนวยการกองคลังองค์การบริหารส่วนตำบลบ้านนาเหนือ"));
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string raw = PdfText(dir, *pdf, TextMode::kRaw);
  EXPECT_EQ(raw.find("…"), std::string::npos) << "a name was cut";
  EXPECT_NE(raw.find("เหนือ)"), std::string::npos) << raw;  // the name's end is printed
  EXPECT_NE(raw.find("(นางสาวกัลยาณีรัตน์"), std::string::npos) << raw;
}

TEST(TrialBalancePdf, ThaiDigitsOption) {
  TrialBalance tb = SmallTrialBalance();
  tb.digits = DigitStyle::kThai;
  const Result<std::string> pdf = TrialBalancePdf(tb);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_NE(text.find("๑,๒๓๔.๕๐"), std::string::npos);
  EXPECT_NE(PdfText(dir, *pdf, TextMode::kRaw).find("ปีงบประมาณ ๒๕๖๙"), std::string::npos);
  EXPECT_NE(text.find("หน้า ๑/๑"), std::string::npos);
}

TEST(TrialBalancePdf, RejectsMissingPeriod) {
  TrialBalance tb = SmallTrialBalance();
  tb.from = Date();
  EXPECT_EQ(TrialBalancePdf(tb).status().stable_code(), "report.invalid_date");
}

TEST(VoucherPdf, PrintsHeadingLinesWordsStatusAndSignatures) {
  const Result<std::string> pdf = VoucherPdf(SampleVoucher());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_TRUE(pdf->starts_with("%PDF-"));
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_NE(text.find("ใบผ่านรายการบัญชีทั่วไป"), std::string::npos) << text;
  EXPECT_NE(text.find(kOrgName), std::string::npos);
  EXPECT_NE(text.find("เลขที่ บท. 12/2569"), std::string::npos);
  EXPECT_NE(text.find("วันที่ 5 ตุลาคม 2568"), std::string::npos);
  EXPECT_NE(text.find("1,234.50"), std::string::npos);
  EXPECT_NE(text.find("(" + BahtText(Baht(123450)) + ")"), std::string::npos);
  EXPECT_NE(text.find("หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"), std::string::npos);
  EXPECT_NE(text.find("ยกเลิกโดยรายการกลับ บท. 13/2569"), std::string::npos);
  EXPECT_NE(text.find("กลับรายการของ บท. 11/2569"), std::string::npos);
  EXPECT_NE(text.find("(นางสาวสมใจ ใจดี)"), std::string::npos);
  EXPECT_NE(text.find("ผู้อนุมัติ"), std::string::npos);
  EXPECT_NE(text.find("ลำดับที่ 57"), std::string::npos);
  EXPECT_NE(text.find("หน้า 1/1"), std::string::npos);
  EXPECT_TRUE(LaksamanEmbedded(dir, *pdf));
}

TEST(VoucherPdf, ALongSignerNameWrapsUnderTheLine) {
  Voucher v = SampleVoucher();
  v.signatures = {{"ผู้จัดทำ", "นางสาวกัลยาณีรัตน์ ศรีสวัสดิ์วงศ์ตระกูลสุวรรณภูมิ นักวิชาการเงินและบัญชีชำนาญการพิเศษ"},
                  {"ผู้ตรวจสอบ", ""},
                  {"ผู้อนุมัติ", "นายกองค์การบริหารส่วนตำบลบ้านนาเหนือ"}};
  const Result<std::string> pdf = VoucherPdf(v);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string raw = PdfText(dir, *pdf, TextMode::kRaw);
  EXPECT_EQ(raw.find("…"), std::string::npos) << raw;
  EXPECT_NE(raw.find("พิเศษ)"), std::string::npos) << raw;
  EXPECT_NE(raw.find("เหนือ)"), std::string::npos) << raw;
}

TEST(VoucherPdf, ManyLinesContinueOnANewPage) {
  const Result<std::string> pdf = VoucherPdf(LongVoucher());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  const size_t pages = CountOf(text, "\f");
  ASSERT_GE(pages, 2u);
  const std::string total = "/" + std::to_string(pages);
  EXPECT_NE(text.find("หน้า 1" + total), std::string::npos);
  EXPECT_NE(text.find("หน้า 2" + total), std::string::npos);
  EXPECT_EQ(CountOf(text, "ลำดับที่ 57"), pages) << "integrity line on every page";
  EXPECT_EQ(CountOf(text, "รหัสบัญชี"), pages) << "table header repeated on every page";
  EXPECT_NE(text.find("(ต่อ)"), std::string::npos);
  EXPECT_NE(text.find("สี่พันบาทถ้วน"), std::string::npos);
  for (int i = 0; i < 40; ++i) EXPECT_EQ(CountOf(text, "51201" + std::to_string(10 + i)), 1u);
}

TEST(VoucherPdf, RefusesAnUnbalancedVoucher) {
  Voucher v = SampleVoucher();
  v.lines[1].credit = Baht(123400);
  EXPECT_EQ(VoucherPdf(v).status().stable_code(), "voucher.unbalanced");
  v = SampleVoucher();
  v.total = Baht(1);
  EXPECT_EQ(VoucherPdf(v).status().stable_code(), "voucher.unbalanced");
}

TEST(VoucherPdf, RejectsMissingDate) {
  Voucher v = SampleVoucher();
  v.document_date = Date();
  EXPECT_EQ(VoucherPdf(v).status().stable_code(), "report.invalid_date");
}

// Figures far beyond what the columns are sized for.
TrialBalance HugeTrialBalance() {
  TrialBalance tb = SmallTrialBalance();
  tb.rows[0].period_debit = Baht(999999999999999);  // 9,999,999,999,999.99
  tb.total_period_debit = Baht(999999999999999);
  return tb;
}

TEST(TrialBalancePdf, HugeFiguresShrinkRatherThanLoseDigits) {
  const Result<std::string> pdf = TrialBalancePdf(HugeTrialBalance());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  EXPECT_EQ(CountOf(PdfText(dir, *pdf), "9,999,999,999,999.99"), 2u);
}

TEST(PdfCanvas, SecondPassKnowsThePageCount) {
  std::vector<int> counts_seen;
  const Result<std::string> pdf = PdfCanvas::Render({}, [&](PdfCanvas& canvas) {
    for (int page = 1; page < 3; ++page) {
      counts_seen.push_back(canvas.page_count());
      canvas.NewPage();
    }
    counts_seen.push_back(canvas.page_count());
    return Status::Ok();
  });
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(counts_seen, (std::vector<int>{0, 0, 0, 3, 3, 3}));
}

TEST(PdfCanvas, PassesTheDrawFunctionsErrorThrough) {
  const Result<std::string> pdf = PdfCanvas::Render(
      {}, [](PdfCanvas&) { return Status::InvalidInput("test.refused", "ทดสอบ"); });
  EXPECT_EQ(pdf.status().stable_code(), "test.refused");
}

TEST(PdfCanvas, RefusesALayoutThatChangesBetweenPasses) {
  int pass = 0;
  const Result<std::string> pdf = PdfCanvas::Render({}, [&](PdfCanvas& canvas) {
    if (++pass == 2) canvas.NewPage();
    return Status::Ok();
  });
  EXPECT_EQ(pdf.status().stable_code(), "pdf.unstable_layout");
}

// Every sample document, written for a person to look at (KLANG_RENDER_SAMPLES_DIR) and checked
// as a reader's tools see it.
TEST(RenderSamples, WriteAndCheck) {
  const TrialBalance long_trial_balance = LargeTrialBalance(40);
  std::vector<Sample> samples;
  samples.push_back({"trial_balance.pdf", TrialBalancePdf(SmallTrialBalance()), "งบทดลอง"});
  samples.push_back({"trial_balance_long.pdf", TrialBalancePdf(long_trial_balance), "งบทดลอง"});
  samples.push_back({"trial_balance_huge.pdf", TrialBalancePdf(HugeTrialBalance()), "งบทดลอง"});
  samples.push_back({"trial_balance_ten.pdf", TrialBalancePdf(TenAccounts("นางสาวกัลยาณีรัตน์ ศรีสวัสดิ์วงศ์ตระกูล")),
                     "งบทดลอง"});
  samples.push_back({"voucher.pdf", VoucherPdf(SampleVoucher()), SampleVoucher().title_th});
  samples.push_back({"voucher_long.pdf", VoucherPdf(LongVoucher()), LongVoucher().title_th});
  samples.push_back({"trial_balance.xlsx", TrialBalanceXlsx(SmallTrialBalance()), ""});
  samples.push_back({"trial_balance.csv", TrialBalanceCsv(SmallTrialBalance()), "รหัสบัญชี"});
  WriteAndCheckSamples(samples);
}

}  // namespace
}  // namespace klang::reports
