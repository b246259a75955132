#include "reports/oversight_documents.h"

#include "closing/periods.h"
#include "core/thai.h"
#include "reports/trial_balance.h"
#include "sync/time_text.h"

namespace klang::reports {
namespace {

using oversight::OrgStatus;

std::string DateThai(Date date) { return date.valid() ? FormatThaiDateShort(date) : "—"; }

std::string MonthThai(const std::string& iso) {
  if (iso.empty()) return "—";
  auto month = closing::Month::Parse(iso);
  return month.ok() ? month->Thai() : iso;
}

std::string CountsLine(const oversight::StandingCounts& counts) {
  std::string line = "ครบถ้วนเป็นปัจจุบัน " + std::to_string(counts.current) + " · ล่าช้า " + std::to_string(counts.behind) +
                     " · ต้องการความช่วยเหลือ " + std::to_string(counts.help);
  if (counts.untracked > 0) line += " · ยังไม่มีบันทึกสถานะ " + std::to_string(counts.untracked);
  return line + " (รวม " + std::to_string(counts.total()) + " แห่ง)";
}

std::string Findings(const OrgStatus& row) {
  std::string text;
  for (const auto& finding : row.assessment.findings) text += (text.empty() ? "" : "; ") + finding.text_th;
  return text;
}

}  // namespace

RegisterDoc CurrencyRegister(const std::vector<OrgStatus>& rows, const OrgHeading& heading,
                             const std::string& subtitle_th, const Clock& clock) {
  RegisterDoc doc;
  doc.org = heading;
  doc.title_th = "สถานะการบันทึกบัญชีขององค์กรปกครองส่วนท้องถิ่น";
  doc.subtitle_th = subtitle_th;
  doc.columns = {{"หน่วยงาน"}, {"อำเภอ"}, {"ผ่านรายการล่าสุด"}, {"ห่าง (วัน)"}, {"ปิดบัญชีถึงเดือน"},
                 {"งบประมาณปีนี้"}, {"ขาดการติดต่อ / กระดาษ / รอตรวจ"}, {"สถานะและเหตุ"}};
  const int this_fy = FiscalYearOf(clock.TodayInThailand());
  oversight::StandingCounts counts;
  for (const OrgStatus& row : rows) {
    counts.Add(row.assessment.standing);
    const bool unit = row.org.type == org::OrgType::kUnit;
    const int64_t lag = row.assessment.measures.count(oversight::Item::kPostingLag)
                            ? row.assessment.measures.at(oversight::Item::kPostingLag)
                            : 0;
    std::string standing(oversight::StandingThai(row.assessment.standing));
    if (!row.assessment.findings.empty()) standing += ": " + Findings(row);
    doc.rows.push_back({unit ? "↳ " + row.org.name + " (" + row.lao_name + ")" : row.org.name, row.org.district,
                        DateThai(row.ledger.last_posting), lag >= oversight::kNeverDays ? "ยังไม่มี" : std::to_string(lag),
                        MonthThai(row.ledger.LastClosedMonth()),
                        row.ledger.budgets_approved.count(this_fy) > 0   ? "อนุมัติแล้ว"
                        : row.ledger.budgets_recorded.count(this_fy) > 0 ? "ยังไม่อนุมัติ"
                                                                         : "ยังไม่บันทึก",
                        std::to_string(row.ledger.open_outages.size()) + " / " + std::to_string(row.ledger.paper_pending.size()) +
                            " / " + std::to_string(row.ledger.held),
                        standing});
  }
  doc.totals = {"รวม " + std::to_string(counts.total()) + " แห่ง", "", "", "", "", "", "", CountsLine(counts)};
  doc.generated_at_th = PrintedAtThai(clock);
  return doc;
}

RegisterDoc ProvincesRegister(const std::vector<oversight::ProvinceSummary>& provinces, const OrgHeading& heading,
                              const Clock& clock) {
  RegisterDoc doc;
  doc.org = heading;
  doc.title_th = "สถานะการบันทึกบัญชีรายจังหวัด";
  doc.subtitle_th = "ณ วันที่ " + FormatThaiDateLong(clock.TodayInThailand());
  doc.columns = {{"จังหวัด (สถ.จ.)"}, {"ครบถ้วนเป็นปัจจุบัน"}, {"ล่าช้า"}, {"ต้องการความช่วยเหลือ"}, {"รวม"},
                 {"ปัญหาที่ยังไม่แก้ไข"}, {"รายงานประจำเดือนล่าสุด"}};
  oversight::StandingCounts all;
  int64_t problems = 0;
  for (const auto& province : provinces) {
    all += province.counts;
    problems += province.open_problems;
    doc.rows.push_back({province.province.name, std::to_string(province.counts.current),
                        std::to_string(province.counts.behind), std::to_string(province.counts.help),
                        std::to_string(province.counts.total()), std::to_string(province.open_problems),
                        MonthThai(province.last_report)});
  }
  doc.totals = {"รวม", std::to_string(all.current), std::to_string(all.behind), std::to_string(all.help),
                std::to_string(all.total()), std::to_string(problems), ""};
  doc.generated_at_th = PrintedAtThai(clock);
  return doc;
}

std::vector<RegisterDoc> MonthlyReportRegisters(const oversight::MonthlyReport& report, const OrgHeading& heading,
                                                const Clock& clock) {
  RegisterDoc summary;
  summary.org = heading;
  summary.title_th = "รายงานผลการสนับสนุนและกำกับดูแลการใช้งานระบบบัญชี ประจำเดือน" + MonthThai(report.month);
  summary.subtitle_th = "เสนอ กรมส่งเสริมการปกครองท้องถิ่น";
  summary.columns = {{"หัวข้อ"}, {"รายละเอียด"}};
  auto add = [&](const std::string& topic, const std::string& text, bool strong = false) {
    if (strong) summary.strong_rows.push_back(summary.rows.size());
    summary.rows.push_back({topic, text.empty() ? "—" : text});
  };
  add("วันที่ประชุม", DateThai(report.meeting_on));
  add("ผู้เข้าประชุม", std::to_string(report.attendees.size()) + " คน", true);
  for (size_t i = 0; i < report.attendees.size(); ++i) add("", std::to_string(i + 1) + ". " + report.attendees[i]);
  add("จำนวน อปท. และหน่วยงานตามสถานะ", "ณ วันที่ " + DateThai(report.counts_as_of), true);
  add("ครบถ้วนเป็นปัจจุบัน", std::to_string(report.counts.current) + " แห่ง");
  add("ล่าช้า", std::to_string(report.counts.behind) + " แห่ง");
  add("ต้องการความช่วยเหลือ", std::to_string(report.counts.help) + " แห่ง");
  if (report.counts.untracked > 0) add("ยังไม่มีบันทึกสถานะ", std::to_string(report.counts.untracked) + " แห่ง");
  add("ปัญหาที่พิจารณาในเดือน", std::to_string(report.problems.size()) + " เรื่อง (รายละเอียดตามตารางปัญหา)", true);
  add("ปัญหาและอุปสรรค", report.obstacles);
  add("ความต้องการ", report.needs);
  add("ข้อเสนอแนะ", report.suggestions);
  summary.signatures = {{"ผู้รายงาน", report.submitted_by}, {"ท้องถิ่นจังหวัด", ""}};
  summary.generated_at_th = report.submitted_at_ms != 0
                                ? "ส่งในระบบเมื่อ " + sync::FormatThaiMoment(report.submitted_at_ms)
                                : PrintedAtThai(clock) + " (ร่าง ยังไม่ได้ส่ง)";

  RegisterDoc problems;
  problems.org = heading;
  problems.title_th = "ตารางปัญหา แนวทางการแก้ไข ประจำเดือน" + MonthThai(report.month);
  // Six columns: the book prints portrait, as its summary does.
  problems.columns = {{"อปท./หน่วยงาน"}, {"ประเภท"}, {"ปัญหา (วันที่แจ้ง)"}, {"คำแนะนำและการติดตาม"},
                      {"การแก้ไข"}, {"สถานะ ณ สิ้นเดือน"}};
  for (size_t i = 0; i < report.problems.size(); ++i) {
    const auto& p = report.problems[i];
    auto raised = Date::ParseIso(p.raised_on);
    problems.rows.push_back({std::to_string(i + 1) + ". " + p.org_name, p.category_th,
                             p.description + " (" + (raised.ok() ? DateThai(*raised) : p.raised_on) + ")", p.advice,
                             p.fix, p.state_th});
  }
  if (problems.rows.empty()) problems.rows.push_back({"ไม่มีปัญหาในเดือนนี้", "", "", "", "", ""});
  problems.generated_at_th = summary.generated_at_th;
  return {summary, problems};
}

}  // namespace klang::reports
