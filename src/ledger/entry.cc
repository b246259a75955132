#include "ledger/entry.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <iterator>

#include <openssl/evp.h>
#include <simdjson.h>

#include <cstdio>

#include "core/clock.h"
#include "core/thai.h"

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
  // Every chain hash goes through here (verify: once per entry), so by table, not by branches.
  static constexpr auto kNibble = [] {
    std::array<int8_t, 256> table{};
    table.fill(-1);
    for (int digit = 0; digit < 10; ++digit) table[static_cast<size_t>('0' + digit)] = static_cast<int8_t>(digit);
    for (int digit = 0; digit < 6; ++digit) table[static_cast<size_t>('a' + digit)] = static_cast<int8_t>(10 + digit);
    return table;
  }();
  if (hex.size() != bytes * 2) return false;
  int bad = 0;
  for (size_t index = 0; index < bytes; ++index) {
    const int high = kNibble[static_cast<unsigned char>(hex[2 * index])];
    const int low = kNibble[static_cast<unsigned char>(hex[2 * index + 1])];
    bad |= high | low;
    out[index] = static_cast<unsigned char>(high * 16 + low);
  }
  return bad >= 0;
}

}  // namespace

LineTotals SumLines(const std::vector<Line>& lines) {
  LineTotals totals;
  for (const Line& line : lines) {
    auto debit = Money::CheckedAdd(totals.debit, line.debit);
    auto credit = Money::CheckedAdd(totals.credit, line.credit);
    if (!debit.ok() || !credit.ok()) {
      totals.overflow = true;
      return totals;
    }
    totals.debit = *debit;
    totals.credit = *credit;
  }
  return totals;
}

Money Entry::TotalDebit() const { return SumLines(lines).debit; }

std::string ProvisionalNumberText(const std::string& node, int64_t number) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%06lld", static_cast<long long>(number));
  return node + "-" + digits;
}

bool AwaitsOfficialNumbers(const Entry& entry) {
  for (const auto& [series, number] : entry.numbers) {
    if (number == 0) return true;
  }
  return false;
}

std::string ProvisionalLabel(const Entry& entry) {
  if (entry.origin.type != Origin::Type::kEdge || entry.origin.provisional.empty()) return "";
  return "ชั่วคราว " + entry.origin.provisional;
}

std::string PaperLabel(const Entry& entry) {
  if (entry.origin.type != Origin::Type::kPaper) return "";
  std::string label = "เอกสารกระดาษ เล่มที่ " + entry.origin.paper_book + " เลขที่ " +
                      entry.origin.paper_number;
  if (auto date = Date::ParseIso(entry.origin.paper_date); date.ok()) {
    label += " ลงวันที่ " + FormatThaiDateShort(*date);
  }
  return label;
}

std::string DocumentNumberText(const Entry& entry, const std::string& official) {
  const std::string provisional = ProvisionalLabel(entry);
  if (AwaitsOfficialNumbers(entry)) return provisional.empty() ? "รอเลขที่จากศูนย์" : provisional;
  const std::string paper = PaperLabel(entry);
  if (!provisional.empty()) return official + " (" + provisional + ")";
  if (!paper.empty()) return official + " (" + paper + ")";
  return official;
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
  }
  // Cannot overflow: at most 500 lines of at most 10^15 satang each.
  const LineTotals totals = SumLines(draft.lines);
  KLANG_ASSERT(!totals.overflow);
  const Money debits = totals.debit;
  const Money credits = totals.credit;
  if (debits != credits) {
    return Status::InvalidInput(
        "ledger.unbalanced",
        "ยอดเดบิต (" + debits.Format() + ") ไม่เท่ากับยอดเครดิต (" + credits.Format() + ")",
        "debits " + debits.FormatPlain() + " != credits " + credits.FormatPlain(), "lines");
  }
  if (!draft.provisional_node.empty() && !draft.defer_numbers) {
    return Invalid("ledger.provisional", "เลขที่ชั่วคราวใช้ได้เฉพาะเอกสารที่รอเลขที่จากศูนย์", "origin");
  }
  if (draft.expected_seq < 0) return Invalid("ledger.expected_seq", "ลำดับที่ไม่ถูกต้อง", "seq");
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

namespace {

// Canonical bytes are what nlohmann::json's dump() writes for CanonicalJson: keys sorted by byte
// order, no white space, UTF-8 as it is. They are written here piece by piece in that key order,
// each value as dump() writes it, without building the object (and copying the body into it).

// A value as dump() writes it. error_handler::strict: invalid UTF-8 is a bug here (input is
// validated at the edge), and throws as dump() does.
void AppendJson(std::string& out, const nlohmann::json& value) {
  out += value.dump(-1, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::strict);
}

// A string as dump() writes it. Printable ASCII other than '"' and '\' is written as it is, as
// dump() writes it; anything else goes through dump() (escapes, UTF-8 checked).
void AppendString(std::string& out, std::string_view text) {
  const bool plain = std::all_of(text.begin(), text.end(), [](char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) return AppendJson(out, nlohmann::json(text));
  out += '"';
  out += text;
  out += '"';
}

void AppendInt(std::string& out, int64_t value) {
  char digits[24];
  const auto written = std::to_chars(std::begin(digits), std::end(digits), value);
  KLANG_ASSERT(written.ec == std::errc());
  out.append(digits, written.ptr);
}

// `separator` then `"key":`; the keys are fixed ASCII names with nothing to escape.
void AppendKey(std::string& out, char separator, std::string_view key) {
  out += separator;
  out += '"';
  out += key;
  out += "\":";
}

void AppendLines(std::string& out, const std::vector<Line>& lines) {
  out += '[';
  for (size_t index = 0; index < lines.size(); ++index) {
    if (index > 0) out += ',';
    AppendKey(out, '{', "account");
    AppendString(out, lines[index].account);
    AppendKey(out, ',', "credit");
    AppendInt(out, lines[index].credit.satang());
    AppendKey(out, ',', "debit");
    AppendInt(out, lines[index].debit.satang());
    out += '}';
  }
  out += ']';
}

// The origin's keys in byte order: book, node, number, paper_date, provisional, type.
void AppendOrigin(std::string& out, const Origin& origin) {
  char separator = '{';
  auto field = [&](std::string_view key, std::string_view value) {
    AppendKey(out, separator, key);
    AppendString(out, value);
    separator = ',';
  };
  if (origin.type == Origin::Type::kEdge) {
    field("node", origin.node);
    field("provisional", origin.provisional);
  } else if (origin.type == Origin::Type::kPaper) {
    field("book", origin.paper_book);
    field("number", origin.paper_number);
    field("paper_date", origin.paper_date);
  }
  field("type", OriginTypeName(origin.type));
  out += '}';
}

// Entry and EntryDraft name the fields a draft fixes alike.
template <typename Source>
CanonicalFrame FrameOf(const Source& source) {
  CanonicalFrame frame;
  std::string& out = frame.before_numbers;
  AppendKey(out, '{', "author");
  AppendString(out, source.author);
  AppendKey(out, ',', "body");
  AppendJson(out, source.body);
  AppendKey(out, ',', "document_date");
  AppendString(out, source.document_date.ToIso());
  AppendKey(out, ',', "entry_id");
  AppendString(out, source.entry_id);
  AppendKey(out, ',', "fiscal_year");
  AppendInt(out, source.fiscal_year);
  AppendKey(out, ',', "format");
  AppendInt(out, kFormatVersion);
  AppendKey(out, ',', "kind");
  AppendString(out, source.kind);
  AppendKey(out, ',', "lines");
  AppendLines(out, source.lines);
  AppendKey(out, ',', "numbers");
  std::string& after = frame.after_numbers;
  AppendKey(after, ',', "org");
  AppendInt(after, source.org);
  AppendKey(after, ',', "origin");
  AppendOrigin(after, source.origin);
  AppendKey(after, ',', "posting_date");
  AppendString(after, source.posting_date.ToIso());
  return frame;
}

}  // namespace

CanonicalFrame CanonicalFrameOf(const EntryDraft& draft) { return FrameOf(draft); }
CanonicalFrame CanonicalFrameOf(const Entry& entry) { return FrameOf(entry); }

std::string AssembleCanonical(const CanonicalFrame& frame,
                              const std::map<std::string, int64_t>& numbers,
                              int64_t recorded_at_ms, int64_t seq) {
  constexpr size_t kWriterFieldsBytes = 96;  // room for the fields below, most numbers included
  std::string out;
  out.reserve(frame.before_numbers.size() + frame.after_numbers.size() + kWriterFieldsBytes);
  out += frame.before_numbers;
  out += '{';
  for (const auto& [series, number] : numbers) {  // a std::map: in byte order, as dump() sorts
    if (out.back() != '{') out += ',';
    AppendString(out, series);
    out += ':';
    AppendInt(out, number);
  }
  out += '}';
  out += frame.after_numbers;
  AppendKey(out, ',', "recorded_at_ms");
  AppendInt(out, recorded_at_ms);
  AppendKey(out, ',', "seq");
  AppendInt(out, seq);
  out += '}';
  return out;
}

std::string CanonicalBytes(const Entry& entry) {
  return AssembleCanonical(CanonicalFrameOf(entry), entry.numbers, entry.recorded_at_ms, entry.seq);
}

// Decoding runs for every entry `verify` checks and every entry read back, so it uses
// simdjson's On-Demand parser (several times faster than building a nlohmann::json tree);
// only the document body, free-form by design, becomes a nlohmann::json value.
namespace {

bool ReadLines(simdjson::ondemand::array& lines, std::vector<Line>* out) {
  for (auto item : lines) {
    simdjson::ondemand::object line_object;
    if (item.get_object().get(line_object)) return false;
    int64_t debit = 0, credit = 0;
    std::string_view account;
    if (line_object["account"].get_string().get(account) ||
        line_object["credit"].get_int64().get(credit) ||
        line_object["debit"].get_int64().get(debit)) {
      return false;
    }
    Line line;
    line.account = std::string(account);
    line.debit = Money::FromSatang(debit);
    line.credit = Money::FromSatang(credit);
    out->push_back(std::move(line));
  }
  return true;
}

bool ReadNumbers(simdjson::ondemand::object& numbers, std::map<std::string, int64_t>* out) {
  for (auto number : numbers) {
    std::string_view series;
    int64_t value = 0;
    if (number.unescaped_key().get(series) || number.value().get_int64().get(value)) return false;
    (*out)[std::string(series)] = value;
  }
  return true;
}

// A member's key as written, up to its closing quote (the document's strings were checked when it
// was indexed): no canonical key holds an escape, so one that does is refused (and not unescaped,
// which costs verify time on every key).
bool RawKey(simdjson::ondemand::field& member, std::string_view* key) {
  const char* const start = member.key().raw();
  const char* end = start;
  for (; *end != '"'; ++end) {
    if (*end == '\\') return false;
  }
  *key = std::string_view(start, static_cast<size_t>(end - start));
  return true;
}

// Walks a JSON value to its end, checking every token (what nlohmann's parse would refuse,
// simdjson refuses here), without building anything.
bool CheckJsonValue(simdjson::ondemand::value value, int depth) {
  namespace od = simdjson::ondemand;
  constexpr int kMaxBodyDepth = 256;  // far deeper than any document body
  od::json_type type;
  if (depth > kMaxBodyDepth || value.type().get(type)) return false;
  switch (type) {
    case od::json_type::object: {
      od::object object;
      if (value.get_object().get(object)) return false;
      for (auto field : object) {
        std::string_view key;
        od::value inner;
        if (field.unescaped_key().get(key) || field.value().get(inner)) return false;
        if (!CheckJsonValue(inner, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::array: {
      od::array array;
      if (value.get_array().get(array)) return false;
      for (auto item : array) {
        od::value inner;
        if (item.get(inner) || !CheckJsonValue(inner, depth + 1)) return false;
      }
      return true;
    }
    case od::json_type::string: {
      std::string_view text;
      return !value.get_string().get(text);
    }
    case od::json_type::number: {
      od::number number;
      return !value.get_number().get(number);
    }
    case od::json_type::boolean: {
      bool flag = false;
      return !value.get_bool().get(flag);
    }
    case od::json_type::null: {
      bool is_null = false;
      return !value.is_null().get(is_null) && is_null;
    }
  }
  return false;
}

}  // namespace

static_assert(kDecodeReadAheadBytes >= simdjson::SIMDJSON_PADDING);

namespace {

// The fields of canonical bytes, in the order they are written (nlohmann::json sorts keys).
constexpr std::array<std::string_view, 14> kCanonicalKeys = {
    "author", "body",   "document_date", "entry_id",     "fiscal_year",    "format", "kind",
    "lines",  "numbers", "org",          "origin",       "posting_date",   "recorded_at_ms", "seq"};

consteval size_t KeyAt(std::string_view key) {
  for (size_t index = 0; index < kCanonicalKeys.size(); ++index) {
    if (kCanonicalKeys[index] == key) return index;
  }
  throw "not a canonical key";
}

}  // namespace

Result<Entry> DecodeCanonical(std::string_view bytes) {
  const simdjson::padded_string padded(bytes);
  return DecodeCanonical(std::string_view(padded.data(), padded.size()), BodyDecoding::kValue);
}

Result<Entry> DecodeCanonical(std::string_view bytes, BodyDecoding body_decoding) {
  Entry entry;
  KLANG_RETURN_IF_ERROR(DecodeCanonicalInto(bytes, body_decoding, entry));
  return entry;
}

Status DecodeCanonicalInto(std::string_view bytes, BodyDecoding body_decoding, Entry& entry) {
  namespace od = simdjson::ondemand;
  auto fail = [](std::string why) {
    return Status::Internal("ledger.decode", "entry bytes do not decode: " + why);
  };
  thread_local od::parser parser;
  od::document document;
  od::object object;
  if (parser.iterate(bytes.data(), bytes.size(), bytes.size() + simdjson::SIMDJSON_PADDING)
          .get(document) ||
      document.get_object().get(object)) {
    return fail("not a JSON object");
  }
  // Every field is assigned below (all fourteen must be present); what is built up is emptied.
  entry.lines.clear();
  entry.numbers.clear();
  entry.origin = Origin{};
  entry.hash.clear();
  if (!entry.body.is_object() || !entry.body.empty()) entry.body = nlohmann::json::object();
  int64_t format = 0;
  auto read_date = [](auto&& value, Date* out) {
    std::string_view text;
    if (value.get_string().get(text)) return false;
    auto parsed = Date::ParseIso(text);
    if (!parsed.ok()) return false;
    *out = *parsed;
    return true;
  };
  auto read_string = [](auto&& value, std::string* out) {
    std::string_view text;
    if (value.get_string().get(text)) return false;
    out->assign(text);  // into the capacity it has
    return true;
  };
  int fields = 0;
  uint32_t seen = 0;  // each field once: damaged bytes can repeat one and leave another out
  for (auto field : object) {
    std::string_view key;
    od::value value;
    od::field member;
    if (std::move(field).get(member) || !RawKey(member, &key)) return fail("bad field");
    value = member.value();
    bool ok = true;
    // Canonical bytes hold the keys in this order, so the next one is tried first.
    size_t index = static_cast<size_t>(fields);
    if (index >= kCanonicalKeys.size() || kCanonicalKeys[index] != key) {
      index = static_cast<size_t>(std::find(kCanonicalKeys.begin(), kCanonicalKeys.end(), key) - kCanonicalKeys.begin());
    }
    if (index == kCanonicalKeys.size()) return fail("unknown field '" + std::string(key) + "'");
    if (seen & (1u << index)) return fail("field '" + std::string(key) + "' repeated");
    seen |= 1u << index;
    ++fields;
    switch (index) {
      case KeyAt("author"):
        ok = read_string(value, &entry.author);
        break;
      case KeyAt("body"): {
        od::json_type type;
        ok = !value.type().get(type) && type == od::json_type::object;
        if (ok && body_decoding == BodyDecoding::kCheckOnly) {
          ok = CheckJsonValue(value, 0);
        } else if (ok) {
          od::object body;
          std::string_view raw;
          ok = !value.get_object().get(body) && !body.raw_json().get(raw);
          if (ok) {
            entry.body = nlohmann::json::parse(raw, nullptr, /*allow_exceptions=*/false);
            ok = entry.body.is_object();
          }
        }
        break;
      }
      case KeyAt("document_date"):
        ok = read_date(value, &entry.document_date);
        break;
      case KeyAt("entry_id"):
        ok = read_string(value, &entry.entry_id);
        break;
      case KeyAt("fiscal_year"): {
        int64_t year = 0;
        ok = !value.get_int64().get(year);
        entry.fiscal_year = static_cast<int>(year);
        break;
      }
      case KeyAt("format"):
        ok = !value.get_int64().get(format);
        break;
      case KeyAt("kind"):
        ok = read_string(value, &entry.kind);
        break;
      case KeyAt("lines"): {
        od::array lines;
        ok = !value.get_array().get(lines);
        // Iterating an array or object that failed to parse is undefined behaviour in simdjson
        // (found by fuzz/fuzz_canonical): the loops run only when the get succeeded.
        if (ok) ok = ReadLines(lines, &entry.lines);
        break;
      }
      case KeyAt("numbers"): {
        od::object numbers;
        ok = !value.get_object().get(numbers);
        if (ok) ok = ReadNumbers(numbers, &entry.numbers);
        break;
      }
      case KeyAt("org"):
        ok = !value.get_int64().get(entry.org);
        break;
      case KeyAt("origin"): {
        od::object origin;
        std::string_view type;
        ok = !value.get_object().get(origin) && !origin["type"].get_string().get(type);
        if (ok && type == "edge") {
          entry.origin.type = Origin::Type::kEdge;
          ok = read_string(origin["node"], &entry.origin.node) &&
               read_string(origin["provisional"], &entry.origin.provisional);
        } else if (ok && type == "paper") {
          entry.origin.type = Origin::Type::kPaper;
          ok = read_string(origin["book"], &entry.origin.paper_book) &&
               read_string(origin["number"], &entry.origin.paper_number) &&
               read_string(origin["paper_date"], &entry.origin.paper_date);
        } else if (ok && type != "online") {
          ok = false;
        }
        break;
      }
      case KeyAt("posting_date"):
        ok = read_date(value, &entry.posting_date);
        break;
      case KeyAt("recorded_at_ms"):
        ok = !value.get_int64().get(entry.recorded_at_ms);
        break;
      case KeyAt("seq"):
        ok = !value.get_int64().get(entry.seq);
        break;
    }
    if (!ok) return fail("bad value for '" + std::string(key) + "'");
  }
  if (fields != static_cast<int>(kCanonicalKeys.size()) || format != kFormatVersion) return fail("missing fields or unknown format");
  return Status::Ok();
}

bool IsChainHashHex(std::string_view text) {
  unsigned char bytes[32];
  return HexToBytes(text, bytes, sizeof bytes);
}

Status CheckStoredChainHash(int64_t org, std::string_view hash, std::string_view where) {
  if (IsChainHashHex(hash)) return Status::Ok();
  return Status::Error(ErrorCode::kInternal, "ledger.damaged_chain",
                       "ข้อมูลบัญชีขององค์กรนี้ในฐานข้อมูลเสียหาย (ค่าแฮชที่เก็บไว้ไม่ถูกต้อง) รายการไม่ถูกบันทึก "
                       "กรุณาแจ้งผู้ดูแลระบบให้ตรวจด้วยคำสั่ง klang verify",
                       "organisation " + std::to_string(org) + ": the stored hash of " + std::string(where) +
                           " is not 64 lower-case hex digits");
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
  // The algorithm fetched from its provider once (EVP_sha256() would fetch it again on every
  // initialisation: a fifth of verify's hashing time), and one digest context per thread.
  static EVP_MD* const kSha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  KLANG_ASSERT(kSha256 != nullptr);
  struct ContextOwner {
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    ~ContextOwner() { EVP_MD_CTX_free(context); }
  };
  thread_local ContextOwner owner;
  EVP_MD_CTX* context = owner.context;
  KLANG_ASSERT(context != nullptr);
  KLANG_ASSERT(EVP_DigestInit_ex(context, kSha256, nullptr) == 1);
  KLANG_ASSERT(EVP_DigestUpdate(context, previous, sizeof previous) == 1);
  KLANG_ASSERT(EVP_DigestUpdate(context, canonical.data(), canonical.size()) == 1);
  KLANG_ASSERT(EVP_DigestFinal_ex(context, digest, &digest_bytes) == 1);
  KLANG_ASSERT(digest_bytes == 32);
  return HexEncode(std::span<const unsigned char>(digest, digest_bytes));
}

int64_t BodyInt(const nlohmann::json& body, std::string_view key) {
  auto found = body.find(key);
  return found != body.end() && found->is_number_integer() ? found->get<int64_t>() : 0;
}

std::string BodyText(const nlohmann::json& body, std::string_view key) {
  auto found = body.find(key);
  return found != body.end() && found->is_string() ? found->get<std::string>() : "";
}

bool BodyFlag(const nlohmann::json& body, std::string_view key) {
  auto found = body.find(key);
  return found != body.end() && found->is_boolean() && found->get<bool>();
}

}  // namespace klang::ledger
