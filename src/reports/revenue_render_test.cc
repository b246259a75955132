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

constexpr std::string_view kIntegrity = "ลำดับที่ 91 · SHA-256 7c1e0d2f4a";

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

// 30 lines of 1.00 on a single copy: more than one page holds.
ReceiptDoc LongReceipt() {
  ReceiptDoc r = SampleReceipt();
  r.lines.clear();
  for (int i = 0; i < 30; ++i)
    r.lines.push_back({"", "รายการที่ " + std::to_string(i + 1), Baht(100)});
  r.total = Baht(3000);
  r.copies = {"ต้นฉบับ"};
  r.properties.clear();
  return r;
}

// Twelve accounts, the first holding the whole bank balance: the detail runs onto a second page.
DailyStatusDoc ManyAccountsDailyStatus() {
  DailyStatusDoc d = SampleDailyStatus();
  d.banks.clear();
  for (int i = 0; i < 12; ++i) {
    d.banks.push_back({"บัญชีที่ " + std::to_string(i + 1),
                       "ธนาคารกรุงไทย",
                       "ขอนแก่น",
                       "ออมทรัพย์",
                       "981-0-000" + std::to_string(10 + i) + "-0",
                       {}});
  }
  d.banks[0].balance = d.bank_carried_forward;
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
  r.columns = {{"ลำดับ"},   {"วันที่"},    {"เล่มที่"},           {"เลขที่"}, {"ผู้ชำระเงิน"},
               {"รายการ"}, {"วิธีชำระ"}, {"จำนวนเงิน", true}, {"สถานะ"}};
  r.rows.clear();
  int64_t total = 0;
  for (int i = 0; i < row_count; ++i) {
    const int64_t satang = 10000 + 125 * i;
    total += satang;
    r.rows.push_back(
        {std::to_string(i + 1), "05/10/2568", "001", std::to_string(1000 + i),
         "ผู้ชำระรายที่ " + std::to_string(i + 1),
         i % 5 == 0 ? "ภาษีที่ดินและสิ่งปลูกสร้าง ปี 2568 ตามหนังสือแจ้งประเมิน" : "ค่าธรรมเนียมเก็บขยะ", "เงินสด",
         Money::FromSatang(satang).FormatPlain(), ""});
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
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  ASSERT_EQ(read.pages(), 3u) << "two copies and the attachment";
  for (size_t number = 1; number <= 2; ++number) {
    const PdfReading copy = read.Page(number);
    EXPECT_TRUE(copy.Has("ใบเสร็จรับเงิน")) << copy.text();
    EXPECT_TRUE(copy.Has(kOrgName));
    EXPECT_TRUE(copy.Has("เล่มที่ 001"));
    EXPECT_TRUE(copy.Has("เลขที่ 25"));
    EXPECT_TRUE(copy.Has("วันที่ 5 ตุลาคม 2568"));
    EXPECT_TRUE(copy.Has("ได้รับเงินจาก นายสมชาย ใจงาม"));
    EXPECT_TRUE(copy.Has("3400100123456"));
    EXPECT_TRUE(copy.Has("ภาษีที่ดินและสิ่งปลูกสร้าง ปี 2568 (411201)"));
    EXPECT_TRUE(copy.Has("1,000.00"));
    EXPECT_TRUE(copy.Has("234.50"));
    EXPECT_TRUE(copy.Has("รวมเงิน 1,234.50"));
    EXPECT_TRUE(copy.Has("(หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์)"));
    EXPECT_TRUE(copy.Has("ชำระโดย เงินสด"));
    EXPECT_TRUE(copy.Has("ผู้รับเงิน"));
    EXPECT_TRUE(copy.Has("(นางสาวสมใจ ใจดี)"));
    EXPECT_TRUE(copy.Has("ตำแหน่ง เจ้าพนักงานจัดเก็บรายได้"));
    EXPECT_TRUE(copy.Has("ลำดับที่ 91")) << "integrity line";
    EXPECT_FALSE(copy.Has("ยกเลิก"));
  }
  EXPECT_TRUE(read.Page(1).Has("ต้นฉบับ"));
  EXPECT_FALSE(read.Page(1).Has("สำเนา"));
  EXPECT_TRUE(read.Page(2).Has("สำเนา"));
  EXPECT_FALSE(read.Page(2).Has("ต้นฉบับ"));

  // The attachment is the last page, headed with the receipt it belongs to.
  const PdfReading attachment = read.Page(3);
  EXPECT_TRUE(attachment.Has("รายละเอียดแนบท้ายใบเสร็จรับเงิน")) << attachment.text();
  EXPECT_TRUE(attachment.Has("เล่มที่ 001 เลขที่ 25 วันที่ 5 ตุลาคม 2568"));
  EXPECT_TRUE(attachment.Has("ผู้ชำระเงิน นายสมชาย ใจงาม"));
  EXPECT_TRUE(attachment.Has("ที่ดิน โฉนดเลขที่ 4521 เนื้อที่ 2-1-40 ไร่ หมู่ 3 ตำบลบ้านนา"));
  EXPECT_TRUE(attachment.Has("สิ่งปลูกสร้าง บ้านเดี่ยวไม้สองชั้น เลขที่ 12 หมู่ 3 ตำบลบ้านนา"));
  EXPECT_TRUE(attachment.Has("ลำดับที่ 91"));
  ScratchDir dir;
  EXPECT_TRUE(LaksamanEmbedded(dir, *pdf));
}

TEST(ReceiptPdf, CancelledReceiptSaysSoOnEveryPage) {
  ReceiptDoc r = SampleReceipt();
  r.status_th = "ยกเลิก: ออกใบเสร็จผิดราย";
  const Result<std::string> pdf = ReceiptPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  ASSERT_EQ(read.pages(), 3u);
  // Boxed under the heading and stamped across the page, on both copies and the attachment.
  for (size_t number = 1; number <= 3; ++number) {
    EXPECT_EQ(read.Page(number).Count("ยกเลิก: ออกใบเสร็จผิดราย"), 2u) << number;
  }
}

TEST(ReceiptPdf, CopiesAndDigitsFollowTheDocument) {
  ReceiptDoc r = SampleReceipt();
  r.properties.clear();
  r.copies = {"ต้นฉบับ"};
  r.digits = DigitStyle::kThai;
  const Result<std::string> pdf = ReceiptPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  EXPECT_EQ(read.pages(), 1u);
  EXPECT_FALSE(read.Has("รายละเอียดแนบท้าย"));
  EXPECT_TRUE(read.Has("๑,๒๓๔.๕๐")) << read.text();
  EXPECT_TRUE(read.Has("เล่มที่ ๐๐๑"));
  EXPECT_TRUE(read.Has("เลขที่ ๒๕"));
  EXPECT_TRUE(read.Has("วันที่ ๕ ตุลาคม ๒๕๖๘"));
}

TEST(ReceiptPdf, ManyLinesContinueWithTheTotalsKeptTogether) {
  const Result<std::string> pdf = ReceiptPdf(LongReceipt());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  ASSERT_EQ(read.pages(), 2u);
  const PdfReading second = read.Page(2);
  EXPECT_TRUE(second.Has("ใบเสร็จรับเงิน เล่มที่ 001 เลขที่ 25 (ต้นฉบับ) (ต่อ)")) << second.text();
  EXPECT_EQ(read.Count("จำนวนเงิน"), 2u) << "table header repeated";
  EXPECT_TRUE(second.Has("รายการที่ 30"));
  EXPECT_TRUE(second.Has("รวมเงิน 30.00 (สามสิบบาทถ้วน)"));
  EXPECT_TRUE(second.Has("ผู้รับเงิน"));
  EXPECT_EQ(read.Count("รายการที่"), 30u) << "every line once";
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
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  EXPECT_EQ(read.pages(), 1u);
  EXPECT_TRUE(read.Has("ใบนำส่งเงิน")) << read.text();
  EXPECT_TRUE(read.Has("เลขที่ นส. 7/2569"));
  EXPECT_TRUE(read.Has("วันที่ 5 ตุลาคม 2568"));
  EXPECT_TRUE(read.Has("ผู้นำส่งเงิน นางสาวสมใจ ใจดี"));
  EXPECT_TRUE(read.Has("นำส่ง กองคลัง"));
  EXPECT_TRUE(read.Has("เล่มที่ 001 เลขที่ 21–30 เล่มที่ 002 เลขที่ 1–5 รวม 15 ฉบับ"));
  EXPECT_TRUE(read.Has("411201 ภาษีที่ดินและสิ่งปลูกสร้าง 1,500.00"));
  EXPECT_TRUE(read.Has("421002 ค่าธรรมเนียมเก็บและขนขยะมูลฝอย 250.00"));
  EXPECT_TRUE(read.Has("รวมเงิน 1,750.00"));
  EXPECT_TRUE(read.Has("(หนึ่งพันเจ็ดร้อยห้าสิบบาทถ้วน)"));
  EXPECT_TRUE(read.Has("1,200.00 500.00 50.00 1,750.00")) << "cash, cheque, other, total";
  EXPECT_TRUE(read.Has("(นางสาวสมใจ ใจดี)"));
  EXPECT_TRUE(read.Has("(นายมานะ รักงาน)"));
  EXPECT_EQ(read.Count("ผู้นำส่งเงิน"), 2u) << "label and signature";
  EXPECT_TRUE(read.Has("ผู้รับเงิน"));
  EXPECT_TRUE(read.Has("ลำดับที่ 91"));
  EXPECT_TRUE(read.Has("หน้า 1/1"));
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
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  EXPECT_EQ(read.pages(), 1u);
  EXPECT_TRUE(read.Has("ใบสำคัญสรุปใบนำส่งเงิน")) << read.text();
  EXPECT_TRUE(read.Has("เลขที่ สน. 3/2569"));
  EXPECT_TRUE(read.Has("อ้างอิง ผ่านรายการรับ ร. 2/2569"));
  EXPECT_TRUE(read.Has("นส. 8/2569 นายประหยัด มั่นคง กองช่าง 320.25"));
  EXPECT_TRUE(read.Has("รวม 1,520.25 500.00 50.00 2,070.25")) << "column totals";
  EXPECT_TRUE(read.Has("4210020 ค่าธรรมเนียมเก็บและขนขยะมูลฝอย 570.25"));
  EXPECT_TRUE(read.Has("รวมเงิน 2,070.25"));
  EXPECT_TRUE(read.Has("(สองพันเจ็ดสิบบาทยี่สิบห้าสตางค์)"));
  EXPECT_TRUE(read.Has("ผู้จัดทำ")) << "default signatures";
  EXPECT_TRUE(read.Has("ผู้อำนวยการกองคลัง"));
  EXPECT_TRUE(read.Has("หน้า 1/1"));
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
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  EXPECT_EQ(read.pages(), 1u) << "a day with two bank accounts fits one page";
  EXPECT_TRUE(read.Has("รายงานสถานะการเงินประจำวัน")) << read.text();
  EXPECT_TRUE(read.Has("ประจำวันที่ 5 ตุลาคม 2568 ปีงบประมาณ 2569"));
  EXPECT_TRUE(
      read.Has("เงินสด บาท ยอดเงินสดคงเหลือยกมา 5,000.00 บวก เงินสดรับ 12,345.50 "
               "หัก เงินนำฝากธนาคาร 15,000.00 ยอดเงินสดคงเหลือยกไป 2,345.50"));
  EXPECT_TRUE(
      read.Has("เงินฝากธนาคาร บาท ยอดเงินฝากธนาคารคงเหลือยกมา 1,000,000.00 "
               "บวก เงินนำฝากธนาคาร 15,000.00 หัก รายจ่าย 250,000.00 "
               "ยอดเงินฝากธนาคารคงเหลือยกไป 765,000.00"));
  EXPECT_FALSE(read.Has("เงินสดจ่ายอื่น")) << "only on days with such payments";
  EXPECT_TRUE(
      read.Has("หมายเหตุ เช็คที่อนุมัติแล้ว ผู้มีสิทธิยังไม่มารับ จำนวน 3 ฉบับ "
               "เป็นเงิน 12,000.00 บาท"));
  EXPECT_TRUE(read.Has("รายละเอียดยอดเงินฝากธนาคาร"));
  EXPECT_TRUE(
      read.Has("ธนาคารกรุงไทย สาขาขอนแก่น (เงินฝากออมทรัพย์ เพื่อการเบิกจ่าย) "
               "ออมทรัพย์ 981-0-12345-6 700,000.00"));
  EXPECT_TRUE(read.Has("0200-1234-5678 65,000.00"));
  EXPECT_TRUE(read.Has("รวมยอดเงินฝากธนาคาร 765,000.00"));
  for (const char* role : {"ผู้จัดทำ", "ผู้อำนวยการกองคลัง", "ปลัด อบต.", "นายก อบต."}) {
    EXPECT_EQ(read.Count(role), 1u) << role;
  }
  EXPECT_TRUE(read.Has("ตำแหน่ง เจ้าหน้าที่การเงิน"));
  EXPECT_FALSE(read.Has("คำเตือน"));
  EXPECT_TRUE(read.Has("พิมพ์เมื่อ 5 ตุลาคม 2568 16:30 น."));
  EXPECT_TRUE(read.Has("หน้า 1/1"));
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
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  EXPECT_EQ(read.Count("คำเตือน"), 2u) << read.text();
  EXPECT_TRUE(read.Has("รวมยอดเงินฝากธนาคาร 700,000.00"));
  EXPECT_TRUE(read.Has("ตามบัญชีแยกประเภท เป็นเงิน 65,000.00 บาท"));
  EXPECT_TRUE(read.Has("ยังไม่ได้นำส่ง จำนวน 2 ฉบับ เป็นเงิน 450.00 บาท"));
  EXPECT_TRUE(read.Has("หัก เงินสดจ่ายอื่น 100.00 ยอดเงินสดคงเหลือยกไป 2,245.50"));
}

TEST(DailyStatusPdf, ManyAccountsKeepTheSignaturesWithTheTotal) {
  const Result<std::string> pdf = DailyStatusPdf(ManyAccountsDailyStatus());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  ASSERT_EQ(read.pages(), 2u);
  const PdfReading last = read.Page(2);
  EXPECT_TRUE(last.Has("รายงานสถานะการเงินประจำวัน ประจำวันที่ 5 ตุลาคม 2568")) << last.text();
  EXPECT_TRUE(last.Has("(ต่อ)"));
  EXPECT_TRUE(last.Has("เลขที่บัญชี")) << "table header repeated";
  EXPECT_TRUE(last.Has("บัญชีที่ 12"));
  EXPECT_TRUE(last.Has("รวมยอดเงินฝากธนาคาร 765,000.00"));
  EXPECT_TRUE(last.Has("นายก อบต."));
  EXPECT_TRUE(last.Has("หน้า 2/2"));
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
  EXPECT_NE(sheet.find("<f>F6+F7-F8</f><v>2345.5</v>"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<f>F12+F13-F14</f><v>765000</v>"), std::string::npos);
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

TEST(RegisterXlsx, OneColumnRegister) {
  RegisterDoc r = SampleRegister();
  r.columns = {{"ผู้ชำระเงิน"}};
  r.rows = {{"นายสมชาย ใจงาม"}};
  r.totals.clear();
  const Result<std::string> xlsx = RegisterXlsx(r);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
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

// A statement printed as a register: its subtotal rows in bold and its signature blocks below the
// table, in the PDF and in the workbook (the CSV, a machine format, has neither).
TEST(RegisterPdf, SignaturesBelowTheTableAndBoldRows) {
  RegisterDoc r = SampleRegister();
  r.strong_rows = {1};
  r.signatures = {{"ผู้จัดทำ", "นางสาวบัญชี รักงาน"}, {"ผู้อำนวยการกองคลัง", ""}};
  const Result<std::string> pdf = RegisterPdf(r);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  const Result<std::string> xlsx = RegisterXlsx(r);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  EXPECT_EQ(RegisterCsv(r), RegisterCsv(SampleRegister()));
  if (!Executable("/usr/bin/pdftotext") || !Executable("/usr/bin/unzip")) GTEST_SKIP() << "poppler-utils or unzip not installed";
  ScratchDir dir;
  const std::string text = PdfText(dir, *pdf);
  EXPECT_NE(text.find("(นางสาวบัญชี รักงาน)"), std::string::npos) << text;
  EXPECT_NE(text.find("ผู้อำนวยการกองคลัง"), std::string::npos);
  EXPECT_LT(text.find("1,222.50"), text.find("ผู้อำนวยการกองคลัง")) << "the signatures come after the table";
  const std::string file = dir.Write("register.xlsx", *xlsx);
  const std::string strings = RunCommand("/usr/bin/unzip -p '" + file + "' xl/sharedStrings.xml");
  EXPECT_NE(strings.find("(นางสาวบัญชี รักงาน)"), std::string::npos);
  EXPECT_NE(strings.find("ผู้อำนวยการกองคลัง"), std::string::npos);
}

// Several registers as one PDF, each starting on its own page (a report printed one page per งาน,
// each with its signatures); a book of none is refused.
TEST(RegisterPdfBook, EachRegisterOnItsOwnPage) {
  RegisterDoc first = SampleRegister(), second = SampleRegister();
  first.subtitle_th = "งานบริหารทั่วไป";
  second.subtitle_th = "งานก่อสร้างโครงสร้างพื้นฐาน";
  for (RegisterDoc* doc : {&first, &second}) doc->signatures = {{"หัวหน้าหน่วยงานเจ้าของงาน", ""}};
  const Result<std::string> pdf = RegisterPdfBook({first, second});
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  EXPECT_EQ(RegisterPdfBook({}).status().stable_code(), "register.shape");
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading reading(*pdf);
  ASSERT_EQ(reading.pages(), 2u);
  EXPECT_TRUE(reading.Page(1).Has("งานบริหารทั่วไป"));
  EXPECT_FALSE(reading.Page(1).Has("งานก่อสร้างโครงสร้างพื้นฐาน"));
  EXPECT_TRUE(reading.Page(2).Has("งานก่อสร้างโครงสร้างพื้นฐาน"));
  EXPECT_TRUE(reading.Page(1).Has("หัวหน้าหน่วยงานเจ้าของงาน"));
  EXPECT_TRUE(reading.Page(2).Has("หัวหน้าหน่วยงานเจ้าของงาน"));
}

// The same register as one HTML page: every text escaped, amounts formatted and right-aligned,
// the strong row in bold, the totals, the signatures and the print time.
TEST(RegisterHtml, OneEscapedPageWithTheTableTotalsAndSignatures) {
  RegisterDoc r = SampleRegister();
  r.rows[2][2] = "<script>alert('x')</script> & co";
  r.strong_rows = {0};
  r.signatures = {{"ผู้จัดทำ", "นางสาวบัญชี รักงาน"}, {"ผู้อำนวยการกองคลัง", ""}};
  const Result<std::string> html = RegisterHtml(r);
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_TRUE(html->starts_with("<!DOCTYPE html>"));
  EXPECT_EQ(html->find("<script>"), std::string::npos);
  EXPECT_NE(html->find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co"), std::string::npos);
  EXPECT_NE(html->find("<tr class=\"strong\"><td>001</td><td>25</td><td>นายสมชาย ใจงาม</td><td class=\"num\">1,234.50</td></tr>"),
            std::string::npos)
      << *html;
  EXPECT_NE(html->find("<td class=\"num\">-12.00</td>"), std::string::npos);
  EXPECT_NE(html->find("<tfoot><tr class=\"strong\"><td>รวม</td><td></td><td></td><td class=\"num\">1,222.50</td></tr>"),
            std::string::npos);
  EXPECT_NE(html->find("(นางสาวบัญชี รักงาน)"), std::string::npos);
  EXPECT_NE(html->find("ผู้อำนวยการกองคลัง"), std::string::npos);
  EXPECT_NE(html->find("พิมพ์เมื่อ 5 ตุลาคม 2568 16:30 น."), std::string::npos);
  r.rows[1].pop_back();
  EXPECT_EQ(RegisterHtml(r).status().stable_code(), "register.shape");
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

// Every sample document, written for a person to look at (KLANG_RENDER_SAMPLES_DIR) and checked
// as a reader's tools see it.
TEST(RevenueRenderSamples, WriteAndCheck) {
  ReceiptDoc cancelled = SampleReceipt();
  cancelled.status_th = "ยกเลิก: ออกใบเสร็จผิดราย";
  cancelled.properties.clear();
  DailyStatusDoc warned = SampleDailyStatus();
  warned.banks.pop_back();
  warned.bank_unattributed = Baht(6500000);
  warned.receipts_not_remitted = 2;
  warned.receipts_not_remitted_amount = Baht(45000);
  std::vector<Sample> samples;
  samples.push_back({"receipt.pdf", ReceiptPdf(SampleReceipt()), "ใบเสร็จรับเงิน"});
  samples.push_back({"receipt_cancelled.pdf", ReceiptPdf(cancelled), "ยกเลิก"});
  samples.push_back({"remittance.pdf", RemittancePdf(SampleRemittance()), "ใบนำส่งเงิน"});
  samples.push_back({"remittance_summary.pdf", RemittanceSummaryPdf(SampleSummary()),
                     "ใบสำคัญสรุปใบนำส่งเงิน"});
  samples.push_back({"daily_status.pdf", DailyStatusPdf(SampleDailyStatus()),
                     "รายงานสถานะการเงินประจำวัน"});
  samples.push_back({"daily_status_warned.pdf", DailyStatusPdf(warned),
                     "รายงานสถานะการเงินประจำวัน"});
  samples.push_back({"daily_status_long.pdf", DailyStatusPdf(ManyAccountsDailyStatus()),
                     "รายงานสถานะการเงินประจำวัน"});
  samples.push_back({"receipt_long.pdf", ReceiptPdf(LongReceipt()), "ใบเสร็จรับเงิน"});
  samples.push_back({"daily_status.xlsx", DailyStatusXlsx(SampleDailyStatus()), ""});
  samples.push_back({"register.pdf", RegisterPdf(SampleRegister()), SampleRegister().title_th});
  samples.push_back({"register_long.pdf", RegisterPdf(LongRegister(120)),
                     LongRegister(120).title_th});
  samples.push_back({"register.xlsx", RegisterXlsx(SampleRegister()), ""});
  samples.push_back({"register.csv", RegisterCsv(SampleRegister()),
                     SampleRegister().columns.front().title});
  WriteAndCheckSamples(samples);
}

}  // namespace
}  // namespace klang::reports
