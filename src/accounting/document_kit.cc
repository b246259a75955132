#include "accounting/document_kit.h"

#include <algorithm>
#include <cstdlib>

#include "core/thai.h"

namespace klang::accounting {

int64_t UserOfAuthor(const std::string& author) {
  if (author.rfind("user:", 0) != 0) return 0;
  return std::strtoll(author.c_str() + 5, nullptr, 10);
}

Status DocumentKit::Refuse(const std::string& what, const std::string& message_th,
                           const std::string& field) const {
  return Status::InvalidInput(prefix_ + "." + what, message_th, "", field);
}

Status CheckBooksYear(ledger::Ledger& ledger, int64_t org, int fiscal_year, Date date, Date today,
                      const std::string& prefix) {
  KLANG_ASSIGN_OR_RETURN(std::optional<int> first, ledger.FirstFiscalYear(org));
  const int earliest =
      std::min(first.value_or(FiscalYearOf(today)), FiscalYearOf(today)) - kBooksYearsBeforeFirst;
  if ((fiscal_year != 0 ? fiscal_year : FiscalYearOf(date)) >= earliest) return Status::Ok();
  return Status::InvalidInput(
      prefix + ".date_before_books",
      "วันที่ " + FormatThaiDateLong(date) + " อยู่ก่อนปีงบประมาณที่หน่วยงานเริ่มบันทึกบัญชี (ปีงบประมาณ " +
          std::to_string(earliest) + " เริ่ม 1 ต.ค. " + std::to_string(earliest - 1) + ")",
      "document date before the organisation's first fiscal year " + std::to_string(earliest),
      "date");
}

Status DocumentKit::CheckBooksOrg(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(org::Organisation organisation, orgs_.Get(org));
  if (!org::KeepsBooks(organisation.type)) {
    return Refuse("org_keeps_no_books", "หน่วยงานนี้ไม่มีบัญชีของตนเอง (เป็นหน่วยงานกำกับดูแล)", "org");
  }
  return Status::Ok();
}

Result<Date> DocumentKit::DocumentDate(const std::string& text, const std::string& field) {
  auto date = Date::ParseIso(text);
  if (!date.ok()) return Refuse("date", "กรุณาระบุวันที่ให้ถูกต้อง", field);
  if (*date > Today()) return Refuse("future_date", "ไม่สามารถบันทึกเอกสารลงวันที่ล่วงหน้าได้", field);
  return *date;
}

Result<Date> DocumentKit::AnyDate(const std::string& text, const std::string& field,
                                  const std::string& label_th) {
  auto date = Date::ParseIso(text);
  if (!date.ok()) return Refuse("date", "กรุณาระบุ" + label_th + "ให้ถูกต้อง", field);
  return *date;
}

Result<Money> DocumentKit::PositiveAmount(const std::string& text, const std::string& field) {
  auto amount = Money::Parse(text);
  if (!amount.ok()) {
    return Status::InvalidInput(amount.status().stable_code(),
                                "จำนวนเงิน: " + amount.status().message_th(), "", field);
  }
  if (!amount->is_positive()) return Refuse("amount_not_positive", "จำนวนเงินต้องมากกว่าศูนย์", field);
  return *amount;
}

Status DocumentKit::RequiredText(const std::string& text, const std::string& field,
                                 const std::string& label_th) {
  if (text.empty()) return Refuse("required", "กรุณาระบุ" + label_th, field);
  return OptionalText(text, field, label_th);
}

Status DocumentKit::OptionalText(const std::string& text, const std::string& field,
                                 const std::string& label_th) {
  if (text.size() > kDocumentTextBytesMax) return Refuse("too_long", label_th + "ยาวเกินไป", field);
  return Status::Ok();
}

ledger::EntryDraft DocumentKit::Draft(int64_t org, const std::string& entry_id,
                                      const std::string& kind, Date date, const Actor& actor) {
  ledger::EntryDraft draft;
  draft.org = org;
  draft.entry_id = IsUuid(entry_id) ? entry_id : NewUuid(random_);
  draft.kind = kind;
  draft.document_date = date;
  draft.posting_date = date;
  draft.fiscal_year = FiscalYearOf(date);
  draft.author = actor.author();
  draft.body = nlohmann::json::object();
  return draft;
}

Result<ledger::Entry> DocumentKit::Append(ledger::EntryDraft draft) {
  KLANG_ASSIGN_OR_RETURN(ledger::Appended appended, AppendDocument(std::move(draft)));
  return std::move(appended.entry);
}

Result<ledger::Appended> DocumentKit::AppendDocument(ledger::EntryDraft draft) {
  // A module's document posts lines its own rules computed, never lines as typed: they balance
  // by construction (the general voucher, whose lines are typed, goes to the ledger directly and
  // is refused there when they do not).
  KLANG_ASSERT_MSG(ledger::BalancedOrTooLarge(draft.lines), "a document was built unbalanced");
  KLANG_RETURN_IF_ERROR(CheckBooksYear(ledger_, draft.org, draft.fiscal_year, draft.document_date,
                                       Today(), prefix_));
  return ledger_.Append(std::move(draft));
}

Result<ledger::Entry> DocumentKit::EntryOfKind(int64_t org, int64_t id,
                                               std::initializer_list<const char*> kinds,
                                               const std::string& not_found_th) {
  auto entry = ledger_.Get(org, id);
  if (entry.ok()) {
    for (const char* kind : kinds) {
      if (entry->kind == kind) return entry;
    }
  } else if (entry.status().code() != ErrorCode::kNotFound) {
    return entry.status();
  }
  return Status::NotFound(prefix_ + ".not_found", not_found_th);
}

Result<store::Rows> DocumentKit::Query(std::string_view sql, const store::Params& params) {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, ledger_.db().Acquire());
  return lease->Query(sql, params);
}

}  // namespace klang::accounting
