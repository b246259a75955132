// cli/demo_spending.cc — the demo อบต.'s spending through the expenditure and disbursement modules
// (see demo_internal.h): procurement to payment, budget and payroll ฎีกา.
#include <algorithm>
#include <map>
#include <optional>

#include "cli/demo_internal.h"
#include "core/thai.h"

namespace klang::cli {
namespace {

constexpr int kSuppliesEveryDays = 14;
constexpr int kBillsDayOfMonth = 10, kPayrollDayOfMonth = 25;
constexpr int kComputersMonth = 3, kComputersDay = 12;
constexpr int64_t kWithholdingPermille = 10;        // 1 % of a purchase or a service bill
constexpr int64_t kPayrollWithholdingPermille = 20;  // on the salaries, roughly
constexpr int64_t kSocialSecurityPerPerson = 750;    // baht a month
constexpr int kPermanentStaff = 12;
constexpr int kRemitDeductionsDay = 7;             // withholding tax and social security passed on
constexpr int kAdvanceMonths[] = {11, 2, 5, 8};     // a travel advance in these months, on the 3rd
constexpr int kAdvanceDay = 3, kAdvanceClearedAfterDays = 9;
constexpr int kTransferMonth = 6, kTransferDay = 1;  // โอนงบประมาณ: travel topped up from supplies
constexpr int kTransferReportedAfterDays = 5;
constexpr int kLunchMonths[] = {11, 5};  // the schools' lunch subsidy, once a term, on the 15th
constexpr int kLunchDay = 15;
constexpr int64_t kLunchPerTermSatang = 59'000'000;  // 590,000.00 of the line's 1,200,000.00

// Who the demo buys from, and what the purchase request says it is for.
struct DemoSupplier {
  const char* name;
  const char* tax_id;
  const char* address;
  const char* purpose;
  const char* requested_by;
};
const DemoSupplier kStationer{"ร้านบ้านนาเครื่องเขียน", "0405559000123", "12 ถ.มิตรภาพ",
                              "ใช้ในการปฏิบัติงานของสำนักปลัด", "สำนักปลัด"};
const DemoSupplier kContractor{"ห้างหุ้นส่วนจำกัด บ้านนาก่อสร้าง", "0405559000457", "45 หมู่ 1 ต.บ้านนา",
                               "เพื่อให้ประชาชนหมู่ 3 สัญจรได้สะดวกตลอดปี", "กองช่าง"};

// The line in force on `day` of `category` whose item starts with `item` ("" for the first).
Result<int64_t> LineOf(App& a, int64_t org, Date day, const std::string& category, const std::string& item = "") {
  KLANG_ASSIGN_OR_RETURN(std::vector<budget::BudgetLine> lines, a.budget().Lines(org, FiscalYearOf(day), day));
  for (const auto& line : lines) {
    if (line.category.code == category && line.item.starts_with(item)) return line.id;
  }
  return Status::NotFound("cli.demo_budget", "ไม่พบรายการงบประมาณ " + category + " " + item);
}

// "ธันวาคม 2569"
std::string MonthThai(Date date) { return std::string(ThaiMonthName(date.month())) + " " + std::to_string(date.year_be()); }

Money Permille(Money amount, int64_t permille) { return Money::FromSatang(amount.satang() * permille / 1000); }

// A ฎีกา through every step to its payment by transfer: six entries.
Status Disburse(App& a, const DemoLao& demo, Date date, expenditure::ClaimInput input,
                const revenue::Actor& preparer) {
  const std::string day = date.ToIso();
  input.org = demo.lao.id;
  input.date = day;
  auto& d = a.disbursement();
  KLANG_ASSIGN_OR_RETURN(expenditure::Claim claim, d.Prepare(input, preparer));
  KLANG_RETURN_IF_ERROR(d.Lodge(demo.lao.id, claim.id, {"", day, ""}, demo.finance).status());
  KLANG_RETURN_IF_ERROR(d.Check(demo.lao.id, claim.id, {"", day, ""}, demo.finance).status());
  KLANG_RETURN_IF_ERROR(d.Certify(demo.lao.id, claim.id, {"", day, ""}, demo.head).status());
  KLANG_RETURN_IF_ERROR(d.Approve(demo.lao.id, claim.id, {"", day, ""}, demo.mayor).status());
  return d.Pay({demo.lao.id, "", day, claim.id, "transfer", demo.bank.id, "", "KTB-PAY-" + day + "-" +
                std::to_string(claim.id)},
               demo.finance)
      .status();
}

// A request approved and its order placed on `date`, delivery due on `due`: three entries.
Result<expenditure::Order> PlaceDemoOrder(App& a, const DemoLao& demo, Date date, int64_t line, const std::string& subject,
                                 Money amount, const std::string& order_no, Date due, const DemoSupplier& supplier) {
  const std::string day = date.ToIso();
  auto& e = a.expenditure();
  KLANG_ASSIGN_OR_RETURN(expenditure::Request request,
                         e.CreateRequest({demo.lao.id, "", day, line, subject, supplier.purpose, "specific",
                                          amount.FormatPlain(), supplier.requested_by},
                                         demo.procure));
  KLANG_RETURN_IF_ERROR(e.ApproveRequest(demo.lao.id, request.id, "", day, demo.mayor).status());
  return e.PlaceOrder({demo.lao.id, "", day, request.id, supplier.name, supplier.tax_id, supplier.address, order_no, "",
                       {{amount.FormatPlain(), due.ToIso()}}},
                      demo.procure);
}

// The order delivered on `date`: inspected, its debt set (against its carry-over when it was
// carried from the year before) and paid by ฎีกา: eight entries.
Status Deliver(App& a, const DemoLao& demo, Date date, const expenditure::Order& placed) {
  const std::string day = date.ToIso();
  auto& e = a.expenditure();
  KLANG_ASSIGN_OR_RETURN(
      expenditure::Order order,
      e.Inspect({demo.lao.id, "", day, placed.id, 1, {"นายตรวจ รับพัสดุ", "นางสอง กรรมการ", "นายสาม กรรมการ"}, ""},
                demo.office));
  KLANG_ASSIGN_OR_RETURN(expenditure::DebtVoucher debt,
                         e.SetDebt({demo.lao.id, "", day, order.instalments[0].inspection, ""}, demo.procure));
  expenditure::ClaimInput claim{.kind = "debt", .division = "office", .debt = debt.id,
                                .description = order.subject + " ตาม" + order.contract_no,
                                .deductions = {{"wht", Permille(order.amount, kWithholdingPermille).FormatPlain()}},
                                .attachments = {"ใบส่งของ/ใบแจ้งหนี้", "ใบตรวจรับพัสดุ", "ใบสั่งซื้อ"}};
  return Disburse(a, demo, date, std::move(claim), demo.procure);
}

// A purchase from request to payment on one day: eleven entries.
Status Procure(App& a, const DemoLao& demo, Date date, int64_t line, const std::string& subject, Money amount,
               const std::string& order_no) {
  KLANG_ASSIGN_OR_RETURN(expenditure::Order order, PlaceDemoOrder(a, demo, date, line, subject, amount, order_no, date, kStationer));
  return Deliver(a, demo, date, order);
}

// The road of the งบลงทุน line contracted on 1 September, carried over with its debt on 30
// September (the executive approves), built and paid in November of the next year: the contract
// (three entries), the carry-over (one) and the delivery (eight), each when the demo reaches it.
class DemoRoad {
 public:
  DemoRoad(App& a, const DemoLao& demo) : a_(a), demo_(demo) {}
  Result<size_t> On(Date date) {
    const int year = FiscalYearOf(date);
    if (date.month() == kRoadContractMonth && date.day() == 1) {
      KLANG_ASSIGN_OR_RETURN(int64_t line, LineOf(a_, demo_.lao.id, date, "542000"));
      KLANG_ASSIGN_OR_RETURN(contract_, PlaceDemoOrder(a_, demo_, date, line, "ก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3", kRoadPrice,
                                              "สัญญาจ้าง " + std::to_string(year % 100) + "/" + std::to_string(year),
                                              date.AddDays(kRoadBuildDays), kContractor));
      return size_t{3};
    }
    if (contract_ && date == FiscalYearEnd(year) && FiscalYearOf(contract_->date) == year) {
      KLANG_RETURN_IF_ERROR(a_.expenditure()
                                .CarryOverOrder({demo_.lao.id, "", contract_->id, "", "", demo_.mayor.name,
                                                 "คำสั่ง อบต. ที่ 301/" + std::to_string(year), ""},
                                                demo_.head)
                                .status());
      return size_t{1};
    }
    if (contract_ && date == contract_->instalments[0].due) {
      KLANG_RETURN_IF_ERROR(Deliver(a_, demo_, date, *contract_));
      contract_.reset();
      return size_t{8};
    }
    return size_t{0};
  }

 private:
  static constexpr int kRoadContractMonth = 9, kRoadBuildDays = 75;
  static inline const Money kRoadPrice = Money::FromSatang(47'800'000);
  App& a_;
  const DemoLao& demo_;
  std::optional<expenditure::Order> contract_;
};

// The deductions held on `account` by the day before `date`, paid on to whom they belong by a
// deposit ฎีกา (none when nothing is held): six entries or none.
Result<size_t> RemitDeductions(App& a, const DemoLao& demo, Date date, const std::string& account,
                               const std::string& payee, const std::string& description) {
  KLANG_ASSIGN_OR_RETURN(auto totals, a.ledger().Totals(demo.lao.id, std::nullopt, date.AddDays(-1)));
  Money held;
  for (const auto& total : totals) {
    if (total.account == account) held = total.credit - total.debit;
  }
  if (!held.is_positive()) return size_t{0};
  KLANG_RETURN_IF_ERROR(Disburse(a, demo, date,
                                 {.kind = "deposit", .division = "finance", .deposit_account = account,
                                  .payee_name = payee, .description = description, .amount = held.FormatPlain(),
                                  .attachments = {"แบบนำส่ง"}},
                                 demo.office));
  return size_t{6};
}

// A travel advance on the ค่าใช้สอย line, paid by ฎีกา and cleared nine days later with evidence
// and the rest refunded in cash: eight entries.
Status TravelAdvance(App& a, const DemoLao& demo, Date date, Money amount, Money spent) {
  KLANG_ASSIGN_OR_RETURN(int64_t line, LineOf(a, demo.lao.id, date, "532000"));
  const Date cleared = date.AddDays(kAdvanceClearedAfterDays);
  KLANG_ASSIGN_OR_RETURN(expenditure::Advance advance,
                         a.disbursement().CreateAdvance({demo.lao.id, "", date.ToIso(), "นางสาวสมศรี ขยันงาน",
                                                         "นักวิเคราะห์นโยบายและแผน",
                                                         "เดินทางไปราชการอบรมหลักสูตรการจัดทำแผนพัฒนาท้องถิ่น",
                                                         line, amount.FormatPlain(), date.AddDays(30).ToIso()},
                                                        demo.office));
  KLANG_RETURN_IF_ERROR(Disburse(a, demo, date,
                                 {.kind = "advance", .division = "office", .payee_name = "นางสาวสมศรี ขยันงาน",
                                  .description = "จ่ายเงินยืมตาม" + advance.number_text,
                                  .amount = amount.FormatPlain(), .attachments = {"สัญญาการยืมเงิน"},
                                  .advance = advance.id},
                                 demo.office));
  return a.disbursement()
      .ClearAdvance({demo.lao.id, "", cleared.ToIso(), advance.id, spent.FormatPlain(), "ส่งใช้ด้วยใบสำคัญและเงินสด"},
                    demo.finance)
      .status();
}

// The executive's transfer of 30,000.00 from office supplies to travel (โอนลด/โอนเพิ่ม within
// งบดำเนินงาน), reported to the district chief five days later: two entries.
Status Transfer(App& a, const DemoLao& demo, Date date) {
  KLANG_ASSIGN_OR_RETURN(int64_t supplies, LineOf(a, demo.lao.id, date, "533000"));
  KLANG_ASSIGN_OR_RETURN(int64_t travel, LineOf(a, demo.lao.id, date, "532000"));
  budget::TransferInput input;
  input.org = demo.lao.id;
  input.date = date.ToIso();
  input.from = {{supplies, "30000.00"}};
  input.to = {{travel, "30000.00"}};
  input.reason = "ค่าใช้จ่ายในการเดินทางไปราชการไม่เพียงพอ เนื่องจากมีหลักสูตรอบรมเพิ่มขึ้น";
  input.authority = "executive";
  input.approval_ref = "คำสั่ง อบต. ที่ " + std::to_string(100 + date.month()) + "/" + std::to_string(date.year_be());
  input.approved_on = date.ToIso();
  KLANG_ASSIGN_OR_RETURN(budget::BudgetChange change, a.budget().Transfer(input, demo.head));
  // Reported to the district chief within the fortnight the rules allow.
  return a.budget()
      .RecordReport(demo.lao.id, change.id,
                    {"", date.AddDays(kTransferReportedAfterDays).ToIso(), "ที่ ขก 71201/" + std::to_string(date.month() * 10)},
                    demo.head)
      .status();
}

}  // namespace

Result<size_t> DemoSpending(App& a, const DemoLao& demo, Date first_day, int days, std::mt19937_64& random) {
  auto baht = [&](int64_t low, int64_t high) { return RandomBaht(random, low, high); };
  const int64_t org = demo.lao.id;
  size_t appended = 0;
  std::map<int, int> orders;  // per fiscal year
  DemoRoad road(a, demo);
  for (int day = 0; day < days; ++day) {
    const Date date = first_day.AddDays(day);
    KLANG_ASSIGN_OR_RETURN(size_t built, road.On(date));
    appended += built;
    const std::string suffix = "/" + std::to_string(FiscalYearOf(date));
    if (day % kSuppliesEveryDays == 2) {
      KLANG_ASSIGN_OR_RETURN(int64_t line, LineOf(a, org, date, "533000"));
      KLANG_RETURN_IF_ERROR(Procure(a, demo, date, line, "จัดซื้อวัสดุสำนักงาน", baht(2'000, 9'000),
                                    "ใบสั่งซื้อ " + std::to_string(++orders[FiscalYearOf(date)]) + suffix));
      appended += 11;
    }
    if (date.month() == kComputersMonth && date.day() == kComputersDay) {
      KLANG_ASSIGN_OR_RETURN(int64_t line, LineOf(a, org, date, "541000"));
      KLANG_RETURN_IF_ERROR(Procure(a, demo, date, line, "จัดซื้อเครื่องคอมพิวเตอร์สำหรับงานประมวลผล 2 เครื่อง",
                                    Money::FromSatang(4'400'000),
                                    "ใบสั่งซื้อ " + std::to_string(++orders[FiscalYearOf(date)]) + suffix));
      appended += 11;
    }
    if (date.day() == kRemitDeductionsDay) {
      KLANG_ASSIGN_OR_RETURN(size_t remitted, RemitDeductions(a, demo, date, "2103010", "กรมสรรพากร",
                                                              "นำส่งภาษีหัก ณ ที่จ่ายของเดือนก่อน"));
      KLANG_ASSIGN_OR_RETURN(size_t insured, RemitDeductions(a, demo, date, "2103060", "สำนักงานประกันสังคม",
                                                             "นำส่งเงินสมทบประกันสังคมของเดือนก่อน"));
      appended += remitted + insured;
    }
    if (date.day() == kAdvanceDay &&
        std::find(std::begin(kAdvanceMonths), std::end(kAdvanceMonths), date.month()) != std::end(kAdvanceMonths) &&
        day + kAdvanceClearedAfterDays < days) {
      const Money amount = baht(4'000, 9'000);
      KLANG_RETURN_IF_ERROR(TravelAdvance(a, demo, date, amount, amount - baht(100, 900)));
      appended += 8;
    }
    if (date.month() == kTransferMonth && date.day() == kTransferDay && day + kTransferReportedAfterDays < days) {
      KLANG_RETURN_IF_ERROR(Transfer(a, demo, date));
      appended += 2;
    }
    if (date.day() == kBillsDayOfMonth) {
      const Money power = baht(8'000, 12'000);
      KLANG_ASSIGN_OR_RETURN(int64_t line, LineOf(a, org, date, "534000"));
      KLANG_RETURN_IF_ERROR(Disburse(a, demo, date,
                                     {.kind = "budget", .division = "office", .line = line,
                                      .payee_name = "การไฟฟ้าส่วนภูมิภาคอำเภอ", .payee_tax_id = "0994000165510",
                                      .description = "ค่าไฟฟ้าที่ทำการประจำเดือน" + MonthThai(date),
                                      .amount = power.FormatPlain(), .attachments = {"ใบแจ้งหนี้ค่าไฟฟ้า"}},
                                     demo.office));
      KLANG_ASSIGN_OR_RETURN(line, LineOf(a, org, date, "510000", "เบี้ยยังชีพ"));
      KLANG_RETURN_IF_ERROR(Disburse(a, demo, date,
                                     {.kind = "budget", .division = "welfare", .line = line,
                                      .payee_name = "ผู้สูงอายุตามบัญชีรายชื่อ (โอนเข้าบัญชี)",
                                      .description = "เบี้ยยังชีพผู้สูงอายุประจำเดือน" + MonthThai(date),
                                      .amount = baht(500'000, 530'000).FormatPlain(),
                                      .attachments = {"บัญชีรายชื่อผู้มีสิทธิ"}},
                                     demo.office));
      appended += 12;
    }
    if (date.day() == kLunchDay &&
        std::find(std::begin(kLunchMonths), std::end(kLunchMonths), date.month()) != std::end(kLunchMonths)) {
      KLANG_ASSIGN_OR_RETURN(int64_t line, LineOf(a, org, date, "561000"));
      KLANG_RETURN_IF_ERROR(Disburse(a, demo, date,
                                     {.kind = "budget", .division = "education", .line = line,
                                      .payee_name = "โรงเรียนบ้านนา (สพฐ.)",
                                      .description = "อุดหนุนอาหารกลางวันนักเรียน ภาคเรียน" + MonthThai(date),
                                      .amount = Money::FromSatang(kLunchPerTermSatang).FormatPlain(),
                                      .attachments = {"บันทึกข้อตกลงการใช้เงินอุดหนุน", "บัญชีจำนวนนักเรียน"}},
                                     demo.office));
      appended += 6;
    }
    if (date.day() == kPayrollDayOfMonth) {
      const Money salaries = baht(170'000, 178'000);
      KLANG_ASSIGN_OR_RETURN(int64_t line, LineOf(a, org, date, "522000"));
      KLANG_RETURN_IF_ERROR(Disburse(
          a, demo, date,
          {.kind = "payroll", .division = "finance", .line = line, .payee_name = "พนักงานส่วนตำบล (ตามบัญชีรายชื่อ)",
           .description = "เงินเดือนพนักงานส่วนตำบลประจำเดือน" + MonthThai(date),
           .amount = salaries.FormatPlain(),
           .deductions = {{"wht", Permille(salaries, kPayrollWithholdingPermille).FormatPlain()},
                          {"social_security", Money::FromSatang(kSocialSecurityPerPerson * 100 * kPermanentStaff).FormatPlain()}},
           .attachments = {"บัญชีรายละเอียดเงินเดือน"}},
          demo.office));
      KLANG_ASSIGN_OR_RETURN(line, LineOf(a, org, date, "521000"));
      KLANG_RETURN_IF_ERROR(Disburse(a, demo, date,
                                     {.kind = "payroll", .division = "office", .line = line,
                                      .payee_name = "นายกและรองนายก อบต.",
                                      .description = "เงินเดือนนายก/รองนายกประจำเดือน" + MonthThai(date),
                                      .amount = "42840.00", .attachments = {"บัญชีรายละเอียดเงินเดือน"}},
                                     demo.office));
      appended += 12;
    }
  }
  return appended;
}

}  // namespace klang::cli
