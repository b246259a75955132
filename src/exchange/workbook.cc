// exchange/workbook.cc — XLSX through libzip and pugixml, CSV through libcsv and iconv.
#include "exchange/workbook.h"

#include <csv.h>
#include <iconv.h>
#include <zip.h>

#include <cerrno>
#include <cstdint>
#include <map>
#include <memory>
#include <pugixml.hpp>

#include "core/assert.h"
#include "exchange/internal.h"

namespace klang::exchange {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr size_t kSheetsMax = 100;
constexpr size_t kCsvBlockBytes = 1u << 20;

Status NotAWorkbook(const std::string& file_name) {
  return Status::InvalidInput("import.not_a_workbook",
                              "ไฟล์ " + file_name +
                                  " ไม่ใช่ไฟล์ Excel (.xlsx) ที่อ่านได้ กรุณาบันทึกเป็น Excel Workbook (.xlsx) หรือ CSV แล้วลองใหม่",
                              "not an xlsx workbook: " + file_name);
}

Status TooLarge(std::string_view what_th) {
  return Status::InvalidInput("import.too_large", std::string(what_th), "file too large");
}

// What a workbook may still take, counted down as it is read.
struct Budget {
  size_t unpacked = kUnpackedBytesMax;
  size_t cells = kCellsMax;
  size_t text = kTextBytesMax;
};

// Valid UTF-8 (no overlong forms, surrogates or code points past U+10FFFF) holding no control
// characters but tab and line ends.
bool CleanText(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      if ((byte < 0x20 && byte != '\t' && byte != '\n' && byte != '\r') || byte == 0x7F) return false;
      ++i;
      continue;
    }
    size_t follow = 0;
    uint32_t code = 0;
    if ((byte & 0xE0) == 0xC0) follow = 1, code = byte & 0x1F;
    else if ((byte & 0xF0) == 0xE0) follow = 2, code = byte & 0x0F;
    else if ((byte & 0xF8) == 0xF0) follow = 3, code = byte & 0x07;
    else return false;
    if (i + follow >= text.size()) return false;
    for (size_t k = 1; k <= follow; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return false;
      code = (code << 6) | (next & 0x3F);
    }
    static constexpr uint32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
    if (code < kSmallest[follow] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF) ||
        (code >= 0x80 && code <= 0x9F)) {
      return false;
    }
    i += follow + 1;
  }
  return true;
}

Status Unreadable(const std::string& sheet, int row) {
  return Status::InvalidInput("import.encoding",
                              "แผ่นงาน \"" + sheet + "\" แถวที่ " + std::to_string(row) +
                                  " มีตัวอักษรที่อ่านไม่ได้ (อาจบันทึกไฟล์ด้วยการเข้ารหัสอื่น) กรุณาบันทึกเป็น .xlsx หรือ CSV UTF-8 แล้วลองใหม่",
                              "invalid text");
}

// Every cell's text clean, and the sheet's name.
Status CheckSheetText(Sheet& sheet) {
  if (!CleanText(sheet.name)) sheet.name = "แผ่นงาน";
  for (const SheetRow& row : sheet.rows) {
    for (const std::string& cell : row.cells) {
      if (!CleanText(cell)) return Unreadable(sheet.name, row.number);
    }
  }
  return Status::Ok();
}

// ---- XLSX ----

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
using Zip = std::unique_ptr<zip_t, ZipCloser>;

// The unpacked bytes of one part; nullopt-like empty Result when absent (kNotFound).
Result<std::string> ReadPart(zip_t* archive, const std::string& name, Budget& budget) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive, name.c_str(), 0, &stat) != 0) {
    return Status::NotFound("import.part_missing", "ไม่พบส่วน " + name + " ในไฟล์", name);
  }
  if ((stat.valid & ZIP_STAT_SIZE) == 0 || stat.size > budget.unpacked) {
    return TooLarge("ข้อมูลในไฟล์เมื่อขยายออกใหญ่เกินกว่าที่ระบบรับได้ (" + std::to_string(kUnpackedBytesMax >> 20) + " MB)");
  }
  budget.unpacked -= stat.size;
  zip_file_t* file = zip_fopen(archive, name.c_str(), 0);
  if (file == nullptr) return Status::InvalidInput("import.part_unreadable", "อ่านส่วน " + name + " ในไฟล์ไม่ได้", name);
  std::string bytes(stat.size, '\0');
  const zip_int64_t read = bytes.empty() ? 0 : zip_fread(file, bytes.data(), bytes.size());
  zip_fclose(file);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
    return Status::InvalidInput("import.part_unreadable", "อ่านส่วน " + name + " ในไฟล์ไม่ได้ (ไฟล์อาจเสียหาย)", name);
  }
  return bytes;
}

Result<pugi::xml_document> ParsePart(zip_t* archive, const std::string& name, Budget& budget) {
  KLANG_ASSIGN_OR_RETURN(std::string bytes, ReadPart(archive, name, budget));
  pugi::xml_document document;
  const pugi::xml_parse_result parsed = document.load_buffer(bytes.data(), bytes.size());
  if (!parsed) {
    return Status::InvalidInput("import.part_unreadable", "ส่วน " + name + " ในไฟล์ไม่ใช่ XML ที่ถูกต้อง",
                                name + ": " + parsed.description());
  }
  return document;
}

// Every <t> under `node` (a shared or inline string: plain, or rich text in runs), without the
// phonetic guides (<rPh>) some East-Asian Excel versions add.
std::string StringItemText(const pugi::xml_node& node) {
  std::string text;
  for (const pugi::xml_node& child : node.children()) {
    const std::string_view name = child.name();
    if (name == "t") text += child.text().get();
    if (name == "r") text += child.child("t").text().get();
  }
  return text;
}

Result<std::vector<std::string>> SharedStrings(zip_t* archive, Budget& budget) {
  std::vector<std::string> strings;
  auto document = ParsePart(archive, "xl/sharedStrings.xml", budget);
  if (!document.ok()) {
    if (document.status().code() == ErrorCode::kNotFound) return strings;  // a workbook of numbers
    return document.status();
  }
  for (const pugi::xml_node& item : document->child("sst").children("si")) {
    strings.push_back(StringItemText(item));
  }
  return strings;
}

// "AB12" -> 27 (zero-based column); -1 when not a cell reference.
int ColumnOfReference(std::string_view reference) {
  int column = 0;
  size_t letters = 0;
  while (letters < reference.size() && reference[letters] >= 'A' && reference[letters] <= 'Z') {
    column = column * 26 + (reference[letters] - 'A' + 1);
    if (column > static_cast<int>(kColumnsMax) + 1) return -1;
    ++letters;
  }
  return letters == 0 ? -1 : column - 1;
}

// The text a cell holds, by its type attribute (ECMA-376 §18.3.1.4: s, inlineStr, str, b, e, n, d).
std::string CellText(const pugi::xml_node& cell, const std::vector<std::string>& shared) {
  const std::string_view type = cell.attribute("t").value();
  if (type == "inlineStr") return StringItemText(cell.child("is"));
  const std::string value = cell.child("v").text().get();
  if (type == "s") {
    char* end = nullptr;
    const unsigned long index = std::strtoul(value.c_str(), &end, 10);
    return (end != value.c_str() && index < shared.size()) ? shared[index] : std::string();
  }
  if (type == "b") return value == "1" ? "TRUE" : "FALSE";
  if (type == "e") return "";  // #N/A, #DIV/0!: no value
  return value;                 // n (number), str (a formula's text), d (ISO date)
}

Result<std::vector<SheetRow>> ReadWorksheet(zip_t* archive, const std::string& part,
                                            const std::vector<std::string>& shared, Budget& budget) {
  KLANG_ASSIGN_OR_RETURN(pugi::xml_document document, ParsePart(archive, part, budget));
  std::vector<SheetRow> rows;
  int previous = 0;
  for (const pugi::xml_node& row : document.child("worksheet").child("sheetData").children("row")) {
    SheetRow out;
    out.number = row.attribute("r").as_int(previous + 1);
    if (out.number <= previous) {  // Excel writes rows in order, once each: entry ids depend on it
      return Status::InvalidInput("import.not_a_workbook", "แผ่นงานในไฟล์เรียงแถวไม่ถูกต้อง (ไฟล์อาจเสียหาย)",
                                  "rows out of order in " + part);
    }
    previous = out.number;
    size_t next_column = 0;
    for (const pugi::xml_node& cell : row.children("c")) {
      const std::string_view reference = cell.attribute("r").value();
      const int column = reference.empty() ? static_cast<int>(next_column) : ColumnOfReference(reference);
      if (column < 0 || static_cast<size_t>(column) >= kColumnsMax) {
        return TooLarge("แถวที่ " + std::to_string(out.number) + " มีคอลัมน์เกิน " +
                        std::to_string(kColumnsMax) + " คอลัมน์");
      }
      std::string text = CellText(cell, shared);
      if (text.size() > kCellBytesMax) return TooLarge("มีช่องที่ข้อความยาวเกินไปในแถวที่ " + std::to_string(out.number));
      const size_t added = out.cells.size() <= static_cast<size_t>(column) ? column + 1 - out.cells.size() : 0;
      if (added > budget.cells || text.size() > budget.text) {
        return TooLarge("ไฟล์มีข้อมูลมากเกินกว่าที่ระบบรับได้ กรุณาแบ่งเป็นหลายไฟล์");
      }
      budget.cells -= added;
      budget.text -= text.size();
      if (added > 0) out.cells.resize(column + 1);
      out.cells[column] = std::move(text);
      next_column = column + 1;
    }
    bool blank = true;
    for (const auto& text : out.cells) blank = blank && text.find_first_not_of(" \t\r\n") == std::string::npos;
    if (blank) continue;
    if (rows.size() >= kRowsMax) {
      return TooLarge("แผ่นงานมีเกิน " + std::to_string(kRowsMax) + " แถว กรุณาแบ่งเป็นหลายไฟล์");
    }
    rows.push_back(std::move(out));
  }
  return rows;
}

// "worksheets/sheet1.xml" (relative to xl/) or "/xl/worksheets/sheet1.xml" -> the zip name.
std::string PartName(std::string_view target) {
  if (target.starts_with('/')) return std::string(target.substr(1));
  return "xl/" + std::string(target);
}

Result<Workbook> ReadXlsx(std::string_view bytes, const std::string& file_name) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return NotAWorkbook(file_name);
  Zip archive(zip_open_from_source(source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(source);
    return NotAWorkbook(file_name);
  }
  Budget budget;
  auto workbook_xml = ParsePart(archive.get(), "xl/workbook.xml", budget);
  auto relations_xml = ParsePart(archive.get(), "xl/_rels/workbook.xml.rels", budget);
  if (!workbook_xml.ok() || !relations_xml.ok()) return NotAWorkbook(file_name);
  std::map<std::string, std::string> targets;
  for (const pugi::xml_node& relation : relations_xml->child("Relationships").children("Relationship")) {
    targets[relation.attribute("Id").value()] = relation.attribute("Target").value();
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<std::string> shared, SharedStrings(archive.get(), budget));
  Workbook workbook;
  workbook.format = "xlsx";
  for (const pugi::xml_node& entry : workbook_xml->child("workbook").child("sheets").children("sheet")) {
    if (workbook.sheets.size() >= kSheetsMax) return TooLarge("ไฟล์มีแผ่นงานมากเกินไป");
    const auto target = targets.find(entry.attribute("r:id").value());
    if (target == targets.end()) return NotAWorkbook(file_name);
    Sheet sheet;
    sheet.name = entry.attribute("name").value();
    KLANG_ASSIGN_OR_RETURN(sheet.rows, ReadWorksheet(archive.get(), PartName(target->second), shared, budget));
    KLANG_RETURN_IF_ERROR(CheckSheetText(sheet));
    workbook.sheets.push_back(std::move(sheet));
  }
  if (workbook.sheets.empty()) return NotAWorkbook(file_name);
  return workbook;
}

// ---- CSV ----

bool IsUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    size_t follow = 0;
    if (byte < 0x80) follow = 0;
    else if ((byte & 0xE0) == 0xC0 && byte >= 0xC2) follow = 1;
    else if ((byte & 0xF0) == 0xE0) follow = 2;
    else if ((byte & 0xF8) == 0xF0 && byte <= 0xF4) follow = 3;
    else return false;
    if (follow > 0 && i + follow >= text.size()) return false;  // cut short
    for (size_t k = 1; k <= follow; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    i += follow + 1;
  }
  return true;
}

// Windows-874 (a superset of TIS-620) to UTF-8; an error when a byte has no character there.
Result<std::string> FromWindows874(std::string_view text) {
  iconv_t convert = iconv_open("UTF-8", "CP874");
  KLANG_ASSERT_MSG(convert != reinterpret_cast<iconv_t>(-1), "glibc's iconv has no CP874");
  std::string out(text.size() * 3 + 16, '\0');
  char* in_ptr = const_cast<char*>(text.data());
  size_t in_left = text.size();
  char* out_ptr = out.data();
  size_t out_left = out.size();
  const size_t done = iconv(convert, &in_ptr, &in_left, &out_ptr, &out_left);
  iconv_close(convert);
  if (done == static_cast<size_t>(-1)) {
    return Status::InvalidInput("import.encoding",
                                "อ่านตัวอักษรในไฟล์ CSV ไม่ได้ กรุณาบันทึกเป็น CSV UTF-8 หรือ CSV (Windows-874) แล้วลองใหม่",
                                "neither UTF-8 nor Windows-874");
  }
  out.resize(out.size() - out_left);
  return out;
}

// Rows as Excel numbers them: every line end outside quotes ends a row, blank lines too (libcsv
// reports them with CSV_REPALL_NL; CR LF is one line end).
struct CsvCollector {
  std::vector<SheetRow> rows;
  SheetRow current;
  int record = 0;
  bool after_cr = false;
  bool too_large = false;
  Budget budget;

  static void Field(void* data, size_t size, void* self) {
    auto& collector = *static_cast<CsvCollector*>(self);
    if (collector.current.cells.size() >= kColumnsMax || size > kCellBytesMax || collector.budget.cells == 0 ||
        size > collector.budget.text) {
      collector.too_large = true;
      return;
    }
    --collector.budget.cells;
    collector.budget.text -= size;
    collector.current.cells.emplace_back(static_cast<const char*>(data), size);
  }
  static void Row(int terminator, void* self) {
    auto& collector = *static_cast<CsvCollector*>(self);
    const bool line_feed_of_crlf = terminator == '\n' && collector.after_cr && collector.current.cells.empty();
    collector.after_cr = terminator == '\r';
    if (line_feed_of_crlf) return;
    collector.current.number = ++collector.record;
    bool blank = true;
    for (const auto& text : collector.current.cells) {
      blank = blank && text.find_first_not_of(" \t\r\n") == std::string::npos;
    }
    if (!blank) {
      if (collector.rows.size() >= kRowsMax) collector.too_large = true;
      else collector.rows.push_back(std::move(collector.current));
    }
    collector.current = SheetRow{};
  }
};

Result<Workbook> ReadCsv(std::string_view bytes, const std::string& file_name) {
  Workbook workbook;
  workbook.format = "csv";
  if (bytes.find('\0') != std::string_view::npos) {  // a picture, a PDF, an old .xls: not text
    return Status::InvalidInput("import.not_a_workbook",
                                "ไฟล์ " + file_name + " ไม่ใช่ไฟล์ Excel (.xlsx) หรือ CSV ที่อ่านได้ (ไฟล์ .xls แบบเก่าให้บันทึกเป็น .xlsx ก่อน)",
                                "binary data");
  }
  std::string text;
  if (bytes.starts_with(kUtf8Bom)) {
    text = std::string(bytes.substr(kUtf8Bom.size()));
    workbook.encoding = "utf-8";
  } else if (IsUtf8(bytes)) {
    text = std::string(bytes);
    workbook.encoding = "utf-8";
  } else {
    KLANG_ASSIGN_OR_RETURN(text, FromWindows874(bytes));
    workbook.encoding = "windows-874";
  }
  csv_parser parser;
  KLANG_ASSERT(csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) == 0);
  // libcsv grows its field buffer by this much at a time (128 bytes by default): one field of
  // megabytes would be copied thousands of times over before it is refused as too long.
  csv_set_blk_size(&parser, kCsvBlockBytes);
  CsvCollector collector;
  const size_t parsed = csv_parse(&parser, text.data(), text.size(), CsvCollector::Field, CsvCollector::Row, &collector);
  const bool ok = parsed == text.size() && csv_fini(&parser, CsvCollector::Field, CsvCollector::Row, &collector) == 0;
  csv_free(&parser);
  if (!ok) {
    return Status::InvalidInput("import.csv",
                                "อ่านไฟล์ CSV ไม่ได้ใกล้แถวที่ " + std::to_string(collector.record + 1) +
                                    " (เครื่องหมายคำพูด \" ไม่ครบคู่หรืออยู่กลางข้อความ)",
                                "csv parse error");
  }
  if (collector.too_large) {
    return TooLarge("ไฟล์ CSV มีแถวหรือคอลัมน์มากเกินกว่าที่ระบบรับได้ (ไม่เกิน " + std::to_string(kRowsMax) +
                    " แถว " + std::to_string(kColumnsMax) + " คอลัมน์)");
  }
  Sheet sheet;
  sheet.name = file_name;
  sheet.rows = std::move(collector.rows);
  KLANG_RETURN_IF_ERROR(CheckSheetText(sheet));
  workbook.sheets.push_back(std::move(sheet));
  return workbook;
}

std::string WithoutSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c != ' ' && c != '\t') out += c;
  }
  return out;
}

}  // namespace

bool IsCleanText(std::string_view text) { return CleanText(text); }

const Sheet* Workbook::Find(std::string_view name) const {
  const std::string wanted = WithoutSpaces(name);
  for (const Sheet& sheet : sheets) {
    if (WithoutSpaces(sheet.name) == wanted) return &sheet;
  }
  return nullptr;
}

std::string ColumnLetter(size_t index) {
  std::string letters;
  size_t n = index + 1;
  while (n > 0) {
    letters.insert(letters.begin(), static_cast<char>('A' + (n - 1) % 26));
    n = (n - 1) / 26;
  }
  return letters;
}

Result<Workbook> ReadWorkbook(std::string_view bytes, const std::string& file_name) {
  if (bytes.size() > kFileBytesMax) {
    return TooLarge("ไฟล์มีขนาดเกิน " + std::to_string(kFileBytesMax >> 20) +
                    " MB กรุณาแบ่งเป็นหลายไฟล์");
  }
  if (bytes.empty()) {
    return Status::InvalidInput("import.empty", "ไฟล์ว่างเปล่า ไม่มีข้อมูลให้นำเข้า", "empty file");
  }
  if (bytes.starts_with("PK\x03\x04")) return ReadXlsx(bytes, file_name);
  return ReadCsv(bytes, file_name);
}

}  // namespace klang::exchange
