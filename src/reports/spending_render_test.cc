// Tests for the budget and expenditure renderers: the รายละเอียดประมาณการรายจ่าย, the record of a
// budget transfer, the ฎีกา cover sheet, and the running-balance column of a register. Figures are
// worked out by hand in the comments; PDFs are read back with pdftotext, workbooks with unzip; each
// renderer's refusal of figures that do not add up is checked by its stable code.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <utility>

#include "core/thai.h"
#include "reports/render.h"
#include "reports/render_test_support.h"

namespace klang::reports {
namespace {

// แผนงานบริหารงานทั่วไป / งานบริหารทั่วไป / งบดำเนินงาน:
//   ค่าวัสดุ: วัสดุสำนักงาน 100,000.00 + วัสดุคอมพิวเตอร์ 25,500.00 = 125,500.00
//   ค่าสาธารณูปโภค: ค่าไฟฟ้า 4,500.00
//   → งบดำเนินงาน and งานบริหารทั่วไป 130,000.00
// แผนงานการศึกษา / งานระดับก่อนวัยเรียน / งบลงทุน / ค่าครุภัณฑ์: โต๊ะ 20,000.00
// Total 150,000.00 = หนึ่งแสนห้าหมื่นบาทถ้วน.
BudgetDetailDoc SampleDetail() {
  BudgetDetailDoc d;
  d.org = Org();
  d.budget_title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570";
  d.fiscal_year = 2570;
  d.state_th = "อนุมัติแล้ว 15 กันยายน 2569";
  const char* plan = "แผนงานบริหารงานทั่วไป";
  const char* work = "งานบริหารทั่วไป";
  d.items = {
      {plan, work, "งบดำเนินงาน", "ค่าวัสดุ", "วัสดุสำนักงาน",
       "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ แฟ้ม หมึก และวัสดุสำนักงานอื่น ๆ", Baht(10000000)},
      {plan, work, "งบดำเนินงาน", "ค่าวัสดุ", "วัสดุคอมพิวเตอร์", "เพื่อจ่ายเป็นค่าหมึกพิมพ์", Baht(2550000)},
      {plan, work, "งบดำเนินงาน", "ค่าสาธารณูปโภค", "ค่าไฟฟ้า", "", Baht(450000)},
      {"แผนงานการศึกษา", "งานระดับก่อนวัยเรียนและประถมศึกษา", "งบลงทุน", "ค่าครุภัณฑ์",
       "จัดซื้อโต๊ะพร้อมเก้าอี้ จำนวน 10 ชุด", "ชุดละ 2,000 บาท ตามราคาท้องตลาด", Baht(2000000)},
  };
  d.total = Baht(15000000);
  d.integrity_line = "SHA-256 1a2b3c4d5e6f7a8b…";
  return d;
}

TEST(BudgetDetailPdf, PrintsEveryLevelWithItsTotalAndEachExplanation) {
  const Result<std::string> pdf = BudgetDetailPdf(SampleDetail());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  EXPECT_TRUE(read.Has("รายละเอียดประมาณการรายจ่าย")) << read.text();
  EXPECT_TRUE(read.Has("ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2570"));
  EXPECT_TRUE(read.Has(kOrgName));
  EXPECT_TRUE(read.Has("แผนงานบริหารงานทั่วไป130,000.00บาท"));
  EXPECT_TRUE(read.Has("งานบริหารทั่วไป130,000.00บาท"));
  EXPECT_TRUE(read.Has("งบดำเนินงาน130,000.00บาท"));
  EXPECT_TRUE(read.Has("ค่าวัสดุ125,500.00บาท"));
  EXPECT_TRUE(read.Has("วัสดุสำนักงาน100,000.00บาท"));
  EXPECT_TRUE(read.Has("ค่าสาธารณูปโภค4,500.00บาท"));
  EXPECT_TRUE(read.Has("แผนงานการศึกษา20,000.00บาท"));
  EXPECT_TRUE(read.Has("เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ แฟ้ม หมึก และวัสดุสำนักงานอื่น ๆ"));
  EXPECT_TRUE(read.Has("ชุดละ 2,000 บาท ตามราคาท้องตลาด"));
  EXPECT_TRUE(read.Has("รวมทั้งสิ้น150,000.00บาท"));
  EXPECT_TRUE(read.Has("(หนึ่งแสนห้าหมื่นบาทถ้วน)"));
  EXPECT_FALSE(read.Has("ร่าง"));
  ScratchDir dir;
  EXPECT_TRUE(LaksamanEmbedded(dir, *pdf));
}

TEST(BudgetDetailPdf, ADraftIsStampedAndATotalItsItemsDoNotMakeIsRefused) {
  BudgetDetailDoc d = SampleDetail();
  d.draft = true;
  const Result<std::string> pdf = BudgetDetailPdf(d);
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (!PdfToolsMissing()) {
    EXPECT_TRUE(PdfReading(*pdf).Has("ร่าง"));
  }
  d.total = Baht(15000001);
  EXPECT_EQ(BudgetDetailPdf(d).status().stable_code(), "budget_detail.total_mismatch");
}

// โอนลด ค่าไฟฟ้า 10,000.00; โอนเพิ่ม วัสดุสำนักงาน 6,000.00 and a new item 4,000.00 (6,000 + 4,000 = 10,000).
BudgetChangeDoc SampleTransfer() {
  BudgetChangeDoc c;
  c.org = Org();
  c.title_th = "บันทึกการโอนงบประมาณรายจ่าย";
  c.number = "ครั้งที่ 2/2570";
  c.date = Day(2026, 11, 20);
  c.legs = {{"โอนลด", "แผนงานบริหารงานทั่วไป / งานบริหารทั่วไป / ค่าสาธารณูปโภค / ค่าไฟฟ้า", false,
             Baht(1000000)},
            {"โอนเพิ่ม", "แผนงานบริหารงานทั่วไป / งานบริหารทั่วไป / ค่าวัสดุ / วัสดุสำนักงาน", true,
             Baht(600000)},
            {"ตั้งจ่ายเป็นรายการใหม่", "แผนงานบริหารงานทั่วไป / งานบริหารทั่วไป / ค่าวัสดุ / วัสดุงานบ้านงานครัว",
             true, Baht(400000)}};
  c.reason = "ค่าวัสดุไม่พอจ่าย";
  c.required_th = "ผู้บริหารท้องถิ่น — งบดำเนินงาน";
  c.authority_th = "ผู้บริหารท้องถิ่น";
  c.approval_ref = "คำสั่งที่ 45/2570";
  c.approved_on = Day(2026, 11, 19);
  c.report_th = "ต้องรายงานผู้ว่าราชการจังหวัด/นายอำเภอภายใน 4 ธันวาคม 2569";
  c.integrity_line = "ลำดับที่ 77 · SHA-256 0011223344556677…";
  return c;
}

TEST(BudgetChangePdf, PrintsBothSidesApprovalAndTheReportDue) {
  const Result<std::string> pdf = BudgetChangePdf(SampleTransfer());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  EXPECT_TRUE(read.Has("บันทึกการโอนงบประมาณรายจ่าย")) << read.text();
  EXPECT_TRUE(read.Has("ครั้งที่ 2/2570"));
  EXPECT_TRUE(read.Has("วันที่ 20 พฤศจิกายน 2569"));
  EXPECT_TRUE(read.Has("รวมโอนลด10,000.00"));
  EXPECT_TRUE(read.Has("รวมโอนเพิ่ม / ตั้งจ่ายรายการใหม่10,000.00"));
  EXPECT_TRUE(read.Has("6,000.00"));
  EXPECT_TRUE(read.Has("4,000.00"));
  EXPECT_TRUE(read.Has("คำสั่งที่ 45/2570 เมื่อ 19 พฤศจิกายน 2569"));
  EXPECT_TRUE(read.Has("ภายใน 4 ธันวาคม 2569"));
  EXPECT_TRUE(read.Has("ผู้อนุมัติ"));
}

TEST(BudgetChangePdf, RefusesATransferWhoseSidesDiffer) {
  BudgetChangeDoc c = SampleTransfer();
  c.legs[1].amount = Baht(600001);
  EXPECT_EQ(BudgetChangePdf(c).status().stable_code(), "budget_change.unbalanced");
}

// Gross 10,700.00 − withholding 100.00 − fine 50.00 = net 10,550.00 = หนึ่งหมื่นห้าร้อยห้าสิบบาทถ้วน.
ClaimDoc SampleClaim() {
  ClaimDoc c;
  c.org = Org();
  c.title_th = "ฎีกาเบิกเงิน";
  c.requester_number = "กค. 3/2570";
  c.treasury_number = "5/2570";
  c.date = Day(2026, 11, 20);
  c.division_name = "กองคลัง";
  c.kind_th = "จ่ายชำระหนี้";
  c.payee_name = "ห้างหุ้นส่วนจำกัด บ้านนาพาณิชย์";
  c.payee_tax_id = "0403550001234";
  c.description = "ค่าวัสดุสำนักงาน ตามใบสั่งซื้อ 2/2570";
  c.charged_to = "ใบผ่านรายการตั้งหนี้ ตน. 1/2570";
  c.gross = Baht(1070000);
  c.deductions = {{"ภาษีหัก ณ ที่จ่าย", Baht(10000)}, {"ค่าปรับ", Baht(5000)}};
  c.net = Baht(1055000);
  c.attachments = {"ใบส่งของ/ใบแจ้งหนี้", "ใบตรวจรับพัสดุ"};
  c.steps = {{"prepare", "จัดทำฎีกา", "นางสาวผู้เบิก ทดสอบ", "20 พ.ย. 2569"},
             {"lodge", "คลังรับฎีกา", "นายคลัง รับฎีกา", "20 พ.ย. 2569"},
             {"check", "ตรวจฎีกา", "นางตรวจ ถูกต้อง", "20 พ.ย. 2569"},
             {"certify", "รับรองความถูกต้อง", "นายผอ. กองคลัง", "20 พ.ย. 2569"},
             {"approve", "อนุมัติ", "นายก ใจดี", "21 พ.ย. 2569"}};
  c.state_th = "อนุมัติแล้ว";
  c.integrity_line = "SHA-256 aabbccddeeff0011…";
  return c;
}

TEST(ClaimPdf, PrintsNumbersAmountsNetInWordsEvidenceStepsAndSignatures) {
  const Result<std::string> pdf = ClaimPdf(SampleClaim());
  ASSERT_TRUE(pdf.ok()) << pdf.status().ToString();
  if (PdfToolsMissing()) GTEST_SKIP() << "poppler-utils not installed";
  const PdfReading read(*pdf);
  EXPECT_TRUE(read.Has("ฎีกาเบิกเงิน")) << read.text();
  EXPECT_TRUE(read.Has("เลขที่ผู้เบิก กค. 3/2570"));
  EXPECT_TRUE(read.Has("เลขที่คลังรับ 5/2570"));
  EXPECT_TRUE(read.Has("วันที่ 20 พฤศจิกายน 2569"));
  EXPECT_TRUE(read.Has("ห้างหุ้นส่วนจำกัด บ้านนาพาณิชย์"));
  EXPECT_TRUE(read.Has("0403550001234"));
  EXPECT_TRUE(read.Has("ใบผ่านรายการตั้งหนี้ ตน. 1/2570"));
  EXPECT_TRUE(read.Has("จำนวนเงินที่ขอเบิก10,700.00"));
  EXPECT_TRUE(read.Has("หัก ภาษีหัก ณ ที่จ่าย100.00"));
  EXPECT_TRUE(read.Has("หัก ค่าปรับ50.00"));
  EXPECT_TRUE(read.Has("คงจ่ายสุทธิ10,550.00"));
  EXPECT_TRUE(read.Has("(หนึ่งหมื่นห้าร้อยห้าสิบบาทถ้วน)"));
  EXPECT_TRUE(read.Has("ใบตรวจรับพัสดุ"));
  EXPECT_TRUE(read.Has("ตรวจฎีกานางตรวจ ถูกต้อง20 พ.ย. 2569"));
  EXPECT_TRUE(read.Has("(นายก ใจดี)")) << "the approver's name under the signature line";
  EXPECT_TRUE(read.Has("ผู้รับเงิน"));
}

TEST(ClaimPdf, RefusesANetThatGrossLessDeductionsDoesNotMake) {
  ClaimDoc c = SampleClaim();
  c.net = Baht(1060000);
  EXPECT_EQ(ClaimPdf(c).status().stable_code(), "claim.total_mismatch");
  c = SampleClaim();
  c.date = Date();
  EXPECT_EQ(ClaimPdf(c).status().stable_code(), "report.invalid_date");
}

// A running balance column's total is its closing figure, not a SUM of the balances:
// 1,000.00 in, 400.00 out → balances 1,000.00 then 600.00; the total row shows 600.00.
TEST(RegisterXlsx, ARunningBalanceTotalsToItsClosingFigureNotASum) {
  RegisterDoc r;
  r.org = Org();
  r.title_th = "ทะเบียนรายจ่ายตามงบประมาณ (รายการ)";
  r.columns = {{"รายการ"}, {"เพิ่ม", true}, {"ลด", true}, {"คงเหลือ", true, true}};
  r.rows = {{"งบประมาณ", "1000.00", "", "1000.00"}, {"เบิกจ่าย", "", "400.00", "600.00"}};
  r.totals = {"รวม", "1000.00", "400.00", "600.00"};
  const Result<std::string> xlsx = RegisterXlsx(r);
  ASSERT_TRUE(xlsx.ok()) << xlsx.status().ToString();
  if (!Executable("/usr/bin/unzip")) GTEST_SKIP() << "unzip not installed";
  ScratchDir dir;
  const std::string file = dir.Write("register.xlsx", *xlsx);
  const std::string sheet = RunCommand("/usr/bin/unzip -p '" + file + "' xl/worksheets/sheet1.xml");
  EXPECT_NE(sheet.find("<f>SUM(B"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("<f>SUM(C"), std::string::npos);
  EXPECT_EQ(sheet.find("<f>SUM(D"), std::string::npos) << "no SUM over running balances";
  EXPECT_NE(sheet.find("<v>600</v>"), std::string::npos);
}

// Every sample document, written for a person to look at (KLANG_RENDER_SAMPLES_DIR) and checked
// as a reader's tools see it.
TEST(SpendingRenderSamples, WriteAndCheck) {
  BudgetDetailDoc draft = SampleDetail();
  draft.draft = true;
  std::vector<Sample> samples;
  samples.push_back({"budget_detail.pdf", BudgetDetailPdf(SampleDetail()),
                     "รายละเอียดประมาณการรายจ่าย"});
  samples.push_back({"budget_detail_draft.pdf", BudgetDetailPdf(draft), "ร่าง"});
  samples.push_back({"budget_transfer.pdf", BudgetChangePdf(SampleTransfer()),
                     SampleTransfer().title_th});
  samples.push_back({"claim.pdf", ClaimPdf(SampleClaim()), "ฎีกา"});
  WriteAndCheckSamples(samples);
}

}  // namespace
}  // namespace klang::reports
