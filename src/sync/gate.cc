#include "sync/gate.h"

#include "core/thai.h"

namespace klang::sync {
namespace {

thread_local std::optional<PaperOrigin> tls_paper;
thread_local bool tls_paper_used = false;
thread_local std::string tls_node;

constexpr size_t kPaperFieldBytesMax = 40;

}  // namespace

ScopedPaperOrigin::ScopedPaperOrigin(PaperOrigin origin) : previous_(tls_paper) {
  tls_paper = std::move(origin);
  tls_paper_used = false;
}
ScopedPaperOrigin::~ScopedPaperOrigin() {
  tls_paper = previous_;
  tls_paper_used = false;
}
bool ScopedPaperOrigin::used() const { return tls_paper_used; }

std::string EncodePaperCookie(const PaperOrigin& origin) {
  const std::string text = origin.book + "\t" + origin.number + "\t" + origin.date;
  return HexEncode(std::span<const unsigned char>(
      reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

std::optional<PaperOrigin> DecodePaperCookie(const std::string& value) {
  if (value.empty() || value.size() % 2 != 0 || value.size() > 400) return std::nullopt;
  std::string text;
  for (size_t index = 0; index < value.size(); index += 2) {
    auto nibble = [](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      return -1;
    };
    const int high = nibble(value[index]), low = nibble(value[index + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    text.push_back(static_cast<char>(high * 16 + low));
  }
  const size_t first = text.find('\t');
  const size_t second = first == std::string::npos ? first : text.find('\t', first + 1);
  if (second == std::string::npos) return std::nullopt;
  return PaperOrigin{text.substr(0, first), text.substr(first + 1, second - first - 1),
                     text.substr(second + 1)};
}
const PaperOrigin* CurrentPaperOrigin() { return tls_paper ? &*tls_paper : nullptr; }

ScopedActingNode::ScopedActingNode(std::string node) : previous_(tls_node) {
  tls_node = std::move(node);
}
ScopedActingNode::~ScopedActingNode() { tls_node = previous_; }
const std::string& CurrentActingNode() { return tls_node; }

Status PaperRules::Apply(ledger::EntryDraft& draft) {
  const PaperOrigin* paper = CurrentPaperOrigin();
  if (paper != nullptr && !IsContinuityKind(draft.kind)) {
    auto refuse = [](std::string code, std::string message, std::string field) {
      return Status::InvalidInput(std::move(code), std::move(message), "", std::move(field));
    };
    if (paper->book.empty() || paper->number.empty() || paper->book.size() > kPaperFieldBytesMax ||
        paper->number.size() > kPaperFieldBytesMax) {
      return refuse("continuity.paper_number",
                    "กรุณาระบุเล่มที่และเลขที่ของเอกสารที่จัดทำด้วยมือ (ไม่เกิน 40 ตัวอักษร)",
                    "paper_number");
    }
    auto date = Date::ParseIso(paper->date);
    if (!date.ok()) {
      return refuse("continuity.paper_date", "กรุณาระบุวันที่ในเอกสารที่จัดทำด้วยมือ", "paper_date");
    }
    const Date today = clock_.TodayInThailand();
    if (*date > today || date->DaysSinceEpoch() < today.DaysSinceEpoch() - kPaperDaysMax) {
      return refuse("continuity.paper_date",
                    "วันที่ในเอกสารที่จัดทำด้วยมือต้องไม่เป็นวันในอนาคต และย้อนหลังได้ไม่เกิน 2 ปี",
                    "paper_date");
    }
    if (*date > draft.posting_date) {
      return refuse("continuity.paper_date", "วันที่ในเอกสารที่จัดทำด้วยมือต้องไม่หลังวันที่บันทึก",
                    "paper_date");
    }
    KLANG_ASSIGN_OR_RETURN(bool used, continuity_.PaperNumberUsed(draft.org, draft.kind,
                                                                  paper->book, paper->number));
    if (used) {
      return Status::Conflict("continuity.paper_duplicate",
                              "เอกสารที่จัดทำด้วยมือ เล่มที่ " + paper->book + " เลขที่ " +
                                  paper->number + " บันทึกในระบบแล้ว",
                              "paper document already entered");
    }
    draft.origin = {ledger::Origin::Type::kPaper, "", "", paper->book, paper->number, paper->date};
    tls_paper_used = true;
    return Status::Ok();
  }
  if (IsContinuityKind(draft.kind) || draft.origin.type == ledger::Origin::Type::kPaper) {
    return Status::Ok();
  }
  KLANG_ASSIGN_OR_RETURN(std::optional<Outage> open, continuity_.OpenPaperOutage(draft.org));
  if (open) {
    return Status::Conflict(
        "continuity.paper_first",
        "ต้องบันทึกเอกสารที่จัดทำด้วยมือระหว่างระบบขัดข้อง (เริ่ม " +
            FormatThaiDateShort(ThaiDateFromUnixSeconds(open->started_at_ms / 1000)) +
            ") ให้ครบก่อนบันทึกงานของวันนี้ เมื่อครบแล้วให้กด \"บันทึกเอกสารกระดาษครบแล้ว\" ที่หน้าระบบขัดข้อง",
        "paper documents of outage " + std::to_string(open->id) + " are still being entered");
  }
  return Status::Ok();
}

bool CentreGate::RoutesAsOneList(const std::vector<ledger::EntryDraft>& drafts) const {
  if (CurrentPaperOrigin() != nullptr) return false;
  for (const auto& draft : drafts) {
    if (IsContinuityKind(draft.kind) || draft.origin.type == ledger::Origin::Type::kPaper) return false;
  }
  return true;
}

Result<std::optional<ledger::Appended>> CentreGate::Route(ledger::EntryDraft& draft) {
  KLANG_RETURN_IF_ERROR(paper_.Apply(draft));
  KLANG_ASSIGN_OR_RETURN(std::optional<Home> home, nodes_.HomeOf(draft.org));
  if (home && home->node != CurrentActingNode()) {
    return Status::Conflict(
        "sync.homed_at_edge",
        "เอกสารขององค์กรนี้บันทึกที่เครื่องของสำนักงาน (" + home->node +
            ") ที่ศูนย์ดูข้อมูลได้อย่างเดียว หากเครื่องของสำนักงานเสียหาย ผู้ดูแลระบบคืนสิทธิ์บันทึกมาที่ศูนย์ได้",
        "organisation " + std::to_string(draft.org) + " is written at edge node " + home->node);
  }
  return std::optional<ledger::Appended>();
}

}  // namespace klang::sync
