#include "reports/continuity_handlers.h"

#include "accounting/web_kit.h"
#include "core/thai.h"
#include "reports/downloads.h"
#include "reports/render.h"
#include "reports/trial_balance.h"
#include "sync/time_text.h"

namespace klang::reports {
namespace {

using http::Request;
using http::Response;
using sync::SyncWeb;

std::string Plain(Money amount) { return amount.is_zero() ? "" : amount.FormatPlain(); }

std::string MadeAs(const sync::ContinuityDocument& document) {
  if (document.origin == "paper") {
    std::string text = "เอกสารกระดาษ เล่มที่ " + document.paper_book + " เลขที่ " + document.paper_number;
    if (auto date = Date::ParseIso(document.paper_date); date.ok()) {
      text += " ลงวันที่ " + FormatThaiDateShort(*date);
    }
    return text;
  }
  return document.provisional.empty() ? "ส่งแล้ว รอยืนยันจากศูนย์" : "ชั่วคราว " + document.provisional;
}

Response OutageReport(SyncWeb& web, Request& request) {
  const int64_t org = accounting::OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  if (file.format != "pdf" || file.id() == 0) {
    return accounting::Failed(web.base.templates, request,
                              Status::NotFound("report.unknown_document", "ไม่พบเอกสาร", request.path));
  }
  auto outage = web.continuity.GetOutage(org, file.id());
  if (!outage.ok()) return accounting::Failed(web.base.templates, request, outage.status());
  auto documents = web.continuity.Documents(org, "", outage->id);
  if (!documents.ok()) return accounting::Failed(web.base.templates, request, documents.status());
  auto held = web.continuity.Held(org, /*open_only=*/false);
  if (!held.ok()) return accounting::Failed(web.base.templates, request, held.status());
  OutageReportDoc doc;
  doc.org = HeadingFor(web.base.orgs, org);
  doc.title_th = "รายงานการปฏิบัติงานในกรณีที่ระบบบัญชีคอมพิวเตอร์ขัดข้อง";
  doc.report_date_th = "วันที่ " + FormatThaiDateLong(web.base.clock.TodayInThailand());
  doc.facts = {{"สาเหตุ", sync::CauseThai(outage->cause_code) +
                              (outage->cause_th.empty() || outage->cause_th == sync::CauseThai(outage->cause_code)
                                   ? ""
                                   : " — " + outage->cause_th)},
               {"เริ่มขัดข้อง", sync::FormatThaiMoment(outage->started_at_ms)},
               {"กลับมาใช้งานได้", outage->ended_at_ms == 0 ? "ยังขัดข้องอยู่" : sync::FormatThaiMoment(outage->ended_at_ms)}};
  if (outage->ended_at_ms != 0) {
    doc.facts.push_back({"ระยะเวลา", sync::FormatThaiDuration(outage->ended_at_ms - outage->started_at_ms)});
  }
  if (outage->automatic) {
    doc.facts.push_back({"การปฏิบัติงาน", "ทำงานต่อที่เครื่องของสำนักงาน " + outage->node +
                                               " ด้วยเลขที่ชั่วคราว และทะเบียนคุมเลขที่ชั่วคราว"});
  }
  if (outage->paper) {
    doc.facts.push_back({"เอกสารที่จัดทำด้วยมือ",
                         std::to_string(outage->documents_paper) + " ฉบับ" +
                             (outage->paper_done_at_ms == 0
                                  ? " (ยังบันทึกเข้าระบบไม่ครบ)"
                                  : " บันทึกเข้าระบบครบเมื่อ " + sync::FormatThaiMoment(outage->paper_done_at_ms))});
  }
  doc.facts.push_back({"ส่งเข้าศูนย์ครบ", outage->caught_up_at_ms == 0 ? (outage->automatic ? "ยังไม่ครบ" : "-")
                                                                       : sync::FormatThaiMoment(outage->caught_up_at_ms)});
  for (const auto& document : *documents) {
    doc.rows.push_back({web.continuity.kinds().NameTh(document.kind), MadeAs(document),
                        web.continuity.kinds().NumbersText(document.numbers, FiscalYearOf(document.day)),
                        FormatThaiDateShort(document.day), document.amount});
    doc.total = doc.total + document.amount;
  }
  int64_t open_held = 0;
  for (const auto& one : *held) {
    if (one.open()) ++open_held;
  }
  if (outage->documents_awaiting > 0) {
    doc.notes.push_back("ยังมีเอกสาร " + std::to_string(outage->documents_awaiting) +
                        " ฉบับที่รอเลขที่จากศูนย์ (จะได้เลขที่เมื่อเครื่องของสำนักงานเชื่อมต่อศูนย์)");
  }
  if (open_held > 0) {
    doc.notes.push_back("มีเอกสาร " + std::to_string(open_held) +
                        " ฉบับที่ศูนย์รับไว้แต่ยังไม่ลงบัญชี รอผู้อำนวยการกองคลังตรวจสอบ");
  }
  doc.signatures = {{"ผู้รายงาน", ""}, {"ผู้อำนวยการกองคลัง", ""}, {"ปลัด", ""}, {"ผู้บริหารท้องถิ่น (ทราบ)", ""}};
  doc.integrity_line = "ระบบขัดข้อง ลำดับที่ " + std::to_string(outage->id) + " · " + PrintedAtThai(web.base.clock);
  return PdfDownload(request, web.base.templates, OutageReportPdf(doc),
                     "รายงานระบบขัดข้อง-" + std::to_string(outage->id));
}

Response RegisterDownload(SyncWeb& web, Request& request) {
  const int64_t org = accounting::OrgParam(request);
  const FileParam file = ParseFileParam(request.PathParam("file"));
  if (file.name != "provisional" && file.name != "paper") {
    return accounting::Failed(web.base.templates, request,
                              Status::NotFound("report.unknown_document", "ไม่พบเอกสาร", request.path));
  }
  const bool paper = file.name == "paper";
  auto documents = web.continuity.Documents(org, paper ? "paper" : "edge", 0);
  if (!documents.ok()) return accounting::Failed(web.base.templates, request, documents.status());
  RegisterDoc doc;
  doc.org = HeadingFor(web.base.orgs, org);
  doc.title_th = paper ? "ทะเบียนเอกสารที่จัดทำด้วยมือ (บันทึกย้อนหลัง)" : "ทะเบียนคุมเลขที่ชั่วคราว";
  doc.generated_at_th = PrintedAtThai(web.base.clock);
  doc.columns = {{paper ? "เล่มที่/เลขที่ และวันที่ (เอกสารกระดาษ)" : "เลขที่ชั่วคราว"},
                 {"เอกสาร"}, {"เลขที่ในระบบ"}, {"วันที่บันทึก"}, {"จำนวนเงิน", true}, {"ลำดับที่"}};
  Money total;
  for (const auto& document : *documents) {
    doc.rows.push_back({MadeAs(document), web.continuity.kinds().NameTh(document.kind),
                        web.continuity.kinds().NumbersText(document.numbers, FiscalYearOf(document.day)),
                        FormatThaiDateShort(document.day), Plain(document.amount),
                        std::to_string(document.seq)});
    total = total + document.amount;
  }
  doc.totals = {"รวม " + std::to_string(documents->size()) + " ฉบับ", "", "", "", total.FormatPlain(), ""};
  return RegisterDownloadAs(request, web.base.templates, doc, file.format);
}

http::Handler Bind(SyncWeb& web, Response (*handler)(SyncWeb&, Request&)) {
  return [&web, handler](Request& request) { return handler(web, request); };
}

}  // namespace

void RegisterContinuityDocumentRoutes(http::Router& router, SyncWeb& web) {
  const std::string base = "/orgs/{org}/reports/continuity";
  const http::Access read{false, "cont.read", "org"};
  router.Add("GET", base + "/{file}", read, Bind(web, RegisterDownload), "reports");
  router.Add("GET", base + "/outages/{file}", read, Bind(web, OutageReport), "reports");
}

}  // namespace klang::reports
