// exchange/taxpayers.cc — the taxpayer register from a workbook: the sheet ผู้เสียภาษี (persons and
// juristic persons) and, when present, the sheet ทรัพย์สิน (land, buildings and signboards, each
// naming its owner by id number). A CSV file is one of the two, told apart by its headings; the
// owners of a CSV of properties must be in the register already.
#include <algorithm>
#include <unordered_map>

#include "core/thai.h"
#include "exchange/internal.h"
#include "revenue/kinds.h"

namespace klang::exchange {
namespace {

constexpr size_t kAppendChunk = 5'000;  // entries handed to the ledger at once (bounds memory)

const std::vector<ColumnSpec>& TaxpayerColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"kind", "ประเภท", {"ประเภทผู้เสียภาษี", "kind"}, true},
      {"name", "ชื่อ", {"ชื่อผู้เสียภาษี", "ชื่อ-สกุล", "ชื่อ-นามสกุล", "name"}, true},
      {"id_no", "เลขประจำตัว", {"เลขประจำตัวผู้เสียภาษี", "เลขประจำตัวประชาชน", "id_no"}, true},
      {"address", "ที่อยู่", {"address"}, true},
      {"phone", "โทรศัพท์", {"เบอร์โทรศัพท์", "phone"}, false},
  };
  return kColumns;
}

const std::vector<ColumnSpec>& PropertyColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"owner", "เลขประจำตัวเจ้าของ", {"เลขประจำตัวผู้เสียภาษี", "owner_id_no"}, true},
      {"kind", "ประเภททรัพย์สิน", {"kind"}, true},
      {"description", "รายละเอียด", {"description"}, true},
      {"location", "ที่ตั้ง", {"location"}, true},
      {"land_use", "การใช้ประโยชน์", {"land_use"}, false},
      {"width_cm", "กว้าง (ซม.)", {"width_cm"}, false},
      {"height_cm", "สูง (ซม.)", {"height_cm"}, false},
      {"sign_class", "ประเภทป้าย", {"sign_class"}, false},
      {"moving", "ป้ายเคลื่อนที่", {"moving"}, false},
      {"installed_on", "วันที่ติดตั้ง", {"installed_on"}, false},
  };
  return kColumns;
}

// A Thai word (or the stable code) from a cell, through a table; "" when none matches.
std::string Choice(const std::string& cell, const std::vector<std::pair<std::string_view, std::string_view>>& table) {
  const std::string wanted = NormalHeading(cell);
  for (const auto& [thai, code] : table) {
    if (wanted == NormalHeading(thai) || wanted == code) return std::string(code);
  }
  return "";
}

const std::vector<std::pair<std::string_view, std::string_view>> kTaxpayerKinds = {
    {"บุคคลธรรมดา", revenue::kPerson}, {"นิติบุคคล", revenue::kJuristic}};
const std::vector<std::pair<std::string_view, std::string_view>> kPropertyKinds = {
    {"ที่ดิน", "land"}, {"สิ่งปลูกสร้าง", "building"}, {"ที่ดินพร้อมสิ่งปลูกสร้าง", "land_building"},
    {"ที่ดินและสิ่งปลูกสร้าง", "land_building"}, {"ป้าย", "signboard"}};
const std::vector<std::pair<std::string_view, std::string_view>> kLandUses = {
    {"เกษตรกรรม", "agricultural"}, {"อยู่อาศัย", "residential"}, {"อื่นๆ", "other"},
    {"ว่างเปล่า", "vacant"}, {"หลายประเภท", "mixed"}};

class Taxpayers final : public Importer {
 public:
  explicit Taxpayers(ImportContext& context) : c_(context) {}

  Status Check(const Workbook& workbook, Preview& preview) override {
    preview.columns_th = {"แผ่นงาน", "ประเภท", "ชื่อ / รายละเอียด", "เลขประจำตัว", "ที่อยู่ / ที่ตั้ง"};
    KLANG_ASSIGN_OR_RETURN(register_, c_.services.revenue.TaxpayerIds(c_.org));
    Problems problems(preview);
    KLANG_RETURN_IF_ERROR(CheckNoPaperOutage(c_, problems));
    const Sheet* taxpayers = workbook.Find("ผู้เสียภาษี");
    const Sheet* properties = workbook.Find("ทรัพย์สิน");
    if (taxpayers == nullptr && properties == nullptr) {
      // One sheet (a CSV, or a workbook whose tab is not named): taxpayers, or else properties.
      const Sheet& only = workbook.sheets.front();
      if (FindHeader(only, TaxpayerColumns()).ok() || !FindHeader(only, PropertyColumns()).ok()) taxpayers = &only;
      else properties = &only;
    }
    preview.sheet = taxpayers != nullptr && properties != nullptr ? taxpayers->name + ", " + properties->name
                    : taxpayers != nullptr                            ? taxpayers->name
                                                                      : properties->name;
    if (taxpayers != nullptr) KLANG_RETURN_IF_ERROR(CheckTaxpayers(*taxpayers, workbook.sheets.size() > 1, preview, problems));
    if (properties != nullptr) KLANG_RETURN_IF_ERROR(CheckProperties(*properties, workbook.sheets.size() > 1, preview, problems));
    if (preview.rows == 0) problems.Add(0, "", "import.no_rows", "ไม่มีรายการผู้เสียภาษีหรือทรัพย์สินในไฟล์");
    preview.summary_th.push_back("ผู้เสียภาษีใหม่ " + std::to_string(new_taxpayers_.size()) + " ราย  ทรัพย์สิน " +
                                 std::to_string(new_properties_.size()) + " รายการ");
    return Status::Ok();
  }

  Result<int64_t> Write() override {
    std::vector<revenue::TaxpayerInput> pending;
    for (auto& input : new_taxpayers_) {
      KLANG_ASSIGN_OR_RETURN(bool written, c_.written(input.entry_id));
      if (!written) pending.push_back(input);
    }
    KLANG_RETURN_IF_ERROR(InChunks(pending, [&](auto& chunk) { return c_.services.revenue.AddTaxpayers(chunk, c_.actor); }));
    KLANG_ASSIGN_OR_RETURN(register_, c_.services.revenue.TaxpayerIds(c_.org));
    std::vector<revenue::PropertyInput> properties;
    for (size_t i = 0; i < new_properties_.size(); ++i) {
      KLANG_ASSIGN_OR_RETURN(bool written, c_.written(new_properties_[i].entry_id));
      if (written) continue;
      revenue::PropertyInput input = new_properties_[i];
      input.taxpayer = register_.at(property_owners_[i]);
      properties.push_back(std::move(input));
    }
    KLANG_RETURN_IF_ERROR(InChunks(properties, [&](auto& chunk) { return c_.services.revenue.AddProperties(chunk, c_.actor); }));
    return static_cast<int64_t>(new_taxpayers_.size() + new_properties_.size());
  }

 private:
  template <typename Input, typename Add>
  Status InChunks(const std::vector<Input>& inputs, Add add) {
    for (size_t start = 0; start < inputs.size(); start += kAppendChunk) {
      std::vector<Input> chunk(inputs.begin() + start, inputs.begin() + std::min(inputs.size(), start + kAppendChunk));
      Status first;
      for (const auto& result : add(chunk)) {
        if (result.ok()) c_.wrote_any = true;
        else if (first.ok()) first = result.status();
      }
      KLANG_RETURN_IF_ERROR(first);
    }
    return Status::Ok();
  }

  Status CheckTaxpayers(const Sheet& sheet, bool several, Preview& preview, Problems& problems) {
    problems.SetSheet(several ? sheet.name : "");
    KLANG_ASSIGN_OR_RETURN(Header header, FindHeader(sheet, TaxpayerColumns()));
    for (size_t index = header.row_index + 1; index < sheet.rows.size(); ++index) {
      const SheetRow& row = sheet.rows[index];
      ++preview.rows;
      const size_t before = problems.count();
      revenue::TaxpayerInput input;
      input.org = c_.org;
      input.kind = Choice(header.Cell(row, "kind"), kTaxpayerKinds);
      input.name = header.Cell(row, "name");
      input.id_no = ArabicDigitsOnly(header.Cell(row, "id_no"));
      input.address = header.Cell(row, "address");
      input.phone = header.Cell(row, "phone");
      input.entry_id = ImportEntryId(c_.import_id, "taxpayer:" + input.id_no);
      if (input.kind.empty()) {
        problems.Add(row.number, header.ColumnLabel("kind"), "import.taxpayer_kind",
                     "ประเภท \"" + header.Cell(row, "kind") + "\" ไม่ถูกต้อง ต้องเป็น บุคคลธรรมดา หรือ นิติบุคคล");
      } else if (Status valid = c_.services.revenue.CheckTaxpayer(input); !valid.ok()) {
        problems.AddStatus(row.number, header.ColumnLabel(valid.field()), valid);
      }
      KLANG_RETURN_IF_ERROR(CheckNewTaxpayer(input, row.number, header, problems));
      AddLine(preview, row.number, {sheet.name, header.Cell(row, "kind"), input.name, input.id_no, input.address},
              problems.count() > before);
    }
    return Status::Ok();
  }

  // The id number once in the file and not in the register (unless this import wrote it).
  Status CheckNewTaxpayer(const revenue::TaxpayerInput& input, int row, const Header& header, Problems& problems) {
    if (input.id_no.empty()) return Status::Ok();
    const auto [seen, first] = rows_by_id_.emplace(input.id_no, row);
    if (!first) {
      problems.Add(row, header.ColumnLabel("id_no"), "import.duplicate_id",
                   "เลขประจำตัว " + input.id_no + " ซ้ำกับแถวที่ " + std::to_string(seen->second));
      return Status::Ok();
    }
    KLANG_ASSIGN_OR_RETURN(bool ours, c_.written(input.entry_id));
    if (register_.count(input.id_no) && !ours) {
      problems.Add(row, header.ColumnLabel("id_no"), "import.taxpayer_exists",
                   "มีผู้เสียภาษีเลขประจำตัว " + input.id_no + " ในทะเบียนแล้ว");
      return Status::Ok();
    }
    new_taxpayers_.push_back(input);
    return Status::Ok();
  }

  Status CheckProperties(const Sheet& sheet, bool several, Preview& preview, Problems& problems) {
    problems.SetSheet(several ? sheet.name : "");
    KLANG_ASSIGN_OR_RETURN(Header header, FindHeader(sheet, PropertyColumns()));
    for (size_t index = header.row_index + 1; index < sheet.rows.size(); ++index) {
      const SheetRow& row = sheet.rows[index];
      ++preview.rows;
      const size_t before = problems.count();
      revenue::PropertyInput input = ReadProperty(header, row, problems);
      input.entry_id = ImportEntryId(c_.import_id, "property:" + std::to_string(row.number));
      const std::string owner = ArabicDigitsOnly(header.Cell(row, "owner"));
      if (!rows_by_id_.count(owner) && !register_.count(owner)) {
        problems.Add(row.number, header.ColumnLabel("owner"), "import.owner_unknown",
                     "ไม่พบผู้เสียภาษีเลขประจำตัว " + owner + " ในไฟล์หรือในทะเบียน");
      } else if (problems.count() == before) {
        input.taxpayer = 1;  // a placeholder: the owner's id is known once the owners are written
        if (Status valid = c_.services.revenue.CheckProperty(input); !valid.ok()) {
          problems.AddStatus(row.number, header.ColumnLabel(valid.field()), valid);
        } else {
          input.taxpayer = 0;
          new_properties_.push_back(input);
          property_owners_.push_back(owner);
        }
      }
      AddLine(preview, row.number, {sheet.name, header.Cell(row, "kind"), input.description, owner, input.location},
              problems.count() > before);
    }
    return Status::Ok();
  }

  revenue::PropertyInput ReadProperty(const Header& header, const SheetRow& row, Problems& problems) {
    revenue::PropertyInput input;
    input.org = c_.org;
    input.kind = Choice(header.Cell(row, "kind"), kPropertyKinds);
    input.description = header.Cell(row, "description");
    input.location = header.Cell(row, "location");
    if (input.kind.empty()) {
      problems.Add(row.number, header.ColumnLabel("kind"), "import.property_kind",
                   "ประเภททรัพย์สิน \"" + header.Cell(row, "kind") +
                       "\" ไม่ถูกต้อง ต้องเป็น ที่ดิน สิ่งปลูกสร้าง ที่ดินพร้อมสิ่งปลูกสร้าง หรือ ป้าย");
    }
    if (const std::string use = header.Cell(row, "land_use"); !use.empty() && input.kind != revenue::kPropertySignboard) {
      input.land_use = Choice(use, kLandUses);
      if (input.land_use.empty()) {
        problems.Add(row.number, header.ColumnLabel("land_use"), "import.land_use",
                     "การใช้ประโยชน์ต้องเป็น เกษตรกรรม อยู่อาศัย อื่นๆ ว่างเปล่า หรือ หลายประเภท");
      }
    }
    if (input.kind != revenue::kPropertySignboard) return input;
    for (auto [key, target] : {std::pair{"width_cm", &input.width_cm}, std::pair{"height_cm", &input.height_cm},
                               std::pair{"sign_class", &input.sign_class}}) {
      auto value = IntegerCell(header.Cell(row, key));
      if (!value.ok() || *value <= 0 || *value > 1'000'000) {
        problems.Add(row.number, header.ColumnLabel(key), "import.sign", "ขนาดหรือประเภทป้ายต้องเป็นจำนวนเต็มบวก");
      } else {
        *target = static_cast<int>(*value);
      }
    }
    const std::string moving = NormalHeading(header.Cell(row, "moving"));
    input.moving = moving == "ใช่" || moving == "เคลื่อนที่" || moving == "true" || moving == "1";
    if (const std::string installed = header.Cell(row, "installed_on"); !installed.empty()) {
      auto date = DateCell(installed);
      if (!date.ok()) problems.AddStatus(row.number, header.ColumnLabel("installed_on"), date.status());
      else input.installed_on = date->ToIso();
    }
    return input;
  }

  // "1-2345-67890-12-3" and "๑๒๓…" as the 13 digits. Twelve digits are a juristic person's id
  // (which begins with 0) from a number cell, where Excel drops the zero in front.
  static std::string ArabicDigitsOnly(const std::string& text) {
    std::string digits;
    for (char c : ArabicDigits(text)) {
      if (c != '-' && c != ' ') digits += c;
    }
    if (digits.size() > 2 && digits.ends_with(".0")) digits.resize(digits.size() - 2);
    if (digits.size() == 12 && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      digits.insert(digits.begin(), '0');
    }
    return digits;
  }

  ImportContext& c_;
  std::map<std::string, int64_t> register_;  // id_no -> taxpayer id, as registered
  std::unordered_map<std::string, int> rows_by_id_;  // id_no -> row of the file
  std::vector<revenue::TaxpayerInput> new_taxpayers_;
  std::vector<revenue::PropertyInput> new_properties_;
  std::vector<std::string> property_owners_;  // id_no of each new property's owner
};

}  // namespace

std::unique_ptr<Importer> MakeTaxpayers(ImportContext& context) { return std::make_unique<Taxpayers>(context); }

}  // namespace klang::exchange
