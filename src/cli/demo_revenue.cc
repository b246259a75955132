// cli/demo_revenue.cc — the demo อบต.'s revenue through the revenue module (see demo_internal.h):
// receipts, remittances, summaries into receipt vouchers, deposits, money received in the bank,
// taxpayers and their assessments.
#include <cstdio>
#include <deque>

#include "cli/demo_internal.h"
#include "core/assert.h"
#include "core/thai.h"

namespace klang::cli {
namespace {

constexpr int64_t kDemoBookReceipts = 100;   // receipts per book
constexpr int kDemoTaxpayers = 12;           // registered once, assessed every January
constexpr int kVatWeekday = 3;               // day index within the week the VAT share arrives
constexpr int kGrantDayOfMonth = 15;         // the general grant arrives on this day
constexpr int kLandTaxDueMonth = 4, kLandTaxDueDay = 30;  // ภาษีที่ดินฯ: due by 30 April

const char* const kGivenNames[] = {"สมชาย", "สมหญิง", "ประเสริฐ", "มาลี",   "บุญมี", "สุดา",
                                   "วิชัย",  "นงลักษณ์", "ทองดี",    "จันทร์เพ็ญ", "เสถียร", "อำไพ"};
const char* const kFamilyNames[] = {"ใจดี", "มีสุข", "ศรีสวัสดิ์", "บุญมา", "แก้วกล้า", "ทองคำ"};

std::string PersonName(size_t index) {
  return std::string("นาย") + kGivenNames[index % std::size(kGivenNames)] + " " +
         kFamilyNames[index % std::size(kFamilyNames)];
}

// A 13-digit citizen id with its check digit (the 12 digits weighted 13 down to 2, mod 11).
std::string CitizenId(int64_t org, int index) {
  char twelve[32];  // room for any int, so the format cannot truncate
  std::snprintf(twelve, sizeof twelve, "3%05lld%06d", static_cast<long long>(org % 100000), (index + 1) % 1000000);
  std::string digits(twelve);
  KLANG_ASSERT(digits.size() == 12);
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (digits[i] - '0') * (13 - i);
  return digits + static_cast<char>('0' + (11 - sum % 11) % 10);
}

// The taxpayers of the demo, each with one parcel of land and a house on it.
Result<std::vector<std::pair<int64_t, int64_t>>> DemoTaxpayers(App& a, const DemoLao& demo) {
  std::vector<std::pair<int64_t, int64_t>> owners;  // (taxpayer, property)
  for (int index = 0; index < kDemoTaxpayers; ++index) {
    const std::string address =
        std::to_string(10 + index) + " หมู่ " + std::to_string(1 + index % 5) + " " + demo.lao.name;
    KLANG_ASSIGN_OR_RETURN(revenue::Taxpayer taxpayer,
                           a.revenue().AddTaxpayer({demo.lao.id, "", revenue::kPerson, PersonName(index),
                                                    CitizenId(demo.lao.id, index), address, ""},
                                                   demo.head));
    revenue::PropertyInput land;
    land.org = demo.lao.id;
    land.taxpayer = taxpayer.id;
    land.kind = "land_building";
    land.description = "โฉนดที่ดินเลขที่ " + std::to_string(4100 + index * 7) + " พร้อมบ้านพักอาศัย";
    land.location = address;
    land.land_use = index % 3 == 0 ? "agricultural" : "residential";
    KLANG_ASSIGN_OR_RETURN(revenue::Property property, a.revenue().AddProperty(land, demo.head));
    owners.emplace_back(taxpayer.id, property.id);
  }
  return owners;
}

// One receipt of one line from the collector's book; returns its id.
Result<int64_t> Receive(App& a, const DemoLao& demo, DemoReceiptBooks& books, Date date,
                        revenue::Payer payer, int64_t taxpayer, revenue::ReceiptLineInput line) {
  KLANG_ASSIGN_OR_RETURN(auto number, books.Next(date));
  revenue::ReceiptInput input;
  input.org = demo.lao.id;
  input.book = number.first;
  input.number = number.second;
  input.date = date.ToIso();
  input.payer = std::move(payer);
  input.taxpayer = taxpayer;
  input.lines = {std::move(line)};
  input.means = "cash";
  KLANG_ASSIGN_OR_RETURN(revenue::Receipt receipt, a.revenue().IssueReceipt(input, demo.collector));
  return receipt.id;
}

// The day's receipts remitted to the finance unit, summarised into the receipt voucher and the
// cash deposited: three entries.
Status CloseTheDay(App& a, const DemoLao& demo, Date date, const std::vector<int64_t>& receipts, Money cash) {
  KLANG_ASSIGN_OR_RETURN(revenue::Remittance remittance,
                         a.revenue().Remit({demo.lao.id, "", date.ToIso(), receipts, demo.lao.id, demo.finance.name},
                                           demo.collector));
  revenue::SummaryInput summary;
  summary.org = demo.lao.id;
  summary.date = date.ToIso();
  summary.remittances = {{demo.lao.id, remittance.id}};
  summary.description = "สรุปใบนำส่งเงินประจำวันที่ " + FormatThaiDateLong(date);
  summary.bank_account = demo.bank.id;
  KLANG_RETURN_IF_ERROR(a.revenue().Summarise(summary, demo.finance).status());
  return a.revenue()
      .Deposit({demo.lao.id, "", date.ToIso(), demo.bank.id, cash.FormatPlain(), "ใบนำฝาก " + date.ToIso()},
               demo.finance)
      .status();
}

// Money the bank credited directly (a shared tax, a grant), with its receipt voucher: one entry.
Status InBank(App& a, const DemoLao& demo, Date date, const char* item, Money amount, const char* description,
              const std::string& reference) {
  return a.revenue()
      .ReceiveInBank({demo.lao.id, "", date.ToIso(), demo.bank.id, item, amount.FormatPlain(), description,
                      reference + date.ToIso()},
                     demo.finance)
      .status();
}

}  // namespace

Money RandomBaht(std::mt19937_64& random, int64_t low, int64_t high) {
  return Money::FromSatang(std::uniform_int_distribution<int64_t>(low * 100, high * 100)(random));
}

Result<std::pair<int64_t, int64_t>> DemoReceiptBooks::Next(Date date) {
  const int fiscal_year = FiscalYearOf(date);
  if (book_ == 0 || fiscal_year != fiscal_year_ || next_ > last_) {
    if (fiscal_year != fiscal_year_) books_this_year_ = 0;
    char book_no[16];
    std::snprintf(book_no, sizeof book_no, "%03d", ++books_this_year_);
    KLANG_ASSIGN_OR_RETURN(revenue::Book book,
                           a_.revenue().RegisterBook({demo_.lao.id, "", book_no, 1, kDemoBookReceipts, date.ToIso()},
                                                     demo_.head));
    KLANG_RETURN_IF_ERROR(
        a_.revenue().IssueBook(demo_.lao.id, book.id, demo_.collector, date.ToIso(), "", demo_.head).status());
    book_ = book.id;
    next_ = 1;
    last_ = kDemoBookReceipts;
    fiscal_year_ = fiscal_year;
  }
  return std::pair<int64_t, int64_t>{book_, next_++};
}

Result<size_t> DemoRevenue(App& a, const DemoLao& demo, Date first_day, int days, std::mt19937_64& random) {
  auto baht = [&](int64_t low, int64_t high) { return RandomBaht(random, low, high); };
  DemoReceiptBooks books(a, demo);
  KLANG_ASSIGN_OR_RETURN(auto owners, DemoTaxpayers(a, demo));
  size_t appended = owners.size() * 2;
  std::deque<std::pair<int64_t, revenue::Assessment>> unpaid;  // (owner index, assessment)
  for (int day = 0; day < days; ++day) {
    const Date date = first_day.AddDays(day);
    if (date.month() == 1 && date.day() == 2) {  // the year's land and building tax assessed
      for (size_t index = 0; index < owners.size(); ++index) {
        revenue::AssessmentInput input;
        input.org = demo.lao.id;
        input.taxpayer = owners[index].first;
        input.tax = "land_building";
        input.tax_year = date.year_be();
        input.properties = {owners[index].second};
        input.date = date.ToIso();
        input.due_date = Date::FromCivil(date.year(), kLandTaxDueMonth, kLandTaxDueDay).value().ToIso();
        input.amount = baht(800, 12'000).FormatPlain();
        input.basis = "ตามแบบ ภ.ด.ส.3 ราคาประเมินที่ดินและสิ่งปลูกสร้าง";
        KLANG_ASSIGN_OR_RETURN(revenue::Assessment assessment, a.revenue().Assess(input, demo.head));
        unpaid.emplace_back(index, assessment);
        ++appended;
      }
    }
    std::vector<int64_t> receipts;
    const Money fee = baht(100, 900);
    KLANG_ASSIGN_OR_RETURN(int64_t collected,
                           Receive(a, demo, books, date, {"person", PersonName(day), "", "ตำบลในเขต"}, 0,
                                   {"412001", "ค่าเก็บขยะมูลฝอยรายเดือน", fee.FormatPlain(), 0}));
    receipts.push_back(collected);
    Money cash = fee;
    if (day % 2 == 1) {
      if (!unpaid.empty()) {  // a taxpayer pays the year's assessment in full
        const auto [index, assessment] = unpaid.front();
        unpaid.pop_front();
        KLANG_ASSIGN_OR_RETURN(revenue::Taxpayer taxpayer, a.revenue().GetTaxpayer(demo.lao.id, owners[index].first));
        KLANG_ASSIGN_OR_RETURN(
            collected, Receive(a, demo, books, date, {"person", taxpayer.name, taxpayer.id_no, taxpayer.address},
                               taxpayer.id,
                               {"411001", "ภาษีที่ดินและสิ่งปลูกสร้าง ปี " + std::to_string(assessment.tax_year),
                                assessment.amount.FormatPlain(), assessment.id}));
        cash = cash + assessment.amount;
      } else {
        const Money water = baht(500, 2'500);
        KLANG_ASSIGN_OR_RETURN(collected, Receive(a, demo, books, date, {"person", PersonName(day + 5), "", "ตำบลในเขต"},
                                                  0, {"414001", "ค่าน้ำประปาประจำเดือน", water.FormatPlain(), 0}));
        cash = cash + water;
      }
      receipts.push_back(collected);
    }
    KLANG_RETURN_IF_ERROR(CloseTheDay(a, demo, date, receipts, cash));
    appended += receipts.size() + 3;
    if (day % 7 == kVatWeekday) {
      KLANG_RETURN_IF_ERROR(InBank(a, demo, date, "421001", baht(50'000, 210'000), "ภาษีมูลค่าเพิ่มจัดสรร", "KTB-VAT-"));
      ++appended;
    }
    if (date.day() == kGrantDayOfMonth) {
      KLANG_RETURN_IF_ERROR(InBank(a, demo, date, "431001", baht(350'000, 450'000), "เงินอุดหนุนทั่วไป", "KTB-GRANT-"));
      ++appended;
    }
  }
  return appended;
}

}  // namespace klang::cli
