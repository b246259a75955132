// cli/main.cc — the `klang` command.
#include <signal.h>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <atomic>
#include <map>
#include <mutex>
#include <tuple>
#include <random>
#include <thread>

#include "accounting/handlers.h"
#include "cli/app.h"
#include "cli/web.h"
#include "core/thai.h"
#include "reports/handlers.h"
#include "reports/render.h"
#include "reports/trial_balance.h"
#include "sync/time_text.h"

namespace klang::cli {
namespace {

int Fail(const Status& status) {
  std::fprintf(stderr, "klang: %s\n", status.ToString().c_str());
  return status.code() == ErrorCode::kInvalidInput ? 2 : 1;
}

bool Terminal() { return isatty(STDERR_FILENO) != 0; }

// A voucher-series entry drafted directly for the ledger (demo data and test load), dated and
// posted on `date`.
ledger::EntryDraft VoucherDraft(int64_t org, Date date, const std::string& description,
                                std::vector<ledger::Line> lines, const std::string& author,
                                Random& random, const char* kind = "gl.voucher") {
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

int Init(const Location& location) {
  auto app = App::Open(location, /*create=*/true);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  Status chart = a.chart().ImportCsv(ReadFile(App::ResourceDir() + "/data/chart_of_accounts.csv"));
  if (!chart.ok()) return Fail(chart);
  auto existing = a.orgs().List();
  if (!existing.ok()) return Fail(existing.status());
  if (!existing->empty()) {
    std::printf("Klang data already initialised at %s (%zu organisations); nothing changed.\n",
                a.db().description().c_str(), existing->size());
    return 0;
  }
  auto dla = a.orgs().Create(0, org::OrgType::kDla, "DLA", "กรมส่งเสริมการปกครองท้องถิ่น");
  if (!dla.ok()) return Fail(dla.status());
  std::string password;
  auto admin = a.auth().CreateUser(dla->id, "admin", "ผู้ดูแลระบบ", "admin", "", &password);
  if (!admin.ok()) return Fail(admin.status());
  std::printf("Initialised %s\n", a.db().description().c_str());
  std::printf("Administrator: admin\nOne-time password: %s\n", password.c_str());
  std::printf("(You must change it at first login.)\n");
  return 0;
}

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
      {"00111", "532000", "ค่าใช้จ่ายในการเดินทางไปราชการ", "เพื่อจ่ายเป็นค่าเบี้ยเลี้ยง ค่าพาหนะ ค่าที่พัก", "80,000"},
      {"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ หมึก แฟ้ม และวัสดุอื่น", "120,000"},
      {"00111", "534000", "ค่าไฟฟ้า", "เพื่อจ่ายเป็นค่าไฟฟ้าของที่ทำการ", "150,000"},
      {"00111", "541000", "จัดซื้อเครื่องคอมพิวเตอร์สำหรับงานประมวลผล", "จำนวน 2 เครื่อง เครื่องละ 22,000 บาท ตามเกณฑ์ราคากลาง", "44,000"},
      {"00212", "561000", "อุดหนุนอาหารกลางวันโรงเรียน", "อุดหนุนโรงเรียนในเขตตำบล", "1,200,000"},
      {"00312", "542000", "โครงการก่อสร้างถนนคอนกรีตเสริมเหล็ก หมู่ 3", "ขนาดกว้าง 4 เมตร ยาว 400 เมตร หนา 0.15 เมตร", "480,000"},
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

// Realistic, balanced daily activity for demo organisations (deterministic for a seed).
int Demo(const Location& location, int org_count, int days, uint64_t seed) {
  if (org_count < 1 || org_count > 10'000 || days < 1 || days > 3'650) {
    return Fail(Status::InvalidInput("cli.demo_range", "จำนวนไม่ถูกต้อง",
                                     "--orgs 1..10000, --days 1..3650"));
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
  static const char* kNames[] = {"บ้านนา", "โนนสูง", "หนองแวง", "ดอนหัน", "ท่าพระ", "บ้านค้อ",
                                 "ศิลา", "โคกสี", "บึงเนียม", "หนองตูม"};
  const Date today = a.clock().TodayInThailand();
  const Date first_day = today.AddDays(-(days - 1));
  size_t appended = 0;
  for (int index = 0; index < org_count; ++index) {
    const std::string base = kNames[(index + seed + 9) % 10];
    const std::string code = "DEMO-" + std::to_string(seed) + "-" + std::to_string(index + 1);
    auto lao = a.orgs().Create(province, org::OrgType::kSao, code,
                               "องค์การบริหารส่วนตำบล" + base +
                                   (index >= 10 ? " " + std::to_string(index + 1) : ""));
    if (!lao.ok()) return Fail(lao.status());
    auto unit = a.orgs().Create(lao->id, org::OrgType::kUnit, code + "-U1",
                                "ศูนย์พัฒนาเด็กเล็กบ้าน" + base);
    if (!unit.ok()) return Fail(unit.status());
    std::string password;
    auto clerk = a.auth().CreateUser(lao->id, "clerk" + std::to_string(lao->id),
                                     "เจ้าหน้าที่การเงิน " + base, "accountant", "", &password);
    if (!clerk.ok()) return Fail(clerk.status());
    std::printf("%lld\t%s\tuser clerk%lld one-time password %s\n",
                static_cast<long long>(lao->id), lao->name.c_str(),
                static_cast<long long>(lao->id), password.c_str());
    // The people of a day's work: a collector (who holds a receipt book), a finance officer, the
    // head of finance, the planner, the procurement officer, a division clerk who prepares ฎีกา
    // and the chief executive who approves them, the LAO's own administrator of users; and the
    // LAO's bank account.
    std::map<std::string, auth::User> staff;
    for (const auto& [role, login, title] :
         {std::tuple<const char*, const char*, const char*>{"collector", "collector",
                                                            "เจ้าพนักงานจัดเก็บรายได้ "},
          {"finance_officer", "finance", "เจ้าหน้าที่การเงิน "},
          {"head_of_finance", "head", "ผู้อำนวยการกองคลัง "},
          {"planner", "plan", "นักวิเคราะห์นโยบายและแผน "},
          {"procurement_officer", "procure", "เจ้าหน้าที่พัสดุ "},
          {"division_clerk", "office", "เจ้าหน้าที่ธุรการสำนักปลัด "},
          {"chief_executive", "mayor", "นายกองค์การบริหารส่วนตำบล"},
          {"admin", "admin", "ผู้ดูแลระบบ อบต."}}) {
      std::string one_time;
      auto user = a.auth().CreateUser(lao->id, login + std::to_string(lao->id), title + base,
                                      role, "", &one_time);
      if (!user.ok()) return Fail(user.status());
      staff[role] = *user;
      std::printf("%lld\t%s\tuser %s%lld one-time password %s\n",
                  static_cast<long long>(lao->id), lao->name.c_str(), login,
                  static_cast<long long>(lao->id), one_time.c_str());
    }
    const revenue::Actor head{staff["head_of_finance"].id, staff["head_of_finance"].display_name};
    auto bank = a.revenue().OpenBankAccount(
        {lao->id, "", "เงินฝากธนาคารกรุงไทย (บัญชีรายได้)", "ธนาคารกรุงไทย", "สาขา" + base,
         "savings", "981-0-" + std::to_string(10000 + lao->id) + "-1", first_day.ToIso()},
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
      auto add = [&](Date date, const std::string& description,
                     std::vector<ledger::Line> lines, const char* kind = "gl.voucher") {
        drafts.push_back(VoucherDraft(org, date, description, std::move(lines), "system:demo",
                                      a.random(), kind));
      };
      auto baht = [&](int64_t low, int64_t high) {
        return Money::FromSatang(std::uniform_int_distribution<int64_t>(low * 100, high * 100)(random));
      };
      const Money cash0 = baht(2'000, 20'000), bank0 = baht(1'000'000, 9'000'000);
      add(first_day, "ยอดยกมา",
          {{"1101010", cash0, {}}, {"1102010", bank0, {}}, {"3101010", {}, cash0 + bank0}},
          "gl.opening");
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
            {org, "", date.ToIso(), bank->id, amount.FormatPlain(), "ใบนำฝาก " + date.ToIso()}, head);
        if (!deposited.ok()) return Fail(deposited.status());
        ++appended;
      }
      if (Terminal()) std::fprintf(stderr, "\rdemo: %zu entries", appended);
    }
  }
  if (Terminal()) std::fprintf(stderr, "\n");
  std::printf("Added %d demo organisation(s) with %d day(s) of activity: %zu entries.\n",
              org_count, days, appended);
  return 0;
}

int Orgs(const Location& location) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  auto all = (*app)->orgs().List();
  if (!all.ok()) return Fail(all.status());
  for (const auto& one : *all) {
    std::printf("%lld\t%s\t%s\t%s\n", static_cast<long long>(one.id),
                std::string(org::OrgTypeCode(one.type)).c_str(), one.name.c_str(),
                one.parent_id ? std::to_string(one.parent_id).c_str() : "");
  }
  return 0;
}

int Verify(const Location& location) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) {
    std::printf("FAILED: the database cannot be opened: %s\n", app.status().ToString().c_str());
    return 1;
  }
  auto report = (*app)->ledger().Verify({}, [](int64_t checked) {
    if (Terminal()) std::fprintf(stderr, "\rverify: %lld entries", static_cast<long long>(checked));
  });
  if (Terminal()) std::fprintf(stderr, "\r");
  if (!report.ok()) {
    std::printf("FAILED: %s\n", report.status().ToString().c_str());
    return 1;
  }
  if (report->ok()) {
    std::printf("OK: %zu organisation(s), %lld entries; every chain and projection verifies\n",
                report->orgs.size(), static_cast<long long>(report->entries));
    return 0;
  }
  for (const auto& org : report->orgs) {
    if (org.ok) continue;
    std::printf("DAMAGED org=%lld first_bad_seq=%lld: %s\n", static_cast<long long>(org.org),
                static_cast<long long>(org.first_bad_seq), org.problem.c_str());
  }
  return 1;
}

int Rebuild(const Location& location) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  Status status = (*app)->ledger().Rebuild({});
  if (!status.ok()) return Fail(status);
  std::printf("Rebuilt every projection from the log.\n");
  return 0;
}

int Export(const Location& location, int64_t org, const std::string& format) {
  if (format != "ledger" && format != "jsonl") {
    return Fail(Status::InvalidInput("cli.format", "รูปแบบไม่ถูกต้อง", "--format ledger|jsonl"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  auto organisation = a.orgs().Get(org);
  if (!organisation.ok()) return Fail(organisation.status());
  int64_t after = 0;
  for (;;) {
    auto entries = a.ledger().List(org, after, 5'000);
    if (!entries.ok()) return Fail(entries.status());
    if (entries->empty()) break;
    for (const auto& entry : *entries) {
      if (format == "jsonl") {
        nlohmann::json line = {{"entry", ledger::CanonicalJson(entry)}, {"hash", entry.hash}};
        std::cout << line.dump(-1, ' ', false) << '\n';
      } else {
        const auto number = entry.numbers.count(accounting::kVoucherSeries)
                                ? accounting::VoucherNumberText(
                                      entry.numbers.at(accounting::kVoucherSeries),
                                      entry.fiscal_year)
                                : entry.kind;
        std::cout << entry.posting_date.ToIso() << " * " << number << " "
                  << entry.body.value("description", std::string()) << "\n    ; seq:"
                  << entry.seq << " hash:" << entry.hash << "\n";
        for (const auto& line : entry.lines) {
          const Money amount = line.debit.is_zero() ? -line.credit : line.debit;
          std::cout << "    " << line.account << "  " << amount.FormatPlain() << " THB\n";
        }
        std::cout << "\n";
      }
    }
    after = entries->back().seq;
    if (Terminal()) std::fprintf(stderr, "\rexport: %lld entries", static_cast<long long>(after));
  }
  if (Terminal()) std::fprintf(stderr, "\n");
  return std::cout.good() ? 0 : 1;
}

int Report(const Location& location, const std::string& kind, int64_t org,
           const std::string& from_text, const std::string& to_text, const std::string& format,
           const std::string& out) {
  if (kind != "trial-balance") {
    return Fail(Status::InvalidInput("cli.report", "ไม่รู้จักรายงานนี้", "reports: trial-balance"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  const Date today = a.clock().TodayInThailand();
  Date from = FiscalYearStart(FiscalYearOf(today));
  Date to = today;
  if (!from_text.empty()) {
    auto parsed = Date::ParseIso(from_text);
    if (!parsed.ok()) return Fail(parsed.status());
    from = *parsed;
  }
  if (!to_text.empty()) {
    auto parsed = Date::ParseIso(to_text);
    if (!parsed.ok()) return Fail(parsed.status());
    to = *parsed;
  }
  auto report = reports::ComputeTrialBalance(a.ledger(), a.chart(), a.orgs(), org, from, to,
                                             a.clock());
  if (!report.ok()) return Fail(report.status());
  std::string bytes;
  if (format == "csv") {
    bytes = reports::TrialBalanceCsv(*report);
  } else if (format == "xlsx" || format == "pdf") {
    auto rendered = format == "xlsx" ? reports::TrialBalanceXlsx(*report)
                                     : reports::TrialBalancePdf(*report);
    if (!rendered.ok()) return Fail(rendered.status());
    bytes = std::move(rendered).value();
  } else if (format == "html") {
    auto templates = http::Templates::Load(App::ResourceDir() + "/web/templates");
    if (!templates.ok()) return Fail(templates.status());
    http::Request request;  // no session: a standalone page without navigation or forms
    nlohmann::json data = accounting::PageBase(request, a.orgs(), org, "งบทดลอง");
    data["report"] = reports::TrialBalanceJson(*report);
    data["report"]["standalone"] = true;
    auto html = (*templates)->Render("trial_balance", data);
    if (!html.ok()) return Fail(html.status());
    bytes = std::move(html).value();
  } else {
    return Fail(Status::InvalidInput("cli.format", "รูปแบบไม่ถูกต้อง", "--format csv|xlsx|pdf|html"));
  }
  if (out.empty()) {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return std::cout.good() ? 0 : 1;
  }
  std::ofstream file(out, std::ios::binary);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return file.good() ? 0 : 1;
}

int Serve(const Location& location, const std::string& listen, bool secure_cookies,
          const std::optional<EdgeSettings>& edge, const std::string& auth_config) {
  // Block SIGINT/SIGTERM in every thread; the main thread waits for them below.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::optional<auth::SignInConfig> sign_in;
  if (!auth_config.empty()) {
    auto loaded = auth::LoadSignInConfig(auth_config);
    if (!loaded.ok()) return Fail(loaded.status());
    sign_in = std::move(loaded).value();
  }
  auto app = App::Open(location, /*create=*/edge.has_value(), edge);
  if (!app.ok()) return Fail(app.status());
  if (sign_in) {
    if (Status configured = (*app)->ConfigureSignIn(*sign_in); !configured.ok()) {
      return Fail(configured);
    }
  }
  auto web = BuildWebStack(**app, secure_cookies);
  if (!web.ok()) return Fail(web.status());
  http::ServerOptions options;
  const size_t colon = listen.rfind(':');
  options.listen_address = listen.substr(0, colon);
  options.listen_port = static_cast<uint16_t>(std::stoi(listen.substr(colon + 1)));
  options.static_dir = App::ResourceDir() + "/web/static";
  options.secure_cookies = secure_cookies;
  // Catch-up and restore requests carry batches of entries.
  options.body_bytes_max = 8 << 20;
  http::Server server(options, (*web)->router, (*web)->gatekeeper.get());
  Status started = server.Start();
  if (!started.ok()) return Fail(started);
  if ((*app)->edge() != nullptr) (*app)->edge()->Start();
  std::printf("Klang %s %s on http://%s:%u/\n",
              (*app)->edge() != nullptr ? ("edge node " + (*app)->edge()->node()).c_str() : "serving",
              (*app)->db().description().c_str(), options.listen_address.c_str(), server.port());
  std::fflush(stdout);
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  std::printf("Stopping (signal %d)...\n", signal_number);
  if ((*app)->edge() != nullptr) (*app)->edge()->Stop();
  server.Stop();
  return 0;
}

// klang user add — the operator places a user (an organisation's first administrator; the
// administrator then invites the rest on the screens).
int UserAdd(const Location& location, const std::string& action, int64_t org,
            const std::string& username, const std::string& display_name, const std::string& role) {
  if (action != "add") {
    return Fail(Status::InvalidInput("cli.user_action", "คำสั่งไม่ถูกต้อง", "add"));
  }
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  std::string password;
  auto added = (*app)->auth().InviteUserAsOperator(org, username, display_name, role, &password);
  if (!added.ok()) return Fail(added.status());
  std::printf("User %s (%s) of organisation %lld.\nOne-time password: %s\n(It must be changed "
              "at first login.)\n",
              username.c_str(), role.c_str(), static_cast<long long>(org), password.c_str());
  return 0;
}

// klang node add|list|revoke|release — the centre's register of edge nodes.
int Node(const Location& location, const std::string& action, const std::string& name, int64_t org) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  sync::NodeRegistry& nodes = (*app)->nodes();
  if (action == "add") {
    auto credential = nodes.Issue(name, org);
    if (!credential.ok()) return Fail(credential.status());
    std::printf("Node %s for organisation %lld. Its credential (shown once; give it to the node's "
                "operator, e.g. in a file for --credential-file):\n%s\n",
                name.c_str(), static_cast<long long>(org), credential->c_str());
    return 0;
  }
  if (action == "list") {
    auto list = nodes.List();
    if (!list.ok()) return Fail(list.status());
    auto homes = nodes.Homes();
    if (!homes.ok()) return Fail(homes.status());
    for (const auto& node : *list) {
      std::printf("%s\torg %lld\t%s\tlast seen %s\n", node.name.c_str(), static_cast<long long>(node.org),
                  node.revoked() ? "revoked" : "active", sync::FormatThaiMoment(node.last_seen_ms).c_str());
    }
    for (const auto& home : *homes) {
      std::printf("home\torg %lld\t%s\n", static_cast<long long>(home.org), home.node.c_str());
    }
    return 0;
  }
  if (action == "revoke") {
    Status revoked = nodes.Revoke(name, "cli");
    return revoked.ok() ? 0 : Fail(revoked);
  }
  if (action == "release") {
    Status released = nodes.Release(org, "cli");
    if (!released.ok()) return Fail(released);
    std::printf("Organisation %lld is written at the centre again.\n", static_cast<long long>(org));
    return 0;
  }
  return Fail(Status::InvalidInput("cli.node_action", "คำสั่งไม่ถูกต้อง", "add|list|revoke|release"));
}

// klang restore-from-edge: re-supplies a centre that lost entries from this edge node's copy.
int RestoreFromEdge(const Location& location, const EdgeSettings& edge) {
  auto app = App::Open(location, /*create=*/false, edge);
  if (!app.ok()) return Fail(app.status());
  Status restored = (*app)->edge()->RestoreCentre([](const std::string& line) {
    std::printf("%s\n", line.c_str());
    std::fflush(stdout);
  });
  if (!restored.ok()) return Fail(restored);
  std::printf("Restore complete: the centre holds and verifies every entry this node had seen acknowledged.\n");
  return 0;
}

// Load generator for the crash test: appends balanced entries from many threads and prints
// "ACK <org> <seq> <entry id>" only after each append is durable.
int AppendLoad(const Location& location, int org_count, int count, int threads) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  std::vector<int64_t> orgs;
  for (const auto& one : *a.orgs().List()) {
    if (org::KeepsBooks(one.type)) orgs.push_back(one.id);
  }
  if (orgs.empty()) return Fail(Status::NotFound("cli.no_orgs", "ไม่มีหน่วยงาน", "run demo first"));
  if (static_cast<int>(orgs.size()) > org_count) orgs.resize(org_count);
  std::mutex output;
  std::atomic<int> next = 0;
  std::vector<std::thread> workers;
  const Date today = a.clock().TodayInThailand();
  for (int thread = 0; thread < threads; ++thread) {
    workers.emplace_back([&] {
      SystemRandom random;
      for (int index = next++; index < count; index = next++) {
        const Money amount = Money::FromSatang(100 + index);
        ledger::EntryDraft draft =
            VoucherDraft(orgs[index % orgs.size()], today, "load " + std::to_string(index),
                         {{"1101010", amount, {}}, {"4102010", {}, amount}}, "system:load", random);
        auto appended = a.ledger().Append(std::move(draft));
        std::lock_guard lock(output);
        if (appended.ok()) {
          std::printf("ACK %lld %lld %s\n", static_cast<long long>(appended->entry.org),
                      static_cast<long long>(appended->entry.seq), appended->entry.entry_id.c_str());
          std::fflush(stdout);
        } else {
          std::fprintf(stderr, "append failed: %s\n", appended.status().ToString().c_str());
        }
      }
    });
  }
  for (auto& worker : workers) worker.join();
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App cli{"Klang — accounting and treasury for Thai local government"};
  cli.require_subcommand(1);
  Location location;
  auto add_location = [&location](CLI::App* command) {
    command->add_option("--data", location.data_dir, "data folder (SQLite)");
    command->add_option("--db", location.db_url, "PostgreSQL URL instead of --data");
  };
  auto* init = cli.add_subcommand("init", "create a data folder with an administrator");
  add_location(init);
  int org_count = 1, days = 30;
  uint64_t seed = 1;
  auto* demo = cli.add_subcommand("demo", "add demo organisations with balanced activity");
  add_location(demo);
  demo->add_option("--orgs", org_count, "organisations (each with one subordinate unit)");
  demo->add_option("--days", days, "days of activity up to today");
  demo->add_option("--seed", seed, "random seed");
  auto* orgs = cli.add_subcommand("orgs", "list organisations: id, type, name, parent id");
  add_location(orgs);
  std::string listen = "127.0.0.1:8080";
  bool secure_cookies = false;
  auto* serve = cli.add_subcommand("serve", "run the web server");
  add_location(serve);
  serve->add_option("--listen", listen, "address:port");
  serve->add_flag("--secure-cookies", secure_cookies, "mark cookies Secure (behind HTTPS)");
  std::string auth_config;
  serve->add_option("--auth-config", auth_config,
                    "JSON file: the OpenID Connect provider (ThaID) and SMTP server for enrolment")
      ->check(CLI::ExistingFile);
  int64_t org = 0;
  bool edge_mode = false;
  EdgeSettings edge;
  std::string credential_file;
  serve->add_flag("--edge", edge_mode, "run as an edge node of --upstream (SQLite --data only)");
  serve->add_option("--upstream", edge.upstream, "edge: the centre's URL, e.g. http://centre:8080");
  serve->add_option("--org", edge.org, "edge: the LAO this node serves");
  serve->add_option("--credential-file", credential_file, "edge: file holding the node credential");
  serve->add_option("--heartbeat-ms", edge.heartbeat_ms, "edge: milliseconds between heartbeats");
  std::string node_action, node_name;
  auto* node = cli.add_subcommand("node", "edge nodes at the centre: add, list, revoke, release");
  add_location(node);
  node->add_option("action", node_action, "add|list|revoke|release")->required();
  node->add_option("--name", node_name, "node name (letters, digits, -)");
  node->add_option("--org", org, "organisation id (add: the LAO the node serves; release)");
  auto* restore = cli.add_subcommand("restore-from-edge",
                                     "re-supply the centre with what this edge node holds");
  add_location(restore);
  restore->add_option("--upstream", edge.upstream, "the centre's URL (default: as cloned)");
  restore->add_option("--credential-file", credential_file, "node credential (default: as cloned)");
  auto* verify = cli.add_subcommand("verify", "verify every chain and projection");
  add_location(verify);
  auto* rebuild = cli.add_subcommand("rebuild", "rebuild every projection from the log");
  add_location(rebuild);
  std::string user_action, username, display_name, role;
  auto* user = cli.add_subcommand("user", "users: add (an organisation's first administrator)");
  add_location(user);
  user->add_option("action", user_action, "add")->required();
  user->add_option("--org", org, "the user's organisation id");
  user->add_option("--username", username, "login name (a-z 0-9 . _ -)");
  user->add_option("--name", display_name, "display name (Thai)");
  user->add_option("--role", role, "role, as in data/roles.csv (e.g. admin)");
  std::string format;
  auto* export_command = cli.add_subcommand("export", "export an organisation's books");
  add_location(export_command);
  export_command->add_option("--org", org, "organisation id")->required();
  export_command->add_option("--format", format, "ledger|jsonl")->required();
  std::string report_kind, from, to, out;
  auto* report = cli.add_subcommand("report", "produce a report");
  add_location(report);
  report->add_option("kind", report_kind, "trial-balance")->required();
  report->add_option("--org", org, "organisation id")->required();
  report->add_option("--from", from, "first date (ISO)");
  report->add_option("--to", to, "last date (ISO)");
  report->add_option("--format", format, "csv|xlsx|pdf|html")->required();
  report->add_option("--out", out, "output file (default: stdout)");
  int count = 1000, threads = 16;
  auto* append_load = cli.add_subcommand("append-load", "append test load (crash test)");
  add_location(append_load);
  append_load->add_option("--orgs", org_count, "organisations to spread over");
  append_load->add_option("--count", count, "entries");
  append_load->add_option("--threads", threads, "concurrent appenders");
  append_load->group("");  // a test tool: not listed in --help
  CLI11_PARSE(cli, argc, argv);
  if (append_load->parsed()) return AppendLoad(location, org_count, count, threads);
  if (user->parsed()) return UserAdd(location, user_action, org, username, display_name, role);
  if (init->parsed()) return Init(location);
  if (demo->parsed()) return Demo(location, org_count, days, seed);
  if (orgs->parsed()) return Orgs(location);
  auto read_credential = [&credential_file, &edge]() -> bool {
    if (credential_file.empty()) return true;
    std::string text = ReadFile(credential_file);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    edge.credential = text;
    return !text.empty();
  };
  if (serve->parsed()) {
    if (!edge_mode) return Serve(location, listen, secure_cookies, std::nullopt, auth_config);
    if (!location.db_url.empty()) {
      return Fail(Status::InvalidInput("cli.edge_sqlite", "เครื่องของสำนักงานใช้ --data (SQLite)",
                                       "an edge node runs on a --data folder"));
    }
    if (!read_credential()) {
      return Fail(Status::InvalidInput("cli.credential", "อ่านรหัสประจำเครื่องไม่ได้", credential_file));
    }
    return Serve(location, listen, secure_cookies, edge, auth_config);
  }
  if (node->parsed()) return Node(location, node_action, node_name, org);
  if (restore->parsed()) {
    if (!read_credential()) {
      return Fail(Status::InvalidInput("cli.credential", "อ่านรหัสประจำเครื่องไม่ได้", credential_file));
    }
    return RestoreFromEdge(location, edge);
  }
  if (verify->parsed()) return Verify(location);
  if (rebuild->parsed()) return Rebuild(location);
  if (export_command->parsed()) return Export(location, org, format);
  if (report->parsed()) return Report(location, report_kind, org, from, to, format, out);
  return 2;
}

}  // namespace klang::cli

int main(int argc, char** argv) { return klang::cli::Main(argc, argv); }
