#include "ledger/entry.h"

#include <openssl/evp.h>

#include "core/clock.h"

namespace klang::ledger {
namespace {

const char* OriginTypeName(Origin::Type type) {
  switch (type) {
    case Origin::Type::kOnline: return "online";
    case Origin::Type::kEdge: return "edge";
    case Origin::Type::kPaper: return "paper";
  }
  return "online";
}

Status Invalid(std::string code, std::string message_th, std::string field) {
  return Status::InvalidInput(std::move(code), std::move(message_th), {}, std::move(field));
}

bool HexToBytes(std::string_view hex, unsigned char* out, size_t bytes) {
  if (hex.size() != bytes * 2) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t index = 0; index < bytes; ++index) {
    const int high = nibble(hex[2 * index]);
    const int low = nibble(hex[2 * index + 1]);
    if (high < 0 || low < 0) return false;
    out[index] = static_cast<unsigned char>(high * 16 + low);
  }
  return true;
}

}  // namespace

Money Entry::TotalDebit() const {
  Money total;
  for (const Line& line : lines) total += line.debit;
  return total;
}

Status ValidateDraft(const EntryDraft& draft) {
  if (draft.org <= 0) return Invalid("ledger.org", "ไม่ระบุหน่วยงาน", "org");
  if (!IsUuid(draft.entry_id)) {
    return Invalid("ledger.entry_id", "รหัสรายการ (entry id) ต้องเป็น UUID", "entry_id");
  }
  if (draft.kind.empty() || draft.kind.size() > kKindBytesMax) {
    return Invalid("ledger.kind", "ไม่ระบุประเภทรายการ", "kind");
  }
  if (!draft.document_date.valid() || !draft.posting_date.valid()) {
    return Invalid("ledger.date", "ไม่ระบุวันที่", "date");
  }
  if (FiscalYearOf(draft.document_date) != draft.fiscal_year) {
    return Status::InvalidInput(
        "ledger.date_outside_fiscal_year",
        "วันที่เอกสารไม่อยู่ในปีงบประมาณ " + std::to_string(draft.fiscal_year) +
            " (1 ต.ค. " + std::to_string(draft.fiscal_year - 1) + " – 30 ก.ย. " +
            std::to_string(draft.fiscal_year) + ")",
        "document date " + draft.document_date.ToIso() + " is outside fiscal year " +
            std::to_string(draft.fiscal_year),
        "date");
  }
  if (draft.author.empty()) return Invalid("ledger.author", "ไม่ระบุผู้บันทึก", "author");
  if (draft.lines.size() > kLinesMax) {
    return Invalid("ledger.too_many_lines", "รายการบัญชีมากเกินไป (ไม่เกิน 500 บรรทัด)", "lines");
  }
  if (draft.lines.size() == 1) {
    return Invalid("ledger.single_line", "ต้องมีรายการบัญชีอย่างน้อย 2 บรรทัด", "lines");
  }
  Money debits;
  Money credits;
  for (size_t index = 0; index < draft.lines.size(); ++index) {
    const Line& line = draft.lines[index];
    const std::string field = "lines[" + std::to_string(index) + "]";
    if (line.account.empty() || line.account.size() > kAccountCodeBytesMax) {
      return Invalid("ledger.account", "บรรทัดที่ " + std::to_string(index + 1) + ": ไม่ระบุรหัสบัญชี",
                     field + ".account");
    }
    const bool one_sided = (line.debit.satang() > 0) != (line.credit.satang() > 0);
    if (line.debit.is_negative() || line.credit.is_negative() || !one_sided) {
      return Invalid("ledger.line_sides",
                     "บรรทัดที่ " + std::to_string(index + 1) +
                         ": ต้องระบุจำนวนเงินด้านเดบิตหรือเครดิตด้านใดด้านหนึ่ง และต้องมากกว่าศูนย์",
                     field);
    }
    if (line.debit.satang() > Money::kAmountSatangMax ||
        line.credit.satang() > Money::kAmountSatangMax) {
      return Invalid("ledger.amount_too_large",
                     "บรรทัดที่ " + std::to_string(index + 1) + ": จำนวนเงินเกินกว่าที่ระบบรองรับ",
                     field);
    }
    debits += line.debit;  // cannot overflow: at most 500 lines of at most 10^15 satang
    credits += line.credit;
  }
  if (debits != credits) {
    return Status::InvalidInput(
        "ledger.unbalanced",
        "ยอดเดบิต (" + debits.Format() + ") ไม่เท่ากับยอดเครดิต (" + credits.Format() + ")",
        "debits " + debits.FormatPlain() + " != credits " + credits.FormatPlain(), "lines");
  }
  const std::string body = draft.body.dump();
  if (!draft.body.is_object() || body.size() > kBodyBytesMax) {
    return Invalid("ledger.body", "เนื้อหาเอกสารไม่ถูกต้องหรือใหญ่เกินไป", "body");
  }
  return Status::Ok();
}

nlohmann::json CanonicalJson(const Entry& entry) {
  // nlohmann::json keeps object keys in a std::map: dump() writes them sorted by byte order,
  // with no white space. That is exactly the canonical form of docs/ledger-format.md.
  nlohmann::json lines = nlohmann::json::array();
  for (const Line& line : entry.lines) {
    lines.push_back({{"account", line.account},
                     {"credit", line.credit.satang()},
                     {"debit", line.debit.satang()}});
  }
  nlohmann::json origin = {{"type", OriginTypeName(entry.origin.type)}};
  if (entry.origin.type == Origin::Type::kEdge) {
    origin["node"] = entry.origin.node;
    origin["provisional"] = entry.origin.provisional;
  } else if (entry.origin.type == Origin::Type::kPaper) {
    origin["book"] = entry.origin.paper_book;
    origin["number"] = entry.origin.paper_number;
    origin["paper_date"] = entry.origin.paper_date;
  }
  nlohmann::json numbers = nlohmann::json::object();
  for (const auto& [series, number] : entry.numbers) numbers[series] = number;
  return {{"author", entry.author},
          {"body", entry.body},
          {"document_date", entry.document_date.ToIso()},
          {"entry_id", entry.entry_id},
          {"fiscal_year", entry.fiscal_year},
          {"format", kFormatVersion},
          {"kind", entry.kind},
          {"lines", std::move(lines)},
          {"numbers", std::move(numbers)},
          {"org", entry.org},
          {"origin", std::move(origin)},
          {"posting_date", entry.posting_date.ToIso()},
          {"recorded_at_ms", entry.recorded_at_ms},
          {"seq", entry.seq}};
}

std::string CanonicalBytes(const Entry& entry) {
  // error_handler::strict: invalid UTF-8 is a bug here (input is validated at the edge).
  return CanonicalJson(entry).dump(-1, ' ', /*ensure_ascii=*/false,
                                   nlohmann::json::error_handler_t::strict);
}

Result<Entry> DecodeCanonical(std::string_view bytes) {
  auto fail = [](std::string why) {
    return Status::Internal("ledger.decode", "entry bytes do not decode: " + why);
  };
  nlohmann::json json = nlohmann::json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) return fail("not a JSON object");
  try {
    Entry entry;
    if (json.at("format").get<int>() != kFormatVersion) return fail("unknown format");
    entry.org = json.at("org").get<int64_t>();
    entry.seq = json.at("seq").get<int64_t>();
    entry.entry_id = json.at("entry_id").get<std::string>();
    entry.kind = json.at("kind").get<std::string>();
    auto document_date = Date::ParseIso(json.at("document_date").get<std::string>());
    auto posting_date = Date::ParseIso(json.at("posting_date").get<std::string>());
    if (!document_date.ok() || !posting_date.ok()) return fail("bad date");
    entry.document_date = document_date.value();
    entry.posting_date = posting_date.value();
    entry.fiscal_year = json.at("fiscal_year").get<int>();
    for (const auto& [series, number] : json.at("numbers").items()) {
      entry.numbers[series] = number.get<int64_t>();
    }
    const auto& origin = json.at("origin");
    const std::string type = origin.at("type").get<std::string>();
    if (type == "edge") {
      entry.origin.type = Origin::Type::kEdge;
      entry.origin.node = origin.at("node").get<std::string>();
      entry.origin.provisional = origin.at("provisional").get<std::string>();
    } else if (type == "paper") {
      entry.origin.type = Origin::Type::kPaper;
      entry.origin.paper_book = origin.at("book").get<std::string>();
      entry.origin.paper_number = origin.at("number").get<std::string>();
      entry.origin.paper_date = origin.at("paper_date").get<std::string>();
    } else if (type != "online") {
      return fail("unknown origin type");
    }
    entry.author = json.at("author").get<std::string>();
    entry.recorded_at_ms = json.at("recorded_at_ms").get<int64_t>();
    entry.body = std::move(json.at("body"));
    for (const auto& line : json.at("lines")) {
      entry.lines.push_back({line.at("account").get<std::string>(),
                             Money::FromSatang(line.at("debit").get<int64_t>()),
                             Money::FromSatang(line.at("credit").get<int64_t>())});
    }
    return entry;
  } catch (const nlohmann::json::exception& error) {
    return fail(error.what());
  }
}

const std::string& GenesisHash() {
  static const std::string kGenesis(64, '0');
  return kGenesis;
}

std::string ChainHash(std::string_view previous_hash_hex, std::string_view canonical) {
  unsigned char previous[32];
  KLANG_ASSERT_MSG(HexToBytes(previous_hash_hex, previous, sizeof previous),
                   "previous hash is not 64 lower-case hex digits");
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_bytes = 0;
  // One digest context per thread, freed when the thread ends.
  struct ContextOwner {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    ~ContextOwner() { EVP_MD_CTX_free(context); }
  };
  thread_local ContextOwner owner;
  EVP_MD_CTX* context = owner.context;
  KLANG_ASSERT(context != nullptr);
  KLANG_ASSERT(EVP_DigestInit_ex(context, EVP_sha256(), nullptr) == 1);
  KLANG_ASSERT(EVP_DigestUpdate(context, previous, sizeof previous) == 1);
  KLANG_ASSERT(EVP_DigestUpdate(context, canonical.data(), canonical.size()) == 1);
  KLANG_ASSERT(EVP_DigestFinal_ex(context, digest, &digest_bytes) == 1);
  KLANG_ASSERT(digest_bytes == 32);
  return HexEncode(std::span<const unsigned char>(digest, digest_bytes));
}

}  // namespace klang::ledger
