// Tests for the revenue-side renderers: receipt, remittance slip, remittance summary, daily
// financial status report and the generic register. Every document is hand-built with figures
// worked out by hand; PDFs are read back with pdftotext (what a reader sees must be the Thai we
// meant), workbooks with unzip, CSV byte for byte. Each renderer's refusal of inconsistent
// figures is checked with the stable error code a caller would see. Checks that need a missing
// tool are skipped. Set KLANG_RENDER_SAMPLES_DIR to also write the samples for a visual check.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "core/thai.h"
#include "reports/render.h"
#include "reports/render_test_support.h"

namespace klang::reports {
namespace {

constexpr std::string_view kOrgName = "องค์การบริหารส่วนตำบลบ้านนา";
constexpr std::string_view kIntegrity = "ลำดับที่ 91 · SHA-256 7c1e0d2f4a";

Money Baht(int64_t satang) { return Money::FromSatang(satang); }
Date Day(int year, int month, int day) { return Date::FromCivil(year, month, day).value(); }

OrgHeading Org() { return {std::string(kOrgName), "อบต.", "อำเภอเมืองขอนแก่น จังหวัดขอนแก่น"}; }

// 1,000.00 + 234.50 = 1,234.50.
ReceiptDoc SampleReceipt() {
  ReceiptDoc r;
  r.org = Org();
  r.book_no = "001";
  r.number = 25;
  r.date = Day(2025, 10, 5);
  r.fiscal_year = 2569;
  r.payer_name = "นายสมชาย ใจงาม";
  r.payer_id_no = "3400100123456";
  r.payer_address = "12 หมู่ 3 ตำบลบ้านนา อำเภอเมืองขอนแก่น จังหวัดขอนแก่น";
  r.lines = {{"411201", "ภาษีที่ดินและสิ่งปลูกสร้าง ปี 2568", Baht(100000)},
             {"421002", "ค่าธรรมเนียมเก็บและขนขยะมูลฝอย เดือนตุลาคม 2568", Baht(23450)}};
  r.total = Baht(123450);
  r.means_th = "เงินสด";
  r.collector_name = "นางสาวสมใจ ใจดี";
  r.collector_position = "เจ้าพนักงานจัดเก็บรายได้";
  r.properties = {{"ที่ดิน", "โฉนดเลขที่ 4521 เนื้อที่ 2-1-40 ไร่", "หมู่ 3 ตำบลบ้านนา"},
                  {"สิ่งปลูกสร้าง", "บ้านเดี่ยวไม้สองชั้น เลขที่ 12", "หมู่ 3 ตำบลบ้านนา"}};
  r.integrity_line = std::string(kIntegrity);
  return r;
}

// Items 1,500.00 + 250.00 = 1,750.00 = cash 1,200.00 + cheque 500.00 + other 50.00.
RemittanceDoc SampleRemittance() {
  RemittanceDoc s;
  s.org = Org();
  s.number = "นส. 7/2569";
  s.date = Day(2025, 10, 5);
  s.collector_name = "นางสาวสมใจ ใจดี";
  s.received_by = "นายมานะ รักงาน";
  s.to_org_name = "กองคลัง";
  s.ranges = {"เล่มที่ 001 เลขที่ 21–30", "เล่มที่ 002 เลขที่ 1–5"};
  s.items = {{"411201", "ภาษีที่ดินและสิ่งปลูกสร้าง", Baht(150000)},
             {"421002", "ค่าธรรมเนียมเก็บและขนขยะมูลฝอย", Baht(25000)}};
  s.cash = Baht(120000);
  s.cheque = Baht(50000);
  s.other = Baht(5000);
  s.total = Baht(175000);
  s.receipt_count = 15;
  s.integrity_line = std::string(kIntegrity);
  return s;
}

// Slips 1,750.00 + 320.25 = 2,070.25 = accounts 1,500.00 + 570.25.
RemittanceSummaryDoc SampleSummary() {
  RemittanceSummaryDoc s;
  s.org = Org();
  s.number = "สน. 3/2569";
  s.voucher_number = "ร. 2/2569";
  s.date = Day(2025, 10, 5);
  s.slips = {
      {"นส. 7/2569", "นางสาวสมใจ ใจดี", "กองคลัง", Baht(120000), Baht(50000), Baht(5000),
       Baht(175000)},
      {"นส. 8/2569", "นายประหยัด มั่นคง", "กองช่าง", Baht(32025), {}, {}, Baht(32025)},
  };
  s.accounts = {{"4112010", "ภาษีที่ดินและสิ่งปลูกสร้าง", Baht(150000)},
                {"4210020", "ค่าธรรมเนียมเก็บและขนขยะมูลฝอย", Baht(57025)}};
  s.total = Baht(207025);
  s.integrity_line = std::string(kIntegrity);
  return s;
}

// Cash: 5,000.00 + 12,345.50 - 15,000.00 = 2,345.50.
// Bank: 1,000,000.00 + 15,000.00 - 250,000.00 = 765,000.00 = 700,000.00 + 65,000.00.
DailyStatusDoc SampleDailyStatus() {
  DailyStatusDoc d;
  d.org = Org();
  d.date = Day(2025, 10, 5);
  d.fiscal_year = 2569;
  d.cash_brought_forward = Baht(500000);
  d.cash_received = Baht(1234550);
  d.cash_deposited = Baht(1500000);
  d.cash_carried_forward = Baht(234550);
  d.bank_brought_forward = Baht(100000000);
  d.bank_deposits = Baht(1500000);
  d.bank_payments = Baht(25000000);
  d.bank_carried_forward = Baht(76500000);
  d.banks = {
      {"เงินฝากออมทรัพย์ เพื่อการเบิกจ่าย", "ธนาคารกรุงไทย", "ขอนแก่น", "ออมทรัพย์", "981-0-12345-6",
       Baht(70000000)},
      {"เงินฝากประจำ", "ธนาคารออมสิน", "บ้านนา", "ประจำ", "0200-1234-5678", Baht(6500000)},
  };
  d.uncollected_cheques = 3;
  d.uncollected_cheques_amount = Baht(1200000);
  d.generated_at_th = "พิมพ์เมื่อ 5 ตุลาคม 2568 16:30 น.";
  return d;
}

RegisterDoc SampleRegister() {
  RegisterDoc r;
  r.org = Org();
  r.title_th = "ทะเบียนคุมใบเสร็จรับเงิน";
  r.subtitle_th = "ประจำวันที่ 5 ตุลาคม 2568";
  r.columns = {{"เล่มที่"}, {"เลขที่"}, {"ผู้ชำระเงิน"}, {"จำนวนเงิน", true}};
  r.rows = {{"001", "25", "นายสมชาย ใจงาม", "1234.50"},
            {"001", "26", "=HYPERLINK(\"http://evil.example\")", "-12.00"},
            {"001", "27", "บริษัท ก, ข และ ค จำกัด", ""}};
  r.totals = {"รวม", "", "", "1222.50"};
  r.generated_at_th = "พิมพ์เมื่อ 5 ตุลาคม 2568 16:30 น.";
  return r;
}

// A register wide enough for landscape and long enough for several pages.
RegisterDoc LongRegister(int row_count) {
  RegisterDoc r = SampleRegister();
  r.columns = {{"ลำดับ"},   {"วันที่"},         {"เล่มที่"}, {"เลขที่"},
               {"ผู้ชำระเงิน"}, {"รายการ"},        {"วิธีชำระ"}, {"จำนวนเงิน", true},
               {"สถานะ"}};
  r.rows.clear();
  int64_t total = 0;
  for (int i = 0; i < row_count; ++i) {
    const int64_t satang = 10000 + 125 * i;
    total += satang;
    r.rows.push_back({std::to_string(i + 1), "05/10/2568", "001", std::to_string(1000 + i),
                      "ผู้ชำระรายที่ " + std::to_string(i + 1),
                      i % 5 == 0 ? "ภาษีที่ดินและสิ่งปลูกสร้าง ปี 2568 ตามหนังสือแจ้งประเมิน"
                                 : "ค่าธรรมเนียมเก็บขยะ",
                      "เงินสด", Money::FromSatang(satang).FormatPlain(), ""});
  }
  r.totals = {"รวม", "", "", "", "", "", "", Money::FromSatang(total).FormatPlain(), ""};
  return r;
}

std::string PdfPageSize(const ScratchDir& dir, const std::string& pdf) {
  const std::string file = dir.Write("info.pdf", pdf);
  const std::string info = RunCommand("/usr/bin/pdfinfo '" + file + "' 2>/dev/null");
  const size_t at = info.find("Page size:");
  return at == std::string::npos ? "" : info.substr(at, info.find('\n', at) - at);
}

// ---- ใบเสร็จรับเงิน ------------------------------------------------------------------------

TEST(ReceiptPdf, PrintsBothCopiesTotalInWordsAndAttachment) {
  const Result<std::string> pdf = ReceiptPdf(SampleReceipt());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  ASSERT_TRUE(pdf->starts_with("%PDF-"));
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_EQ(CountOf(text, "\f"), 3u) << "two copies and the attachment";
  EXPECT_EQ(CountOf(text, "ใบเสร็จรับเงิน"), 3u) << text;
  EXPECT_EQ(CountOf(text, "ต้นฉบับ"), 1u);
  EXPECT_EQ(CountOf(text, "สำเนา"), 1u);
  EXPECT_EQ(CountOf(text, kOrgName), 3u);
  EXPECT_EQ(CountOf(text, "เล่มที่ 001"), 3u);
  EXPECT_EQ(CountOf(text, "เลขที่ 25"), 3u);
  EXPECT_NE(text.find("วันที่ 5 ตุลาคม 2568"), std::string::npos);
  EXPECT_NE(text.find("นายสมชาย ใจงาม"), std::string::npos);
  EXPECT_NE(text.find("3400100123456"), std::string::npos);
  EXPECT_NE(text.find("1,000.00"), std::string::npos);
  EXPECT_NE(text.find("234.50"), std::string::npos);
  EXPECT_EQ(CountOf(text, "1,234.50"), 2u);
  EXPECT_EQ(CountOf(text, "(หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์)"), 2u);
  EXPECT_NE(text.find("(411201)"), std::string::npos);
  EXPECT_EQ(CountOf(text, "เงินสด"), 2u);
  EXPECT_EQ(CountOf(text, "(นางสาวสมใจ ใจดี)"), 2u);
  EXPECT_EQ(CountOf(text, "ผู้รับเงิน"), 2u);
  EXPECT_EQ(CountOf(text, "ตำแหน่ง เจ้าพนักงานจัดเก็บรายได้"), 2u);
  EXPECT_EQ(CountOf(text, "ลำดับที่ 91"), 3u) << "integrity line on every page";
  EXPECT_EQ(CountOf(text, "ยกเลิก"), 0u);

  // The attachment is the last page, headed with the receipt it belongs to.
  const std::string attachment = text.substr(text.rfind('\f', text.size() - 2));
  EXPECT_NE(attachment.find("รายละเอียดแนบท้ายใบเสร็จรับเงิน"), std::string::npos) << attachment;
  EXPECT_NE(attachment.find("เล่มที่ 001 เลขที่ 25"), std::string::npos);
  EXPECT_NE(attachment.find("โฉนดเลขที่ 4521 เนื้อที่ 2-1-40 ไร่"), std::string::npos);
  EXPECT_NE(attachment.find("บ้านเดี่ยวไม้สองชั้น เลขที่ 12"), std::string::npos);
  EXPECT_NE(attachment.find("สิ่งปลูกสร้าง"), std::string::npos);
  EXPECT_TRUE(LaksamanEmbedded(dir, *pdf));
}

TEST(ReceiptPdf, CancelledReceiptSaysSoOnEveryPage) {
  ReceiptDoc r = SampleReceipt();
  r.status_th = "ยกเลิก: ออกใบเสร็จผิดราย";
  const Result<std::string> pdf = ReceiptPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string raw = PdfText(dir, *pdf, TextMode::kRaw);
  // Boxed under the heading and stamped across the page: twice on each of the three pages.
  EXPECT_EQ(CountOf(raw, "ยกเลิก"), 6u) << raw;
  EXPECT_NE(raw.find("ออกใบเสร็จผิดราย"), std::string::npos);
}

TEST(ReceiptPdf, CopiesAndAttachmentFollowTheDocument) {
  ReceiptDoc r = SampleReceipt();
  r.properties.clear();
  r.copies = {"ต้นฉบับ"};
  r.digits = DigitStyle::kThai;
  const Result<std::string> pdf = ReceiptPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_EQ(CountOf(text, "\f"), 1u);
  EXPECT_EQ(CountOf(text, "รายละเอียดแนบท้าย"), 0u);
  EXPECT_NE(text.find("๑,๒๓๔.๕๐"), std::string::npos) << text;
  EXPECT_NE(text.find("เลขที่ ๒๕"), std::string::npos);
  EXPECT_NE(text.find("วันที่ ๕ ตุลาคม ๒๕๖๘"), std::string::npos);
}

TEST(ReceiptPdf, ManyLinesContinueWithTheTotalsKeptTogether) {
  ReceiptDoc r = SampleReceipt();
  r.lines.clear();
  for (int i = 0; i < 45; ++i) r.lines.push_back({"", "รายการที่ " + std::to_string(i + 1), Baht(100)});
  r.total = Baht(4500);
  r.copies = {"ต้นฉบับ"};
  r.properties.clear();
  const Result<std::string> pdf = ReceiptPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  ASSERT_EQ(CountOf(text, "\f"), 2u);
  EXPECT_NE(text.find("(ต่อ)"), std::string::npos);
  EXPECT_EQ(CountOf(text, "จำนวนเงิน"), 2u) << "table header repeated";
  const std::string last_page = text.substr(text.find('\f'));
  EXPECT_NE(last_page.find("รายการที่ 45"), std::string::npos);
  EXPECT_NE(last_page.find("(สี่สิบห้าบาทถ้วน)"), std::string::npos);
  EXPECT_NE(last_page.find("ผู้รับเงิน"), std::string::npos);
}

TEST(ReceiptPdf, RefusesATotalItsLinesDoNotMake) {
  ReceiptDoc r = SampleReceipt();
  r.total = Baht(123400);
  EXPECT_EQ(ReceiptPdf(r).status().stable_code(), "receipt.total_mismatch");
  r = SampleReceipt();
  r.lines.pop_back();
  EXPECT_EQ(ReceiptPdf(r).status().stable_code(), "receipt.total_mismatch");
  r = SampleReceipt();
  r.date = Date();
  EXPECT_EQ(ReceiptPdf(r).status().stable_code(), "report.invalid_date");
}

// ---- ใบนำส่งเงิน และ ใบสำคัญสรุปใบนำส่งเงิน -------------------------------------------

TEST(RemittancePdf, PrintsRangesItemsSplitWordsAndSignatures) {
  const Result<std::string> pdf = RemittancePdf(SampleRemittance());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_NE(text.find("ใบนำส่งเงิน"), std::string::npos) << text;
  EXPECT_NE(text.find("เลขที่ นส. 7/2569"), std::string::npos);
  EXPECT_NE(text.find("วันที่ 5 ตุลาคม 2568"), std::string::npos);
  EXPECT_NE(text.find("เล่มที่ 001 เลขที่ 21–30"), std::string::npos);
  EXPECT_NE(text.find("เล่มที่ 002 เลขที่ 1–5"), std::string::npos);
  EXPECT_NE(text.find("รวม 15 ฉบับ"), std::string::npos);
  EXPECT_NE(text.find("กองคลัง"), std::string::npos);
  EXPECT_NE(text.find("1,500.00"), std::string::npos);
  EXPECT_NE(text.find("1,200.00"), std::string::npos);
  EXPECT_NE(text.find("500.00"), std::string::npos);
  EXPECT_NE(text.find("50.00"), std::string::npos);
  EXPECT_EQ(CountOf(text, "1,750.00"), 2u) << "items total and the split's total";
  EXPECT_NE(text.find("(หนึ่งพันเจ็ดร้อยห้าสิบบาทถ้วน)"), std::string::npos);
  EXPECT_NE(text.find("(นางสาวสมใจ ใจดี)"), std::string::npos);
  EXPECT_NE(text.find("(นายมานะ รักงาน)"), std::string::npos);
  EXPECT_NE(text.find("ผู้นำส่งเงิน"), std::string::npos);
  EXPECT_NE(text.find("ผู้รับเงิน"), std::string::npos);
  EXPECT_NE(text.find("ลำดับที่ 91"), std::string::npos);
  EXPECT_NE(text.find("หน้า 1/1"), std::string::npos);
}

TEST(RemittancePdf, RefusesTotalsThatDisagree) {
  RemittanceDoc s = SampleRemittance();
  s.items[0].amount = Baht(140000);
  EXPECT_EQ(RemittancePdf(s).status().stable_code(), "remittance.total_mismatch");
  s = SampleRemittance();
  s.cash = Baht(110000);
  EXPECT_EQ(RemittancePdf(s).status().stable_code(), "remittance.total_mismatch");
  s = SampleRemittance();
  s.date = Date();
  EXPECT_EQ(RemittancePdf(s).status().stable_code(), "report.invalid_date");
}

TEST(RemittanceSummaryPdf, PrintsSlipsAccountsWordsAndVoucher) {
  const Result<std::string> pdf = RemittanceSummaryPdf(SampleSummary());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_NE(text.find("ใบสำคัญสรุปใบนำส่งเงิน"), std::string::npos) << text;
  EXPECT_NE(text.find("เลขที่ สน. 3/2569"), std::string::npos);
  EXPECT_NE(text.find("ผ่านรายการรับ ร. 2/2569"), std::string::npos);
  EXPECT_NE(text.find("นส. 8/2569"), std::string::npos);
  EXPECT_NE(text.find("นายประหยัด มั่นคง"), std::string::npos);
  EXPECT_NE(text.find("กองช่าง"), std::string::npos);
  EXPECT_NE(text.find("1,520.25"), std::string::npos) << "cash column total";
  EXPECT_NE(text.find("4210020"), std::string::npos);
  EXPECT_NE(text.find("570.25"), std::string::npos);
  EXPECT_EQ(CountOf(text, "2,070.25"), 2u) << "slips total and accounts total";
  EXPECT_NE(text.find("(สองพันเจ็ดสิบบาทยี่สิบห้าสตางค์)"), std::string::npos);
  EXPECT_NE(text.find("ผู้อำนวยการกองคลัง"), std::string::npos) << "default signatures";
  EXPECT_NE(text.find("หน้า 1/1"), std::string::npos);
}

TEST(RemittanceSummaryPdf, RefusesTotalsThatDisagree) {
  RemittanceSummaryDoc s = SampleSummary();
  s.slips[1].cash = Baht(32000);  // split no longer makes the slip's total
  EXPECT_EQ(RemittanceSummaryPdf(s).status().stable_code(), "remittance_summary.total_mismatch");
  s = SampleSummary();
  s.total = Baht(207000);
  EXPECT_EQ(RemittanceSummaryPdf(s).status().stable_code(), "remittance_summary.total_mismatch");
  s = SampleSummary();
  s.accounts[1].amount = Baht(57000);
  EXPECT_EQ(RemittanceSummaryPdf(s).status().stable_code(), "remittance_summary.total_mismatch");
}

// ---- รายงานสถานะการเงินประจำวัน ---------------------------------------------------------

TEST(DailyStatusPdf, PrintsSectionsNoteDetailAndFourSignatures) {
  const Result<std::string> pdf = DailyStatusPdf(SampleDailyStatus());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  const std::string raw = PdfText(dir, *pdf, TextMode::kRaw);
  EXPECT_NE(text.find("รายงานสถานะการเงินประจำวัน"), std::string::npos) << text;
  EXPECT_NE(raw.find("ประจำวันที่ 5 ตุลาคม 2568"), std::string::npos) << raw;
  EXPECT_NE(raw.find("ยอดเงินสดคงเหลือยกมา"), std::string::npos);
  EXPECT_NE(raw.find("ยอดเงินฝากธนาคารคงเหลือยกไป"), std::string::npos);
  for (const char* figure : {"5,000.00", "12,345.50", "2,345.50", "1,000,000.00", "250,000.00",
                             "700,000.00", "65,000.00"}) {
    EXPECT_NE(text.find(figure), std::string::npos) << figure;
  }
  EXPECT_EQ(CountOf(text, "15,000.00"), 2u) << "deposited from cash, deposited into the bank";
  EXPECT_EQ(CountOf(text, "765,000.00"), 2u) << "bank carried forward and the detail total";
  EXPECT_NE(raw.find("เช็คที่อนุมัติแล้ว ผู้มีสิทธิยังไม่มารับ จำนวน 3 ฉบับ เป็นเงิน 12,000.00 บาท"),
            std::string::npos);
  EXPECT_NE(text.find("ธนาคารกรุงไทย สาขาขอนแก่น"), std::string::npos);
  EXPECT_NE(text.find("981-0-12345-6"), std::string::npos);
  EXPECT_NE(raw.find("รายละเอียดยอดเงินฝากธนาคาร"), std::string::npos);
  for (const char* role : {"ผู้จัดทำ", "ผู้อำนวยการกองคลัง", "ปลัด อบต.", "นายก อบต."}) {
    EXPECT_EQ(CountOf(text, role), 1u) << role;
  }
  EXPECT_NE(text.find("ตำแหน่ง เจ้าหน้าที่การเงิน"), std::string::npos);
  EXPECT_EQ(CountOf(raw, "คำเตือน"), 0u);
  EXPECT_NE(text.find("พิมพ์เมื่อ 5 ตุลาคม 2568 16:30 น."), std::string::npos);
  EXPECT_NE(text.find("หน้า 1/1"), std::string::npos);
}

TEST(DailyStatusPdf, WarnsOfUnattributedBankMoneyAndUnremittedReceipts) {
  DailyStatusDoc d = SampleDailyStatus();
  d.banks.pop_back();  // 700,000.00 of 765,000.00 explained
  d.bank_unattributed = Baht(6500000);
  d.receipts_not_remitted = 2;
  d.receipts_not_remitted_amount = Baht(45000);
  d.cash_other_out = Baht(10000);  // the optional fifth cash line
  d.cash_carried_forward = Baht(224550);
  const Result<std::string> pdf = DailyStatusPdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string raw = PdfText(dir, *pdf, TextMode::kRaw);
  EXPECT_EQ(CountOf(raw, "คำเตือน"), 2u) << raw;
  EXPECT_NE(raw.find("65,000.00 บาท"), std::string::npos);
  EXPECT_NE(raw.find("ยังไม่ได้นำส่ง จำนวน 2 ฉบับ เป็นเงิน 450.00 บาท"), std::string::npos);
  EXPECT_NE(raw.find("เงินสดจ่ายอื่น"), std::string::npos);
  EXPECT_NE(raw.find("2,245.50"), std::string::npos);
}

TEST(DailyStatusPdf, RefusesFiguresThatDoNotBalance) {
  DailyStatusDoc d = SampleDailyStatus();
  d.cash_carried_forward = Baht(234500);
  EXPECT_EQ(DailyStatusPdf(d).status().stable_code(), "daily_status.unbalanced");
  EXPECT_EQ(DailyStatusXlsx(d).status().stable_code(), "daily_status.unbalanced");
  d = SampleDailyStatus();
  d.bank_payments = Baht(24000000);
  EXPECT_EQ(DailyStatusPdf(d).status().stable_code(), "daily_status.unbalanced");
  d = SampleDailyStatus();
  d.banks[1].balance = Baht(6400000);  // detail no longer explains the ledger
  EXPECT_EQ(DailyStatusPdf(d).status().stable_code(), "daily_status.unbalanced");
  d.bank_unattributed = Baht(100000);  // unless the caller says so
  EXPECT_TRUE(DailyStatusPdf(d).ok());
  d = SampleDailyStatus();
  d.date = Date();
  EXPECT_EQ(DailyStatusPdf(d).status().stable_code(), "report.invalid_date");
}

TEST(DailyStatusXlsx, IsAWorkbookWithFormulasCachedWithOurFigures) {
  const Result<std::string> xlsx = DailyStatusXlsx(SampleDailyStatus());
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  ASSERT_GT(xlsx->size(), 1000u);
  EXPECT_TRUE(xlsx->starts_with("PK"));
  if (!Executable("/usr/bin/unzip")) GTEST_SKIP() << "unzip not installed";
  ScratchDir dir;
  const std::string file = dir.Write("daily.xlsx", *xlsx);
  const std::string strings = RunCommand("/usr/bin/unzip -p '" + file + "' xl/sharedStrings.xml");
  EXPECT_NE(strings.find("รายงานสถานะการเงินประจำวัน"), std::string::npos);
  EXPECT_NE(strings.find("ยอดเงินสดคงเหลือยกไป"), std::string::npos);
  EXPECT_NE(strings.find("นายก อบต."), std::string::npos);
  const std::string sheet = RunCommand("/usr/bin/unzip -p '" + file + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>2345.5</v>"), std::string::npos) << "cash carried forward";
  EXPECT_NE(sheet.find("-F7</f><v>2345.5</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<f>SUM("), std::string::npos);
  EXPECT_NE(sheet.find("<v>765000</v>"), std::string::npos);
}

// ---- ทะเบียน ----------------------------------------------------------------------------

TEST(RegisterCsv, ExactBytesWithQuotingAndFormulaGuard) {
  const std::string expected =
      "\xEF\xBB\xBF"
      "เล่มที่,เลขที่,ผู้ชำระเงิน,จำนวนเงิน\r\n"
      "001,25,นายสมชาย ใจงาม,1234.50\r\n"
      "001,26,\"'=HYPERLINK(\"\"http://evil.example\"\")\",-12.00\r\n"
      "001,27,\"บริษัท ก, ข และ ค จำกัด\",\r\n"
      "รวม,,,1222.50\r\n";
  EXPECT_EQ(RegisterCsv(SampleRegister()), expected);
}

TEST(RegisterCsv, GuardsAmountCellsThatAreNotNumbers) {
  RegisterDoc r = SampleRegister();
  r.rows = {{"001", "28", "ก", "=1+1"}, {"001", "29", "ข", "1,234.50"}};
  r.totals.clear();
  const std::string csv = RegisterCsv(r);
  EXPECT_NE(csv.find("\r\n001,28,ก,'=1+1\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\n001,29,ข,\"1,234.50\"\r\n"), std::string::npos) << csv;
}

TEST(RegisterXlsx, AmountsAreNumbersAndTotalsFormulas) {
  const Result<std::string> xlsx = RegisterXlsx(SampleRegister());
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  ASSERT_GT(xlsx->size(), 1000u);
  EXPECT_TRUE(xlsx->starts_with("PK"));
  if (!Executable("/usr/bin/unzip")) GTEST_SKIP() << "unzip not installed";
  ScratchDir dir;
  const std::string file = dir.Write("register.xlsx", *xlsx);
  const std::string workbook = RunCommand("/usr/bin/unzip -p '" + file + "' xl/workbook.xml");
  EXPECT_NE(workbook.find("name=\"ทะเบียนคุมใบเสร็จรับเงิน\""), std::string::npos) << workbook;
  const std::string sheet = RunCommand("/usr/bin/unzip -p '" + file + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<v>1234.5</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<v>-12</v>"), std::string::npos);
  EXPECT_NE(sheet.find("<f>SUM(D6:D8)</f><v>1222.5</v>"), std::string::npos);
  const std::string strings = RunCommand("/usr/bin/unzip -p '" + file + "' xl/sharedStrings.xml");
  EXPECT_NE(strings.find("=HYPERLINK"), std::string::npos) << "text stays text, not a formula";
}

TEST(RegisterXlsx, SheetNamesExcelAccepts) {
  RegisterDoc r = SampleRegister();
  r.title_th = "ทะเบียน [ใบเสร็จ] รับเงิน/ค่าธรรมเนียม: ประจำปีงบประมาณ 2569 ทั้งหมด";
  const Result<std::string> xlsx = RegisterXlsx(r);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
}

TEST(RegisterPdf, PortraitTableWithTotals) {
  const Result<std::string> pdf = RegisterPdf(SampleRegister());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_NE(text.find("ทะเบียนคุมใบเสร็จรับเงิน"), std::string::npos) << text;
  EXPECT_NE(text.find("ประจำวันที่ 5 ตุลาคม 2568"), std::string::npos);
  EXPECT_NE(text.find("1,234.50"), std::string::npos);
  EXPECT_NE(text.find("-12.00"), std::string::npos);
  EXPECT_NE(text.find("1,222.50"), std::string::npos);
  EXPECT_NE(text.find("บริษัท ก, ข และ ค จำกัด"), std::string::npos);
  EXPECT_NE(text.find("หน้า 1/1"), std::string::npos);
  if (Executable("/usr/bin/pdfinfo")) {
    EXPECT_NE(PdfPageSize(dir, *pdf).find("595.276 x 841.89"), std::string::npos);
  }
}

TEST(RegisterPdf, WideAndLongRegisterIsLandscapeWithRepeatedHeader) {
  const Result<std::string> pdf = RegisterPdf(LongRegister(120));
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!Executable("/usr/bin/pdftotext")) GTEST_SKIP() << "poppler-utils not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  const size_t pages = CountOf(text, "\f");
  ASSERT_GE(pages, 3u);
  const std::string total = "/" + std::to_string(pages);
  for (size_t page = 1; page <= pages; ++page) {
    EXPECT_NE(text.find("หน้า " + std::to_string(page) + total), std::string::npos) << page;
  }
  EXPECT_EQ(CountOf(text, "ผู้ชำระเงิน"), pages) << "table header repeated on every page";
  EXPECT_EQ(CountOf(text, "ทะเบียนคุมใบเสร็จรับเงิน"), pages) << "heading on every page";
  for (int i = 0; i < 120; ++i) {
    EXPECT_EQ(CountOf(text, "ผู้ชำระรายที่ " + std::to_string(i + 1) + " "), 1u) << i;
  }
  // 120 × 100.00 + 1.25 × (0 + … + 119) = 12,000.00 + 8,925.00.
  EXPECT_NE(text.find("20,925.00"), std::string::npos);
  if (Executable("/usr/bin/pdfinfo")) {
    EXPECT_NE(PdfPageSize(dir, *pdf).find("841.89 x 595.276"), std::string::npos);
  }
}

TEST(RegisterPdf, RefusesRowsOfTheWrongWidth) {
  RegisterDoc r = SampleRegister();
  r.rows[1].pop_back();
  EXPECT_EQ(RegisterPdf(r).status().stable_code(), "register.shape");
  EXPECT_EQ(RegisterXlsx(r).status().stable_code(), "register.shape");
  r = SampleRegister();
  r.totals = {"รวม"};
  EXPECT_EQ(RegisterPdf(r).status().stable_code(), "register.shape");
  r.columns.clear();
  r.rows.clear();
  r.totals.clear();
  EXPECT_EQ(RegisterXlsx(r).status().stable_code(), "register.shape");
}

// Writes the samples for a person to look at (pdftoppm -png -r 60 …).
TEST(RevenueRenderSamples, WriteWhenAsked) {
  const char* directory = std::getenv("KLANG_RENDER_SAMPLES_DIR");
  if (directory == nullptr || *directory == '\0') GTEST_SKIP() << "KLANG_RENDER_SAMPLES_DIR unset";
  const std::string dir = directory;
  ReceiptDoc cancelled = SampleReceipt();
  cancelled.status_th = "ยกเลิก: ออกใบเสร็จผิดราย";
  cancelled.properties.clear();
  DailyStatusDoc warned = SampleDailyStatus();
  warned.banks.pop_back();
  warned.bank_unattributed = Baht(6500000);
  warned.receipts_not_remitted = 2;
  warned.receipts_not_remitted_amount = Baht(45000);
  const std::pair<std::string, Result<std::string>> samples[] = {
      {"receipt.pdf", ReceiptPdf(SampleReceipt())},
      {"receipt_cancelled.pdf", ReceiptPdf(cancelled)},
      {"remittance.pdf", RemittancePdf(SampleRemittance())},
      {"remittance_summary.pdf", RemittanceSummaryPdf(SampleSummary())},
      {"daily_status.pdf", DailyStatusPdf(SampleDailyStatus())},
      {"daily_status_warned.pdf", DailyStatusPdf(warned)},
      {"daily_status.xlsx", DailyStatusXlsx(SampleDailyStatus())},
      {"register.pdf", RegisterPdf(SampleRegister())},
      {"register_long.pdf", RegisterPdf(LongRegister(120))},
      {"register.xlsx", RegisterXlsx(SampleRegister())},
      {"register.csv", RegisterCsv(SampleRegister())},
  };
  for (const auto& [name, bytes] : samples) {
    ASSERT_TRUE(bytes.ok()) << name << ": " << bytes.status().ToString();
    std::ofstream(dir + "/" + name, std::ios::binary) << *bytes;
  }
}

}  // namespace
}  // namespace klang::reports
