// klang demo --oversight: the demo province's supervision (issue 17), through the real services.
// Beside the demo อบต. that `klang demo` made, three more LAOs of the province keep books in three
// states a provincial office meets — one 10 days behind, one with an outage still open and its paper
// documents not yet entered, one whose budget for this year was never approved — and the office
// (สถ.จ.ขอนแก่น) has two trained staff (ครู ก) each over an area, a mentor LAO, problems raised and
// advised, and a DLA officer who sees every province. Every LAO that produced them has its daily
// financial status report and its accumulated-funds report made (rendered, as a clerk's download
// would) and noted. Prints each user's one-time password as `klang demo` does.
#include <cstdio>

#include "cli/command.h"
#include "cli/demo.h"
#include "cli/demo_internal.h"
#include "closing/statements.h"
#include "reports/closing_documents.h"
#include "reports/render.h"
#include "reports/revenue_documents.h"
#include "reports/trial_balance.h"

namespace klang::cli {
namespace {

constexpr int kDemoOversightDays = 60;  // the new LAOs' books begin this many days before today
constexpr int kBehindDays = 10;         // โนนสูง's last posting
constexpr int kOutageDays = 2;          // หนองแวง's outage began this many days ago

struct Scene {
  int64_t dla = 0, province = 0;
  std::vector<int64_t> current;  // LAOs that keep their books current (the demo อบต.)
  int64_t behind = 0, outage = 0, unapproved = 0;
  revenue::Actor outage_head, unapproved_head;
};

Result<auth::User> DemoUser(App& a, int64_t org, const std::string& login, const std::string& name, const char* role) {
  std::string one_time;
  KLANG_ASSIGN_OR_RETURN(auth::User user, a.auth().CreateUser(org, login, name, role, "", &one_time));
  KLANG_ASSIGN_OR_RETURN(org::Organisation at, a.orgs().Get(org));
  std::printf("%lld\t%s\tuser %s one-time password %s\n", static_cast<long long>(org), at.name.c_str(), login.c_str(),
              one_time.c_str());
  return user;
}

// The reports a finance unit makes: the daily financial status report of its last posting day and
// the accumulated-funds report of the last March or September that is over, each rendered and
// noted as made by `user` of the organisation.
Status MakeReports(App& a, int64_t org, int64_t user) {
  KLANG_ASSIGN_OR_RETURN(oversight::OrgStatus status, a.oversight().StatusOf(org));
  if (!status.ledger.last_posting.valid()) return Status::Ok();
  const Date day = status.ledger.last_posting;
  reports::RevenueSources sources{a.revenue(), a.ledger(), a.orgs(), a.clock()};
  KLANG_ASSIGN_OR_RETURN(revenue::DailyStatus daily, a.revenue().DailyStatusOn(org, day));
  KLANG_RETURN_IF_ERROR(reports::DailyStatusPdf(reports::DailyStatusDocument(sources, org, daily)).status());
  KLANG_RETURN_IF_ERROR(a.oversight().NoteDailyReport(org, org, user, day));
  closing::Month month = closing::Month::Of(a.clock().TodayInThailand()).Previous();
  while (month.month != 3 && month.month != 9) month = month.Previous();
  if (month.Last() < status.ledger.first_posting) return Status::Ok();
  KLANG_ASSIGN_OR_RETURN(closing::Statement funds,
                         a.statements().Make(closing::kAccumulatedFunds, org, month.FiscalYear(), month));
  const reports::RegisterDoc doc = reports::StatementRegister(funds, reports::HeadingFor(a.orgs(), org), a.clock());
  KLANG_RETURN_IF_ERROR(reports::RegisterPdf(doc).status());
  return a.oversight().NoteStatement(org, org, user, closing::kAccumulatedFunds, month.FiscalYear(), month.Iso());
}

// A ledger voucher of one organisation of the demo, with its bank account named on bank lines.
ledger::EntryDraft FeeVoucher(App& a, const DemoLao& demo, Date date, const std::string& description,
                              std::vector<ledger::Line> lines, const char* kind = accounting::kKindVoucher) {
  ledger::EntryDraft draft = VoucherDraft(demo.lao.id, date, description, std::move(lines), "system:demo", a.random(), kind);
  for (const auto& line : draft.lines) {
    if (line.account == demo.bank.gl_account) draft.body["bank_account"] = demo.bank.id;
  }
  return draft;
}

// เทศบาลตำบลดอนหัน: fees banked every day up to yesterday by general vouchers, its months closed,
// and this year's budget drafted but never adopted or approved.
Status UnapprovedBooks(App& a, const DemoLao& demo, Date first_day, std::mt19937_64& random) {
  const Date today = a.clock().TodayInThailand();
  std::vector<ledger::EntryDraft> drafts;
  const Money opening = RandomBaht(random, 500'000, 3'000'000);
  drafts.push_back(FeeVoucher(a, demo, first_day, "ยอดยกมา", {{"1102010", opening, {}}, {"3101010", {}, opening}},
                              accounting::kKindOpening));
  for (Date day = first_day.AddDays(1); day < today; day = day.AddDays(1)) {
    const Money fee = RandomBaht(random, 200, 5'000);
    drafts.push_back(FeeVoucher(a, demo, day, "รับเงินค่าธรรมเนียมเก็บขยะมูลฝอย", {{"1101010", fee, {}}, {"4105010", {}, fee}}));
    drafts.push_back(FeeVoucher(a, demo, day, "นำเงินสดฝากธนาคาร", {{"1102010", fee, {}}, {"1101010", {}, fee}}));
  }
  for (const auto& result : a.ledger().AppendAll(std::move(drafts))) KLANG_RETURN_IF_ERROR(result.status());
  const int year = FiscalYearOf(today);
  budget::BudgetInput input;
  input.org = demo.lao.id;
  input.kind = "annual";
  input.fiscal_year = year;
  input.title = "ร่างเทศบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. " + std::to_string(year);
  input.date = first_day.ToIso();
  input.lines = {{"00111", "533000", "ค่าวัสดุสำนักงาน", "เพื่อจ่ายเป็นค่าจัดซื้อกระดาษ หมึก แฟ้ม", "180,000"}};
  input.estimates = {{"412001", "150,000", "ตามจำนวนครัวเรือนที่ใช้บริการ"}};
  return a.budget().Create(input, demo.head).status();
}

Result<Scene> BuildLaos(App& a, uint64_t seed) {
  Scene scene;
  KLANG_ASSIGN_OR_RETURN(std::vector<org::Organisation> all, a.orgs().List());
  for (const auto& one : all) {
    if (one.type == org::OrgType::kDla) scene.dla = one.id;
    if (one.type == org::OrgType::kProvince && one.code == "P40") scene.province = one.id;
  }
  if (scene.dla == 0 || scene.province == 0) {
    return Status::NotFound("cli.demo_first", "ยังไม่มีจังหวัดตัวอย่าง", "run klang demo first");
  }
  for (const auto& one : all) {
    if (one.parent_id == scene.province && org::IsLao(one.type)) {
      if (one.code.rfind("OVS-", 0) == 0) return Status::Conflict("cli.demo_oversight_twice", "มีข้อมูลตัวอย่างการกำกับดูแลแล้ว");
      scene.current.push_back(one.id);
      KLANG_RETURN_IF_ERROR(a.orgs().SetDistrict(one.id, "เมืองขอนแก่น"));
      for (const auto& unit : a.orgs().Children(one.id)) KLANG_RETURN_IF_ERROR(a.orgs().SetDistrict(unit.id, "เมืองขอนแก่น"));
    }
  }
  std::mt19937_64 random(seed + 17);
  const Date today = a.clock().TodayInThailand();
  const Date first_day = today.AddDays(-kDemoOversightDays);
  auto lao = [&](org::OrgType type, const char* code, const std::string& name, const char* place,
                 const char* district) -> Result<DemoLao> {
    KLANG_ASSIGN_OR_RETURN(DemoLao demo, CreateDemoLao(a, {scene.province, type, code, name, place, 0, ""}, first_day));
    KLANG_RETURN_IF_ERROR(a.orgs().SetDistrict(demo.lao.id, district));
    return demo;
  };
  // โนนสูง: books kept until 10 days ago, its months closed.
  KLANG_ASSIGN_OR_RETURN(DemoLao behind, lao(org::OrgType::kSao, "OVS-1", "องค์การบริหารส่วนตำบลโนนสูง", "โนนสูง", "เมืองขอนแก่น"));
  KLANG_RETURN_IF_ERROR(DemoBooks(a, behind, behind.lao.id, first_day, kDemoOversightDays - kBehindDays + 1, random).status());
  KLANG_RETURN_IF_ERROR(DemoClose(a, behind.lao.id, behind.head, first_day).status());
  KLANG_RETURN_IF_ERROR(MakeReports(a, behind.lao.id, behind.head.user_id));
  scene.behind = behind.lao.id;
  // หนองแวง: current until a power cut two days ago; its paper documents not yet entered.
  KLANG_ASSIGN_OR_RETURN(DemoLao outage, lao(org::OrgType::kSao, "OVS-2", "องค์การบริหารส่วนตำบลหนองแวง", "หนองแวง", "บ้านไผ่"));
  KLANG_RETURN_IF_ERROR(DemoBooks(a, outage, outage.lao.id, first_day, kDemoOversightDays - kOutageDays, random).status());
  KLANG_RETURN_IF_ERROR(DemoClose(a, outage.lao.id, outage.head, first_day).status());
  KLANG_RETURN_IF_ERROR(MakeReports(a, outage.lao.id, outage.head.user_id));
  sync::OutageInput cut{outage.lao.id, "", "power", "ไฟฟ้าดับทั้งตำบลจากพายุ ใช้ใบเสร็จเล่มกระดาษ",
                        today.AddDays(-kOutageDays).ToIso() + "T08:30", "", true};
  KLANG_RETURN_IF_ERROR(a.continuity().Declare(cut, outage.head).status());
  scene.outage = outage.lao.id;
  scene.outage_head = outage.head;
  // ดอนหัน: current books, but this year's budget never approved.
  KLANG_ASSIGN_OR_RETURN(DemoLao unapproved, lao(org::OrgType::kSubdistrictMunicipality, "OVS-3", "เทศบาลตำบลดอนหัน",
                                                 "ดอนหัน", "บ้านไผ่"));
  KLANG_RETURN_IF_ERROR(UnapprovedBooks(a, unapproved, first_day, random));
  KLANG_RETURN_IF_ERROR(DemoClose(a, unapproved.lao.id, unapproved.head, first_day).status());
  KLANG_RETURN_IF_ERROR(MakeReports(a, unapproved.lao.id, unapproved.head.user_id));
  scene.unapproved = unapproved.lao.id;
  scene.unapproved_head = unapproved.head;
  for (int64_t org : scene.current) {
    KLANG_ASSIGN_OR_RETURN(std::vector<auth::User> users, a.auth().UsersOf(org));
    int64_t head = 0;
    for (const auto& user : users) head = user.role == "head_of_finance" ? user.id : head;
    KLANG_RETURN_IF_ERROR(MakeReports(a, org, head));
    for (const auto& unit : a.orgs().Children(org)) KLANG_RETURN_IF_ERROR(MakeReports(a, unit.id, head));
  }
  return scene;
}

// The office's people and records: two trained staff over two areas, a mentor, problems with
// advice, a DLA officer; then the first sweep records every standing.
Status BuildSupervision(App& a, const Scene& scene) {
  KLANG_ASSIGN_OR_RETURN(auth::User kru_a, DemoUser(a, scene.province, "kru" + std::to_string(scene.province),
                                                     "นางสาวกานดา ศรีสุข (ครู ก)", "supervisor"));
  KLANG_ASSIGN_OR_RETURN(auth::User kru_b, DemoUser(a, scene.province, "kru" + std::to_string(scene.province) + "b",
                                                     "นายวิทยา พลเยี่ยม (ครู ก)", "supervisor"));
  KLANG_RETURN_IF_ERROR(DemoUser(a, scene.dla, "dla" + std::to_string(scene.dla), "นางพรทิพย์ วงศ์ใหญ่ (สถ.)",
                                 "supervisor").status());
  const oversight::Officer office{kru_a.id, scene.province, kru_a.display_name};
  KLANG_ASSIGN_OR_RETURN(oversight::Area town, a.oversight().CreateArea(office, scene.province,
                                                                        {"อำเภอเมืองขอนแก่น", kru_a.id, ""}));
  std::vector<int64_t> town_laos = scene.current;
  town_laos.push_back(scene.behind);
  KLANG_RETURN_IF_ERROR(a.oversight().AssignOrgs(office, scene.province, town.id, town_laos).status());
  KLANG_ASSIGN_OR_RETURN(oversight::Area ban_phai, a.oversight().CreateArea(office, scene.province,
                                                                            {"อำเภอบ้านไผ่", kru_b.id, ""}));
  KLANG_RETURN_IF_ERROR(a.oversight().AssignOrgs(office, scene.province, ban_phai.id, {scene.outage, scene.unapproved}).status());
  if (!scene.current.empty()) {
    const Status named = a.oversight().NameMentor(office, scene.province, scene.behind, scene.current.front());
    if (!named.ok()) std::fprintf(stderr, "demo: no mentor named: %s\n", named.message_th().c_str());
  }
  const Date today = a.clock().TodayInThailand();
  const oversight::Officer don_han{scene.unapproved_head.user_id, scene.unapproved, scene.unapproved_head.name};
  KLANG_ASSIGN_OR_RETURN(oversight::Problem budget,
                         a.oversight().RaiseProblem(don_han, scene.unapproved,
                                                    {0, "budget", "สภาเทศบาลยังไม่ได้ให้ความเห็นชอบร่างเทศบัญญัติงบประมาณ จึงบันทึกการอนุมัติในระบบไม่ได้ เบิกจ่ายตามงบประมาณไม่ได้",
                                                     today.AddDays(-12).ToIso()}));
  KLANG_RETURN_IF_ERROR(a.oversight().AddNote(office, scene.province, budget.id, oversight::kNoteAdvice,
                                              "ให้เสนอสภาพิจารณาในสมัยวิสามัญ ระหว่างนี้เบิกจ่ายได้เฉพาะรายจ่ายที่กฎหมายกำหนดให้จ่ายได้ตามงบประมาณปีที่แล้ว").status());
  KLANG_RETURN_IF_ERROR(a.oversight()
                            .RaiseProblem(office, scene.province,
                                          {scene.outage, "outage", "ไฟฟ้าดับทั้งตำบล ออกใบเสร็จด้วยมือ ยังไม่ได้บันทึกเอกสารกระดาษเข้าระบบ", ""})
                            .status());
  KLANG_RETURN_IF_ERROR(a.oversight().SetNudges(office, scene.province, false));
  return a.oversight().Sweep().status();
}

}  // namespace

int DemoOversight(const Location& location, uint64_t seed) {
  auto app = App::Open(location, /*create=*/false);
  if (!app.ok()) return Fail(app.status());
  App& a = **app;
  auto scene = BuildLaos(a, seed);
  if (!scene.ok()) return Fail(scene.status());
  if (Status built = BuildSupervision(a, *scene); !built.ok()) return Fail(built);
  std::printf("Added the demo province's supervision: 3 more LAOs (10 days behind, an open outage with paper "
              "documents pending, a budget never approved), 2 areas with their staff, problems and a DLA officer.\n");
  return 0;
}

}  // namespace klang::cli
