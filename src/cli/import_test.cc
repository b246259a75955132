// Imports through the composed system (cli/app.h: the same services, gate and tables as
// `klang serve`): each kind on a real-looking file made here, every bad file's messages row by
// row with nothing written, and the same file imported again writing nothing.
#include <gtest/gtest.h>
#include <iconv.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/app.h"
#include "core/thai.h"
#include "reports/xlsx.h"
#include "exchange/internal.h"
#include "tests/support/test_db.h"

namespace klang::cli {
namespace {

using exchange::ImportRequest;
using exchange::Preview;

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

using Rows = std::vector<std::vector<std::string>>;

// A workbook of sheets of text cells (a cell starting with '#' is written as a number).
std::string Xlsx(const std::vector<std::pair<std::string, Rows>>& sheets) {
  auto bytes = reports::BuildXlsx("klang-import-test", [&](lxw_workbook* book, reports::XlsxErrorTrap& trap) {
    for (const auto& [name, rows] : sheets) {
      lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
      for (size_t r = 0; r < rows.size(); ++r) {
        for (size_t c = 0; c < rows[r].size(); ++c) {
          const std::string& cell = rows[r][c];
          if (cell.starts_with('#')) {
            trap(worksheet_write_number(sheet, r, c, std::stod(cell.substr(1)), nullptr));
          } else if (!cell.empty()) {
            trap(worksheet_write_string(sheet, r, c, cell.c_str(), nullptr));
          }
        }
      }
    }
  });
  EXPECT_TRUE(bytes.ok()) << bytes.status().ToString();
  return bytes.ok() ? *bytes : std::string();
}

class ImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto app = App::Open({dir_.path().string(), ""}, /*create=*/true);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(app).value();
    ASSERT_TRUE(app_->chart().ImportCsv(testing::ReadSourceFile("data/chart_of_accounts.csv")).ok());
    auto dla = app_->orgs().Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
    auto province = app_->orgs().Create(dla->id, org::OrgType::kProvince, "P40", "สถ.จ.ขอนแก่น");
    org_ = app_->orgs().Create(province->id, org::OrgType::kSao, "6400199", "อบต.โนนทอง")->id;
    std::string password;
    auto user = app_->auth().CreateUser(org_, "fin", "นางสมศรี การเงิน", "finance_officer", "", &password);
    ASSERT_TRUE(user.ok()) << user.status().ToString();
    actor_ = {user->id, user->display_name};
    today_ = app_->clock().TodayInThailand();
  }

  Preview Check(const std::string& kind, const std::string& bytes, exchange::ImportOptions options = {}) {
    ImportRequest request{org_, kind, kind + ".file", bytes, options};
    auto preview = app_->imports().Check(request, actor_);
    EXPECT_TRUE(preview.ok()) << preview.status().ToString();
    return preview.ok() ? *preview : Preview{};
  }

  Result<exchange::ImportRecord> Commit(const std::string& kind, const std::string& bytes,
                                        exchange::ImportOptions options = {}) {
    return app_->imports().Commit({org_, kind, kind + ".file", bytes, options}, actor_);
  }

  // Entries of the organisation so far (its chain's head).
  int64_t Entries() {
    auto head = app_->ledger().GetHead(org_);
    return head.ok() ? head->seq : 0;
  }

  // "row 7 C (เลขประจำตัว) import.duplicate_id" for each problem, to compare whole lists.
  static std::vector<std::string> Problems(const Preview& preview) {
    std::vector<std::string> out;
    for (const auto& p : preview.problems) {
      out.push_back((p.sheet.empty() ? "" : p.sheet + " ") + "row " + std::to_string(p.row) +
                    (p.column.empty() ? "" : " " + p.column) + " " + p.code);
      EXPECT_FALSE(p.message_th.empty()) << out.back();
    }
    return out;
  }

  int64_t OpenSavingsAccount() {
    revenue::BankAccountInput input{org_, "", "เงินฝากธนาคารกรุงไทย ออมทรัพย์", "ธนาคารกรุงไทย", "ขอนแก่น",
                                    "savings", "123-4-56789-0", FiscalYearStart(FiscalYearOf(today_)).ToIso()};
    auto account = app_->revenue().OpenBankAccount(input, actor_);
    EXPECT_TRUE(account.ok()) << account.status().ToString();
    return account.ok() ? account->id : 0;
  }

  testing::TempDir dir_;
  std::unique_ptr<App> app_;
  int64_t org_ = 0;
  accounting::Actor actor_;
  Date today_;
};

// An e-LAAS trial balance after the year's closing, as its export looks: the organisation and
// the date above, a group heading over เดบิต/เครดิต, a total line. Amounts in baht as text.
std::string TrialBalanceCsv(const std::string& cash_code, const std::string& cash_closing,
                            const std::string& funds_closing, const std::string& extra_row = "") {
  return "องค์การบริหารส่วนตำบลโนนทอง\n"
         "งบทดลอง ณ วันที่ 30 กันยายน 2569\n"
         "ชื่อบัญชี,รหัสบัญชี,ยอดยกมา,,รายการระหว่างเดือน,,ยอดคงเหลือ,\n"
         ",,เดบิต,เครดิต,เดบิต,เครดิต,เดบิต,เครดิต\n"
         "เงินสด," + cash_code + ",\"10,000.00\",,\"5,230.00\",," + cash_closing + ",\n"
         "เงินฝากธนาคาร - ออมทรัพย์,1102010,\"100,000.00\",,,,\"100,000.00\",\n"
         "ครุภัณฑ์,1201010,\"50,000.00\",,,,\"50,000.00\",\n"
         "ค่าเสื่อมราคาสะสม - ครุภัณฑ์,1201020,,\"10,000.00\",,,,\"10,000.00\"\n"
         "เงินสะสม,3101010,,\"110,000.00\",,\"5,230.00\",," + funds_closing + "\n"
         "ทุนทรัพย์สิน,3104010,,\"40,000.00\",,,,\"40,000.00\"\n" + extra_row +
         "รวม,,,,,,\"165,230.00\",\"165,230.00\"\n";
}

TEST_F(ImportTest, OpeningBalancesFromAnElaasTrialBalanceSavedInWindows874) {
  const int64_t bank = OpenSavingsAccount();
  const int64_t before = Entries();
  // The cash account under e-LAAS's own code: listed as unmapped until the map names it.
  const std::string file = ToWindows874(TrialBalanceCsv("11010100", "\"15,230.00\"", "\"115,230.00\""));
  Preview preview = Check("opening-balances", file);
  EXPECT_EQ(preview.encoding, "windows-874");
  EXPECT_EQ(Problems(preview), (std::vector<std::string>{"row 5 B (รหัสบัญชี) import.unmapped"}));
  EXPECT_NE(preview.problems[0].message_th.find("11010100"), std::string::npos);
  EXPECT_EQ(Commit("opening-balances", file).status().stable_code(), "import.has_problems");
  EXPECT_EQ(Entries(), before);

  ASSERT_TRUE(app_->imports().SetAccountMapping(org_, "11010100", "1101010", 0, actor_).ok());
  preview = Check("opening-balances", file);
  EXPECT_TRUE(preview.clean()) << ::testing::PrintToString(Problems(preview));
  EXPECT_EQ(preview.rows, 6u);
  ASSERT_EQ(preview.lines.size(), 6u);
  EXPECT_EQ(preview.lines[0].values, (std::vector<std::string>{"11010100", "เงินสด", "1101010", "เงินสด", "15,230.00", "0.00"}));
  auto record = Commit("opening-balances", file);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->state, "done");
  EXPECT_EQ(record->entries, 1);
  EXPECT_EQ(Entries(), before + 1);

  // One opening voucher on 1 October, the closing column as its lines, the bank account named.
  const Date start = FiscalYearStart(FiscalYearOf(today_));
  auto totals = app_->vouchers().OpeningTotals(org_, start, start);
  ASSERT_TRUE(totals.ok());
  std::map<std::string, Money> net;
  for (const auto& day : *totals) net[day.account] += day.debit - day.credit;
  EXPECT_EQ(net, (std::map<std::string, Money>{{"1101010", Money::FromSatang(1'523'000)},
                                                {"1102010", Money::FromSatang(10'000'000)},
                                                {"1201010", Money::FromSatang(5'000'000)},
                                                {"1201020", Money::FromSatang(-1'000'000)},
                                                {"3101010", Money::FromSatang(-11'523'000)},
                                                {"3104010", Money::FromSatang(-4'000'000)}}));
  auto vouchers = app_->vouchers().List(org_, 10, 0);
  ASSERT_TRUE(vouchers.ok());
  EXPECT_EQ(vouchers->front().bank_accounts, std::vector<int64_t>{bank});

  // The same file again writes nothing.
  auto again = Commit("opening-balances", file);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->id, record->id);
  EXPECT_EQ(Entries(), before + 1);
}

TEST_F(ImportTest, OpeningBalancesThatDoNotAddUpAreRefusedRowByRow) {
  OpenSavingsAccount();
  const int64_t before = Entries();
  // Thai words in an amount: the row and the column named.
  Preview words = Check("opening-balances", TrialBalanceCsv("1101010", "หนึ่งหมื่นห้าพัน", "\"115,230.00\""));
  EXPECT_EQ(Problems(words), (std::vector<std::string>{"row 0 import.unbalanced", "row 5 G (ยอดคงเหลือเดบิต) import.amount",
                                                       "row 11 import.total_mismatch"}));
  // Unbalanced totals, and a row whose opening and movements do not reach its closing balance.
  Preview unbalanced = Check("opening-balances", TrialBalanceCsv("1101010", "\"15,230.00\"", "\"115,000.00\""));
  EXPECT_EQ(Problems(unbalanced), (std::vector<std::string>{"row 0 import.unbalanced", "row 9 import.row_sum",
                                                            "row 11 import.total_mismatch"}));
  // An account not in the chart, and a revenue account still holding a balance.
  Preview unknown = Check("opening-balances",
                          TrialBalanceCsv("1101010", "\"15,230.00\"", "\"115,230.00\"",
                                          "ไม่ทราบ,9999999,,,,,,\nดอกเบี้ยเงินฝาก,4103020,,,,\"120.00\",,\"120.00\"\n"));
  EXPECT_EQ(Problems(unknown), (std::vector<std::string>{"row 0 import.unbalanced", "row 11 B (รหัสบัญชี) import.unmapped",
                                                         "row 12 import.nominal_balance", "row 13 import.total_mismatch"}));
  for (const Preview* preview : {&words, &unbalanced, &unknown}) EXPECT_FALSE(preview->clean());
  EXPECT_EQ(Commit("opening-balances", TrialBalanceCsv("1101010", "\"15,230.00\"", "\"115,000.00\"")).status().stable_code(),
            "import.has_problems");
  EXPECT_EQ(Entries(), before);
}

TEST_F(ImportTest, TaxpayersAndTheirPropertiesFromAWorkbook) {
  const Rows taxpayers = {{"ประเภท", "ชื่อ", "เลขประจำตัว", "ที่อยู่", "โทรศัพท์"},
                          {"บุคคลธรรมดา", "นายสมชาย ใจดี", "3400100234561", "12 หมู่ 3 ต.โนนทอง", "0812345678"},
                          {"นิติบุคคล", "บริษัท นาทองการเกษตร จำกัด", "0405560004567", "7 หมู่ 5 ต.โนนทอง", ""},
                          {"บุคคลธรรมดา", "นางสาวมาลี ศรีสุข", "๑๔๐๙๙๐๐๑๒๓๔๕๗", "45 หมู่ 1 ต.โนนทอง", ""}};
  const Rows properties = {{"เลขประจำตัวเจ้าของ", "ประเภททรัพย์สิน", "รายละเอียด", "ที่ตั้ง", "การใช้ประโยชน์", "กว้าง (ซม.)",
                            "สูง (ซม.)", "ประเภทป้าย", "ป้ายเคลื่อนที่", "วันที่ติดตั้ง"},
                           {"3400100234561", "ที่ดิน", "โฉนดเลขที่ 12345", "หมู่ 3", "เกษตรกรรม"},
                           {"0405560004567", "ป้าย", "ป้ายชื่อบริษัท", "หมู่ 5", "", "#400", "#150", "#1", "ไม่", "15/01/2568"}};
  const std::string file = Xlsx({{"ผู้เสียภาษี", taxpayers}, {"ทรัพย์สิน", properties}});
  const int64_t before = Entries();
  Preview preview = Check("taxpayers", file);
  EXPECT_TRUE(preview.clean()) << ::testing::PrintToString(Problems(preview));
  EXPECT_EQ(preview.rows, 5u);
  auto record = Commit("taxpayers", file);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->entries, 5);
  EXPECT_EQ(Entries(), before + 5);
  auto registered = app_->revenue().Taxpayers(org_, "", 100);
  ASSERT_TRUE(registered.ok());
  ASSERT_EQ(registered->size(), 3u);
  auto ids = app_->revenue().TaxpayerIds(org_);
  ASSERT_TRUE(ids.ok());
  ASSERT_TRUE(ids->count("1409900123457"));  // typed with Thai digits
  auto signs = app_->revenue().Properties(org_, ids->at("0405560004567"));
  ASSERT_TRUE(signs.ok());
  ASSERT_EQ(signs->size(), 1u);
  EXPECT_EQ(signs->front().width_cm, 400);
  EXPECT_EQ(signs->front().installed_on, Date::FromCivil(2025, 1, 15).value());
  // Again: nothing written.
  ASSERT_TRUE(Commit("taxpayers", file).ok());
  EXPECT_EQ(Entries(), before + 5);

  // Another file: a duplicate id in it, a taxpayer already registered, a 12-digit id, an owner
  // nobody knows. Nothing of it is written.
  const Rows bad = {{"ประเภท", "ชื่อ", "เลขประจำตัว", "ที่อยู่"},
                    {"บุคคลธรรมดา", "นายใหม่ มาก่อน", "1100000000017", "1 หมู่ 1"},
                    {"บุคคลธรรมดา", "นายใหม่ ซ้ำ", "1100000000017", "2 หมู่ 1"},
                    {"บุคคลธรรมดา", "นายสมชาย ใจดี", "3400100234561", "12 หมู่ 3"},
                    {"บุคคลธรรมดา", "นายเลขสั้น", "11000000000", "3 หมู่ 1"},
                    {"สมาคม", "สมาคมฌาปนกิจ", "1100000000025", "4 หมู่ 1"}};
  const Rows bad_properties = {{"เลขประจำตัวเจ้าของ", "ประเภททรัพย์สิน", "รายละเอียด", "ที่ตั้ง"},
                               {"9999999999999", "ที่ดิน", "โฉนดเลขที่ 1", "หมู่ 9"}};
  Preview refused = Check("taxpayers", Xlsx({{"ผู้เสียภาษี", bad}, {"ทรัพย์สิน", bad_properties}}));
  EXPECT_EQ(Problems(refused),
            (std::vector<std::string>{"ผู้เสียภาษี row 3 C (เลขประจำตัว) import.duplicate_id",
                                      "ผู้เสียภาษี row 4 C (เลขประจำตัว) import.taxpayer_exists",
                                      "ผู้เสียภาษี row 5 C (เลขประจำตัว) revenue.taxpayer_id",
                                      "ผู้เสียภาษี row 6 A (ประเภท) import.taxpayer_kind",
                                      "ทรัพย์สิน row 2 A (เลขประจำตัวเจ้าของ) import.owner_unknown"}));
  EXPECT_NE(refused.problems[0].message_th.find("ซ้ำกับแถวที่ 2"), std::string::npos);
  EXPECT_EQ(Commit("taxpayers", Xlsx({{"ผู้เสียภาษี", bad}})).status().stable_code(), "import.has_problems");
  // A sheet with its headings and nothing under them.
  Preview empty = Check("taxpayers", Xlsx({{"ผู้เสียภาษี", {taxpayers[0]}}}));
  EXPECT_EQ(Problems(empty), std::vector<std::string>{"row 0 import.no_rows"});
  EXPECT_EQ(Entries(), before + 5);
}

TEST_F(ImportTest, ADraftBudgetFromItsExpenditureAndRevenueSheets) {
  const int next = FiscalYearOf(today_) + 1;
  const Rows lines = {{"งาน", "หมวดรายจ่าย", "รายการ", "คำชี้แจง", "จำนวนเงิน"},
                      {"00111", "522000", "เงินเดือนพนักงาน", "12 เดือน", "#2350000"},
                      {"งานบริหารทั่วไป", "ค่าวัสดุ", "ค่าวัสดุสำนักงาน", "กระดาษ หมึก", "80,000.00"},
                      {"00242", "542000", "ถนน คสล. หมู่ 3", "กว้าง 4 ม. ยาว 200 ม.", "#498000"}};
  const Rows estimates = {{"รหัสรายได้", "จำนวนเงิน", "คำชี้แจง"}, {"411001", "#420000", "ใกล้เคียงปีก่อน"},
                          {"421001", "2,800,000", "ตามที่กรมแจ้ง"}};
  const std::string file = Xlsx({{"ประมาณการรายจ่าย", lines}, {"ประมาณการรายรับ", estimates}});
  Preview preview = Check("budget", file);
  EXPECT_TRUE(preview.clean()) << ::testing::PrintToString(Problems(preview));
  auto record = Commit("budget", file);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  auto budgets = app_->budget().List(org_, next);
  ASSERT_TRUE(budgets.ok());
  ASSERT_EQ(budgets->size(), 1u);
  auto budget = app_->budget().Get(org_, budgets->front().id);
  ASSERT_TRUE(budget.ok());
  EXPECT_EQ(budget->state, "draft");
  EXPECT_EQ(budget->total, Money::FromSatang(292'800'000));
  EXPECT_EQ(budget->estimates_total, Money::FromSatang(322'000'000));
  ASSERT_EQ(budget->lines.size(), 3u);
  ASSERT_TRUE(Commit("budget", file).ok());
  EXPECT_EQ(app_->budget().List(org_, next)->size(), 1u);

  // A work nobody knows, Thai words in an amount; and a second annual budget of the year.
  const Rows bad = {{"งาน", "หมวดรายจ่าย", "รายการ", "จำนวนเงิน"},
                    {"00999", "533000", "ค่าวัสดุ", "#1000"},
                    {"00111", "533000", "ค่าวัสดุ", "หนึ่งแสนบาท"}};
  Preview refused = Check("budget", Xlsx({{"ประมาณการรายจ่าย", bad}}));
  EXPECT_EQ(Problems(refused), (std::vector<std::string>{"row 0 import.budget_exists", "row 2 A (งาน) budget.unknown_work",
                                                         "row 3 D (จำนวนเงิน) import.amount"}));
}

TEST_F(ImportTest, ReceiptsWrittenByHandDuringAnOutageEnterAsPaperDocumentsInOrder) {
  const std::string today = today_.ToIso();
  auto book = app_->revenue().RegisterBook({org_, "", "007", 1, 50, today}, actor_);
  ASSERT_TRUE(book.ok()) << book.status().ToString();
  ASSERT_TRUE(app_->revenue().IssueBook(org_, book->id, actor_, today, "", actor_).ok());
  const std::string date = FormatThaiDateNumeric(today_);
  const std::string heading = "เล่มที่,เลขที่,วันที่,ประเภทผู้ชำระ,ชื่อผู้ชำระ,เลขประจำตัวผู้ชำระ,ที่อยู่,รหัสรายได้,รายการ,จำนวนเงิน,วิธีชำระ,เลขอ้างอิง\n";
  const std::string good = heading +
                           "7,1," + date + ",บุคคลธรรมดา,นายสมชาย ใจดี,,12 หมู่ 3,412001,ค่าเก็บขยะ,40.00,เงินสด,\n"
                           "7,2," + date + ",บุคคลธรรมดา,นางสาวมาลี ศรีสุข,,45 หมู่ 1,412001,ค่าเก็บขยะ,40.00,เงินสด,\n"
                           "7,2," + date + ",บุคคลธรรมดา,นางสาวมาลี ศรีสุข,,45 หมู่ 1,415001,ค่าคัดสำเนา,20.00,เงินสด,\n"
                           "7,3," + date + ",นิติบุคคล,หจก. ขอนแก่นวัสดุ,0403551000123,99 ถ.มิตรภาพ,412003,ขออนุญาตก่อสร้าง,\"1,200.00\",โอน,KTB 1\n";
  // Before an outage with paper documents is recorded, nothing can be entered from paper.
  EXPECT_EQ(Problems(Check("outage-receipts", good)), std::vector<std::string>{"row 0 import.no_paper_outage"});
  sync::OutageInput outage{org_, "", "power", "ไฟฟ้าดับทั้งตำบล", today, "", /*paper=*/true};
  ASSERT_TRUE(app_->continuity().Declare(outage, actor_).ok());

  // A date that does not exist, numbers out of the book's order, a line of another receipt later.
  const std::string bad = heading +
                          "7,2,31/02/2569,บุคคลธรรมดา,นายหนึ่ง,,1 หมู่ 1,412001,ค่าเก็บขยะ,40.00,เงินสด,\n"
                          "7,4," + date + ",บุคคลธรรมดา,นายสอง,,2 หมู่ 1,412001,ค่าเก็บขยะ,ฟรี,เงินสด,\n"
                          "7,5," + date + ",บุคคลธรรมดา,นายสาม,,3 หมู่ 1,999999,ค่าอะไร,40.00,เงินสด,\n"
                          "7,4," + date + ",บุคคลธรรมดา,นายสอง,,2 หมู่ 1,412001,ค่าเก็บขยะ,40.00,เงินสด,\n";
  const int64_t before = Entries();
  Preview refused = Check("outage-receipts", bad);
  EXPECT_EQ(Problems(refused), (std::vector<std::string>{"row 2 C (วันที่) import.date", "row 3 J (จำนวนเงิน) import.amount",
                                                         "row 3 B (เลขที่) import.receipt_order",
                                                         "row 4 H (รหัสรายได้) revenue.unknown_item",
                                                         "row 5 B (เลขที่) import.receipt_repeated",
                                                         "row 5 B (เลขที่) import.receipt_order"}));
  EXPECT_EQ(Commit("outage-receipts", bad).status().stable_code(), "import.has_problems");
  EXPECT_EQ(Entries(), before);

  Preview preview = Check("outage-receipts", good);
  EXPECT_TRUE(preview.clean()) << ::testing::PrintToString(Problems(preview));
  auto record = Commit("outage-receipts", good);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->entries, 3);
  auto paper = app_->continuity().Documents(org_, sync::kOriginPaper, 0);
  ASSERT_TRUE(paper.ok());
  ASSERT_EQ(paper->size(), 3u);
  EXPECT_EQ(paper->front().paper_book, "007");
  auto receipts = app_->revenue().Receipts(org_, {});
  ASSERT_TRUE(receipts.ok());
  ASSERT_EQ(receipts->size(), 3u);
  Money total;
  for (const auto& receipt : *receipts) total += receipt.total;
  EXPECT_EQ(total, Money::FromSatang(130'000));
  ASSERT_TRUE(Commit("outage-receipts", good).ok());
  EXPECT_EQ(Entries(), before + 3);

  // A number past the book's last: found by the check, not half-way through writing.
  const std::string past = heading + "7,51," + date + ",บุคคลธรรมดา,นายสี่,,4 หมู่ 1,412001,ค่าเก็บขยะ,40.00,เงินสด,\n";
  EXPECT_EQ(Problems(Check("outage-receipts", past)), std::vector<std::string>{"row 2 B (เลขที่) import.receipt_past_book"});
  // Two payers typed under one number are not merged into one receipt.
  const std::string mixed = heading + "7,4," + date + ",บุคคลธรรมดา,นายห้า,,5 หมู่ 1,412001,ค่าเก็บขยะ,40.00,เงินสด,\n" +
                            "7,4," + date + ",บุคคลธรรมดา,นายหก,,6 หมู่ 1,412001,ค่าเก็บขยะ,40.00,เงินสด,\n";
  EXPECT_EQ(Problems(Check("outage-receipts", mixed)), std::vector<std::string>{"row 3 B (เลขที่) import.receipt_mixed"});

  // Once every paper document is entered the outage's order rule ends; the file imported in
  // full is still "imported", not a file with problems.
  auto outages = app_->continuity().Outages(org_);
  ASSERT_TRUE(outages.ok() && !outages->empty());
  ASSERT_TRUE(app_->continuity().PaperDone(org_, outages->front().id, "", actor_).ok());
  auto again = Commit("outage-receipts", good);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->entries, 3);
  EXPECT_EQ(Entries(), before + 4);  // the paper-done record only
}

TEST_F(ImportTest, AnImportCutShortIsFinishedByImportingTheSameFileAgain) {
  const Rows taxpayers = {{"ประเภท", "ชื่อ", "เลขประจำตัว", "ที่อยู่"},
                          {"บุคคลธรรมดา", "นายหนึ่ง ใจดี", "3400100234561", "1 หมู่ 1"},
                          {"บุคคลธรรมดา", "นายสอง ใจดี", "1409900123457", "2 หมู่ 1"},
                          {"นิติบุคคล", "บริษัท สาม จำกัด", "0405560004567", "3 หมู่ 1"}};
  const std::string file = Xlsx({{"ผู้เสียภาษี", taxpayers}});
  Preview preview = Check("taxpayers", file);
  ASSERT_TRUE(preview.clean());
  const int64_t before = Entries();
  // What a crash after the first two taxpayers leaves: the record "writing" and two entries
  // under the import's own entry ids.
  std::vector<revenue::TaxpayerInput> first_two;
  for (size_t row = 1; row <= 2; ++row) {
    first_two.push_back({org_, exchange::ImportEntryId(preview.import_id, "taxpayer:" + taxpayers[row][2]), "person",
                         taxpayers[row][1], taxpayers[row][2], taxpayers[row][3], ""});
  }
  for (const auto& result : app_->revenue().AddTaxpayers(first_two, actor_)) ASSERT_TRUE(result.ok());
  {
    auto lease = app_->db().Acquire();
    ASSERT_TRUE(lease.ok());
    ASSERT_TRUE((*lease)->Execute("INSERT INTO xch_imports (id, org_id, kind, file_name, row_count, entries, state, "
                                  "by_user, by_name, started_at_ms, finished_at_ms) VALUES ($1, $2, 'taxpayers', "
                                  "'taxpayers.file', 3, 0, 'writing', $3, $4, 1, 0)",
                                  {preview.import_id, org_, actor_.user_id, actor_.name})
                    .ok());
  }
  ASSERT_EQ(Entries(), before + 2);
  // The two already written are this import's own, not "already registered".
  Preview resumed = Check("taxpayers", file);
  EXPECT_TRUE(resumed.clean()) << ::testing::PrintToString(Problems(resumed));
  auto record = Commit("taxpayers", file);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  EXPECT_EQ(record->state, "done");
  EXPECT_EQ(Entries(), before + 3);
  EXPECT_EQ(app_->revenue().Taxpayers(org_, "", 100)->size(), 3u);
}

TEST_F(ImportTest, TextNoOneTypesAndAmountsBeyondAnyBookAreRefused) {
  const std::string heading = "ประเภท,ชื่อ,เลขประจำตัว,ที่อยู่\n";
  // A control character in a UTF-8 file, and a surrogate in a file that says it is UTF-8.
  EXPECT_EQ(Problems(Check("taxpayers", heading + "บุคคลธรรมดา,นาย\x01หนึ่ง,3400100234561,1 หมู่ 1\n")),
            std::vector<std::string>{"row 0 import.encoding"});
  EXPECT_EQ(Problems(Check("taxpayers", "\xEF\xBB\xBF" + heading + "บุคคลธรรมดา,นาย\xED\xA0\x80,3400100234561,1 หมู่ 1\n")),
            std::vector<std::string>{"row 0 import.encoding"});
  // A blank line counts as a row, as Excel shows the file.
  EXPECT_EQ(Problems(Check("taxpayers", heading + "บุคคลธรรมดา,นายหนึ่ง,3400100234561,1 หมู่ 1\r\n\r\n"
                                                  "บุคคลธรรมดา,นายหนึ่งซ้ำ,3400100234561,1 หมู่ 1\r\n")),
            std::vector<std::string>{"row 4 C (เลขประจำตัว) import.duplicate_id"});
  // An unclosed quote is the file's problem, not the rest of the file swallowed into one cell.
  EXPECT_EQ(Problems(Check("taxpayers", heading + "บุคคลธรรมดา,\"นายหนึ่ง,3400100234561,1 หมู่ 1\n")),
            std::vector<std::string>{"row 0 import.csv"});
  const Rows lines = {{"งาน", "หมวดรายจ่าย", "รายการ", "จำนวนเงิน"},
                      {"00111", "533000", "ค่าวัสดุ", "90,000,000,000,000,000.00"},
                      {"00111", "533000", "ค่าวัสดุ", "90,000,000,000,000,000.00"}};
  EXPECT_EQ(Problems(Check("budget", Xlsx({{"ประมาณการรายจ่าย", lines}}))),
            (std::vector<std::string>{"row 2 D (จำนวนเงิน) import.amount_too_large",
                                      "row 3 D (จำนวนเงิน) import.amount_too_large"}));
}

TEST_F(ImportTest, FilesThatAreNoWorkbookAreProblemsOfTheWholeFile) {
  const int64_t before = Entries();
  Preview large = Check("taxpayers", std::string(20u << 20, 'a'));
  EXPECT_EQ(Problems(large), std::vector<std::string>{"row 0 import.too_large"});
  Preview picture = Check("taxpayers", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16));
  EXPECT_EQ(Problems(picture), std::vector<std::string>{"row 0 import.not_a_workbook"});
  Preview headings = Check("taxpayers", "ชื่อ,นามสกุล\nก,ข\n");
  EXPECT_EQ(Problems(headings), std::vector<std::string>{"row 0 import.columns"});
  EXPECT_EQ(Commit("taxpayers", std::string(20u << 20, 'a')).status().stable_code(), "import.has_problems");
  EXPECT_EQ(Entries(), before);
  auto history = app_->imports().History(org_);
  ASSERT_TRUE(history.ok());
  EXPECT_TRUE(history->empty());
}

TEST_F(ImportTest, AMonthForGfmisCarriesTheTrialBalanceAndTheBudgetThroughTheCodeFile) {
  OpenSavingsAccount();
  // Books opened a year back, so their first month is over whatever today is.
  const Date opened = FiscalYearStart(FiscalYearOf(today_) - 1);
  exchange::ImportOptions options;
  options.date = opened.ToIso();
  auto opening = Commit("opening-balances", TrialBalanceCsv("1101010", "\"15,230.00\"", "\"115,230.00\""), options);
  ASSERT_TRUE(opening.ok()) << opening.status().ToString();
  budget::BudgetInput budget{org_, "", "annual", FiscalYearOf(opened), "ข้อบัญญัติงบประมาณรายจ่าย", opened.ToIso(), 0,
                             {{"00111", "533000", "ค่าวัสดุสำนักงาน", "กระดาษ หมึก", "50,000"}}, {}};
  auto created = app_->budget().Create(budget, actor_);
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  ASSERT_TRUE(app_->budget().Adopt(org_, created->id, {"", opened.ToIso(), "มติสภาฯ 1/2568"}, actor_).ok());
  ASSERT_TRUE(app_->budget().Approve(org_, created->id, {"", opened.ToIso(), "นายอำเภอ", "ขก 1/2568"}, actor_).ok());
  auto month = app_->gfmis().Month(org_, closing::Month::Of(opened));
  ASSERT_TRUE(month.ok()) << month.status().ToString();
  EXPECT_EQ(month->period, 1);  // October is the fiscal year's first month
  EXPECT_EQ(month->fiscal_year, FiscalYearOf(opened));
  ASSERT_EQ(month->accounts.size(), 6u);
  EXPECT_EQ(month->accounts[0].account, "1101010");
  EXPECT_EQ(month->accounts[0].opening_debit, Money::FromSatang(1'523'000));
  EXPECT_EQ(month->accounts[0].closing_debit, Money::FromSatang(1'523'000));
  ASSERT_EQ(month->budget.size(), 1u);
  EXPECT_EQ(month->budget[0].category, "533000");
  EXPECT_EQ(month->budget[0].appropriation, Money::FromSatang(5'000'000));
  EXPECT_EQ(month->budget[0].available, Money::FromSatang(5'000'000));
  EXPECT_EQ(month->unmapped.size(), 7u);  // data/gfmis_codes.csv names no code yet: 6 accounts, 1 category
  const std::string csv = exchange::MakeKlangGfmisCsv()->Render(*month);
  EXPECT_NE(csv.find("\r\nTB,1101010,,เงินสด,15230.00,0.00,0.00,0.00,15230.00,0.00\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",00110,00111,533000,,ค่าวัสดุสำนักงาน,50000.00,0.00,0.00,50000.00\r\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\nT,6,0.00,0.00,1,0.00,7\r\n"), std::string::npos) << csv;
  EXPECT_EQ(exchange::MakeKlangGfmisCsv()->file_name(*month),
            "gfmis-6400199-" + std::to_string(FiscalYearOf(opened)) + "-01.csv");
  // This month is not over: its figures are not GFMIS's yet.
  EXPECT_EQ(app_->gfmis().Month(org_, closing::Month::Of(today_)).status().stable_code(), "export.month_not_over");

  auto codes = exchange::GfmisCodes::FromCsv(
      "kind,klang_code,gfmis_code,legal_reference\naccount,1101010,TEST-1,test\nbudget_category,533000,TEST-2,test\n");
  ASSERT_TRUE(codes.ok());
  EXPECT_EQ(codes->Account("1101010"), "TEST-1");
  EXPECT_EQ(codes->Category("533000"), "TEST-2");
  EXPECT_EQ(codes->Account("1102010"), "");
  EXPECT_FALSE(exchange::GfmisCodes::FromCsv("kind,klang_code,gfmis_code,legal_reference\nledger,1,2,x\n").ok());
}

// Runs `command` in `dir`; its exit code and what it printed.
std::pair<int, std::string> RunIn(const std::filesystem::path& dir, const std::string& command) {
  const std::string full = "cd '" + dir.string() + "' && " + command + " 2>&1";
  FILE* pipe = popen(full.c_str(), "r");
  std::string output;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

TEST_F(ImportTest, TheAuditorsPackageProvesItselfOfflineAndAByteChangedIsCaught) {
  OpenSavingsAccount();
  ASSERT_TRUE(Commit("opening-balances", TrialBalanceCsv("1101010", "\"15,230.00\"", "\"115,230.00\"")).ok());
  auto package = app_->audit_packages().Build(org_, 0);
  ASSERT_TRUE(package.ok()) << package.status().ToString();
  EXPECT_EQ(package->fiscal_year, FiscalYearOf(today_));  // last year is not closed: this one
  EXPECT_EQ(package->entries, Entries());
  EXPECT_EQ(package->file_name, "klang-audit-6400199-" + std::to_string(package->fiscal_year) + ".zip");
  const std::filesystem::path unpacked = dir_.path() / "audit";
  std::filesystem::create_directories(unpacked);
  {
    std::ofstream zip(unpacked / "package.zip", std::ios::binary);
    zip << package->bytes;
  }
  ASSERT_EQ(RunIn(unpacked, "unzip -q package.zip").first, 0);
  const std::filesystem::path folder = unpacked / ("klang-audit-6400199-" + std::to_string(package->fiscal_year));
  for (const char* file : {"README.txt", "MANIFEST.sha256", "books/chain.jsonl", "books/journal.ledger",
                           "registers/trial-balance.pdf", "registers/trial-balance.xlsx", "statements/balance-sheet.pdf",
                           "tools/klang-verify-chain"}) {
    EXPECT_TRUE(std::filesystem::exists(folder / file)) << file;
  }
  auto [verified, said] = RunIn(folder, "/usr/bin/python3 tools/klang-verify-chain books/chain.jsonl");
  EXPECT_EQ(verified, 0) << said;
  EXPECT_NE(said.find("OK org=" + std::to_string(org_) + " entries=" + std::to_string(Entries()) + " head=" + package->head),
            std::string::npos)
      << said;
  auto [listed, manifest_said] = RunIn(folder, "sha256sum --quiet -c MANIFEST.sha256");
  EXPECT_EQ(listed, 0) << manifest_said;

  // One byte of an amount changed in the chain: the script names the entry; one byte of a
  // statement: the manifest names the file.
  std::string chain;
  {
    std::ifstream in(folder / "books/chain.jsonl");
    chain.assign(std::istreambuf_iterator<char>(in), {});
  }
  const size_t at = chain.find("1523000");
  ASSERT_NE(at, std::string::npos);
  chain[at] = '2';
  {
    std::ofstream out(folder / "books/chain.jsonl", std::ios::binary | std::ios::trunc);
    out << chain;
  }
  auto [tampered, tampered_said] = RunIn(folder, "/usr/bin/python3 tools/klang-verify-chain books/chain.jsonl");
  EXPECT_EQ(tampered, 1) << tampered_said;
  EXPECT_NE(tampered_said.find("BAD org="), std::string::npos) << tampered_said;
  {
    std::fstream pdf(folder / "statements/balance-sheet.pdf", std::ios::binary | std::ios::in | std::ios::out);
    pdf.seekp(200);
    pdf.put('#');
  }
  auto [changed, changed_said] = RunIn(folder, "sha256sum --quiet -c MANIFEST.sha256");
  EXPECT_NE(changed, 0);
  EXPECT_NE(changed_said.find("statements/balance-sheet.pdf: FAILED"), std::string::npos) << changed_said;
  EXPECT_NE(changed_said.find("books/chain.jsonl: FAILED"), std::string::npos) << changed_said;
}

}  // namespace
}  // namespace klang::cli
