// bench_national — the national simulation's load (issue 19, item 6): the real tree shape scaled
// to `--orgs` organisations (the DLA, the 76 provincial offices, an อบจ. in every province, the
// other types of LAO in the country's proportions, and their units), each LAO with its people
// and bank accounts, and one fiscal year (FY 2569) of daily activity generated through the
// services by the code of `klang demo` (cli/demo_internal.h): receipts from the collector's book,
// remittances, summaries and deposits, grants received in the bank, procurement, ฎีกา certified,
// approved and paid, payroll, advances, and the units' general vouchers. Organisations are worked
// on by `--threads` threads at once, as offices work side by side, so the ledger's group commit
// batches them.
//
//   bench_national --db=URL [--orgs=3000] [--threads=32] [--sessions=FILE] [--peak-orgs=100]
//                  [--password=...] [--seed=1]
//
// The store must be initialised (klang init --db URL). Prints
//   national_orgs, national_laos, national_units   the tree as made
//   national_load_s        wall time from the first organisation made to the last entry
//   national_entries       entries in the ledger afterwards
//   national_entries_per_s
//   national_db_bytes      pg_database_size afterwards
//   national_load_rss_bytes  this process's peak resident set
// and writes to `--sessions` the organisations of the HTTP peak (bench/national_peak.py): the first
// unit of `--peak-orgs` LAOs spread over the types, with the LAO's accountant, who posts for it.
//
// The staff's one password is hashed at libsodium's minimum cost (auth::PasswordHashCost): the
// 7,533 people exist so that the books name real users, and Argon2id at the interactive cost
// (about 70 ms each here) would spend some nine minutes of the load's CPU on them.
#include <algorithm>
#include <atomic>
#include <fstream>
#include <mutex>
#include <optional>
#include <thread>

#include "bench/bench_util.h"
#include "cli/app.h"
#include "cli/demo_internal.h"

namespace klang::bench {
namespace {

struct Province {
  const char* code;  // ISO 3166-2:TH without "TH-", as the demo's P40 (ขอนแก่น)
  const char* name;
};
// The 76 provinces with a provincial office of the DLA (Bangkok has none).
constexpr Province kProvinces[] = {
    {"11", "สมุทรปราการ"}, {"12", "นนทบุรี"}, {"13", "ปทุมธานี"}, {"14", "พระนครศรีอยุธยา"}, {"15", "อ่างทอง"},
    {"16", "ลพบุรี"}, {"17", "สิงห์บุรี"}, {"18", "ชัยนาท"}, {"19", "สระบุรี"}, {"20", "ชลบุรี"},
    {"21", "ระยอง"}, {"22", "จันทบุรี"}, {"23", "ตราด"}, {"24", "ฉะเชิงเทรา"}, {"25", "ปราจีนบุรี"},
    {"26", "นครนายก"}, {"27", "สระแก้ว"}, {"30", "นครราชสีมา"}, {"31", "บุรีรัมย์"}, {"32", "สุรินทร์"},
    {"33", "ศรีสะเกษ"}, {"34", "อุบลราชธานี"}, {"35", "ยโสธร"}, {"36", "ชัยภูมิ"}, {"37", "อำนาจเจริญ"},
    {"38", "บึงกาฬ"}, {"39", "หนองบัวลำภู"}, {"40", "ขอนแก่น"}, {"41", "อุดรธานี"}, {"42", "เลย"},
    {"43", "หนองคาย"}, {"44", "มหาสารคาม"}, {"45", "ร้อยเอ็ด"}, {"46", "กาฬสินธุ์"}, {"47", "สกลนคร"},
    {"48", "นครพนม"}, {"49", "มุกดาหาร"}, {"50", "เชียงใหม่"}, {"51", "ลำพูน"}, {"52", "ลำปาง"},
    {"53", "อุตรดิตถ์"}, {"54", "แพร่"}, {"55", "น่าน"}, {"56", "พะเยา"}, {"57", "เชียงราย"},
    {"58", "แม่ฮ่องสอน"}, {"60", "นครสวรรค์"}, {"61", "อุทัยธานี"}, {"62", "กำแพงเพชร"}, {"63", "ตาก"},
    {"64", "สุโขทัย"}, {"65", "พิษณุโลก"}, {"66", "พิจิตร"}, {"67", "เพชรบูรณ์"}, {"70", "ราชบุรี"},
    {"71", "กาญจนบุรี"}, {"72", "สุพรรณบุรี"}, {"73", "นครปฐม"}, {"74", "สมุทรสาคร"}, {"75", "สมุทรสงคราม"},
    {"76", "เพชรบุรี"}, {"77", "ประจวบคีรีขันธ์"}, {"80", "นครศรีธรรมราช"}, {"81", "กระบี่"}, {"82", "พังงา"},
    {"83", "ภูเก็ต"}, {"84", "สุราษฎร์ธานี"}, {"85", "ระนอง"}, {"86", "ชุมพร"}, {"90", "สงขลา"},
    {"91", "สตูล"}, {"92", "ตรัง"}, {"93", "พัทลุง"}, {"94", "ปัตตานี"}, {"95", "ยะลา"},
    {"96", "นราธิวาส"}};
constexpr int kProvinceCount = static_cast<int>(std::size(kProvinces));
static_assert(kProvinceCount == 76);

// The LAOs of the country by type (DLA figures, rounded): one อบจ. per province, 30 เทศบาลนคร,
// 195 เทศบาลเมือง, 2,247 เทศบาลตำบล and 5,300 อบต.; and about 22,000 units beneath them
// (schools, child development centres, ...), shared by weight: a city has more than an อบต.
struct LaoType {
  org::OrgType type;
  int national;
  int unit_weight;
  const char* name_prefix;
  const char* code;  // in the organisation's code (at most 32 bytes in all)
};
constexpr LaoType kLaoTypes[] = {
    {org::OrgType::kPao, kProvinceCount, 8, "องค์การบริหารส่วนจังหวัด", "PAO"},
    {org::OrgType::kCityMunicipality, 30, 12, "เทศบาลนคร", "CITY"},
    {org::OrgType::kTownMunicipality, 195, 6, "เทศบาลเมือง", "TOWN"},
    {org::OrgType::kSubdistrictMunicipality, 2'247, 3, "เทศบาลตำบล", "SUBD"},
    {org::OrgType::kSao, 5'300, 2, "องค์การบริหารส่วนตำบล", "SAO"},
};
constexpr int kNationalUnits = 22'000;
constexpr int kCentreOrgs = 1 + kProvinceCount;  // the DLA and the provincial offices

const char* const kPlaces[] = {"บ้านนา", "โนนสูง", "หนองแวง", "ดอนหัน", "ท่าพระ", "บ้านค้อ", "ศิลา", "โคกสี",
                               "บึงเนียม", "หนองตูม", "นาดี", "ห้วยยาง", "บ้านเหล่า", "โพนทอง", "หนองบัว",
                               "ดอนช้าง", "บ้านแฮด", "คำม่วง", "ท่าศาลา", "บางปลา", "วังน้ำเย็น", "เขาดิน",
                               "ทุ่งใหญ่", "นาเกลือ", "สันทราย", "แม่เหียะ", "หัวหิน", "บ่อพลอย", "ปากพลี",
                               "ลำลูกกา"};

// The place an LAO is named after: its province for an อบจ. or a เทศบาลนคร, otherwise the
// `round`-th place name (numbered once the list is used up).
std::string PlaceOf(const LaoType& type, int province, int round) {
  if (type.type == org::OrgType::kPao || type.type == org::OrgType::kCityMunicipality) {
    return kProvinces[province].name;
  }
  const int places = static_cast<int>(std::size(kPlaces));
  return std::string(kPlaces[round % places]) + (round >= places ? " " + std::to_string(round / places + 1) : "");
}

// Shares `units` among LAOs in proportion to `weights` (the remainder of each share carried on).
std::vector<int> ShareUnits(int units, const std::vector<int>& weights) {
  int64_t total = 0;
  for (int weight : weights) total += weight;
  std::vector<int> shares;
  int64_t cumulative = 0;
  int given = 0;
  for (int weight : weights) {
    cumulative += weight;
    const int upto = static_cast<int>(units * cumulative / total);
    shares.push_back(upto - given);
    given = upto;
  }
  return shares;
}

// The LAOs to make, each with its province, type, name and number of units.
std::vector<cli::DemoLaoShape> Shapes(int orgs, const std::vector<int64_t>& provinces) {
  int national_laos = 0;
  for (const auto& type : kLaoTypes) national_laos += type.national;
  const double scale = static_cast<double>(orgs - kCentreOrgs) / (national_laos + kNationalUnits);
  std::vector<cli::DemoLaoShape> shapes;
  std::vector<int> weights;
  for (const auto& type : kLaoTypes) {
    const int count = type.type == org::OrgType::kPao
                          ? kProvinceCount
                          : std::max(1, static_cast<int>(type.national * scale + 0.5));
    for (int i = 0; i < count; ++i) {
      const int province = i % kProvinceCount, round = i / kProvinceCount;
      cli::DemoLaoShape shape;
      shape.parent = provinces[province];
      shape.type = type.type;
      shape.code = std::string("N") + kProvinces[province].code + "-" + type.code + "-" + std::to_string(round + 1);
      shape.place = PlaceOf(type, province, round);
      shape.name = type.name_prefix + shape.place;
      shapes.push_back(std::move(shape));
      weights.push_back(type.unit_weight);
    }
  }
  // The units left once the LAOs are counted, shared in proportion to the weights.
  const int units = orgs - kCentreOrgs - static_cast<int>(shapes.size());
  if (units < 0) Die("--orgs " + std::to_string(orgs) + " is too few for an อบจ. in every province and the other LAOs");
  const std::vector<int> shares = ShareUnits(units, weights);
  for (size_t i = 0; i < shapes.size(); ++i) shapes[i].units = shares[i];
  return shapes;
}

// The provincial offices under the DLA (the first organisation, made by klang init).
std::vector<int64_t> MakeProvinces(cli::App& a) {
  auto all = a.orgs().List();
  if (!all.ok() || all->empty()) Die("the store is not initialised (klang init --db URL)");
  if (all->size() != 1) Die("the store must hold only the DLA (a fresh klang init)");
  std::vector<int64_t> ids;
  for (const auto& province : kProvinces) {
    auto made = a.orgs().Create(all->front().id, org::OrgType::kProvince, std::string("P") + province.code,
                                std::string("สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด") + province.name);
    if (!made.ok()) Die("province " + std::string(province.name), made.status());
    ids.push_back(made->id);
  }
  return ids;
}

int64_t PeakResidentBytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6)) * 1024;
  }
  return 0;
}

int64_t QueryInt(cli::App& a, const std::string& sql) {
  auto lease = a.db().Acquire();
  if (!lease.ok()) Die("connection", lease.status());
  auto rows = (*lease)->Query(sql, {});
  if (!rows.ok() || rows->empty()) Die(sql, rows.ok() ? Status::NotFound("bench", "no row") : rows.status());
  return (*rows)[0].Int(0);
}

// One LAO of `shape`: made, then its books and each unit's. Returns the entries appended.
Result<size_t> LaoYear(cli::App& a, const cli::DemoLaoShape& shape, uint64_t seed, Date first_day, int days,
                       cli::DemoLao& made) {
  std::mt19937_64 random(seed);
  KLANG_ASSIGN_OR_RETURN(made, cli::CreateDemoLao(a, shape, first_day));
  std::vector<int64_t> orgs = {made.lao.id};
  for (const auto& unit : made.units) orgs.push_back(unit.id);
  size_t entries = 0;
  for (int64_t org : orgs) {
    KLANG_ASSIGN_OR_RETURN(size_t added, cli::DemoBooks(a, made, org, first_day, days, random));
    entries += added;
  }
  return entries;
}

// Works through `shapes` on `threads` threads, progress on stderr every 30 s. The first failure
// stops every thread from taking another LAO; the program then ends with it, once they are joined.
// Returns the LAOs as made, in the order of `shapes`.
std::vector<cli::DemoLao> Load(cli::App& a, const std::vector<cli::DemoLaoShape>& shapes, int threads,
                               uint64_t seed, Date first_day, int days) {
  std::vector<cli::DemoLao> made(shapes.size());
  std::atomic<size_t> next{0}, done{0}, entries{0};
  std::atomic<bool> failed{false};
  std::mutex failure_mutex;
  std::optional<std::pair<std::string, Status>> failure;
  auto work = [&] {
    for (size_t i = next++; i < shapes.size(); i = next++) {
      auto added = LaoYear(a, shapes[i], seed * 1'000'003 + i, first_day, days, made[i]);
      if (!added.ok()) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure.emplace("LAO " + shapes[i].code, added.status());
        failed = true;
        next = shapes.size();
        return;
      }
      entries += *added;
      ++done;
    }
  };
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) pool.emplace_back(work);
  const auto start = std::chrono::steady_clock::now();
  int64_t last_note = 0;
  while (done < shapes.size() && !failed) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    const auto seconds = static_cast<int64_t>(SecondsSince(start));
    if (seconds / 30 != last_note) {
      last_note = seconds / 30;
      Note(std::to_string(done.load()) + " of " + std::to_string(shapes.size()) + " LAOs, " +
           std::to_string(entries.load()) + " entries, " + std::to_string(seconds) + " s");
    }
  }
  for (auto& thread : pool) thread.join();
  if (failure) Die(failure->first, failure->second);
  return made;
}

// The organisations of the HTTP peak: the first unit of `count` LAOs spread evenly over those
// with units (so over the types and provinces), whose general vouchers the LAO's accountant posts
// ("unit<TAB>username<TAB>the unit's bank account").
void WriteSessions(const std::string& path, const std::vector<cli::DemoLao>& made, int count) {
  std::vector<const cli::DemoLao*> with_units;
  for (const auto& lao : made) {
    if (!lao.units.empty()) with_units.push_back(&lao);
  }
  std::ofstream out(path);
  const size_t n = std::min<size_t>(static_cast<size_t>(count), with_units.size());
  for (size_t k = 0; k < n; ++k) {
    const cli::DemoLao& lao = *with_units[k * with_units.size() / n];
    out << lao.units.front().id << '\t' << lao.clerk << '\t' << lao.unit_banks.front().id << '\n';
  }
  if (!out) Die("cannot write " + path);
}

int Main(int argc, char** argv) {
  Flags flags(argc, argv);
  const std::string url = flags.String("db", "");
  if (url.empty()) Die("--db=URL is required");
  const int orgs = static_cast<int>(flags.Int("orgs", 3'000));
  const int threads = static_cast<int>(flags.Int("threads", 32));
  if (threads < 1 || orgs < 1) Die("--threads and --orgs must be at least 1");
  const uint64_t seed = static_cast<uint64_t>(flags.Int("seed", 1));
  const std::string password = flags.String("password", "Klang-national-2569");
  auth::AuthOptions auth;
  auth.password_hash_cost = auth::PasswordHashCost::kMinimum;
  auto opened = cli::App::Open({"", url}, /*create=*/false, std::nullopt, auth);
  if (!opened.ok()) Die("open " + url, opened.status());
  cli::App& a = **opened;

  const auto start = std::chrono::steady_clock::now();
  const std::vector<int64_t> provinces = MakeProvinces(a);
  std::vector<cli::DemoLaoShape> shapes = Shapes(orgs, provinces);
  int units = 0;
  for (auto& shape : shapes) {
    shape.password = password;
    units += shape.units;
  }
  Note(std::to_string(shapes.size()) + " LAOs and " + std::to_string(units) + " units in " +
       std::to_string(kProvinceCount) + " provinces, " + std::to_string(threads) + " threads");
  const Date first_day = FiscalYearStart(kFiscalYear);
  const int days = static_cast<int>(FiscalYearStart(kFiscalYear + 1).DaysSinceEpoch() - first_day.DaysSinceEpoch());
  const std::vector<cli::DemoLao> made = Load(a, shapes, threads, seed, first_day, days);
  const double load_s = SecondsSince(start);
  const int64_t entries = QueryInt(a, "SELECT count(*) FROM ledger_entries");

  PrintResult("national_orgs", kCentreOrgs + static_cast<double>(shapes.size()) + units, "organisations");
  PrintResult("national_laos", static_cast<double>(shapes.size()), "LAOs");
  PrintResult("national_units", units, "units");
  PrintResult("national_load_s", load_s, "s", 1);
  PrintResult("national_entries", static_cast<double>(entries), "entries");
  PrintResult("national_entries_per_s", static_cast<double>(entries) / load_s, "entries/s");
  PrintResult("national_db_bytes", static_cast<double>(QueryInt(a, "SELECT pg_database_size(current_database())")),
              "bytes");
  PrintResult("national_load_rss_bytes", static_cast<double>(PeakResidentBytes()), "bytes");
  const std::string sessions = flags.String("sessions", "");
  if (!sessions.empty()) WriteSessions(sessions, made, static_cast<int>(flags.Int("peak-orgs", 100)));
  return 0;
}

}  // namespace
}  // namespace klang::bench

int main(int argc, char** argv) { return klang::bench::Main(argc, argv); }
