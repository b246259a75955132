// exchange/common.cc — cells, headings and problems, shared by every importer.
#include <sodium.h>

#include <algorithm>
#include <charconv>

#include "core/assert.h"
#include "core/thai.h"
#include "exchange/internal.h"

namespace klang::exchange {
namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
// Excel stores a number as a double: a computed 1234.5 may read 1234.4999999999998. Digits past
// the satang are dropped when they are this close to a whole satang.
constexpr size_t kFloatNoiseDigits = 4;
constexpr int kExponentMax = 30;  // of a number in scientific notation
// No amount of an LAO's comes near; with at most kRowsMax rows, sums of them stay within int64.
constexpr int64_t kAmountSatangMax = 10'000'000'000'000;  // 100,000 million baht
// Excel's serial day numbers (1900 date system): day 1 is 1 January 1900, and Excel counts a 29
// February 1900 that never was, so from day 61 on, day 0 is 30 December 1899.
constexpr int64_t kExcelSerialMin = 10'000;  // 16 May 1927: no document of ours is older
constexpr int64_t kExcelSerialMax = 2'958'465;  // 31 December 9999
constexpr int kBuddhistYearMin = 2400;          // a four-digit year below this is not BE

Status CellError(std::string code, std::string message_th) {
  return Status::InvalidInput(std::move(code), std::move(message_th), "");
}

bool AllOf(std::string_view text, char c) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [c](char x) { return x == c; });
}

// "1234.4999999999998" -> "1234.50", "1234.5000000001" -> "1234.50"; digits past the satang that
// are not float noise (at least kFloatNoiseDigits zeros or nines) are kept, to be refused.
std::string WithoutFloatNoise(std::string text) {
  const size_t dot = text.find('.');
  if (dot == std::string::npos || text.size() - dot - 1 <= 2) return text;
  const std::string kept = text.substr(0, dot + 3);
  const std::string rest = text.substr(dot + 3);
  if (AllOf(rest, '0')) return kept;
  if (rest.size() < kFloatNoiseDigits) return text;
  if (rest.compare(0, kFloatNoiseDigits, std::string(kFloatNoiseDigits, '0')) == 0) return kept;
  if (rest.compare(0, kFloatNoiseDigits, std::string(kFloatNoiseDigits, '9')) != 0) return text;
  // Round the kept part up by one satang, with its carries.
  std::string up = kept;
  for (size_t i = up.size(); i-- > 0;) {
    if (up[i] == '.' || up[i] == '-') continue;
    if (up[i] == '9') {
      up[i] = '0';
      continue;
    }
    up[i] = static_cast<char>(up[i] + 1);
    return up;
  }
  return up.starts_with('-') ? "-1" + up.substr(1) : "1" + up;
}

// "7.0000000000000007E-2" -> "0.070000000000000007" (Excel writes very small and very large
// numbers so); the text itself when it is not a number in scientific notation.
std::string WithoutExponent(const std::string& text) {
  const size_t e = text.find_first_of("eE");
  if (e == std::string::npos || e == 0 || e + 1 >= text.size()) return text;
  int exponent = 0;
  const char* begin = text.data() + e + 1 + (text[e + 1] == '+' ? 1 : 0);
  const auto [end, error] = std::from_chars(begin, text.data() + text.size(), exponent);
  if (error != std::errc() || end != text.data() + text.size() || exponent < -kExponentMax ||
      exponent > kExponentMax) {
    return text;
  }
  std::string mantissa = text.substr(0, e);
  const bool negative = mantissa.starts_with('-');
  if (negative) mantissa.erase(0, 1);
  const size_t dot = mantissa.find('.');
  std::string digits = mantissa;
  int point = static_cast<int>(mantissa.size());  // digits before the decimal point
  if (dot != std::string::npos) {
    digits.erase(dot, 1);
    point = static_cast<int>(dot);
  }
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return text;
  }
  point += exponent;
  if (point <= 0) {
    digits.insert(0, static_cast<size_t>(1 - point), '0');
    point = 1;
  }
  if (point > static_cast<int>(digits.size())) digits.append(static_cast<size_t>(point) - digits.size(), '0');
  std::string out = digits.substr(0, static_cast<size_t>(point));
  if (static_cast<size_t>(point) < digits.size()) out += "." + digits.substr(static_cast<size_t>(point));
  return negative ? "-" + out : out;
}

std::string Lower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

// The heading cells of row `index`, with the row below when it holds เดบิต/เครดิต under group
// headings (a merged group heading is written in its first column only: carried to the right).
std::vector<std::string> HeadingCells(const Sheet& sheet, size_t index, bool with_next) {
  std::vector<std::string> cells;
  for (const auto& cell : sheet.rows[index].cells) cells.push_back(NormalHeading(cell));
  if (!with_next || index + 1 >= sheet.rows.size()) return cells;
  const auto& below = sheet.rows[index + 1].cells;
  cells.resize(std::max(cells.size(), below.size()));
  std::string group;
  for (size_t column = 0; column < cells.size(); ++column) {
    const std::string sub = column < below.size() ? NormalHeading(below[column]) : "";
    if (!cells[column].empty()) group = cells[column];
    if (!sub.empty()) cells[column] = group + sub;
  }
  return cells;
}

bool HasSideHeading(const SheetRow& row) {
  for (const auto& cell : row.cells) {
    const std::string heading = NormalHeading(cell);
    if (heading == "เดบิต" || heading == "เครดิต") return true;
  }
  return false;
}

// Where each spec's column is in `cells` (first match), and the required ones missing.
std::map<std::string, size_t, std::less<>> MatchColumns(const std::vector<std::string>& cells,
                                                        std::span<const ColumnSpec> specs,
                                                        std::vector<std::string_view>* missing) {
  std::map<std::string, size_t, std::less<>> found;
  for (const ColumnSpec& spec : specs) {
    std::vector<std::string> names = {NormalHeading(spec.name_th)};
    for (auto alias : spec.aliases) names.push_back(NormalHeading(alias));
    for (size_t column = 0; column < cells.size(); ++column) {
      if (std::find(names.begin(), names.end(), cells[column]) != names.end()) {
        found.emplace(std::string(spec.key), column);
        break;
      }
    }
    if (spec.required && !found.count(spec.key)) missing->push_back(spec.name_th);
  }
  return found;
}

}  // namespace

std::string Trimmed(std::string_view text) {
  std::string out(text);
  ReplaceAll(out, kNoBreakSpace, " ");
  const size_t first = out.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const size_t last = out.find_last_not_of(" \t\r\n");
  return out.substr(first, last - first + 1);
}

Result<Money> AmountCell(std::string_view raw) {
  std::string text = ArabicDigits(Trimmed(raw));
  if (text.empty() || text == "-") return Money();
  bool negative = false;
  if (text.size() > 2 && text.front() == '(' && text.back() == ')') {
    negative = true;
    text = Trimmed(text.substr(1, text.size() - 2));
  }
  text = WithoutFloatNoise(WithoutExponent(text));
  auto amount = Money::Parse(text);
  if (!amount.ok()) {
    return CellError("import.amount", "จำนวนเงิน \"" + std::string(Trimmed(raw)) +
                                          "\" ไม่ถูกต้อง (ใช้ตัวเลข เช่น 1,234.50 ทศนิยมไม่เกิน 2 ตำแหน่ง)");
  }
  if (amount->satang() > kAmountSatangMax || amount->satang() < -kAmountSatangMax) {
    return CellError("import.amount_too_large", "จำนวนเงิน \"" + std::string(Trimmed(raw)) + "\" มากเกินไป");
  }
  return negative ? -*amount : *amount;
}

Result<int64_t> IntegerCell(std::string_view raw) {
  std::string text = ArabicDigits(Trimmed(raw));
  if (text.size() > 2 && text.ends_with(".0")) text.resize(text.size() - 2);
  int64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return CellError("import.integer", "\"" + std::string(Trimmed(raw)) + "\" ไม่ใช่จำนวนเต็ม");
  }
  return value;
}

Result<Date> DateCell(std::string_view raw) {
  const std::string shown = Trimmed(raw);
  std::string text = ArabicDigits(shown);
  auto invalid = [&]() {
    return CellError("import.date", "วันที่ \"" + shown + "\" ไม่ถูกต้อง (ใช้ วว/ดด/ปปปป พ.ศ. เช่น 04/12/2569)");
  };
  if (text.empty()) return CellError("import.date", "ไม่ได้ระบุวันที่");
  if (text.size() > 2 && text.ends_with(".0")) text.resize(text.size() - 2);
  if (std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    // An Excel date: five to seven digits, no zero in front ("041269" is not a date of Excel's).
    int64_t serial = 0;
    std::from_chars(text.data(), text.data() + text.size(), serial);
    if (text.size() > 7 || text.front() == '0' || serial < kExcelSerialMin || serial > kExcelSerialMax) {
      return invalid();
    }
    static const int64_t kDayZero = Date::FromCivil(1900, 1, 1)->DaysSinceEpoch() - 2;  // 30 Dec 1899
    const Date date = Date::FromDaysSinceEpoch(kDayZero + serial);
    if (date.year() < kBuddhistYearMin) return date;
    // A BE date typed into Excel set to the Western calendar: stored as that year CE.
    auto be = Date::FromCivil(date.year() - kBuddhistEraOffsetYears, date.month(), date.day());
    if (!be.ok()) return invalid();
    return *be;
  }
  if (text.size() >= 10 && text[4] == '-') {  // ISO; a BE year is taken as BE
    int year = 0;
    std::from_chars(text.data(), text.data() + 4, year);
    std::string iso = text.substr(0, 10);
    if (year >= kBuddhistYearMin) iso = std::to_string(year - kBuddhistEraOffsetYears) + iso.substr(4);
    auto date = Date::ParseIso(iso);
    if (!date.ok()) return invalid();
    return *date;
  }
  ReplaceAll(text, "-", "/");
  ReplaceAll(text, ".", "/");
  const size_t last = text.rfind('/');
  if (last == std::string::npos) return invalid();
  std::string year = text.substr(last + 1);
  if (year.size() == 2) year = "25" + year;  // 4/12/69 is 2569
  if (year.size() == 4 && year < std::to_string(kBuddhistYearMin)) {
    return CellError("import.date_not_be", "วันที่ \"" + shown + "\" ต้องใช้ปีพุทธศักราช (เช่น 04/12/2569)");
  }
  auto date = Date::ParseThai(text.substr(0, last + 1) + year);
  if (!date.ok()) return invalid();
  return *date;
}

std::string NormalHeading(std::string_view text) {
  std::string out;
  for (char c : Trimmed(text)) {
    if (c == ' ' || c == '*' || c == '.' || c == ':' || c == '\n' || c == '\r' || c == '\t') continue;
    out += c;
  }
  ReplaceAll(out, kNoBreakSpace, "");
  out = Lower(out);
  // "ยอดคงเหลือ Dr" is "ยอดคงเหลือเดบิต": the side written either way.
  if (out.ends_with("dr")) out = out.substr(0, out.size() - 2) + "เดบิต";
  if (out.ends_with("cr")) out = out.substr(0, out.size() - 2) + "เครดิต";
  return out;
}

std::string Header::Cell(const SheetRow& row, std::string_view key) const {
  const auto found = columns.find(key);
  if (found == columns.end() || found->second >= row.cells.size()) return "";
  return Trimmed(row.cells[found->second]);
}

std::string Header::ColumnLabel(std::string_view key) const {
  const auto found = columns.find(key);
  for (const ColumnSpec& spec : specs) {
    if (spec.key != key) continue;
    if (found == columns.end()) return std::string(spec.name_th);
    return ColumnLetter(found->second) + " (" + std::string(spec.name_th) + ")";
  }
  return std::string(key);
}

Result<Header> FindHeader(const Sheet& sheet, std::span<const ColumnSpec> specs) {
  std::vector<std::string_view> best_missing;
  bool searched = false;
  for (size_t index = 0; index < sheet.rows.size() && index < kHeaderSearchRows; ++index) {
    const bool two_rows = index + 1 < sheet.rows.size() && HasSideHeading(sheet.rows[index + 1]);
    std::vector<std::string_view> missing;
    auto columns = MatchColumns(HeadingCells(sheet, index, two_rows), specs, &missing);
    if (missing.empty()) {
      Header header;
      header.row_index = two_rows ? index + 1 : index;
      header.row_number = sheet.rows[header.row_index].number;
      header.columns = std::move(columns);
      header.specs.assign(specs.begin(), specs.end());
      return header;
    }
    if (!searched || missing.size() < best_missing.size()) best_missing = missing;
    searched = true;
  }
  if (!searched) {
    return Status::InvalidInput("import.empty_sheet", "แผ่นงาน \"" + sheet.name + "\" ไม่มีข้อมูล", "empty sheet");
  }
  std::string names;
  for (auto name : best_missing) names += (names.empty() ? "" : ", ") + std::string(name);
  return Status::InvalidInput("import.columns",
                              "ไม่พบหัวคอลัมน์ที่ต้องมีในแผ่นงาน \"" + sheet.name + "\": " + names +
                                  " (ดูรูปแบบไฟล์ในคู่มือการนำเข้าข้อมูล)",
                              "missing columns");
}

void Problems::Add(int row, std::string column, std::string code, std::string message_th) {
  ++preview_.problems_total;
  if (preview_.problems.size() >= kProblemsMax) return;
  preview_.problems.push_back({sheet_, row, std::move(column), std::move(code), std::move(message_th)});
}

void Problems::AddStatus(int row, std::string column, const Status& status) {
  KLANG_ASSERT(!status.ok());
  std::string message = status.message_th();
  if (message.empty()) message = "ระบบตรวจสอบรายการนี้ไม่ได้ (" + status.detail_en() + ")";
  Add(row, std::move(column), status.stable_code(), std::move(message));
}

void AddLine(Preview& preview, int row, std::vector<std::string> values, bool problem) {
  if (preview.lines.size() >= kPreviewLinesMax && !problem) return;
  if (preview.lines.size() >= kPreviewLinesMax + kProblemsMax) return;
  preview.lines.push_back({row, std::move(values), problem});
}

std::string CutUtf8(std::string_view text, size_t bytes) {
  if (text.size() <= bytes) return std::string(text);
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return std::string(text.substr(0, bytes));
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : digest) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0x0F];
  }
  return hex;
}

std::string ImportEntryId(const std::string& import_id, const std::string& row_key) {
  const std::string input = import_id + "\n" + row_key;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(input.data()), input.size());
  digest[6] = static_cast<unsigned char>((digest[6] & 0x0F) | 0x50);  // version 5: name-based
  digest[8] = static_cast<unsigned char>((digest[8] & 0x3F) | 0x80);  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 0x0F];
  }
  return id;
}

Status CheckNoPaperOutage(ImportContext& context, Problems& problems) {
  KLANG_ASSIGN_OR_RETURN(auto outage, context.services.continuity.OpenPaperOutage(context.org));
  if (outage) {
    problems.Add(0, "", "import.paper_first",
                 "หน่วยงานอยู่ระหว่างบันทึกเอกสารที่จัดทำด้วยมือในช่วงระบบขัดข้อง ต้องบันทึกให้ครบและแจ้งว่าบันทึกครบแล้วก่อนนำเข้าข้อมูลอื่น");
  }
  return Status::Ok();
}

Status CheckMonthOpen(ImportContext& context, Date date, int row, const std::string& column, Problems& problems) {
  KLANG_ASSIGN_OR_RETURN(bool closed, context.closed(date));
  if (closed) {
    problems.Add(row, column, "import.month_closed",
                 "เดือน" + std::string(ThaiMonthName(date.month())) + " " + std::to_string(date.year_be()) +
                     " ปิดบัญชีแล้ว บันทึกเอกสารลงวันที่ในเดือนนี้ไม่ได้");
  }
  return Status::Ok();
}

const Sheet& SheetNamed(const Workbook& workbook, std::string_view name_th) {
  KLANG_ASSERT(!workbook.sheets.empty());
  const Sheet* named = workbook.Find(name_th);
  return named != nullptr ? *named : workbook.sheets.front();
}

}  // namespace klang::exchange
