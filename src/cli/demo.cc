// cli/demo.cc — the demo organisations: an อบต. and its unit with the people of a day's work,
// their bank account and receipt book, the budget of the year in force, and balanced activity.
#include "cli/demo.h"

#include <cstdio>
#include <map>
#include <random>
#include <tuple>

#include "cli/command.h"
#include "cli/demo_internal.h"

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

// Budget lines of the demo: an อบต.'s annual budget, and its child development centre's.
const std::vector<budget::LineInput> kLaoLines = {
    {"00111", "521000", "เงินเดือนนายก/รองนายก", "เพื่อจ่ายเป็นเงินเดือนนายกและรองนายก", "514,080"},
    {"00111", "522000", "เงินเดือนพนักงาน", "เพื่อจ่ายเป็นเงินเดือนพนักงานส่วนตำบล", "2,150,000"},
    {"00111", "531000", "ค่าเบี้ยประชุม", "เพื่อจ่ายเป็นค่าเบี้ยประชุมคณะกรรมการ", "20,000"},
    {"00111", "532000", "ค่าใช้จ่ายในการเดินทางไปราชการ", "เพื่อจ่ายเป็นค่าเบี้ยเลี้ยง ค่าพาหนะ ค่าที่พัก", "80,000"},
    {"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ หมึก แฟ้ม และวัสดุอื่น", "250,000"},
    {"00111", "534000", "ค่าไฟฟ้า", "เพื่อจ่ายเป็นค่าไฟฟ้าของที่ทำการ", "150,000"},
    {"00111", "541000", "จัดซื้อเครื่องคอมพิวเตอร์สำหรับงานประมวลผล",
     "จำนวน 2 เครื่อง เครื่องละ 22,000 บาท ตามเกณฑ์ราคากลาง", "44,000"},
    {"00212", "561000", "อุดหนุนอาหารกลางวันโรงเรียน", "อุดหนุนโรงเรียนในเขตตำบล", "1,200,000"},
    {"00312", "542000", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3", "ขนาดกว้าง 4 เมตร ยาว 400 เมตร หนา 0.15 เมตร",
     "480,000"},
    {"00411", "510000", "เบี้ยยังชีพผู้สูงอายุ", "เพื่อจ่ายเป็นเบี้ยยังชีพผู้สูงอายุ", "6,500,000"},
    {"00411", "510000", "สำรองจ่าย", "เพื่อจ่ายกรณีฉุกเฉินหรือสาธารณภัย", "300,000"},
};
const std::vector<budget::LineInput> kUnitLines = {
    {"00212", "533000", "ค่าวัสดุการศึกษาและวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าวัสดุการศึกษา สื่อการเรียนรู้ และวัสดุสำนักงาน",
     "250,000"},
    {"00212", "532000", "ค่าอาหารกลางวันเด็กเล็ก", "เพื่อจ่ายเป็นค่าอาหารกลางวันเด็กเล็กในศูนย์", "420,000"},
};
const std::vector<budget::EstimateInput> kLaoEstimates = {
    {"411001", "80,000", "ตามบัญชีรายการที่ดินและสิ่งปลูกสร้าง"},
    {"412001", "180,000", "ตามจำนวนครัวเรือนที่ใช้บริการ"},
    {"414001", "240,000", "ตามปริมาณน้ำที่จำหน่ายในปีที่ผ่านมา"},
    {"421001", "6,800,000", "ตามที่กรมส่งเสริมการปกครองท้องถิ่นแจ้ง"},
    {"431001", "5,100,000", "ตามที่กรมส่งเสริมการปกครองท้องถิ่นแจ้ง"}};

// The annual budget of `org` for `fiscal_year`: drafted in August, adopted by the council,
// approved by the district chief, in force from 1 October.
Status DemoBudget(App& a, int64_t org, const accounting::Actor& head, int fiscal_year, bool unit) {
  const Date start = FiscalYearStart(fiscal_year);
  budget::BudgetInput input;
  input.org = org;
  input.kind = "annual";
  input.fiscal_year = fiscal_year;
  input.title = "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. " + std::to_string(fiscal_year);
  input.date = start.AddDays(-45).ToIso();
  input.lines = unit ? kUnitLines : kLaoLines;
  if (!unit) input.estimates = kLaoEstimates;
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

// The id of `org`'s budget line of category 533000 (ค่าวัสดุ) in force on `day`.
Result<int64_t> SuppliesLine(App& a, int64_t org, Date day) {
  KLANG_ASSIGN_OR_RETURN(std::vector<budget::BudgetLine> lines,
                         a.budget().Lines(org, FiscalYearOf(day), day, /*include_not_in_force=*/false));
  for (const auto& line : lines) {
    if (line.category.code == "533000") return line.id;
  }
  return Status::NotFound("cli.demo_budget", "ไม่พบรายการงบประมาณค่าวัสดุ");
}

}  // namespace

namespace {

constexpr const char* kDemoProvinceCode = "P40";
const char* const kDemoNames[] = {"บ้านนา", "โนนสูง", "หนองแวง", "ดอนหัน",  "ท่าพระ",
                                  "บ้านค้อ", "ศิลา",   "โคกสี",    "บึงเนียม", "หนองตูม"};

// The demo province (ขอนแก่น) under the DLA, made on first use.
Result<int64_t> DemoProvince(App& a) {
  KLANG_ASSIGN_OR_RETURN(std::vector<org::Organisation> all, a.orgs().List());
  if (all.empty()) {
    return Status::NotFound("cli.not_initialised", "ยังไม่ได้ init", "run klang init first");
  }
  for (const auto& one : all) {
    if (one.type == org::OrgType::kProvince && one.code == kDemoProvinceCode) return one.id;
  }
  KLANG_ASSIGN_OR_RETURN(org::Organisation created,
                         a.orgs().Create(all.front().id, org::OrgType::kProvince, kDemoProvinceCode,
                                         "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น"));
  return created.id;
}

// The title of the LAO's chief executive, by its type.
std::string ChiefExecutiveTitle(org::OrgType type) {
  switch (type) {
    case org::OrgType::kPao: return "นายกองค์การบริหารส่วนจังหวัด";
    case org::OrgType::kCityMunicipality:
    case org::OrgType::kTownMunicipality:
    case org::OrgType::kSubdistrictMunicipality: return "นายกเทศมนตรี";
    default: return "นายกองค์การบริหารส่วนตำบล";
  }
}

// The people of a day's work: a clerk, a collector (who holds a receipt book), a finance officer,
// the head of finance, the planner, the procurement officer, a division clerk who prepares ฎีกา
// and the chief executive who approves them, the LAO's own administrator of users. Without a
// shared password each one-time password is printed.
Result<std::map<std::string, auth::User>> DemoStaff(App& a, const org::Organisation& lao,
                                                    const DemoLaoShape& shape) {
  const std::string& base = shape.place;
  const std::string chief = ChiefExecutiveTitle(shape.type);
  const std::string admin = "ผู้ดูแลระบบ " + std::string(org::OrgTypeThai(shape.type)) + base;
  std::map<std::string, auth::User> staff;
  for (const auto& [role, login, title] :
       {std::tuple<const char*, const char*, std::string>{"accountant", "clerk", "เจ้าหน้าที่การเงิน " + base},
        {"collector", "collector", "เจ้าพนักงานจัดเก็บรายได้ " + base},
        {"finance_officer", "finance", "เจ้าหน้าที่การเงิน " + base},
        {"head_of_finance", "head", "ผู้อำนวยการกองคลัง " + base},
        {"planner", "plan", "นักวิเคราะห์นโยบายและแผน " + base},
        {"procurement_officer", "procure", "เจ้าหน้าที่พัสดุ " + base},
        {"division_clerk", "office", "เจ้าหน้าที่ธุรการสำนักปลัด " + base},
        {"chief_executive", "mayor", chief + base},
        {"admin", "admin", admin}}) {
    std::string one_time;
    KLANG_ASSIGN_OR_RETURN(auth::User user,
                           a.auth().CreateUser(lao.id, login + std::to_string(lao.id), title, role,
                                               shape.password, &one_time));
    staff[role] = user;
    if (shape.password.empty()) {
      std::printf("%lld\t%s\tuser %s%lld one-time password %s\n", static_cast<long long>(lao.id),
                  lao.name.c_str(), login, static_cast<long long>(lao.id), one_time.c_str());
    }
  }
  return staff;
}

// The name of unit number `index` (from 0) of an LAO at `place`.
std::string UnitName(const std::string& place, int index) {
  if (index == 0) return "ศูนย์พัฒนาเด็กเล็กบ้าน" + place;
  return (index % 2 == 1 ? "โรงเรียนบ้าน" : "ศูนย์พัฒนาเด็กเล็กบ้าน") + place + " " + std::to_string(index / 2 + 1);
}

}  // namespace

const revenue::BankAccount& DemoLao::BankOf(int64_t org) const {
  for (size_t i = 0; i < units.size(); ++i) {
    if (units[i].id == org) return unit_banks[i];
  }
  return bank;
}

Result<DemoLao> CreateDemoLao(App& a, const DemoLaoShape& shape, Date first_day) {
  DemoLao demo;
  KLANG_ASSIGN_OR_RETURN(demo.lao, a.orgs().Create(shape.parent, shape.type, shape.code, shape.name));
  for (int i = 0; i < shape.units; ++i) {
    KLANG_ASSIGN_OR_RETURN(org::Organisation unit,
                           a.orgs().Create(demo.lao.id, org::OrgType::kUnit,
                                           shape.code + "-U" + std::to_string(i + 1), UnitName(shape.place, i)));
    demo.units.push_back(std::move(unit));
  }
  KLANG_ASSIGN_OR_RETURN(auto staff, DemoStaff(a, demo.lao, shape));
  auto actor = [&](const char* role) { return revenue::Actor{staff[role].id, staff[role].display_name}; };
  demo.head = actor("head_of_finance");
  demo.collector = actor("collector");
  demo.finance = actor("finance_officer");
  demo.procure = actor("procurement_officer");
  demo.office = actor("division_clerk");
  demo.mayor = actor("chief_executive");
  demo.clerk = staff["accountant"].username;
  // The LAO's revenue account and each unit's own, each named by the vouchers that move it.
  auto open_account = [&](const org::Organisation& holder, const std::string& name, int suffix) {
    return a.revenue().OpenBankAccount({holder.id, "", name, "ธนาคารกรุงไทย", "สาขา" + shape.place,
                                        revenue::kAccountSavings,
                                        "981-0-" + std::to_string(10000 + holder.id) + "-" + std::to_string(suffix),
                                        first_day.ToIso()},
                                       demo.head);
  };
  KLANG_ASSIGN_OR_RETURN(demo.bank, open_account(demo.lao, "เงินฝากธนาคารกรุงไทย (บัญชีรายได้)", 1));
  for (const auto& unit : demo.units) {
    KLANG_ASSIGN_OR_RETURN(revenue::BankAccount account,
                           open_account(unit, "เงินฝากธนาคารกรุงไทย (" + unit.name + ")", 2));
    demo.unit_banks.push_back(std::move(account));
  }
  return demo;
}

namespace {

// The opening balances of one demo organisation on `first_day`, then its budget of every fiscal
// year from that of `first_day` to today's (the books begin with the opening, so a budget drafted
// in the August before its year is inside them).
Status DemoOpeningAndBudgets(App& a, const DemoLao& demo, int64_t org, Date first_day,
                             std::mt19937_64& random) {
  auto baht = [&](int64_t low, int64_t high) { return RandomBaht(random, low, high); };
  const Money cash0 = baht(2'000, 20'000), bank0 = baht(1'000'000, 9'000'000);
  ledger::EntryDraft opening =
      VoucherDraft(org, first_day, "ยอดยกมา",
                   {{"1101010", cash0, {}}, {"1102010", bank0, {}}, {"3101010", {}, cash0 + bank0}},
                   "system:demo", a.random(), accounting::kKindOpening);
  opening.body["bank_account"] = demo.BankOf(org).id;
  KLANG_RETURN_IF_ERROR(a.ledger().Append(std::move(opening)).status());
  const int this_year = FiscalYearOf(a.clock().TodayInThailand());
  for (int year = FiscalYearOf(first_day); year <= this_year; ++year) {
    KLANG_RETURN_IF_ERROR(DemoBudget(a, org, demo.head, year, /*unit=*/org != demo.lao.id));
  }
  return Status::Ok();
}

// `days` days of balanced activity of one organisation up to today. The LAO's revenue and
// spending go through the revenue, expenditure and disbursement modules (DemoRevenue,
// DemoSpending). The unit, which has no collector or finance staff of its own in the demo,
// records its fees, their banking and its supplies (every fifth day, on the budget line of ค่าวัสดุ
// with 1 % withheld) by general vouchers. Returns the entries appended.
Result<size_t> DemoActivity(App& a, const DemoLao& demo, int64_t org, Date first_day, int days,
                            std::mt19937_64& random) {
  const bool lao = org == demo.lao.id;
  size_t appended = 0;
  if (lao) {
    KLANG_ASSIGN_OR_RETURN(size_t revenue, DemoRevenue(a, demo, first_day, days, random));
    KLANG_ASSIGN_OR_RETURN(size_t spending, DemoSpending(a, demo, first_day, days, random));
    appended = revenue + spending;
  }
  std::vector<ledger::EntryDraft> drafts;
  auto add = [&](Date date, const std::string& description, std::vector<ledger::Line> lines) {
    drafts.push_back(VoucherDraft(org, date, description, std::move(lines), "system:demo", a.random()));
  };
  auto baht = [&](int64_t low, int64_t high) { return RandomBaht(random, low, high); };
  for (int day = 0; day < days; ++day) {
    const Date date = first_day.AddDays(day);
    if (!lao) {
      const Money fee = baht(100, 3'000);
      add(date, "รับเงินค่าบำรุงศูนย์พัฒนาเด็กเล็ก", {{"1101010", fee, {}}, {"4105010", {}, fee}});
      add(date, "นำเงินสดฝากธนาคาร", {{"1102010", fee, {}}, {"1101010", {}, fee}});
    }
    if (!lao && day % 5 == 1) {
      const Money supplies = baht(300, 4'000);
      const Money withholding = Money::FromSatang(supplies.satang() / 100);  // 1 % WHT
      add(date, "จ่ายค่าวัสดุสำนักงาน (หักภาษี ณ ที่จ่าย 1%)",
          {{"5103030", supplies, {}},
           {"1102010", {}, supplies - withholding},
           {"2103010", {}, withholding}});
      KLANG_ASSIGN_OR_RETURN(int64_t line, SuppliesLine(a, org, date));
      KLANG_RETURN_IF_ERROR(
          a.voucher_budget().Apply(org, date, {{0, 0, "5103030", line, supplies}}, drafts.back().body));
    }
  }
  const revenue::BankAccount& bank = demo.BankOf(org);
  for (auto& draft : drafts) {
    for (const auto& line : draft.lines) {
      if (line.account == bank.gl_account) draft.body["bank_account"] = bank.id;
    }
  }
  for (const auto& result : a.ledger().AppendAll(std::move(drafts))) {
    KLANG_RETURN_IF_ERROR(result.status());
    ++appended;
  }
  return appended;
}

}  // namespace

Result<size_t> DemoBooks(App& a, const DemoLao& demo, int64_t org, Date first_day, int days,
                         std::mt19937_64& random) {
  KLANG_RETURN_IF_ERROR(DemoOpeningAndBudgets(a, demo, org, first_day, random));
  return DemoActivity(a, demo, org, first_day, days, random);
}

// Closes every month of `org` that is over, from the first month of its books, then every
// fiscal year that is over, acting as the head of finance. Returns how many acts were recorded.
Result<size_t> DemoClose(App& a, int64_t org, const accounting::Actor& head, Date first_day) {
  const Date today = a.clock().TodayInThailand();
  size_t acts = 0;
  for (int year = FiscalYearOf(first_day); year <= FiscalYearOf(today); ++year) {
    for (const auto& month : closing::MonthsOfFiscalYear(year)) {
      if (!(month.Last() < today)) break;
      KLANG_ASSIGN_OR_RETURN(closing::CloseOutcome outcome, a.periods().Close(org, month.Iso(), "", head));
      if (!outcome.closed) {
        std::fprintf(stderr, "demo: org %lld month %s not closed: %s\n", static_cast<long long>(org),
                     month.Iso().c_str(), outcome.differences.front().what_th.c_str());
        return acts;
      }
      ++acts;
    }
    if (!(FiscalYearStart(year + 1) <= today)) break;
    KLANG_ASSIGN_OR_RETURN(closing::YearOutcome outcome, a.years().Close(org, year, "", head));
    if (!outcome.closed) {
      std::fprintf(stderr, "demo: org %lld FY %d not closed: %s\n", static_cast<long long>(org), year,
                   outcome.differences.front().what_th.c_str());
      return acts;
    }
    ++acts;
  }
  return acts;
}

int Demo(const Location& location, const DemoOptions& options) {
  const int org_count = options.org_count;
  const uint64_t seed = options.seed;
  int days = options.days;
  if (options.last_year) {
    const Date today = SystemClock().TodayInThailand();
    days = static_cast<int>(today.DaysSinceEpoch() - FiscalYearStart(FiscalYearOf(today) - 1).DaysSinceEpoch()) + 1;
  }
  if (org_count < 1 || org_count > kDemoOrgsMax || days < 1 || days > kDemoDaysMax) {
    return Fail(
        Status::InvalidInput("cli.demo_range", "จำนวนไม่ถูกต้อง", "--orgs 1..10000, --days 1..3650"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  auto province = DemoProvince(a);
  if (!province.ok()) return Fail(province.status());
  std::mt19937_64 random(seed);
  const Date first_day = a.clock().TodayInThailand().AddDays(-(days - 1));
  size_t appended = 0;
  for (int index = 0; index < org_count; ++index) {
    const std::string place = kDemoNames[(index + seed + 9) % 10];
    const std::string code = "DEMO-" + std::to_string(seed) + "-" + std::to_string(index + 1);
    const std::string name =
        "องค์การบริหารส่วนตำบล" + place + (index >= 10 ? " " + std::to_string(index + 1) : "");
    auto demo = CreateDemoLao(a, {*province, org::OrgType::kSao, code, name, place, 1, ""}, first_day);
    if (!demo.ok()) return Fail(demo.status());
    for (int64_t org : {demo->lao.id, demo->units.front().id}) {
      auto added = DemoBooks(a, *demo, org, first_day, days, random);
      if (!added.ok()) return Fail(added.status());
      appended += *added;
      if (options.close) {
        auto closed = DemoClose(a, org, demo->head, first_day);
        if (!closed.ok()) return Fail(closed.status());
        appended += *closed;
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
