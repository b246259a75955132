#include "cli/org_copy.h"

#include <string_view>

#include "ledger/ledger.h"
#include "org/org.h"

namespace klang::cli {
namespace {

constexpr size_t kCopyBatchEntries = 2'000;  // entries read and mirrored at a time

// The directory entries from the root down to `org`, added to the target with the source's ids.
Status CopyDirectoryPath(App& source, App& target, int64_t org) {
  const std::vector<org::Organisation> path = source.orgs().PathTo(org);
  if (path.empty() || path.back().id != org) {
    return Status::NotFound("org.not_found", "ไม่พบหน่วยงาน " + std::to_string(org) + " ในฐานข้อมูลต้นทาง");
  }
  for (const auto& organisation : path) {
    auto imported = target.orgs().Import(organisation);
    // Another organisation under this id, or this code under another id.
    if (!imported.ok() && (imported.status().stable_code() == "org.import_mismatch" ||
                           imported.status().stable_code() == "store.unique_violation")) {
      return Status::Conflict("org.copy_directory",
                              "ฐานข้อมูลปลายทางมีหน่วยงานเลขที่ " + std::to_string(organisation.id) +
                                  " หรือรหัส " + organisation.code + " เป็นหน่วยงานอื่น คัดลอกไม่ได้",
                              imported.status().ToString());
    }
    KLANG_RETURN_IF_ERROR(imported.status());
  }
  return Status::Ok();
}

Result<ledger::Head> HeadOf(ledger::Ledger& ledger, int64_t org) {
  auto head = ledger.GetHead(org);
  if (!head.ok() && head.status().code() == ErrorCode::kNotFound) return ledger::Head{0, ""};
  return head;
}

// The target's chain must be the source's up to its head: then only what follows is copied.
Status CheckPrefix(App& source, int64_t org, const ledger::Head& source_head, const ledger::Head& target_head) {
  if (target_head.seq == 0) return Status::Ok();
  const std::string refused = "ฐานข้อมูลปลายทางมีประวัติของหน่วยงาน " + std::to_string(org) +
                              " ที่ต่างจากต้นทาง (ถึงลำดับที่ " + std::to_string(target_head.seq) +
                              ") จึงไม่คัดลอกทับ";
  if (target_head.seq > source_head.seq) {
    return Status::Conflict("org.copy_history", refused,
                            "the target holds " + std::to_string(target_head.seq) + " entries, the source " +
                                std::to_string(source_head.seq));
  }
  KLANG_ASSIGN_OR_RETURN(ledger::Entry same_seq, source.ledger().Get(org, target_head.seq));
  if (same_seq.hash != target_head.hash) {
    return Status::Conflict("org.copy_history", refused,
                            "entry " + std::to_string(target_head.seq) + " differs (hash)");
  }
  return Status::Ok();
}

// One organisation's chain as found before copying: the target's is the start of the source's.
struct ChainToCopy {
  int64_t org = 0;
  ledger::Head source_head, target_head;
};

Result<ChainToCopy> PlanChain(App& source, App& target, int64_t org) {
  KLANG_ASSIGN_OR_RETURN(ledger::Head source_head, HeadOf(source.ledger(), org));
  KLANG_ASSIGN_OR_RETURN(ledger::Head target_head, HeadOf(target.ledger(), org));
  KLANG_RETURN_IF_ERROR(CheckPrefix(source, org, source_head, target_head));
  return ChainToCopy{org, source_head, target_head};
}

Result<OrgCopied> CopyChain(App& source, App& target, const ChainToCopy& chain,
                            const std::function<void(const std::string&)>& progress) {
  const int64_t org = chain.org;
  OrgCopied copied{org, chain.target_head.seq, 0, chain.target_head.seq, chain.target_head.hash};
  for (int64_t after = chain.target_head.seq; after < chain.source_head.seq;) {
    KLANG_ASSIGN_OR_RETURN(std::vector<ledger::Entry> entries,
                           source.ledger().List(org, after, kCopyBatchEntries));
    if (entries.empty()) break;
    after = entries.back().seq;
    for (auto& result : target.ledger().Mirror(std::move(entries))) {
      KLANG_RETURN_IF_ERROR(result.status());
      if (result->duplicate) {  // the entry id is held already, elsewhere in the target's books
        return Status::Conflict("org.copy_history", "ฐานข้อมูลปลายทางมีรายการนี้อยู่แล้วในตำแหน่งอื่น จึงไม่คัดลอกทับ",
                                "entry " + result->entry.entry_id + " is held already");
      }
      ++copied.copied;
      copied.head_seq = result->entry.seq;
      copied.head_hash = result->entry.hash;
    }
    if (progress) progress("org " + std::to_string(org) + ": " + std::to_string(after) + " entries");
  }
  KLANG_ASSIGN_OR_RETURN(ledger::VerifyReport report, target.ledger().Verify(org));
  if (!report.ok()) {
    const auto& bad = report.orgs.front();
    return Status::Error(ErrorCode::kInternal, "org.copy_verify",
                         "คัดลอกแล้วแต่ตรวจสอบความครบถ้วนของหน่วยงาน " + std::to_string(org) +
                             " ในฐานข้อมูลปลายทางไม่ผ่าน",
                         "entry " + std::to_string(bad.first_bad_seq) + ": " + bad.problem);
  }
  return copied;
}

}  // namespace

Location LocationOf(const std::string& url) {
  constexpr std::string_view kSqlite = "sqlite:";
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) return {"", url};
  if (url.starts_with(kSqlite)) return {url.substr(kSqlite.size()), ""};
  return {url, ""};
}

Status CheckCopyable(App& source, int64_t org) {
  KLANG_ASSIGN_OR_RETURN(org::Organisation organisation, source.orgs().Get(org));
  if (!org::KeepsBooks(organisation.type)) {
    return Status::InvalidInput("org.copy_no_books", "หน่วยงานนี้ไม่มีบัญชี (คัดลอกได้เฉพาะ อปท. และหน่วยงานในสังกัด)",
                                "organisation " + std::to_string(org));
  }
  return Status::Ok();
}

Result<std::vector<OrgCopied>> CopyOrganisation(App& source, App& target, int64_t org,
                                                const std::function<void(const std::string&)>& progress) {
  KLANG_RETURN_IF_ERROR(CheckCopyable(source, org));
  KLANG_ASSIGN_OR_RETURN(std::vector<int64_t> subtree, source.orgs().Subtree(org));
  std::vector<ChainToCopy> chains;
  for (const int64_t one : subtree) {  // every chain checked before anything is written
    KLANG_ASSIGN_OR_RETURN(ChainToCopy chain, PlanChain(source, target, one));
    chains.push_back(chain);
  }
  std::vector<OrgCopied> done;
  for (const auto& chain : chains) {
    KLANG_RETURN_IF_ERROR(CopyDirectoryPath(source, target, chain.org));
    KLANG_ASSIGN_OR_RETURN(OrgCopied copied, CopyChain(source, target, chain, progress));
    done.push_back(std::move(copied));
  }
  return done;
}

}  // namespace klang::cli
