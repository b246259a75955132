#include "sync/wire.h"

#include <openssl/evp.h>

namespace klang::sync {
namespace {

using nlohmann::json;

Status Bad(const std::string& what) {
  return Status::InvalidInput("sync.bad_draft", "ข้อมูลที่ส่งมาไม่ถูกต้อง", what);
}

}  // namespace

json OriginToJson(const ledger::Origin& origin) {
  switch (origin.type) {
    case ledger::Origin::Type::kEdge:
      return {{"type", "edge"}, {"node", origin.node}, {"provisional", origin.provisional}};
    case ledger::Origin::Type::kPaper:
      return {{"type", "paper"},
              {"book", origin.paper_book},
              {"number", origin.paper_number},
              {"paper_date", origin.paper_date}};
    case ledger::Origin::Type::kOnline:
      break;
  }
  return {{"type", "online"}};
}

ledger::Origin OriginFromJson(const json& value) {
  ledger::Origin origin;
  if (!value.is_object()) return origin;
  const std::string type = value.value("type", "online");
  if (type == "edge") {
    origin.type = ledger::Origin::Type::kEdge;
    origin.node = value.value("node", "");
    origin.provisional = value.value("provisional", "");
  } else if (type == "paper") {
    origin.type = ledger::Origin::Type::kPaper;
    origin.paper_book = value.value("book", "");
    origin.paper_number = value.value("number", "");
    origin.paper_date = value.value("paper_date", "");
  }
  return origin;
}

json DraftToJson(const ledger::EntryDraft& draft) {
  json lines = json::array();
  for (const auto& line : draft.lines) {
    lines.push_back(
        {{"account", line.account}, {"debit", line.debit.satang()}, {"credit", line.credit.satang()}});
  }
  return {{"org", draft.org},
          {"entry_id", draft.entry_id},
          {"kind", draft.kind},
          {"document_date", draft.document_date.ToIso()},
          {"posting_date", draft.posting_date.ToIso()},
          {"fiscal_year", draft.fiscal_year},
          {"number_series", draft.number_series},
          {"origin", OriginToJson(draft.origin)},
          {"author", draft.author},
          {"body", draft.body},
          {"lines", lines}};
}

Result<ledger::EntryDraft> DraftFromJson(const json& value) {
  if (!value.is_object()) return Bad("draft is not an object");
  ledger::EntryDraft draft;
  try {
    draft.org = value.at("org").get<int64_t>();
    draft.entry_id = value.at("entry_id").get<std::string>();
    draft.kind = value.at("kind").get<std::string>();
    auto document_date = Date::ParseIso(value.at("document_date").get<std::string>());
    auto posting_date = Date::ParseIso(value.at("posting_date").get<std::string>());
    if (!document_date.ok() || !posting_date.ok()) return Bad("bad dates");
    draft.document_date = *document_date;
    draft.posting_date = *posting_date;
    draft.fiscal_year = value.at("fiscal_year").get<int>();
    draft.number_series = value.at("number_series").get<std::vector<std::string>>();
    draft.origin = OriginFromJson(value.at("origin"));
    draft.author = value.at("author").get<std::string>();
    draft.body = value.at("body");
    for (const auto& line : value.at("lines")) {
      draft.lines.push_back({line.at("account").get<std::string>(),
                             Money::FromSatang(line.at("debit").get<int64_t>()),
                             Money::FromSatang(line.at("credit").get<int64_t>())});
    }
  } catch (const json::exception& error) {
    return Bad(error.what());
  }
  if (!draft.body.is_object()) return Bad("body is not an object");
  return draft;
}

json EntryToWire(const ledger::Entry& entry) {
  return {{"canonical", ledger::CanonicalBytes(entry)}, {"hash", entry.hash}};
}

Result<ledger::Entry> EntryFromWire(const json& value) {
  auto bad = [](const std::string& what) {
    return Status::InvalidInput("sync.bad_entry", "รายการที่ส่งมาไม่ถูกต้อง", what);
  };
  if (!value.is_object() || !value.contains("canonical") || !value["canonical"].is_string() ||
      !value.contains("hash") || !value["hash"].is_string()) {
    return bad("entry needs canonical and hash");
  }
  const std::string& canonical = value["canonical"].get_ref<const std::string&>();
  auto entry = ledger::DecodeCanonical(canonical);
  if (!entry.ok()) return bad(entry.status().detail_en());
  if (ledger::CanonicalBytes(*entry) != canonical) return bad("bytes are not canonical");
  entry->hash = value["hash"].get<std::string>();
  return entry;
}

std::string Sha256Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int bytes = 0;
  KLANG_ASSERT(EVP_Digest(text.data(), text.size(), digest, &bytes, EVP_sha256(), nullptr) == 1);
  return HexEncode(std::span<const unsigned char>(digest, bytes));
}

std::string HeldEntryId(const std::string& entry_id) {
  std::string hex = Sha256Hex("klang held entry " + entry_id).substr(0, 32);
  hex[12] = '8';  // UUID version 8 (custom), RFC 9562
  hex[16] = "89ab"[(hex[16] - '0') & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20, 12);
}

Status StatusFromProblem(int http_status, const std::string& body) {
  const json problem = json::parse(body, nullptr, false);
  const std::string code = problem.is_object() ? problem.value("code", "") : "";
  const std::string title = problem.is_object() ? problem.value("title", "") : "";
  const std::string detail = problem.is_object() ? problem.value("detail", "") : "";
  const std::string field = problem.is_object() ? problem.value("field", "") : "";
  const std::string stable = code.empty() ? "sync.upstream_" + std::to_string(http_status) : code;
  const std::string message = title.empty() ? "ศูนย์ตอบกลับข้อผิดพลาด" : title;
  ErrorCode error = ErrorCode::kInternal;
  switch (http_status) {
    case 400: case 422: error = ErrorCode::kInvalidInput; break;
    case 401: error = ErrorCode::kUnauthenticated; break;
    case 403: error = ErrorCode::kPermissionDenied; break;
    case 404: error = ErrorCode::kNotFound; break;
    case 409: error = ErrorCode::kConflict; break;
    case 502: case 503: case 504: error = ErrorCode::kUnavailable; break;
    default: break;
  }
  return Status::Error(error, stable, message, detail, field);
}

}  // namespace klang::sync
