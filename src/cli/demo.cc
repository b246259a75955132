// cli/demo.cc — the demo organisations: an อบต. and its unit with the people of a day's work,
// their bank account and receipt book, the budget of the year in force, and balanced activity.
#include "cli/demo.h"

#include <cstdio>
#include <map>
#include <random>
#include <tuple>

#include "cli/command.h"

namespace klang::cli {

// A voucher-series entry drafted directly for the ledger (demo data and test load), dated and
// posted on `date`.
ledger::EntryDraft VoucherDraft(int64_t org, Date date, const std::string& description,
                                std::vector<ledger::Line> lines, const std::string& author,
                                Random& random, const char* kind) {
  ledger::EntryDraft draft;
  draft.org = org;
  draft.entry_id = NewUuid(random);
  draft.kind = kind;
  draft.document_date = date;
  draft.posting_date = date;
  draft.fiscal_year = FiscalYearOf(date);
  draft.number_series = {accounting::kVoucherSeries};
  draft.author = author;
  draft.body = {{"description", description}};
  draft.lines = std::move(lines);
  return draft;
}

namespace {

// The demo LAO's annual budget for the fiscal year of `today`: drafted in August, adopted by the
// council, approved by the district chief, in force from 1 October.
Status DemoBudget(App& a, int64_t org, const accounting::Actor& head, Date today) {
  const int fiscal_year = FiscalYearOf(today);
  const Date start = FiscalYearStart(fiscal_year);
  budget::BudgetInput input;
  input.org = org;
  input.kind = "annual";
  input.fiscal_year = fiscal_year;
  input.title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. " + std::to_string(fiscal_year);
  input.date = start.AddDays(-45).ToIso();
  input.lines = {
      {"00111", "521000", "เงินเดือนนายก/รองนายก", "เพื่อจ่ายเป็นเงินเดือนนายกและรองนายก", "514,080"},
      {"00111", "522000", "เงินเดือนพนักงาน", "เพื่อจ่ายเป็นเงินเดือนพนักงานส่วนตำบล", "2,150,000"},
      {"00111", "531000", "ค่าเบี้ยประชุม", "เพื่อจ่ายเป็นค่าเบี้ยประชุมคณะกรรมการ", "20,000"},
      {"00111", "532000", "ค่าใช้จ่ายในการเดินทางไปราชการ", "เพื่อจ่ายเป็นค่าเบี้ยเลี้ยง ค่าพาหนะ ค่าที่พัก",
       "80,000"},
      {"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ หมึก แฟ้ม และวัสดุอื่น", "120,000"},
      {"00111", "534000", "ค่าไฟฟ้า", "เพื่อจ่ายเป็นค่าไฟฟ้าของที่ทำการ", "150,000"},
      {"00111", "541000", "จัดซื้อเครื่องคอมพิวเตอร์สำหรับงานประมวลผล",
       "จำนวน 2 เครื่อง เครื่องละ 22,000 บาท ตามเกณฑ์ราคากลาง", "44,000"},
      {"00212", "561000", "อุดหนุนอาหารกลางวันโรงเรียน", "อุดหนุนโรงเรียนในเขตตำบล", "1,200,000"},
      {"00312", "542000", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3",
       "ขนาดกว้าง 4 เมตร ยาว 400 เมตร หนา 0.15 เมตร", "480,000"},
      {"00411", "510000", "เบี้ยยังชีพผู้สูงอายุ", "เพื่อจ่ายเป็นเบี้ยยังชีพผู้สูงอายุ", "6,500,000"},
      {"00411", "510000", "สำรองจ่าย", "เพื่อจ่ายกรณีฉุกเฉินหรือสาธารณภัย", "300,000"},
  };
  input.estimates = {{"411001", "350,000", "ประมาณการไว้ใกล้เคียงกับปีที่ผ่านมา"},
                     {"411002", "60,000", "ตามทะเบียนป้ายที่มีอยู่"},
                     {"412001", "180,000", "ตามจำนวนครัวเรือนที่ใช้บริการ"},
                     {"414001", "240,000", "ตามปริมาณน้ำที่จำหน่ายในปีที่ผ่านมา"},
                     {"421001", "6,800,000", "ตามที่กรมส่งเสริมการปกครองท้องถิ่นแจ้ง"},
                     {"431001", "5,100,000", "ตามที่กรมส่งเสริมการปกครองท้องถิ่นแจ้ง"}};
  KLANG_ASSIGN_OR_RETURN(budget::Budget created, a.budget().Create(input, head));
  KLANG_RETURN_IF_ERROR(a.budget()
                            .Adopt(org, created.id,
                                   {"", start.AddDays(-35).ToIso(), "มติสภาฯ สมัยสามัญที่ 3 ครั้งที่ 1"},
                                   head)
                            .status());
  return a.budget()
      .Approve(org, created.id,
               {"", start.AddDays(-30).ToIso(), "นายอำเภอ (ปฏิบัติราชการแทนผู้ว่าราชการจังหวัด)",
                "ที่ ขก 0023.16/" + std::to_string(1000 + org)},
               head)
      .status();
}

}  // namespace

int Demo(const Location& location, int org_count, int days, uint64_t seed) {
  if (org_count < 1 || org_count > 10'000 || days < 1 || days > 3'650) {
    return Fail(
        Status::InvalidInput("cli.demo_range", "จำนวนไม่ถูกต้อง", "--orgs 1..10000, --days 1..3650"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  auto all = a.orgs().List();
  if (!all.ok() || all->empty()) {
    return Fail(Status::NotFound("cli.not_initialised", "ยังไม่ได้ init", "run klang init first"));
  }
  const int64_t dla = all->front().id;
  int64_t province = 0;
  for (const auto& one : *all) {
    if (one.type == org::OrgType::kProvince && one.code == "P40") province = one.id;
  }
  if (province == 0) {
    auto created = a.orgs().Create(dla, org::OrgType::kProvince, "P40",
                                   "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น");
    if (!created.ok()) return Fail(created.status());
    province = created->id;
  }
  std::mt19937_64 random(seed);
  static const char* kNames[] = {"บ้านนา", "โนนสูง", "หนองแวง", "ดอนหัน",  "ท่าพระ",
                                 "บ้านค้อ", "ศิลา",   "โคกสี",    "บึงเนียม", "หนองตูม"};
  const Date today = a.clock().TodayInThailand();
  const Date first_day = today.AddDays(-(days - 1));
  size_t appended = 0;
  for (int index = 0; index < org_count; ++index) {
    const std::string base = kNames[(index + seed + 9) % 10];
    const std::string code = "DEMO-" + std::to_string(seed) + "-" + std::to_string(index + 1);
    auto lao = a.orgs().Create(
        province, org::OrgType::kSao, code,
        "องค์การบริหารส่วนตำบล" + base + (index >= 10 ? " " + std::to_string(index + 1) : ""));
    if (!lao.ok()) return Fail(lao.status());
    auto unit =
        a.orgs().Create(lao->id, org::OrgType::kUnit, code + "-U1", "ศูนย์พัฒนาเด็กเล็กบ้าน" + base);
    if (!unit.ok()) return Fail(unit.status());
    std::string password;
    auto clerk = a.auth().CreateUser(lao->id, "clerk" + std::to_string(lao->id),
                                     "เจ้าหน้าที่การเงิน " + base, "accountant", "", &password);
    if (!clerk.ok()) return Fail(clerk.status());
    std::printf("%lld\t%s\tuser clerk%lld one-time password %s\n", static_cast<long long>(lao->id),
                lao->name.c_str(), static_cast<long long>(lao->id), password.c_str());
    // The people of a day's work: a collector (who holds a receipt book), a finance officer, the
    // head of finance, the planner, the procurement officer, a division clerk who prepares ฎีกา
    // and the chief executive who approves them, the LAO's own administrator of users; and the
    // LAO's bank account.
    std::map<std::string, auth::User> staff;
    for (const auto& [role, login, title] : {std::tuple<const char*, const char*, const char*>{
                                                 "collector", "collector", "เจ้าพนักงานจัดเก็บรายได้ "},
                                             {"finance_officer", "finance", "เจ้าหน้าที่การเงิน "},
                                             {"head_of_finance", "head", "ผู้อำนวยการกองคลัง "},
                                             {"planner", "plan", "นักวิเคราะห์นโยบายและแผน "},
                                             {"procurement_officer", "procure", "เจ้าหน้าที่พัสดุ "},
                                             {"division_clerk", "office", "เจ้าหน้าที่ธุรการสำนักปลัด "},
                                             {"chief_executive", "mayor", "นายกองค์การบริหารส่วนตำบล"},
                                             {"admin", "admin", "ผู้ดูแลระบบ อบต."}}) {
      std::string one_time;
      auto user = a.auth().CreateUser(lao->id, login + std::to_string(lao->id), title + base, role,
                                      "", &one_time);
      if (!user.ok()) return Fail(user.status());
      staff[role] = *user;
      std::printf("%lld\t%s\tuser %s%lld one-time password %s\n", static_cast<long long>(lao->id),
                  lao->name.c_str(), login, static_cast<long long>(lao->id), one_time.c_str());
    }
    const revenue::Actor head{staff["head_of_finance"].id, staff["head_of_finance"].display_name};
    auto bank = a.revenue().OpenBankAccount(
        {lao->id, "", "เงินฝากธนาคารกรุงไทย (บัญชีรายได้)", "ธนาคารกรุงไทย", "สาขา" + base, "savings",
         "981-0-" + std::to_string(10000 + lao->id) + "-1", first_day.ToIso()},
        head);
    if (!bank.ok()) return Fail(bank.status());
    auto book = a.revenue().RegisterBook({lao->id, "", "001", 1, 100, today.ToIso()}, head);
    if (!book.ok()) return Fail(book.status());
    if (auto status = DemoBudget(a, lao->id, head, today); !status.ok()) return Fail(status);
    const revenue::Actor collector{staff["collector"].id, staff["collector"].display_name};
    if (auto issued = a.revenue().IssueBook(lao->id, book->id, collector, today.ToIso(), "", head);
        !issued.ok()) {
      return Fail(issued.status());
    }
    for (int64_t org : {lao->id, unit->id}) {
      std::vector<ledger::EntryDraft> drafts;
      auto add = [&](Date date, const std::string& description, std::vector<ledger::Line> lines,
                     const char* kind = accounting::kKindVoucher) {
        drafts.push_back(VoucherDraft(org, date, description, std::move(lines), "system:demo",
                                      a.random(), kind));
      };
      auto baht = [&](int64_t low, int64_t high) {
        return Money::FromSatang(
            std::uniform_int_distribution<int64_t>(low * 100, high * 100)(random));
      };
      const Money cash0 = baht(2'000, 20'000), bank0 = baht(1'000'000, 9'000'000);
      add(first_day, "ยอดยกมา",
          {{"1101010", cash0, {}}, {"1102010", bank0, {}}, {"3101010", {}, cash0 + bank0}},
          accounting::kKindOpening);
      // The LAO banks its cash with a deposit document of the revenue module (so the daily
      // report shows it as deposited, against its bank account); the unit by a voucher.
      std::vector<std::pair<Date, Money>> deposits;
      for (int day = 0; day < days; ++day) {
        const Date date = first_day.AddDays(day);
        const Money fee = baht(100, 5'000);
        add(date, "รับค่าธรรมเนียมเก็บและขนขยะมูลฝอย", {{"1101010", fee, {}}, {"4102010", {}, fee}});
        const Money tax = baht(500, 20'000);
        add(date, "รับชำระภาษีที่ดินและสิ่งปลูกสร้าง", {{"1101010", tax, {}}, {"4101010", {}, tax}});
        if (org == lao->id) {
          deposits.emplace_back(date, fee + tax);
        } else {
          add(date, "นำเงินสดฝากธนาคาร", {{"1102010", fee + tax, {}}, {"1101010", {}, fee + tax}});
        }
        const Money supplies = baht(300, 8'000);
        const Money withholding = Money::FromSatang(supplies.satang() / 100);  // 1 % WHT
        add(date, "จ่ายค่าวัสดุสำนักงาน (หักภาษี ณ ที่จ่าย 1%)",
            {{"5103030", supplies, {}},
             {"1102010", {}, supplies - withholding},
             {"2103010", {}, withholding}});
        if (day % 7 == 3) {
          const Money shared = baht(50'000, 300'000);
          add(date, "รับเงินภาษีมูลค่าเพิ่มจัดสรร", {{"1102010", shared, {}}, {"4201010", {}, shared}});
        }
      }
      if (org == lao->id) {
        for (auto& draft : drafts) {
          for (const auto& line : draft.lines) {
            if (line.account == bank->gl_account) draft.body["bank_account"] = bank->id;
          }
        }
      }
      auto results = a.ledger().AppendAll(std::move(drafts));
      for (const auto& result : results) {
        if (!result.ok()) return Fail(result.status());
        ++appended;
      }
      for (const auto& [date, amount] : deposits) {
        auto deposited = a.revenue().Deposit(
            {org, "", date.ToIso(), bank->id, amount.FormatPlain(), "ใบนำฝาก " + date.ToIso()},
            head);
        if (!deposited.ok()) return Fail(deposited.status());
        ++appended;
      }
      if (Terminal()) std::fprintf(stderr, "\rdemo: %zu entries", appended);
    }
  }
  if (Terminal()) std::fprintf(stderr, "\n");
  std::printf("Added %d demo organisation(s) with %d day(s) of activity: %zu entries.\n", org_count,
              days, appended);
  return 0;
}

}  // namespace klang::cli
