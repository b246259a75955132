// bench_http_book — the book `bench/run http` drives over HTTP (issue 20, item 3): `--laos` LAOs
// (64) each with `--units` units (15), so 1,024 organisations that keep books, made through the
// demo's own code (cli/demo_internal.h: the LAO's staff, a bank account for each organisation)
// in a fresh store, and a receipt book of 10,000 numbers (the most a book may hold) registered and issued to each LAO's
// collector. The staff share one password, hashed at libsodium's minimum cost (as
// bench_national's). Writes
//   --users FILE   one line per LAO: lao, accountant, collector, receipt book, its first number
//   --orgs FILE    one line per organisation: org, its LAO, its bank account
// for bench/http_peak.py.
//
//   bench_http_book --data DIR | --db URL  --users FILE --orgs FILE [--laos=64] [--units=15]
//                   [--password=…] [--threads=8]
#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "bench/bench_util.h"
#include "cli/app.h"
#include "cli/demo_internal.h"

namespace klang::bench {
namespace {

constexpr int64_t kBookReceipts = 10'000;  // the most one book may hold

struct Made {
  cli::DemoLao lao;
  std::string collector;
  int64_t book = 0;
};

Result<Made> MakeLao(cli::App& a, int64_t province, int index, int units, const std::string& password, Date first_day) {
  Made made;
  cli::DemoLaoShape shape;
  shape.parent = province;
  shape.type = org::OrgType::kSao;
  shape.code = "H" + std::to_string(index + 1);
  shape.place = "ทดสอบ" + std::to_string(index + 1);
  shape.name = "องค์การบริหารส่วนตำบล" + shape.place;
  shape.units = units;
  shape.password = password;
  KLANG_ASSIGN_OR_RETURN(made.lao, cli::CreateDemoLao(a, shape, first_day));
  made.collector = "collector" + std::to_string(made.lao.lao.id);
  KLANG_ASSIGN_OR_RETURN(revenue::Book book,
                         a.revenue().RegisterBook({made.lao.lao.id, "", "001", 1, kBookReceipts, first_day.ToIso()},
                                                  made.lao.finance));
  KLANG_RETURN_IF_ERROR(
      a.revenue().IssueBook(made.lao.lao.id, book.id, made.lao.collector, first_day.ToIso(), "", made.lao.finance).status());
  made.book = book.id;
  return made;
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) {
  using namespace klang;
  using namespace klang::bench;
  Flags flags(argc, argv);
  const cli::Location location{flags.String("data", ""), flags.String("db", "")};
  const int laos = static_cast<int>(flags.Int("laos", 64));
  const int units = static_cast<int>(flags.Int("units", 15));
  const std::string password = flags.String("password", "bench-http-2569-x");
  const int threads = static_cast<int>(flags.Int("threads", 8));
  const std::string users_file = flags.String("users", ""), orgs_file = flags.String("orgs", "");
  if (users_file.empty() || orgs_file.empty()) Die("--users=FILE and --orgs=FILE are required");
  auth::AuthOptions auth;
  auth.password_hash_cost = auth::PasswordHashCost::kMinimum;
  auto opened = cli::App::Open(location, /*create=*/false, std::nullopt, auth);
  if (!opened.ok()) Die("open (klang init first)", opened.status());
  cli::App& a = **opened;
  auto all = a.orgs().List();
  if (!all.ok() || all->size() != 1) Die("the store must hold only the DLA (a fresh klang init)");
  auto province = a.orgs().Create(all->front().id, org::OrgType::kProvince, "P40", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น");
  if (!province.ok()) Die("province", province.status());
  const Date first_day = FiscalYearStart(FiscalYearOf(a.clock().TodayInThailand()));

  std::vector<Made> made(static_cast<size_t>(laos));
  std::atomic<int> next{0};
  std::mutex failure_mutex;
  std::optional<Status> failure;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = next++; i < laos; i = next++) {
        auto one = MakeLao(a, province->id, i, units, password, first_day);
        if (!one.ok()) {
          std::lock_guard lock(failure_mutex);
          if (!failure) failure = one.status();
          next = laos;
          return;
        }
        made[static_cast<size_t>(i)] = std::move(one).value();
      }
    });
  }
  for (auto& thread : pool) thread.join();
  if (failure) Die("LAO", *failure);
  std::ofstream users(users_file), orgs(orgs_file);
  size_t organisations = 0;
  for (const Made& one : made) {
    users << one.lao.lao.id << '\t' << one.lao.clerk << '\t' << one.collector << '\t' << one.book << "\t1\n";
    orgs << one.lao.lao.id << '\t' << one.lao.lao.id << '\t' << one.lao.bank.id << '\n';
    for (size_t u = 0; u < one.lao.units.size(); ++u) {
      orgs << one.lao.units[u].id << '\t' << one.lao.lao.id << '\t' << one.lao.unit_banks[u].id << '\n';
    }
    organisations += 1 + one.lao.units.size();
  }
  Note(std::to_string(laos) + " LAOs, " + std::to_string(organisations) + " organisations in " +
       std::to_string(static_cast<int>(SecondsSince(start))) + " s");
  if (!users.good() || !orgs.good()) Die("could not write the users or orgs file");
  return 0;
}
