#include "closing/checks.h"

#include "core/thai.h"

namespace klang::closing {
namespace {

constexpr int64_t kMillisPerSecond = 1000;

Date ThaiDayOfMillis(int64_t unix_millis) { return ThaiDateFromUnixSeconds(unix_millis / kMillisPerSecond); }

const char kContinuityTh[] = "ทะเบียนระบบขัดข้องและเอกสารที่รอตรวจสอบ";

}  // namespace

MonthCheck ContinuityMonthCheck(sync::ContinuityService& continuity, const sync::DocumentKinds& kinds) {
  return [&continuity, &kinds](int64_t org, const Month& month) -> Result<std::vector<Difference>> {
    std::vector<Difference> differences;
    KLANG_ASSIGN_OR_RETURN(std::vector<sync::Outage> outages, continuity.Outages(org));
    for (const auto& outage : outages) {
      const Date started = ThaiDayOfMillis(outage.started_at_ms);
      if (started > month.Last()) continue;
      const std::string since = "ระบบขัดข้องตั้งแต่วันที่ " + FormatThaiDateLong(started);
      if (outage.ended_at_ms == 0) {
        differences.push_back({"continuity.outage_open", kContinuityTh,
                               since + " ยังไม่ได้บันทึกว่าระบบกลับมาใช้งานได้", started.ToIso(), Money()});
      } else if (outage.paper && outage.paper_done_at_ms == 0) {
        differences.push_back({"continuity.paper_open", kContinuityTh,
                               since + " ยังบันทึกเอกสารที่จัดทำด้วยมือไม่ครบ", started.ToIso(), Money()});
      }
      if (outage.documents_awaiting > 0) {
        differences.push_back({"continuity.awaiting_numbers", kContinuityTh,
                               since + ": เอกสาร " + std::to_string(outage.documents_awaiting) +
                                   " ฉบับยังรอเลขที่จากศูนย์",
                               started.ToIso(), Money()});
      }
    }
    KLANG_ASSIGN_OR_RETURN(std::vector<sync::HeldEntry> held, continuity.Held(org, /*open_only=*/true));
    for (const auto& entry : held) {
      if (entry.day > month.Last()) continue;
      differences.push_back({"continuity.held", kContinuityTh,
                             kinds.NameTh(entry.kind) + " เลขที่ชั่วคราว " + entry.provisional +
                                 " รอตรวจสอบ (" + entry.reason_th + ")",
                             entry.day.ToIso(), entry.amount});
    }
    return differences;
  };
}

}  // namespace klang::closing
