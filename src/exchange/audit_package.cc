#include "exchange/audit_package.h"


#include "core/thai.h"
#include "exchange/books.h"
#include "exchange/internal.h"
#include "exchange/zip_writer.h"
#include "reports/closing_documents.h"
#include "reports/render.h"
#include "reports/trial_balance.h"
#include "witness/checkpoint.h"

namespace klang::exchange {
namespace {

struct Statement {
  const char* kind;
  const char* file;
  const char* name_th;
};
// The statements of a year (docs/closing.md), at its end; the receipts–payments report of its
// last month.
constexpr Statement kStatements[] = {
    {closing::kBalanceSheet, "balance-sheet", "งบแสดงฐานะการเงิน"},
    {closing::kOperations, "operations", "งบแสดงผลการดำเนินงาน"},
    {closing::kNotes, "notes", "หมายเหตุประกอบงบการเงิน"},
    {closing::kReceiptsPayments, "receipts-payments", "รายงานรับ-จ่ายเงินสด (เดือนกันยายน)"},
    {closing::kAccumulatedFunds, "accumulated-funds", "รายงานเงินสะสม"},
};

std::string Readme(const org::Organisation& org, const AuditPackage& package, const std::string& made_th,
                   bool has_checkpoints, bool year_closed) {
  std::string text;
  text += "ชุดข้อมูลสำหรับผู้ตรวจสอบ — " + org.name + " (รหัส " + org.code + ")\n";
  text += "ปีงบประมาณ " + std::to_string(package.fiscal_year) + " จัดทำโดยระบบ Klang เมื่อ " + made_th + "\n";
  text += year_closed ? "ปิดบัญชีประจำปีแล้ว งบการเงินเป็นงบของปีที่ปิดแล้ว\n\n"
                      : "ยังไม่ได้ปิดบัญชีประจำปี งบการเงินเป็นตัวเลข ณ วันที่จัดทำ ไม่ใช่งบสิ้นปี\n\n";
  text += "สิ่งที่อยู่ในชุดนี้\n";
  text += "  books/chain.jsonl        รายการบันทึกบัญชีทุกรายการของหน่วยงาน " + std::to_string(package.entries) +
          " รายการ ต่อกันด้วยค่าแฮช (รายการล่าสุด " + package.head + ")\n";
  text += "  books/journal.ledger     สมุดรายวันทั่วไปสำหรับโปรแกรม ledger / hledger\n";
  if (has_checkpoints) text += "  checkpoints/checkpoints.jsonl  จุดตรวจสอบที่ลงลายมือชื่อดิจิทัลของสายบันทึกบัญชี\n";
  text += "  statements/ และ registers/  งบการเงินและงบทดลองของปี (PDF และ Excel)\n";
  text += "  tools/klang-verify-chain  โปรแกรมตรวจสอบ (Python 3 ไม่ต้องติดตั้ง Klang)\n";
  text += "  MANIFEST.sha256          ค่า SHA-256 ของทุกไฟล์ในชุดนี้\n\n";
  text += "วิธีตรวจสอบ (ในโฟลเดอร์นี้)\n";
  int step = 0;
  auto next = [&step] { return "  " + std::to_string(++step) + ". "; };
  text += next() + "python3 tools/klang-verify-chain books/chain.jsonl\n";
  text += "     ต้องได้ OK org=" + std::to_string(org.id) + " entries=" + std::to_string(package.entries) +
          " head=" + package.head + "\n";
  text += "     หากรายการใดถูกแก้ไข เพิ่ม หรือลบ จะได้ BAD พร้อมลำดับรายการแรกที่ผิด\n";
  if (has_checkpoints) {
    text += next() + "python3 tools/klang-verify-chain --checkpoints checkpoints/checkpoints.jsonl books/chain.jsonl\n";
    text += "     (เพิ่ม --trust <กุญแจสาธารณะ>.pub เพื่อตรวจลายมือชื่อ ต้องมี python3-nacl)\n";
  }
  text += next() + "sha256sum -c MANIFEST.sha256   ทุกไฟล์ต้องขึ้น OK (ยืนยันว่าไฟล์ไม่เปลี่ยนหลังจัดทำชุดนี้)\n";
  text += next() + "ledger -f books/journal.ledger balance   ยอดคงเหลือของทุกบัญชี\n";
  text += "\nสิ่งที่พิสูจน์ได้และสิ่งที่ไม่ได้พิสูจน์\n";
  text += "  สายบันทึกบัญชีพิสูจน์ตัวเองว่าไม่มีรายการใดถูกแก้ไขภายในสาย";
  text += has_checkpoints ? " และจุดตรวจสอบที่ลงลายมือชื่อ (ตรวจด้วย --trust และกุญแจสาธารณะของศูนย์ที่ขอได้จาก สถ. หรือผู้เป็นพยาน) พิสูจน์ว่าสายไม่ได้ถูกสร้างใหม่ทั้งสาย\n"
                          : " แต่ชุดนี้ไม่มีจุดตรวจสอบที่ลงลายมือชื่อ จึงพิสูจน์ไม่ได้ว่าสายไม่ได้ถูกสร้างใหม่ทั้งสาย\n";
  text += "  MANIFEST.sha256 ไม่ได้ลงลายมือชื่อ งบการเงินและงบทดลองเป็นเอกสารที่จัดทำจากสายบันทึกบัญชี ตรวจซ้ำได้โดยจัดทำใหม่จากสายนี้\n";
  if (!package.missing_th.empty()) {
    text += "\nรายงานที่ไม่ได้รวมไว้\n";
    for (const auto& missing : package.missing_th) text += "  - " + missing + "\n";
  }
  text += "\n----\nAuditor's package — " + org.code + ", fiscal year " + std::to_string(package.fiscal_year) +
          " (Buddhist Era), made by Klang. " +
          (year_closed ? "The year is closed.\n" : "The year is not closed: the statements stand as on the day made.\n");
  text += "books/chain.jsonl holds every entry of the organisation (" + std::to_string(package.entries) +
          "), each hash covering the one before (docs/ledger-format.md); head " + package.head + ".\n";
  text += "Check it offline with Python 3 alone:\n";
  text += "  python3 tools/klang-verify-chain books/chain.jsonl     -> OK org=... entries=... head=...\n";
  if (has_checkpoints) {
    text += "  python3 tools/klang-verify-chain --checkpoints checkpoints/checkpoints.jsonl [--trust KEY.pub] books/chain.jsonl\n";
  }
  text += "  sha256sum -c MANIFEST.sha256                           -> every file OK\n";
  text += "What is proved: the chain proves no entry within it was changed";
  text += has_checkpoints ? "; the signed checkpoints (--trust with the centre's public key, from the DLA or a witness) prove it was not rebuilt whole.\n"
                          : "; this package holds no signed checkpoint, so a chain rebuilt whole would not be detected.\n";
  text += "MANIFEST.sha256 is not signed: it shows the files unchanged since the package was made. The statements and the trial balance are made from the chain and can be made again from it.\n";
  return text;
}

}  // namespace

Result<int> AuditPackager::DefaultYear(int64_t org) {
  const int this_year = FiscalYearOf(s_.clock.TodayInThailand());
  KLANG_ASSIGN_OR_RETURN(closing::YearStatus last, s_.years.StatusOf(org, this_year - 1));
  return last.closed ? this_year - 1 : this_year;
}

Result<AuditPackage> AuditPackager::Build(int64_t org_id, int fiscal_year) {
  KLANG_ASSIGN_OR_RETURN(org::Organisation org, s_.orgs.Get(org_id));
  if (!org::KeepsBooks(org.type)) {
    return Status::InvalidInput("export.not_books", "หน่วยงานนี้ไม่ได้บันทึกบัญชี", org.code);
  }
  if (s_.verify_script.empty()) {
    return Status::Internal("export.no_script", "tools/klang-verify-chain is missing from this install");
  }
  const Date today = s_.clock.TodayInThailand();
  if (fiscal_year == 0) {
    KLANG_ASSIGN_OR_RETURN(fiscal_year, DefaultYear(org_id));
  }
  if (fiscal_year < 2400 || FiscalYearStart(fiscal_year) > today) {
    return Status::InvalidInput("export.fiscal_year", "ปีงบประมาณต้องเป็นปีพุทธศักราชที่เริ่มแล้ว", std::to_string(fiscal_year));
  }
  AuditPackage package;
  package.fiscal_year = fiscal_year;
  const std::string folder = "klang-audit-" + org.code + "-" + std::to_string(fiscal_year);
  package.file_name = folder + ".zip";
  std::vector<ZipFile> files;

  std::string chain, journal;
  KLANG_RETURN_IF_ERROR(ForEachEntry(s_.ledger, org_id, [&](const ledger::Entry& entry) {
    chain += ChainLine(entry);
    journal += JournalText(entry);
    package.entries = entry.seq;
    package.head = std::to_string(entry.seq) + ":" + entry.hash;
    return true;
  }));
  if (package.entries == 0) {
    return Status::InvalidInput("export.no_entries", "หน่วยงานนี้ยังไม่มีรายการบันทึกบัญชี จึงยังไม่มีชุดข้อมูลให้ผู้ตรวจสอบ", org.code);
  }
  files.push_back({"books/chain.jsonl", std::move(chain)});
  files.push_back({"books/journal.ledger", std::move(journal)});
  bool has_checkpoints = false;
  if (witness::CheckpointService* checkpoints = s_.checkpoints ? s_.checkpoints() : nullptr) {
    KLANG_ASSIGN_OR_RETURN(auto copies, checkpoints->Copies(org_id, /*witnessed_only=*/false, /*signature_checked=*/false));
    std::string lines;
    for (const auto& copy : copies) lines += witness::ToJson(copy).dump() + "\n";
    has_checkpoints = !copies.empty();
    if (has_checkpoints) files.push_back({"checkpoints/checkpoints.jsonl", std::move(lines)});
  }

  const reports::OrgHeading heading = reports::HeadingFor(s_.orgs, org_id);
  const closing::Month september = closing::Month::Of(FiscalYearEnd(fiscal_year));
  for (const Statement& statement : kStatements) {
    const bool monthly = std::string_view(statement.kind) == closing::kReceiptsPayments ||
                         std::string_view(statement.kind) == closing::kAccumulatedFunds;
    auto made = s_.statements.Make(statement.kind, org_id, fiscal_year,
                                   monthly ? std::optional<closing::Month>(september) : std::nullopt);
    if (!made.ok()) {
      package.missing_th.push_back(std::string(statement.name_th) + ": " + made.status().message_th());
      continue;
    }
    const auto doc = reports::StatementRegister(*made, heading, s_.clock);
    KLANG_ASSIGN_OR_RETURN(std::string pdf, reports::RegisterPdf(doc));
    KLANG_ASSIGN_OR_RETURN(std::string xlsx, reports::RegisterXlsx(doc));
    files.push_back({"statements/" + std::string(statement.file) + ".pdf", std::move(pdf)});
    files.push_back({"statements/" + std::string(statement.file) + ".xlsx", std::move(xlsx)});
  }
  const Date last = std::min(FiscalYearEnd(fiscal_year), today);
  KLANG_ASSIGN_OR_RETURN(auto trial, reports::ComputeTrialBalance(s_.ledger, s_.vouchers, s_.chart, s_.orgs, org_id,
                                                                  FiscalYearStart(fiscal_year), last, s_.clock));
  KLANG_ASSIGN_OR_RETURN(std::string trial_pdf, reports::TrialBalancePdf(trial));
  KLANG_ASSIGN_OR_RETURN(std::string trial_xlsx, reports::TrialBalanceXlsx(trial));
  files.push_back({"registers/trial-balance.pdf", std::move(trial_pdf)});
  files.push_back({"registers/trial-balance.xlsx", std::move(trial_xlsx)});
  files.push_back({"tools/klang-verify-chain", s_.verify_script, /*executable=*/true});

  const int64_t now_ms = s_.clock.NowUnixMillis();
  const Date made_on = ThaiDateFromUnixSeconds(now_ms / 1000);
  KLANG_ASSIGN_OR_RETURN(closing::YearStatus year, s_.years.StatusOf(org_id, fiscal_year));
  files.push_back({"README.txt", Readme(org, package, FormatThaiDateLong(made_on), has_checkpoints, year.closed)});
  std::string manifest;
  for (const ZipFile& file : files) {
    manifest += Sha256Hex(file.bytes) + "  " + file.path + "\n";
    package.files.push_back(file.path);
  }
  files.push_back({"MANIFEST.sha256", std::move(manifest)});
  package.files.push_back("MANIFEST.sha256");
  for (ZipFile& file : files) file.path = folder + "/" + file.path;
  KLANG_ASSIGN_OR_RETURN(package.bytes, BuildZip(files));
  return package;
}

}  // namespace klang::exchange
