// bench_daily_report — the daily financial status report (รายงานสถานะการเงินประจำวัน,
// RevenueService::DailyStatusOn) of one อบต. whose log holds 1,000,000 entries of a revenue
// year (FY 2569): receipts, remittances, the day's summaries with their receipt vouchers,
// deposits and money arriving in the bank, on SQLite. The figure is the median of `--runs`
// reports for 15 Sep 2026 (so the brought-forward balances sum nearly a year) after one
// unmeasured report. The baseline, measured in the same run, computes the same cash and bank
// figures the naive way: Ledger::List over every entry of the organisation, summing the cash
// and bank lines. Both must agree, or the program fails.
//
//   bench_daily_report --data-dir=DIR [--entries=1000000] [--runs=21] [--naive-runs=3]
//                      [--day=2026-09-15]
//
// The dataset (DIR/daily-<entries>-v<version>.db) is built once, in about 80 s, and reused.
// Building it through the service one document at a time (each call re-reads what it checks
// and waits for its own durable commit) would take far too long, so the entries are made here
// as ledger::EntryDraft with exactly the kinds, bodies, lines and number series the service
// writes (src/revenue/revenue.cc, cash.cc), and appended with Ledger::AppendAll with the
// revenue projection registered: the rev_* tables are what production would have. Before every
// build a self-check makes a small year both ways — these drafts through AppendAll, and the
// same documents typed into RevenueService (IssueReceipt, Remit, Summarise, Deposit,
// ReceiveInBank, RegisterBook, IssueBook, ReturnBook) with the same entry ids and clock — and
// requires the two logs to be identical entry for entry (same hash chain), so the generator
// cannot drift from the service unnoticed.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>

#include "accounting/chart.h"
#include "bench/bench_util.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "revenue/revenue.h"
#include "store/sqlite/sqlite_db.h"

namespace klang::bench {
namespace {

using nlohmann::json;
using revenue::Actor;

// Bumped whenever the dataset's shape changes, so a stale cached file is rebuilt.
constexpr int kDatasetVersion = 1;
constexpr size_t kBuildChunkDrafts = 20'000;
constexpr int kCollectors = 10;
constexpr int64_t kBookSize = 10'000;  // receipts per book (the service's maximum)

// ---------------------------------------------------------------------------------------------
// Small helpers.

bool IsWorkingDay(Date date) {
  const int64_t weekday = ((date.DaysSinceEpoch() + 4) % 7 + 7) % 7;  // 0 = Sunday
  return weekday != 0 && weekday != 6;
}

bool IsFriday(Date date) { return ((date.DaysSinceEpoch() + 4) % 7 + 7) % 7 == 5; }

const char* ThaiMonth(int month) {
  static const char* const kMonths[] = {"ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                                        "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.",  "พ.ย.", "ธ.ค."};
  return kMonths[month - 1];
}

std::string MonthText(Date date) {
  return std::string(ThaiMonth(date.month())) + " " + std::to_string(date.year_be());
}

std::string Digits(std::mt19937_64& engine, int count) {
  std::string text;
  for (int index = 0; index < count; ++index) text += static_cast<char>('0' + engine() % 10);
  return text;
}

int64_t Between(std::mt19937_64& engine, int64_t low, int64_t high) {  // inclusive
  return low + static_cast<int64_t>(engine() % static_cast<uint64_t>(high - low + 1));
}

// 2026-10-01 10:00 Bangkok: after the whole dataset, so no document is dated in the future.
int64_t ClockMillis() {
  const Date day = Date::FromCivil(2026, 10, 1).value();
  return day.DaysSinceEpoch() * 86'400'000 + 3 * 3'600'000;
}

// The service's own helpers of the same name, in cash.cc's anonymous namespace: the remittance
// slip's "เล่มที่ 001 เลขที่ 1–5, 7" and the per-item totals.
std::vector<std::string> NumberRanges(std::vector<std::pair<std::string, int64_t>> numbers) {
  std::sort(numbers.begin(), numbers.end());
  std::vector<std::string> ranges;
  size_t index = 0;
  while (index < numbers.size()) {
    const std::string& book = numbers[index].first;
    std::string text = "เล่มที่ " + book + " เลขที่ ";
    bool first_run = true;
    while (index < numbers.size() && numbers[index].first == book) {
      const int64_t start = numbers[index].second;
      int64_t end = start;
      while (index + 1 < numbers.size() && numbers[index + 1].first == book &&
             numbers[index + 1].second == end + 1) {
        ++index;
        ++end;
      }
      ++index;
      if (!first_run) text += ", ";
      first_run = false;
      text += std::to_string(start);
      if (end != start) text += "–" + std::to_string(end);
    }
    ranges.push_back(std::move(text));
  }
  return ranges;
}

struct ItemSum {
  std::string item, item_name, account;
  int64_t amount = 0;
};
using ItemSums = std::map<std::pair<std::string, std::string>, ItemSum>;  // (item, account)

json ItemsJson(const ItemSums& items) {
  json out = json::array();
  for (const auto& [key, total] : items) {
    out.push_back({{"item", total.item},
                   {"item_name", total.item_name},
                   {"account", total.account},
                   {"amount", total.amount}});
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The organisation and its staff.

struct Staff {
  std::vector<Actor> collectors;
  Actor finance{21, "นางสาวพรทิพย์ ศรีการเงิน"};  // นักวิชาการเงินและบัญชี
};

Staff MakeStaff(int collectors) {
  static const char* const kNames[] = {
      "นางสาวสมใจ เก็บเงิน",  "นายสมศักดิ์ รับเงิน", "นางมาลี ใจดี",      "นายประยุทธ ขยันยิ่ง",
      "นางสาวอรอุมา แสงทอง", "นายวีระ พึ่งบุญ",    "นางบุญเรือน คำแก้ว", "นายชาตรี ทองมา",
      "นางสาวกาญจนา ศรีสุข",  "นายอนุชา บุญมาก"};
  Staff staff;
  for (int index = 0; index < collectors; ++index) {
    staff.collectors.push_back(Actor{11 + index, kNames[index % std::size(kNames)]});
  }
  return staff;
}

struct BankSpec {
  const char* name;
  const char* bank;
  const char* branch;
  const char* type;
  const char* account_no;
};
// The revenue account (receipts, deposits, shared taxes) and the subsidy account.
constexpr BankSpec kBanks[2] = {
    {"เงินฝากธนาคารกรุงไทย ออมทรัพย์ (บัญชีรายได้)", "ธนาคารกรุงไทย", "ขอนแก่น", "savings", "406-1-23456-7"},
    {"เงินฝาก ธ.ก.ส. กระแสรายวัน (บัญชีเงินอุดหนุน)", "ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร", "บ้านฝาง",
     "current", "020-0-98765-4"},
};

struct BankInfo {
  int64_t id = 0;
  std::string gl_account;
  std::string display;  // as the service writes bank_account_name
};

struct SetupInfo {
  int64_t org = 0;
  std::string org_name;
  std::vector<BankInfo> banks;
  std::vector<std::pair<int64_t, std::string>> books;  // per collector: (book id, book_no)
};

std::string BookNo(int number) {
  std::string text = std::to_string(number);
  return std::string(text.size() < 3 ? 3 - text.size() : 0, '0') + text;
}

// The store, its directories, a ledger with the revenue projection and the service.
struct Env {
  std::unique_ptr<store::Db> db;
  std::unique_ptr<org::OrgDirectory> orgs;
  std::unique_ptr<accounting::ChartOfAccounts> chart;
  std::unique_ptr<ledger::Ledger> ledger;
  std::unique_ptr<revenue::RevenueService> service;
};

struct Reference {  // what every environment shares: the catalogue, rates and clock
  revenue::RevenueCatalog catalog;
  revenue::SignboardRateTable rates;
  ManualClock clock{ClockMillis()};
};

// Closes in dependency order (the service and ledger before the store they use).
void Close(Env& env) {
  env.service.reset();
  env.ledger.reset();
  env.chart.reset();
  env.orgs.reset();
  env.db.reset();
}

std::unique_ptr<Reference> LoadReference() {
  const std::string data = SourceDir() + "/data/";
  auto catalog = revenue::RevenueCatalog::FromCsv(ReadText(data + "revenue_items.csv"),
                                                  ReadText(data + "deposit_types.csv"));
  if (!catalog.ok()) Die("revenue catalogue", catalog.status());
  auto rates = revenue::SignboardRateTable::FromCsv(ReadText(data + "signboard_tax_rates.csv"));
  if (!rates.ok()) Die("signboard rates", rates.status());
  return std::unique_ptr<Reference>(
      new Reference{std::move(catalog).value(), std::move(rates).value()});
}

std::vector<store::Migration> Migrations() {
  std::vector<store::Migration> migrations = BenchMigrations();
  for (const auto& m : revenue::RevenueService::Migrations()) migrations.push_back(m);
  return migrations;
}

// Opens `path`; with `writable`, registers the projection and starts the ledger (appends).
Env OpenEnv(const std::string& path, Reference& ref, Random& random, bool writable) {
  Env env;
  store::SqliteOptions sqlite;
  sqlite.path = path;
  auto opened = store::OpenSqlite(sqlite);
  if (!opened.ok()) Die("open " + path, opened.status());
  env.db = std::move(opened).value();
  Check(store::ApplyMigrations(*env.db, Migrations()), "migrations");
  env.orgs = std::make_unique<org::OrgDirectory>(*env.db);
  env.chart = std::make_unique<accounting::ChartOfAccounts>(*env.db);
  ledger::LedgerOptions options;
  options.batch_entries_max = 4'096;  // setup only: bigger transactions, fewer flushes
  env.ledger = std::make_unique<ledger::Ledger>(*env.db, ref.clock, options);
  env.service = std::make_unique<revenue::RevenueService>(
      *env.ledger, *env.orgs, *env.chart, ref.catalog, ref.rates, ref.clock, random);
  if (writable) {
    env.ledger->AddProjection(env.service->projection());
    env.ledger->Start();
  }
  return env;
}

// The organisations, the chart, two bank accounts and a first receipt book for each collector,
// all through the service. `ids` gives the entry ids (so two stores can be set up identically).
SetupInfo SetUp(Env& env, const Staff& staff, const std::vector<std::string>& ids) {
  Check(env.chart->ImportCsv(ReadText(SourceDir() + "/data/chart_of_accounts.csv")),
        "import chart");
  auto dla = env.orgs->Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
  if (!dla.ok()) Die("create DLA", dla.status());
  auto province = env.orgs->Create(dla->id, org::OrgType::kProvince, "P40",
                                   "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น");
  if (!province.ok()) Die("create province", province.status());
  auto sao =
      env.orgs->Create(province->id, org::OrgType::kSao, "BENCH-DAILY", "องค์การบริหารส่วนตำบลบ้านฝาง");
  if (!sao.ok()) Die("create organisation", sao.status());
  SetupInfo info;
  info.org = sao->id;
  info.org_name = sao->name;
  size_t next_id = 0;
  auto id = [&] { return next_id < ids.size() ? ids[next_id++] : std::string(); };
  for (const BankSpec& spec : kBanks) {
    auto account = env.service->OpenBankAccount({info.org, id(), spec.name, spec.bank, spec.branch,
                                                 spec.type, spec.account_no, "2025-10-01"},
                                                staff.finance);
    if (!account.ok()) Die("open bank account", account.status());
    info.banks.push_back({account->id, account->gl_account,
                          account->name + " " + account->bank + " เลขที่ " + account->account_no});
  }
  for (size_t index = 0; index < staff.collectors.size(); ++index) {
    const std::string book_no = BookNo(static_cast<int>(index) + 1);
    auto book = env.service->RegisterBook({info.org, id(), book_no, 1, kBookSize, "2025-10-01"},
                                          staff.finance);
    if (!book.ok()) Die("register book", book.status());
    auto issued = env.service->IssueBook(info.org, book->id, staff.collectors[index], "2025-10-01",
                                         id(), staff.finance);
    if (!issued.ok()) Die("issue book", issued.status());
    info.books.emplace_back(book->id, book_no);
  }
  return info;
}

int64_t SetUpEntries(int collectors) { return 2 + 2 * int64_t{collectors}; }

// ---------------------------------------------------------------------------------------------
// The year's plan: working days, receipts per collector and day, money arriving in the bank.

struct BankRule {
  const char* item;
  int bank;                 // index into kBanks
  const char* description;  // followed by the month
  int64_t low_baht, high_baht;
};
// Shared taxes and grants arrive monthly; the general subsidy quarterly; interest twice a year.
constexpr BankRule kVat = {"421001", 0, "ภาษีมูลค่าเพิ่มตาม พ.ร.บ.กำหนดแผนฯ จัดสรร เดือน", 350'000,
                           700'000};
constexpr BankRule kBusinessTax = {"421002", 0, "ภาษีธุรกิจเฉพาะจัดสรร เดือน", 20'000, 80'000};
constexpr BankRule kLiquorTax = {"421003", 0, "ภาษีสุราจัดสรร เดือน", 30'000, 90'000};
constexpr BankRule kExcise = {"421004", 0, "ภาษีสรรพสามิตจัดสรร เดือน", 100'000, 250'000};
constexpr BankRule kVehicleTax = {"421006", 0, "ภาษีรถยนต์จัดสรร เดือน", 40'000, 120'000};
constexpr BankRule kLandFees = {"421005", 0, "ค่าธรรมเนียมจดทะเบียนสิทธิและนิติกรรมที่ดิน สัปดาห์", 5'000,
                                60'000};
constexpr BankRule kSubsidy = {"431001", 1, "เงินอุดหนุนทั่วไป ไตรมาส", 1'500'000, 3'000'000};
constexpr BankRule kGrant = {"441001", 1, "เงินอุดหนุนเฉพาะกิจ (เบี้ยยังชีพผู้สูงอายุและคนพิการ) เดือน", 800'000,
                             1'200'000};
constexpr BankRule kInterest = {"413002", 0, "ดอกเบี้ยเงินฝากธนาคาร งวด", 8'000, 25'000};

struct DayPlan {
  Date date;
  std::vector<int> receipts;  // per collector, each at least 1
  std::vector<const BankRule*> bank;
};

struct Plan {
  std::vector<DayPlan> days;
  int collectors = 0;
  int64_t book_size = kBookSize;
};

// Working days from `first` to `last`, each with its scheduled bank receipts.
std::vector<DayPlan> WorkingDays(Date first, Date last) {
  std::vector<DayPlan> days;
  for (Date date = first; date <= last; date = date.AddDays(1)) {
    if (IsWorkingDay(date)) days.push_back({date, {}, {}});
  }
  // A monthly rule lands on the first working day of the month on or after `day_of_month`.
  auto schedule = [&](int day_of_month, const BankRule* rule, std::set<int> months) {
    std::set<std::pair<int, int>> done;
    for (DayPlan& day : days) {
      const std::pair<int, int> month{day.date.year(), day.date.month()};
      if (day.date.day() < day_of_month || done.count(month)) continue;
      if (!months.empty() && !months.count(day.date.month())) continue;
      done.insert(month);
      day.bank.push_back(rule);
    }
  };
  schedule(1, &kSubsidy, {10, 1, 4, 7});
  schedule(5, &kGrant, {});
  schedule(10, &kVat, {});
  schedule(15, &kBusinessTax, {});
  schedule(15, &kLiquorTax, {});
  schedule(18, &kExcise, {});
  schedule(20, &kVehicleTax, {});
  schedule(25, &kInterest, {12, 6});
  for (DayPlan& day : days) {
    if (IsFriday(day.date)) day.bank.push_back(&kLandFees);
  }
  return days;
}

// Entries the plan makes, exactly as the generator below makes them.
int64_t CountEntries(const Plan& plan) {
  int64_t total = SetUpEntries(plan.collectors);
  std::vector<int64_t> used(plan.collectors, 0);
  bool cash_on_hand = false;
  for (const DayPlan& day : plan.days) {
    if (cash_on_hand) ++total;  // the deposit of yesterday's cash
    total += static_cast<int64_t>(day.bank.size());
    int remittances = 0;
    for (int collector = 0; collector < plan.collectors; ++collector) {
      const int64_t receipts = day.receipts[collector];
      if (receipts == 0) continue;
      ++remittances;
      total += receipts;
      // A book change (register, return, issue) before each receipt that finds the book full.
      const int64_t after = used[collector] + receipts;
      total += 3 * ((after - 1) / plan.book_size);
      used[collector] = (after - 1) % plan.book_size + 1;
    }
    total += remittances;
    if (remittances > 0) {
      ++total;              // the summary and its receipt voucher
      cash_on_hand = true;  // each collector's first receipt of the day is paid in cash
    }
  }
  return total;
}

// A year of about `entries` documents; exactly `entries` when the year can hold them.
Plan MakePlan(int64_t entries, int collectors, uint64_t seed) {
  Plan plan;
  plan.collectors = collectors;
  plan.days = WorkingDays(FiscalYearStart(kFiscalYear), FiscalYearEnd(kFiscalYear));
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<double> weights;
  double weight_sum = 0;
  for (const DayPlan& day : plan.days) {
    // Busier in the first ten days of a month (water and refuse bills), quieter otherwise.
    const double weight = (day.date.day() <= 10 ? 1.3 : 1.0) * (0.8 + 0.4 * unit(engine));
    weights.push_back(weight);
    weight_sum += weight;
  }
  Plan empty = plan;
  for (DayPlan& day : empty.days) day.receipts.assign(collectors, 0);
  const int64_t overhead = CountEntries(empty) + static_cast<int64_t>(plan.days.size()) *
                                                     (collectors + 1);  // remits, summaries
  const double receipts =
      std::max<double>(0, static_cast<double>(entries - overhead)) * kBookSize / (kBookSize + 3.0);
  for (size_t index = 0; index < plan.days.size(); ++index) {
    const double day_total = receipts * weights[index] / weight_sum;
    std::vector<double> shares(collectors);
    double share_sum = 0;
    for (double& share : shares) share_sum += share = 0.7 + 0.6 * unit(engine);
    for (int collector = 0; collector < collectors; ++collector) {
      plan.days[index].receipts.push_back(
          std::max(1, static_cast<int>(day_total * shares[collector] / share_sum + 0.5)));
    }
  }
  // Exactly `entries`: move the rounding difference onto the last days, one collector after
  // another (each keeps 1 to 2,000 receipts a day, what one remittance may carry).
  const size_t days = plan.days.size();
  for (size_t attempt = 0; attempt < 4 * days * collectors; ++attempt) {
    const int64_t delta = entries - CountEntries(plan);
    if (delta == 0) return plan;
    DayPlan& day = plan.days[days - 1 - (attempt / collectors) % days];
    int& receipts_of = day.receipts[attempt % collectors];
    receipts_of = static_cast<int>(std::clamp<int64_t>(receipts_of + delta, 1, 2'000));
  }
  Die("cannot plan exactly " + std::to_string(entries) + " entries (" +
      std::to_string(CountEntries(plan)) + " planned)");
}

// ---------------------------------------------------------------------------------------------
// The generator: the plan's documents as the service would write them.

struct Payer {
  std::string kind, name, id_no, address;
};

class Generator {
 public:
  // `sink` receives each draft, in log order, with (when `replays` is on) a function that
  // enters the same document through the service.
  using Replay = std::function<void(revenue::RevenueService&)>;
  using Sink = std::function<void(ledger::EntryDraft, Replay)>;

  Generator(const Plan& plan, const SetupInfo& setup, const Staff& staff,
            const revenue::RevenueCatalog& catalog, int64_t first_seq, uint64_t seed, bool replays,
            Sink sink)
      : plan_(plan),
        setup_(setup),
        staff_(staff),
        catalog_(catalog),
        random_(seed),
        replays_(replays),
        sink_(std::move(sink)),
        next_seq_(first_seq) {
    for (int collector = 0; collector < plan.collectors; ++collector) {
      books_.push_back(BookState{setup.books[collector].first, setup.books[collector].second, 1,
                                 plan.book_size});
    }
    next_book_no_ = plan.collectors + 1;
  }

  void Run() {
    for (const DayPlan& day : plan_.days) Day(day);
  }

 private:
  struct BookState {
    int64_t id = 0;
    std::string book_no;
    int64_t next = 1, last = 0;
  };
  struct ReceiptLine {
    const revenue::RevenueItem* item;
    std::string description;
    int64_t amount = 0;
  };
  struct ReceiptRecord {
    int64_t id = 0;
    std::string book_no;
    int64_t number = 0;
    std::vector<ReceiptLine> lines;
    std::string means;
    int64_t total = 0;
  };
  struct RemittanceRecord {
    int64_t id = 0, number = 0;
    std::string collector_name;
    ItemSums items;
    int64_t cash = 0, cheque = 0, other = 0, total = 0;
  };

  std::mt19937_64& engine() { return random_.engine(); }

  ledger::EntryDraft Draft(const char* kind, Date date, const Actor& actor) {
    ledger::EntryDraft draft;
    draft.org = setup_.org;
    draft.entry_id = NewUuid(random_);
    draft.kind = kind;
    draft.document_date = date;
    draft.posting_date = date;
    draft.fiscal_year = FiscalYearOf(date);
    draft.author = actor.author();
    draft.body = json::object();
    return draft;
  }

  int64_t Emit(ledger::EntryDraft draft, Replay replay) {
    sink_(std::move(draft), replays_ ? std::move(replay) : Replay());
    return next_seq_++;
  }

  static void Expect(const Status& status, const std::string& what) {
    if (!status.ok()) Die("self-check: the service refused " + what, status);
  }

  void Day(const DayPlan& day) {
    const Date date = day.date;
    if (cash_to_deposit_ > 0) Deposit(date, cash_to_deposit_);
    for (const BankRule* rule : day.bank) BankReceipt(date, *rule);
    // The counter: the collectors' receipts interleaved as the day goes.
    std::vector<int> order;
    for (int collector = 0; collector < plan_.collectors; ++collector) {
      order.insert(order.end(), day.receipts[collector], collector);
    }
    std::shuffle(order.begin(), order.end(), engine());
    std::vector<std::vector<ReceiptRecord>> receipts(plan_.collectors);
    for (int collector : order) {
      if (books_[collector].next > books_[collector].last) ChangeBook(collector, date);
      receipts[collector].push_back(Receipt(collector, date, receipts[collector].empty()));
    }
    // The end of the day: every collector remits, the finance officer summarises.
    std::vector<RemittanceRecord> remittances;
    for (int collector = 0; collector < plan_.collectors; ++collector) {
      if (!receipts[collector].empty()) {
        remittances.push_back(Remit(collector, date, receipts[collector]));
      }
    }
    if (!remittances.empty()) cash_to_deposit_ = Summarise(date, remittances);
  }

  void ChangeBook(int collector, Date date) {
    const Actor& holder = staff_.collectors[collector];
    const Actor& finance = staff_.finance;
    // Register the next book, take the used one back, hand the new one out.
    const std::string book_no = BookNo(next_book_no_++);
    ledger::EntryDraft reg = Draft("rev.book", date, finance);
    reg.body = {{"book_no", book_no},
                {"first_no", int64_t{1}},
                {"last_no", plan_.book_size},
                {"by_name", finance.name}};
    revenue::BookInput input{setup_.org, reg.entry_id, book_no, 1, plan_.book_size, date.ToIso()};
    const int64_t new_id = Emit(std::move(reg), [input, finance](revenue::RevenueService& s) {
      Expect(s.RegisterBook(input, finance).status(), "RegisterBook");
    });
    BookState& book = books_[collector];
    ledger::EntryDraft back = Draft("rev.book.return", date, finance);
    back.body = {{"book", book.id},
                 {"book_no", book.book_no},
                 {"by_name", finance.name},
                 {"from_name", holder.name}};
    const std::string back_id = back.entry_id;
    Emit(std::move(back), [org = setup_.org, id = book.id, day = date.ToIso(), back_id,
                           finance](revenue::RevenueService& s) {
      Expect(s.ReturnBook(org, id, day, back_id, finance).status(), "ReturnBook");
    });
    ledger::EntryDraft issue = Draft("rev.book.issue", date, finance);
    issue.body = {{"book", new_id},
                  {"book_no", book_no},
                  {"holder_user", holder.user_id},
                  {"holder_name", holder.name},
                  {"by_name", finance.name}};
    const std::string issue_id = issue.entry_id;
    Emit(std::move(issue), [org = setup_.org, new_id, holder, day = date.ToIso(), issue_id,
                            finance](revenue::RevenueService& s) {
      Expect(s.IssueBook(org, new_id, holder, day, issue_id, finance).status(), "IssueBook");
    });
    book = BookState{new_id, book_no, 1, plan_.book_size};
  }

  Payer MakePayer() {
    static const char* const kTitles[] = {"นาย", "นาง", "นางสาว"};
    static const char* const kFirst[] = {"สมชาย",  "สมหญิง",   "บุญมี",  "ประเสริฐ", "วันดี",    "สุริยา",
                                         "ทองใบ",  "จันทร์เพ็ญ", "สมบัติ", "อำนวย",   "ละเอียด", "คำปุ่น",
                                         "ไพรวัลย์", "นิตยา",    "สุดใจ", "ธีระ"};
    static const char* const kLast[] = {"ศรีสุข",  "บุญประเสริฐ", "แก้วมณี", "พลายงาม", "ทองคำ", "ใจงาม",
                                        "สายสุด", "ภูมิพันธ์",     "คำมูล",  "ชัยมงคล",  "มีสุข",   "ดวงดี"};
    static const char* const kFirms[] = {"บริษัท อีสานค้าวัสดุ จำกัด", "ห้างหุ้นส่วนจำกัด บ้านฝางก่อสร้าง",
                                         "บริษัท ขอนแก่นพาณิชย์ จำกัด", "ห้างหุ้นส่วนจำกัด ทรัพย์ทวีการเกษตร"};
    auto& e = engine();
    Payer payer;
    payer.address = std::to_string(Between(e, 1, 250)) + " หมู่ " +
                    std::to_string(Between(e, 1, 14)) + " ต.บ้านฝาง อ.บ้านฝาง จ.ขอนแก่น";
    if (e() % 10 == 0) {
      payer.kind = "juristic";
      payer.name = kFirms[e() % std::size(kFirms)];
      payer.id_no = "0" + Digits(e, 12);
    } else {
      payer.kind = "person";
      payer.name = std::string(kTitles[e() % 3]) + kFirst[e() % std::size(kFirst)] + " " +
                   kLast[e() % std::size(kLast)];
      if (e() % 10 < 7) payer.id_no = std::to_string(Between(e, 1, 8)) + Digits(e, 12);
    }
    return payer;
  }

  ReceiptLine MakeLine(Date date) {
    struct Kind {
      const char* item;
      int weight;
      int64_t low, high;  // satang
      bool round_baht;
      const char* text;  // followed by the month when it ends with a space
    };
    static const Kind kKinds[] = {
        {"412001", 45, 2'000, 15'000, true, "ค่าเก็บขยะมูลฝอย เดือน "},
        {"414001", 25, 6'000, 90'000, false, "ค่าน้ำประปา เดือน "},
        {"413001", 5, 30'000, 500'000, true, "ค่าเช่าแผงตลาดสดตำบล เดือน "},
        {"412999", 6, 1'000, 50'000, true, "ค่าธรรมเนียมใบอนุญาตประกอบกิจการที่เป็นอันตรายต่อสุขภาพ"},
        {"415001", 5, 1'000, 30'000, true, "ค่าคัดสำเนาเอกสาร/ค่าขายแบบแปลน"},
        {"411003", 5, 1'000, 20'000, true, "อากรการฆ่าสัตว์ (โค กระบือ สุกร)"},
        {"412003", 4, 10'000, 300'000, true, "ค่าธรรมเนียมใบอนุญาตก่อสร้างอาคาร"},
        {"412002", 2, 10'000, 150'000, true, "ค่าธรรมเนียมใบอนุญาตจำหน่ายสุรา"},
        {"412004", 1, 100'000, 5'000'000, false, "ค่าปรับผิดสัญญาจ้างเหมา"},
        {"901001", 1, 500'000, 20'000'000, true, "เงินประกันสัญญาจ้างก่อสร้าง"},
        {"901002", 1, 10'000, 500'000, true, "เงินรับฝากค่าใช้จ่ายโครงการ"},
    };
    static const int kTotalWeight = [] {
      int total = 0;
      for (const Kind& kind : kKinds) total += kind.weight;
      return total;
    }();
    auto& e = engine();
    int pick = static_cast<int>(e() % kTotalWeight);
    const Kind* kind = kKinds;
    while (pick >= kind->weight) pick -= (kind++)->weight;
    const revenue::RevenueItem* found = Item(kind->item);
    int64_t amount = Between(e, kind->low, kind->high);
    if (kind->round_baht) amount = std::max<int64_t>(100, amount / 100 * 100);
    std::string text = kind->text;
    if (!text.empty() && text.back() == ' ') text += MonthText(date);
    return ReceiptLine{found, std::move(text), amount};
  }

  const revenue::RevenueItem* Item(const std::string& code) {
    auto [cached, inserted] = items_.try_emplace(code);
    if (inserted) {
      auto item = catalog_.Find(code);
      if (!item.ok()) Die("revenue item " + code, item.status());
      cached->second = std::move(item).value();
    }
    return &cached->second;
  }

  ReceiptRecord Receipt(int collector, Date date, bool first_of_day) {
    const Actor& actor = staff_.collectors[collector];
    BookState& book = books_[collector];
    auto& e = engine();
    ReceiptRecord record;
    record.book_no = book.book_no;
    record.number = book.next++;
    record.lines.push_back(MakeLine(date));
    if (e() % 100 < 15) record.lines.push_back(MakeLine(date));  // e.g. refuse and water together
    // Each collector's first receipt of the day is in cash (so every day has cash to deposit).
    const int means = first_of_day ? 0 : static_cast<int>(e() % 100);
    std::string reference;
    if (means < 82) {
      record.means = "cash";
    } else if (means < 85) {
      record.means = "cheque";
      reference = "ธ.กรุงไทย สาขาขอนแก่น เช็คเลขที่ " + Digits(e, 8);
    } else if (means < 93) {
      record.means = "transfer";
      reference = "TRF" + Digits(e, 12);
    } else {
      record.means = "qr";
      reference = "QR" + Digits(e, 16);
    }
    const Payer payer = MakePayer();
    json lines = json::array();
    for (const ReceiptLine& line : record.lines) {
      record.total += line.amount;
      lines.push_back({{"item", line.item->code},
                       {"item_name", line.item->name_th},
                       {"description", line.description},
                       {"amount", line.amount},
                       {"assessment", int64_t{0}},
                       {"account", line.item->account}});
    }
    ledger::EntryDraft draft = Draft("rev.receipt", date, actor);
    draft.body = {{"book", book.id},
                  {"book_no", book.book_no},
                  {"number", record.number},
                  {"collector", actor.user_id},
                  {"collector_name", actor.name},
                  {"payer",
                   {{"kind", payer.kind},
                    {"name", payer.name},
                    {"id_no", payer.id_no},
                    {"address", payer.address}}},
                  {"taxpayer", int64_t{0}},
                  {"lines", lines},
                  {"total", record.total},
                  {"means", record.means},
                  {"means_reference", reference}};
    Replay replay;
    if (replays_) {
      revenue::ReceiptInput input;
      input.org = setup_.org;
      input.entry_id = draft.entry_id;
      input.book = book.id;
      input.number = record.number;
      input.date = date.ToIso();
      input.payer = {payer.kind, payer.name, payer.id_no, payer.address};
      for (const ReceiptLine& line : record.lines) {
        input.lines.push_back(
            {line.item->code, line.description, Money::FromSatang(line.amount).FormatPlain(), 0});
      }
      input.means = record.means;
      input.means_reference = reference;
      replay = [input, actor](revenue::RevenueService& s) {
        Expect(s.IssueReceipt(input, actor).status(), "IssueReceipt");
      };
    }
    record.id = Emit(std::move(draft), std::move(replay));
    return record;
  }

  RemittanceRecord Remit(int collector, Date date, const std::vector<ReceiptRecord>& receipts) {
    const Actor& actor = staff_.collectors[collector];
    RemittanceRecord record;
    record.collector_name = actor.name;
    std::vector<int64_t> ids;
    std::vector<std::pair<std::string, int64_t>> numbers;
    for (const ReceiptRecord& receipt : receipts) {  // in log order: ids ascending
      ids.push_back(receipt.id);
      numbers.emplace_back(receipt.book_no, receipt.number);
      for (const ReceiptLine& line : receipt.lines) {
        ItemSum& sum = record.items[{line.item->code, line.item->account}];
        sum.item = line.item->code;
        sum.item_name = line.item->name_th;
        sum.account = line.item->account;
        sum.amount += line.amount;
      }
      int64_t& bucket = receipt.means == "cash"     ? record.cash
                        : receipt.means == "cheque" ? record.cheque
                                                    : record.other;
      bucket += receipt.total;
      record.total += receipt.total;
    }
    ledger::EntryDraft draft = Draft("rev.remittance", date, actor);
    draft.number_series = {revenue::kRemittanceSeries};
    draft.body = {{"collector", actor.user_id},
                  {"collector_name", actor.name},
                  {"to_org", setup_.org},
                  {"to_org_name", setup_.org_name},
                  {"received_by", staff_.finance.name},
                  {"receipts", json(ids)},
                  {"ranges", NumberRanges(numbers)},
                  {"items", ItemsJson(record.items)},
                  {"cash", record.cash},
                  {"cheque", record.cheque},
                  {"other", record.other},
                  {"total", record.total}};
    revenue::RemittanceInput input{setup_.org, draft.entry_id,     date.ToIso(), ids,
                                   0,          staff_.finance.name};
    record.id = Emit(std::move(draft), [input, actor](revenue::RevenueService& s) {
      Expect(s.Remit(input, actor).status(), "Remit");
    });
    record.number = ++remittance_number_;
    return record;
  }

  // Returns the cash side (cash and cheques), to be deposited the next working day.
  int64_t Summarise(Date date, const std::vector<RemittanceRecord>& remittances) {
    ItemSums items;
    json slips = json::array();
    int64_t cash_side = 0, other_side = 0, total = 0;
    std::vector<std::pair<int64_t, int64_t>> keys;
    for (const RemittanceRecord& remittance : remittances) {  // ids ascending
      for (const auto& [key, item] : remittance.items) {
        ItemSum& sum = items[key];
        sum.item = item.item;
        sum.item_name = item.item_name;
        sum.account = item.account;
        sum.amount += item.amount;
      }
      cash_side += remittance.cash + remittance.cheque;
      other_side += remittance.other;
      total += remittance.total;
      slips.push_back(
          {{"org", setup_.org},
           {"id", remittance.id},
           {"number_text", revenue::RemittanceNumberText(remittance.number, FiscalYearOf(date))},
           {"collector_name", remittance.collector_name},
           {"org_name", setup_.org_name},
           {"cash", remittance.cash},
           {"cheque", remittance.cheque},
           {"other", remittance.other},
           {"total", remittance.total}});
      keys.emplace_back(setup_.org, remittance.id);
    }
    ledger::EntryDraft draft = Draft("rev.summary", date, staff_.finance);
    draft.number_series = {revenue::kSummarySeries, revenue::kReceiptVoucherSeries};
    if (cash_side > 0) {
      draft.lines.push_back({revenue::kCashAccount, Money::FromSatang(cash_side), Money()});
    }
    int64_t bank_account = 0;
    if (other_side > 0) {  // transfers and QR payments: already in the first account
      bank_account = setup_.banks[0].id;
      draft.lines.push_back({setup_.banks[0].gl_account, Money::FromSatang(other_side), Money()});
    }
    std::map<std::string, int64_t> by_account;
    for (const auto& [key, item] : items) by_account[item.account] += item.amount;
    for (const auto& [account, amount] : by_account) {
      draft.lines.push_back({account, Money(), Money::FromSatang(amount)});
    }
    draft.body = {{"remittances", slips},
                  {"items", ItemsJson(items)},
                  {"total", total},
                  {"description", "รับเงินตามใบนำส่งเงินประจำวัน"}};
    if (bank_account != 0) draft.body["bank_account"] = bank_account;
    revenue::SummaryInput input{setup_.org, draft.entry_id, date.ToIso(), keys, "", 0};
    const Actor finance = staff_.finance;
    Emit(std::move(draft), [input, finance](revenue::RevenueService& s) {
      Expect(s.Summarise(input, finance).status(), "Summarise");
    });
    return cash_side;
  }

  void Deposit(Date date, int64_t amount) {
    const BankInfo& bank = setup_.banks[0];
    const std::string slip = "นฝ-KTB-" + Digits(engine(), 7);
    ledger::EntryDraft draft = Draft("rev.deposit", date, staff_.finance);
    draft.number_series = {revenue::kDepositSeries};
    draft.lines = {{bank.gl_account, Money::FromSatang(amount), Money()},
                   {revenue::kCashAccount, Money(), Money::FromSatang(amount)}};
    draft.body = {{"bank_account", bank.id},
                  {"bank_account_name", bank.display},
                  {"amount", amount},
                  {"reference", slip},
                  {"description", "นำเงินสดฝากธนาคาร"}};
    revenue::DepositInput input{
        setup_.org, draft.entry_id, date.ToIso(), bank.id, Money::FromSatang(amount).FormatPlain(),
        slip};
    const Actor finance = staff_.finance;
    Emit(std::move(draft), [input, finance](revenue::RevenueService& s) {
      Expect(s.Deposit(input, finance).status(), "Deposit");
    });
  }

  void BankReceipt(Date date, const BankRule& rule) {
    const BankInfo& bank = setup_.banks[rule.bank];
    auto item = catalog_.Find(rule.item);
    if (!item.ok()) Die("revenue item " + std::string(rule.item), item.status());
    const int64_t amount = Between(engine(), rule.low_baht * 100, rule.high_baht * 100);
    const std::string description = std::string(rule.description) + " " + MonthText(date);
    const std::string reference = "BANK-ADVICE-" + Digits(engine(), 10);
    ledger::EntryDraft draft = Draft("rev.bank_receipt", date, staff_.finance);
    draft.number_series = {revenue::kReceiptVoucherSeries};
    draft.lines = {{bank.gl_account, Money::FromSatang(amount), Money()},
                   {item->account, Money(), Money::FromSatang(amount)}};
    draft.body = {{"bank_account", bank.id}, {"bank_account_name", bank.display},
                  {"item", item->code},      {"item_name", item->name_th},
                  {"amount", amount},        {"description", description},
                  {"reference", reference}};
    revenue::BankReceiptInput input{setup_.org,   draft.entry_id,
                                    date.ToIso(), bank.id,
                                    item->code,   Money::FromSatang(amount).FormatPlain(),
                                    description,  reference};
    const Actor finance = staff_.finance;
    Emit(std::move(draft), [input, finance](revenue::RevenueService& s) {
      Expect(s.ReceiveInBank(input, finance).status(), "ReceiveInBank");
    });
  }

  const Plan& plan_;
  const SetupInfo& setup_;
  const Staff& staff_;
  const revenue::RevenueCatalog& catalog_;
  FastRandom random_;
  const bool replays_;
  Sink sink_;
  int64_t next_seq_;
  std::vector<BookState> books_;
  int next_book_no_ = 1;
  int64_t remittance_number_ = 0;
  int64_t cash_to_deposit_ = 0;
  std::map<std::string, revenue::RevenueItem> items_;
};

}  // namespace
}  // namespace klang::bench

namespace klang::bench {
namespace {

using Replay = Generator::Replay;

std::vector<ledger::Entry> AllEntries(ledger::Ledger& ledger, int64_t org) {
  std::vector<ledger::Entry> all;
  for (;;) {
    auto page = ledger.List(org, all.empty() ? 0 : all.back().seq, 10'000);
    if (!page.ok()) Die("list entries", page.status());
    if (page->empty()) return all;
    for (auto& entry : *page) all.push_back(std::move(entry));
  }
}

// A small year made both ways — the generator's drafts through Ledger::AppendAll, and the same
// documents entered through RevenueService with the same entry ids and clock — must give the
// same log, entry for entry. Small books (7 receipts) so book changes happen within a day.
void SelfCheck(Reference& ref, const std::filesystem::path& dir) {
  Plan plan;
  plan.collectors = 3;
  plan.book_size = 7;
  plan.days =
      WorkingDays(Date::FromCivil(2025, 10, 1).value(), Date::FromCivil(2025, 10, 17).value());
  std::mt19937_64 engine(7);
  for (DayPlan& day : plan.days) {
    for (int collector = 0; collector < plan.collectors; ++collector) {
      day.receipts.push_back(static_cast<int>(Between(engine, 1, 5)));
    }
  }
  const Staff staff = MakeStaff(plan.collectors);
  FastRandom ids_random(11);
  std::vector<std::string> setup_ids;
  for (int64_t index = 0; index < SetUpEntries(plan.collectors); ++index) {
    setup_ids.push_back(NewUuid(ids_random));
  }
  const std::filesystem::path drafts_path = dir / "daily-selfcheck-drafts.db";
  const std::filesystem::path service_path = dir / "daily-selfcheck-service.db";
  RemoveDatabaseFiles(drafts_path);
  RemoveDatabaseFiles(service_path);
  {
    FastRandom random_a(1), random_b(2);
    Env a = OpenEnv(drafts_path.string(), ref, random_a, true);
    Env b = OpenEnv(service_path.string(), ref, random_b, true);
    const SetupInfo setup = SetUp(a, staff, setup_ids);
    const SetupInfo setup_b = SetUp(b, staff, setup_ids);
    if (setup.org != setup_b.org || setup.banks[1].id != setup_b.banks[1].id) {
      Die("self-check: the two stores were set up differently");
    }
    std::vector<ledger::EntryDraft> drafts;
    std::vector<Replay> replays;
    Generator generator(plan, setup, staff, ref.catalog, SetUpEntries(plan.collectors) + 1, 99,
                        /*replays=*/true, [&](ledger::EntryDraft draft, Replay replay) {
                          drafts.push_back(std::move(draft));
                          replays.push_back(std::move(replay));
                        });
    generator.Run();
    if (SetUpEntries(plan.collectors) + static_cast<int64_t>(drafts.size()) != CountEntries(plan)) {
      Die("self-check: the plan's count disagrees with the generator");
    }
    const int64_t first_seq = SetUpEntries(plan.collectors) + 1;
    auto results = a.ledger->AppendAll(std::move(drafts));
    for (size_t index = 0; index < results.size(); ++index) {
      if (!results[index].ok()) Die("self-check: append a draft", results[index].status());
      if (results[index]->entry.seq != first_seq + static_cast<int64_t>(index)) {
        Die("self-check: an entry got an unexpected seq");
      }
    }
    for (const Replay& replay : replays) replay(*b.service);
    const auto from_drafts = AllEntries(*a.ledger, setup.org);
    const auto from_service = AllEntries(*b.ledger, setup.org);
    if (from_drafts.size() != from_service.size()) {
      Die("self-check: " + std::to_string(from_drafts.size()) + " entries from drafts, " +
          std::to_string(from_service.size()) + " through the service");
    }
    std::set<std::string> kinds;
    for (size_t index = 0; index < from_drafts.size(); ++index) {
      if (from_drafts[index].hash != from_service[index].hash) {
        Note("drafts : " + ledger::CanonicalBytes(from_drafts[index]));
        Note("service: " + ledger::CanonicalBytes(from_service[index]));
        Die("self-check: entry " + std::to_string(from_drafts[index].seq) + " (" +
            from_drafts[index].kind + ") differs from what the service writes");
      }
      kinds.insert(from_drafts[index].kind);
    }
    auto verified = a.ledger->Verify(setup.org);
    if (!verified.ok()) Die("self-check: verify", verified.status());
    if (!verified->ok()) Die("self-check: verify: " + verified->orgs.at(0).problem);
    std::string listed;
    for (const auto& kind : kinds) listed += (listed.empty() ? "" : ", ") + kind;
    Note("self-check: " + std::to_string(from_drafts.size()) +
         " entries identical to the service's (" + listed + ")");
    a.ledger->Stop();
    b.ledger->Stop();
  }
  RemoveDatabaseFiles(drafts_path);
  RemoveDatabaseFiles(service_path);
}

void BuildDataset(const std::filesystem::path& path, int64_t entries, Reference& ref) {
  RemoveDatabaseFiles(path);
  FastRandom random(20251001);
  Env env = OpenEnv(path.string(), ref, random, true);
  const Staff staff = MakeStaff(kCollectors);
  const SetupInfo setup = SetUp(env, staff, {});
  const Plan plan = MakePlan(entries, kCollectors, 2569);
  const auto head = env.ledger->GetHead(setup.org);
  if (!head.ok() || head->seq != SetUpEntries(kCollectors)) Die("unexpected set-up entries");
  const auto start = std::chrono::steady_clock::now();
  std::vector<ledger::EntryDraft> chunk;
  int64_t appended = head->seq;
  int64_t reported = 0;
  auto flush = [&] {
    if (chunk.empty()) return;
    const int64_t first_seq = appended + 1;
    auto results = env.ledger->AppendAll(std::move(chunk));
    chunk.clear();
    for (size_t index = 0; index < results.size(); ++index) {
      if (!results[index].ok()) Die("append while building the dataset", results[index].status());
      // Remittances name their receipts by seq: the log must be exactly in generation order.
      if (results[index]->entry.seq != first_seq + static_cast<int64_t>(index)) {
        Die("an entry got seq " + std::to_string(results[index]->entry.seq) + ", expected " +
            std::to_string(first_seq + static_cast<int64_t>(index)));
      }
    }
    appended += static_cast<int64_t>(results.size());
    if (appended - reported >= 100'000 || appended == entries) {
      reported = appended;
      Note("dataset: " + std::to_string(appended) + " entries appended (" +
           std::to_string(static_cast<int>(SecondsSince(start))) + " s)");
    }
  };
  Generator generator(plan, setup, staff, ref.catalog, head->seq + 1, 2569, /*replays=*/false,
                      [&](ledger::EntryDraft draft, Replay) {
                        chunk.push_back(std::move(draft));
                        if (chunk.size() == kBuildChunkDrafts) flush();
                      });
  generator.Run();
  flush();
  if (appended != entries) {
    Die("built " + std::to_string(appended) + " entries, wanted " + std::to_string(entries));
  }
  const auto verify_start = std::chrono::steady_clock::now();
  auto verified = env.ledger->Verify(setup.org);
  if (!verified.ok()) Die("verify the dataset", verified.status());
  if (!verified->ok()) Die("verify the dataset: " + verified->orgs.at(0).problem);
  Note("dataset: verified (chain and projections) in " +
       std::to_string(static_cast<int>(SecondsSince(verify_start))) + " s");
  env.ledger->Stop();
  auto lease = env.db->Acquire();
  if (!lease.ok()) Die("acquire", lease.status());
  Check((*lease)->ExecuteScript(
            "CREATE TABLE bench_meta (org INTEGER, entries INTEGER, version INTEGER);"
            "INSERT INTO bench_meta VALUES (" +
            std::to_string(setup.org) + ", " + std::to_string(entries) + ", " +
            std::to_string(kDatasetVersion) +
            ");"
            "PRAGMA wal_checkpoint(TRUNCATE);"),
        "write bench_meta");
}

// The organisation of a finished dataset, or 0 when the file is not one (half-built, stale).
int64_t FinishedOrg(store::Db& db, int64_t entries) {
  auto lease = db.Acquire();
  if (!lease.ok()) Die("acquire", lease.status());
  auto tables = (*lease)->Query("SELECT count(*) FROM sqlite_schema WHERE name = 'bench_meta'");
  if (!tables.ok()) Die("read the schema", tables.status());
  if ((*tables)[0].Int(0) == 0) return 0;
  auto rows = (*lease)->Query("SELECT org, entries, version FROM bench_meta");
  if (!rows.ok()) Die("read bench_meta", rows.status());
  if (rows->size() != 1 || (*rows)[0].Int(1) != entries || (*rows)[0].Int(2) != kDatasetVersion) {
    return 0;
  }
  return (*rows)[0].Int(0);
}

struct Dataset {
  Env env;
  int64_t org = 0;
};

Dataset OpenOrBuild(const std::string& dir, int64_t entries, Reference& ref, Random& random) {
  std::filesystem::create_directories(dir);
  const std::filesystem::path path =
      std::filesystem::path(dir) /
      ("daily-" + std::to_string(entries) + "-v" + std::to_string(kDatasetVersion) + ".db");
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (std::filesystem::exists(path)) {
      Dataset dataset;
      dataset.env = OpenEnv(path.string(), ref, random, false);
      dataset.org = FinishedOrg(*dataset.env.db, entries);
      if (dataset.org != 0) return dataset;
      Note(path.string() + " is not a finished dataset: rebuilding it");
      Close(dataset.env);
      RemoveDatabaseFiles(path);
    }
    Note("building the " + std::to_string(entries) + "-entry revenue-year dataset at " +
         path.string() + " (once; later runs reuse it)");
    const auto start = std::chrono::steady_clock::now();
    SelfCheck(ref, dir);
    const std::filesystem::path building = path.string() + ".building";
    BuildDataset(building, entries, ref);  // closes the database before returning
    std::filesystem::rename(building, path);
    RemoveDatabaseFiles(building);
    Note("dataset built in " + std::to_string(static_cast<int>(SecondsSince(start))) + " s");
  }
  Die("could not build " + path.string());
}

// ---------------------------------------------------------------------------------------------
// The baseline: the same cash and bank figures from a scan of the whole log.

struct CashAndBank {
  Money cash_brought_forward, cash_received, cash_deposited, cash_other_out, cash_carried_forward;
  Money bank_brought_forward, bank_deposits, bank_payments, bank_carried_forward;
  std::map<int64_t, Money> bank_carried_by_account;  // registered bank account -> balance
};

CashAndBank NaiveScan(ledger::Ledger& ledger, int64_t org, Date day, int64_t* scanned) {
  const std::set<std::string> bank_gl = {revenue::BankGlAccount("savings"),
                                         revenue::BankGlAccount("current"),
                                         revenue::BankGlAccount("fixed")};
  CashAndBank out;
  Money cash_out;
  std::map<int64_t, std::string> account_gl;  // bank account id -> its GL account
  int64_t after = 0;
  *scanned = 0;
  for (;;) {
    auto page = ledger.List(org, after, 10'000);
    if (!page.ok()) Die("list entries", page.status());
    if (page->empty()) break;
    for (const ledger::Entry& entry : *page) {
      after = entry.seq;
      ++*scanned;
      if (entry.kind == "rev.bank_account") {
        account_gl[entry.seq] = entry.body.value("gl_account", std::string());
        out.bank_carried_by_account[entry.seq] = Money();
      }
      if (entry.posting_date > day) continue;
      const bool before = entry.posting_date < day;
      const auto named = entry.body.find("bank_account");
      const int64_t bank_account =
          named != entry.body.end() && named->is_number_integer() ? named->get<int64_t>() : 0;
      for (const ledger::Line& line : entry.lines) {
        if (line.account == revenue::kCashAccount) {
          if (before) {
            out.cash_brought_forward += line.debit - line.credit;
          } else {
            out.cash_received += line.debit;
            cash_out += line.credit;
          }
        } else if (bank_gl.count(line.account)) {
          if (before) {
            out.bank_brought_forward += line.debit - line.credit;
          } else {
            out.bank_deposits += line.debit;
            out.bank_payments += line.credit;
          }
          auto gl = account_gl.find(bank_account);
          if (gl != account_gl.end() && gl->second == line.account) {
            out.bank_carried_by_account[bank_account] += line.debit - line.credit;
          }
        }
      }
      if (entry.kind == "rev.deposit" && entry.document_date == day) {
        out.cash_deposited += Money::FromSatang(entry.body.value("amount", int64_t{0}));
      }
    }
  }
  out.cash_other_out = cash_out - out.cash_deposited;
  out.cash_carried_forward =
      out.cash_brought_forward + out.cash_received - out.cash_deposited - out.cash_other_out;
  out.bank_carried_forward = out.bank_brought_forward + out.bank_deposits - out.bank_payments;
  return out;
}

void CompareWithReport(const CashAndBank& naive, const revenue::DailyStatus& report) {
  std::vector<std::string> differences;
  auto same = [&](const char* what, Money a, Money b) {
    if (a != b)
      differences.push_back(std::string(what) + ": scan " + a.Format() + ", report " + b.Format());
  };
  same("cash brought forward", naive.cash_brought_forward, report.cash_brought_forward);
  same("cash received", naive.cash_received, report.cash_received);
  same("cash deposited", naive.cash_deposited, report.cash_deposited);
  same("cash other out", naive.cash_other_out, report.cash_other_out);
  same("cash carried forward", naive.cash_carried_forward, report.cash_carried_forward);
  same("bank brought forward", naive.bank_brought_forward, report.bank_brought_forward);
  same("bank deposits", naive.bank_deposits, report.bank_deposits);
  same("bank payments", naive.bank_payments, report.bank_payments);
  same("bank carried forward", naive.bank_carried_forward, report.bank_carried_forward);
  if (naive.bank_carried_by_account.size() != report.banks.size()) {
    differences.push_back("number of bank accounts");
  } else {
    for (const auto& bank : report.banks) {
      auto found = naive.bank_carried_by_account.find(bank.id);
      if (found == naive.bank_carried_by_account.end()) {
        differences.push_back("bank account " + std::to_string(bank.id) + " missing");
      } else {
        same("bank account carried forward", found->second, bank.carried_forward);
      }
    }
  }
  if (!differences.empty()) {
    for (const auto& difference : differences) Note(difference);
    Die("the daily status report and the scan of the log disagree");
  }
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) {
  using namespace klang;
  using namespace klang::bench;
  Flags flags(argc, argv);
  const std::string data_dir = flags.String("data-dir", "");
  if (data_dir.empty()) Die("--data-dir is required");
  const int64_t entries = flags.Int("entries", 1'000'000);
  const int runs = static_cast<int>(flags.Int("runs", 21));
  const int naive_runs = static_cast<int>(flags.Int("naive-runs", 3));
  const auto day = Date::ParseIso(flags.String("day", "2026-09-15"));
  if (!day.ok() || FiscalYearOf(*day) != kFiscalYear) Die("--day must be a date in FY 2569");
  if (runs < 1 || naive_runs < 1) Die("--runs and --naive-runs must be at least 1");

  std::unique_ptr<Reference> ref = LoadReference();
  FastRandom random(1);
  Dataset dataset = OpenOrBuild(data_dir, entries, *ref, random);
  ledger::Ledger& ledger = *dataset.env.ledger;  // read-only use: not started
  revenue::RevenueService& service = *dataset.env.service;

  int64_t org_entries = 0;
  {
    auto lease = dataset.env.db->Acquire();
    if (!lease.ok()) Die("acquire", lease.status());
    auto rows =
        (*lease)->Query("SELECT COUNT(*) FROM ledger_entries WHERE org_id = $1", {dataset.org});
    if (!rows.ok()) Die("count entries", rows.status());
    org_entries = (*rows)[0].Int(0);
  }
  PrintResult("daily_report_org_entries", static_cast<double>(org_entries), "entries");

  // The figure: the report for the day, warm cache (one unmeasured run first).
  std::vector<double> milliseconds;
  revenue::DailyStatus report;
  for (int run = 0; run <= runs; ++run) {
    const auto start = std::chrono::steady_clock::now();
    auto status = service.DailyStatusOn(dataset.org, *day);
    const double elapsed = SecondsSince(start) * 1000;
    if (!status.ok()) Die("daily status", status.status());
    report = std::move(status).value();
    if (run > 0) milliseconds.push_back(elapsed);
  }
  Note("report for " + day->ToIso() + ": cash b/f " + report.cash_brought_forward.Format() +
       ", received " + report.cash_received.Format() + ", deposited " +
       report.cash_deposited.Format() + ", c/f " + report.cash_carried_forward.Format() +
       "; bank b/f " + report.bank_brought_forward.Format() + ", in " +
       report.bank_deposits.Format() + ", c/f " + report.bank_carried_forward.Format() + " (" +
       std::to_string(report.banks.size()) + " accounts, unattributed " +
       report.bank_unattributed.Format() + "); receipts not remitted " +
       std::to_string(report.receipts_not_remitted));
  if (report.banks.size() != 2 || !report.bank_unattributed.is_zero() ||
      !report.cash_carried_forward.is_positive() || !report.bank_carried_forward.is_positive()) {
    Die("the daily status report does not look like the dataset's");
  }
  const double figure = Median(milliseconds);
  Note("daily_report_1m_ms: median of " + std::to_string(runs) + " runs, min " +
       std::to_string(*std::min_element(milliseconds.begin(), milliseconds.end())) + " ms, max " +
       std::to_string(*std::max_element(milliseconds.begin(), milliseconds.end())) + " ms");
  PrintResult("daily_report_1m_ms", figure, "ms", 3);

  // The baseline: the same cash and bank figures from a scan of the whole log.
  std::vector<double> naive_milliseconds;
  for (int run = 0; run <= naive_runs; ++run) {
    int64_t scanned = 0;
    const auto start = std::chrono::steady_clock::now();
    const CashAndBank naive = NaiveScan(ledger, dataset.org, *day, &scanned);
    const double elapsed = SecondsSince(start) * 1000;
    if (scanned != org_entries) Die("the scan did not read every entry");
    CompareWithReport(naive, report);
    if (run > 0) naive_milliseconds.push_back(elapsed);
  }
  const double baseline = Median(naive_milliseconds);
  Note("daily_report_naive_scan_ms: Ledger::List over " + std::to_string(org_entries) +
       " entries, median of " + std::to_string(naive_runs) +
       " runs after one unmeasured run; same cash and bank figures as the report");
  PrintResult("daily_report_naive_scan_ms", baseline, "ms", 1);
  PrintResult("daily_report_speedup_x", baseline / figure, "x", 1);
  return 0;
}
