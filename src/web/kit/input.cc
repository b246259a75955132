#include "web/kit/input.h"

#include <map>

#include "core/clock.h"

namespace klang::web {
namespace {

using nlohmann::json;
using Kind = FieldKind;

// Every field name of every form and JSON body, with its type. A new field is added here when its
// form or API call is written; the web kit test checks every name a handler reads is listed.
const std::map<std::string, Kind, std::less<>>& Table() {
  static const std::map<std::string, Kind, std::less<>> kTable = {
      // one line of text
      {"_csrf", Kind::kLine}, {"account", Kind::kLine}, {"account_no", Kind::kLine},
      {"account_type", Kind::kLine}, {"approval_ref", Kind::kLine}, {"approved_on", Kind::kLine},
      {"approver", Kind::kLine}, {"authority", Kind::kLine}, {"bank", Kind::kLine},
      {"bank_debited", Kind::kLine}, {"bank_reference", Kind::kLine}, {"basis", Kind::kLine},
      {"book_no", Kind::kLine}, {"borrower", Kind::kLine}, {"branch", Kind::kLine},
      {"category", Kind::kLine}, {"cause_code", Kind::kLine}, {"cause_th", Kind::kLine},
      {"cheque_no", Kind::kLine}, {"contract_no", Kind::kLine}, {"council_ref", Kind::kLine},
      {"date", Kind::kLine}, {"deduction_kind", Kind::kLine}, {"deposit_account", Kind::kLine},
      {"display_name", Kind::kLine}, {"district", Kind::kLine}, {"division", Kind::kLine}, {"due_date", Kind::kLine},
      {"due_on", Kind::kLine}, {"egp_project_no", Kind::kLine}, {"email", Kind::kLine},
      {"ended_at", Kind::kLine}, {"estimate_item", Kind::kLine}, {"expiry", Kind::kLine}, {"id_no", Kind::kLine},
      {"installed_on", Kind::kLine}, {"instalment_due", Kind::kLine}, {"item", Kind::kLine},
      {"kind", Kind::kLine}, {"land_use", Kind::kLine}, {"location", Kind::kLine},
      {"login_csrf", Kind::kLine}, {"means", Kind::kLine}, {"means_reference", Kind::kLine}, {"meeting_on", Kind::kLine},
      {"method", Kind::kLine}, {"month", Kind::kLine}, {"name", Kind::kLine}, {"national_id", Kind::kLine},
      {"next", Kind::kLine}, {"nudge_email", Kind::kLine}, {"opened_on", Kind::kLine}, {"paper_book", Kind::kLine},
      {"paper_date", Kind::kLine}, {"paper_number", Kind::kLine}, {"payee_account_no", Kind::kLine},
      {"payee_bank", Kind::kLine}, {"payee_name", Kind::kLine}, {"payee_tax_id", Kind::kLine},
      {"payer_id_no", Kind::kLine}, {"payer_kind", Kind::kLine}, {"payer_name", Kind::kLine},
      {"phone", Kind::kLine}, {"position", Kind::kLine}, {"received_by", Kind::kLine},
      {"reference", Kind::kLine}, {"remittance", Kind::kLine}, {"role", Kind::kLine},
      {"source_code", Kind::kLine}, {"started_at", Kind::kLine}, {"subject", Kind::kLine}, {"tax", Kind::kLine},
      {"title", Kind::kLine}, {"type", Kind::kLine}, {"until", Kind::kLine},
      {"username", Kind::kLine}, {"value_date", Kind::kLine}, {"vendor_name", Kind::kLine},
      {"vendor_tax_id", Kind::kLine}, {"work", Kind::kLine},
      // text over lines
      {"address", Kind::kMultiline}, {"attendees", Kind::kMultiline}, {"description", Kind::kMultiline},
      {"explanation", Kind::kMultiline}, {"justification", Kind::kMultiline},
      {"missing", Kind::kMultiline}, {"needs", Kind::kMultiline}, {"note", Kind::kMultiline},
      {"obstacles", Kind::kMultiline}, {"suggestions", Kind::kMultiline}, {"text", Kind::kMultiline},
      {"payer_address", Kind::kMultiline}, {"purpose", Kind::kMultiline},
      {"reason", Kind::kMultiline}, {"resolution", Kind::kMultiline},
      {"vendor_address", Kind::kMultiline},
      // ids, numbers and amounts
      {"advance", Kind::kScalar}, {"amount", Kind::kScalar}, {"assessment", Kind::kScalar},
      {"bank_account", Kind::kScalar}, {"base", Kind::kScalar}, {"book", Kind::kScalar},
      {"budget_line", Kind::kScalar},
      {"collector", Kind::kScalar}, {"credit", Kind::kScalar}, {"debit", Kind::kScalar},
      {"debt", Kind::kScalar}, {"deduction_amount", Kind::kScalar},
      {"estimate_amount", Kind::kScalar}, {"evidence_amount", Kind::kScalar},
      {"first_no", Kind::kScalar}, {"fiscal_year", Kind::kScalar}, {"from_amount", Kind::kScalar},
      {"from_line", Kind::kScalar}, {"height_cm", Kind::kScalar}, {"id", Kind::kScalar},
      {"inspection", Kind::kScalar}, {"instalment", Kind::kScalar},
      {"instalment_amount", Kind::kScalar}, {"last_no", Kind::kScalar}, {"line", Kind::kScalar}, {"mentor", Kind::kScalar},
      {"number", Kind::kScalar}, {"opening", Kind::kScalar}, {"order", Kind::kScalar},
      {"org", Kind::kScalar}, {"org_id", Kind::kScalar}, {"replaced_by", Kind::kScalar},
      {"request", Kind::kScalar}, {"sign_class", Kind::kScalar}, {"staff_user", Kind::kScalar}, {"tax_year", Kind::kScalar},
      {"taxpayer", Kind::kScalar}, {"to_amount", Kind::kScalar}, {"to_line", Kind::kScalar},
      {"to_org", Kind::kScalar}, {"width_cm", Kind::kScalar},
      // on/off
      {"changes_nature", Kind::kFlag}, {"changes_site", Kind::kFlag}, {"enabled", Kind::kFlag},
      {"late_filing", Kind::kFlag}, {"moving", Kind::kFlag}, {"paid", Kind::kFlag},
      // lists and repeated groups
      {"bank_accounts", Kind::kIntList}, {"claims", Kind::kIntList}, {"failed_claims", Kind::kIntList}, {"orgs", Kind::kIntList},
      {"properties", Kind::kIntList}, {"receipts", Kind::kIntList},
      {"attachments", Kind::kTextList}, {"committee", Kind::kTextList},
      {"deductions", Kind::kRows}, {"estimates", Kind::kRows}, {"from", Kind::kRows},
      {"instalments", Kind::kRows}, {"lines", Kind::kRows}, {"remittances", Kind::kRows},
      {"to", Kind::kRows},
      // special
      {"paper", Kind::kPaper}, {"entry_id", Kind::kEntryId},
      {"password", Kind::kSecret}, {"current_password", Kind::kSecret},
      {"new_password", Kind::kSecret}, {"confirm_password", Kind::kSecret},
      {"code", Kind::kSecret},
  };
  return kTable;
}

Status FieldError(std::string code, std::string_view name, const std::string& message_th,
                  const std::string& detail) {
  return Status::InvalidInput(std::move(code), message_th, std::string(name) + ": " + detail,
                              std::string(name));
}

Status WrongType(std::string_view name, const std::string& wanted_th, const std::string& wanted) {
  return FieldError("web.field_type", name,
                    "ข้อมูลในช่อง " + std::string(name) + " ต้องเป็น" + wanted_th, "must be " + wanted);
}

// The next code point of `text` from `at` (advanced past it), or none for a byte that does not
// begin a well-formed UTF-8 sequence (overlong forms and surrogates are not well-formed).
std::optional<char32_t> NextCodePoint(std::string_view text, size_t& at) {
  const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(at);
  size_t length = 0;
  char32_t point = 0;
  char32_t least = 0;
  if (lead < 0x80) {
    ++at;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, point = lead & 0x1F, least = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, point = lead & 0x0F, least = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, point = lead & 0x07, least = 0x10000;
  } else {
    return std::nullopt;
  }
  if (at + length > text.size()) return std::nullopt;
  for (size_t i = 1; i < length; ++i) {
    if ((byte(at + i) & 0xC0) != 0x80) return std::nullopt;
    point = (point << 6) | (byte(at + i) & 0x3F);
  }
  if (point < least || point > 0x10FFFF || (point >= 0xD800 && point <= 0xDFFF)) {
    return std::nullopt;
  }
  at += length;
  return point;
}

// Control characters, bidirectional controls and invisible format characters: what lets a text
// look other than it is (a name that reads as another, a line that hides what follows).
// The zero-width space and the byte-order mark are let through: Thai text copied from the web or
// a word processor often carries them, and Fields drops them (kit/fields.cc).
bool IsHidden(char32_t point, bool multiline) {
  if (point == '\t' || point == '\n' || point == '\r') return !multiline;
  return point < 0x20 || (point >= 0x7F && point <= 0x9F) ||       // C0, DEL, C1
         (point >= 0x200C && point <= 0x200F) ||                    // joiners, LRM, RLM
         point == 0x2028 || point == 0x2029 ||                      // line, paragraph separators
         (point >= 0x202A && point <= 0x202E) ||                    // embeddings, overrides
         (point >= 0x2060 && point <= 0x2064) ||                    // word joiner, invisibles
         (point >= 0x2066 && point <= 0x2069) ||                    // isolates
         (point >= 0xFFF9 && point <= 0xFFFB) ||                    // interlinear annotation
         (point >= 0xE0000 && point <= 0xE007F) ||                  // tags
         point == 0x115F || point == 0x1160 || point == 0x3164 ||   // Hangul fillers
         point == 0xFFA0 || point == 0x061C || point == 0x00AD;     // ALM, soft hyphen
}

bool IsFlagText(std::string_view text) {
  for (const char* allowed : {"", "0", "1", "true", "false", "on", "off"}) {
    if (text == allowed) return true;
  }
  return false;
}

Status CheckScalar(std::string_view name, const json& value) {
  if (value.is_string()) return CheckText(name, value.get_ref<const std::string&>(), false);
  if (value.is_number_integer() || value.is_null()) return Status::Ok();
  return WrongType(name, "ข้อความหรือจำนวนเต็ม (จำนวนเงินส่งเป็นข้อความ เช่น \"1234.50\")",
                   "a string or an integer (amounts as text)");
}

Status CheckValue(std::string_view name, Kind kind, const json& value, bool paper_is_flag);

Status CheckRows(std::string_view name, const json& value) {
  if (!value.is_array()) return WrongType(name, "รายการ (array ของ object)", "an array of objects");
  for (const json& row : value) {
    if (!row.is_object()) return WrongType(name, "รายการ (array ของ object)", "an array of objects");
    for (const auto& [member, item] : row.items()) {
      const auto kind = KindOf(member);
      if (!kind || *kind == Kind::kRows || *kind == Kind::kPaper) {
        return FieldError("web.unknown_field", member,
                          "ไม่รู้จักช่องข้อมูล " + member + " ในรายการ " + std::string(name),
                          "not a field of " + std::string(name));
      }
      KLANG_RETURN_IF_ERROR(CheckValue(member, *kind, item, false));
    }
  }
  return Status::Ok();
}

Status CheckPaper(const json& value) {
  const char* const kMembers[] = {"book", "number", "date"};
  const std::string message =
      "เอกสารกระดาษ (paper) ต้องระบุ book, number และ date เป็นข้อความ เช่น "
      "{\"book\": \"12\", \"number\": \"7\", \"date\": \"2026-11-21\"}";
  if (!value.is_object() || value.size() != 3) {
    return FieldError("web.paper", "paper", message, "must be {book, number, date}");
  }
  for (const char* member : kMembers) {
    auto found = value.find(member);
    if (found == value.end() || !found->is_string() || found->get_ref<const std::string&>().empty()) {
      return FieldError("web.paper", "paper", message, std::string(member) + " must be text");
    }
    KLANG_RETURN_IF_ERROR(CheckText("paper", found->get_ref<const std::string&>(), false));
  }
  return Status::Ok();
}

Status CheckValue(std::string_view name, Kind kind, const json& value, bool paper_is_flag) {
  switch (kind) {
    case Kind::kLine:
    case Kind::kMultiline:
      if (value.is_null()) return Status::Ok();
      if (!value.is_string()) return WrongType(name, "ข้อความ", "a string");
      return CheckText(name, value.get_ref<const std::string&>(), kind == Kind::kMultiline);
    case Kind::kScalar:
      return CheckScalar(name, value);
    case Kind::kFlag:
      if (value.is_boolean() || value.is_null()) return Status::Ok();
      if (value.is_string() && IsFlagText(value.get_ref<const std::string&>())) return Status::Ok();
      return WrongType(name, "true หรือ false", "a boolean");
    case Kind::kIntList:
      if (!value.is_array()) return WrongType(name, "รายการเลขที่ (array ของจำนวนเต็ม)", "an array of integers");
      for (const json& item : value) {
        if (!item.is_number_integer()) {
          return WrongType(name, "รายการเลขที่ (array ของจำนวนเต็ม)", "an array of integers");
        }
      }
      return Status::Ok();
    case Kind::kTextList:
      if (!value.is_array()) return WrongType(name, "รายการข้อความ (array ของข้อความ)", "an array of strings");
      for (const json& item : value) {
        if (!item.is_string()) return WrongType(name, "รายการข้อความ (array ของข้อความ)", "an array of strings");
        KLANG_RETURN_IF_ERROR(CheckText(name, item.get_ref<const std::string&>(), false));
      }
      return Status::Ok();
    case Kind::kRows:
      return CheckRows(name, value);
    case Kind::kPaper:
      if (paper_is_flag) return CheckValue(name, Kind::kFlag, value, false);
      return CheckPaper(value);
    case Kind::kEntryId:
      if (!value.is_string() || !IsUuid(value.get_ref<const std::string&>())) {
        return FieldError("web.entry_id", name, "entry_id ต้องเป็น UUID ในรูปข้อความ",
                          "must be a UUID string");
      }
      return Status::Ok();
    case Kind::kSecret:
      if (!value.is_string()) return WrongType(name, "ข้อความ", "a string");
      return Status::Ok();
  }
  return Status::Ok();
}

}  // namespace

std::optional<FieldKind> KindOf(std::string_view name) {
  const auto& table = Table();
  const auto found = table.find(name);
  if (found == table.end()) return std::nullopt;
  return found->second;
}

Status CheckText(std::string_view name, std::string_view text, bool multiline) {
  const size_t chars_max = multiline ? kMultilineCharsMax : kLineCharsMax;
  size_t chars = 0;
  for (size_t at = 0; at < text.size();) {
    const auto point = NextCodePoint(text, at);
    if (!point || IsHidden(*point, multiline)) {
      return FieldError("web.field_text", name,
                        "ข้อมูลในช่อง " + std::string(name) +
                            " มีอักขระควบคุมหรืออักขระที่มองไม่เห็น" +
                            (multiline ? "" : " (ช่องนี้รับข้อความบรรทัดเดียว)") +
                            " กรุณาพิมพ์ใหม่",
                        point ? "control, bidirectional or invisible character" : "not UTF-8");
    }
    if (++chars > chars_max) {
      return FieldError("web.field_too_long", name,
                        "ข้อมูลในช่อง " + std::string(name) + " ยาวเกิน " +
                            std::to_string(chars_max) + " ตัวอักษร",
                        "longer than " + std::to_string(chars_max) + " characters");
    }
  }
  return Status::Ok();
}

Status CheckJsonBody(const json& body, bool paper_is_flag) {
  if (!body.is_object()) {
    return Status::InvalidInput("http.malformed", "ข้อมูลที่ส่งมาไม่ใช่ JSON ที่ถูกต้อง",
                                "request body is not a JSON object");
  }
  for (const auto& [name, value] : body.items()) {
    const auto kind = KindOf(name);
    if (!kind) {
      return FieldError("web.unknown_field", name, "ไม่รู้จักช่องข้อมูล " + name, "no such field");
    }
    KLANG_RETURN_IF_ERROR(CheckValue(name, *kind, value, paper_is_flag));
  }
  return Status::Ok();
}

Status CheckFormFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  for (const auto& [name, value] : fields) {
    const auto kind = KindOf(name);
    if (kind == Kind::kSecret) continue;
    // Lists typed one item a line arrive from a textarea.
    const bool multiline =
        kind == Kind::kMultiline || kind == Kind::kTextList;
    KLANG_RETURN_IF_ERROR(CheckText(name, value, multiline));
  }
  return Status::Ok();
}

}  // namespace klang::web
