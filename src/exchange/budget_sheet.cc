// exchange/budget_sheet.cc — a draft annual budget from a ประมาณการรายจ่าย sheet (one row per
// expenditure line: งาน, หมวดรายจ่าย, รายการ, คำชี้แจง, จำนวนเงิน) and, when the workbook has one,
// a ประมาณการรายรับ sheet (รหัสรายได้, จำนวนเงิน, คำชี้แจง). It becomes one budget draft through
// BudgetService::Create, to be revised, adopted and approved as any other.
#include "core/thai.h"
#include "exchange/internal.h"

namespace klang::exchange {
namespace {

const std::vector<ColumnSpec>& LineColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"work", "งาน", {"รหัสงาน", "work"}, true},
      {"category", "หมวดรายจ่าย", {"ประเภทรายจ่าย", "หมวด/ประเภทรายจ่าย", "รหัสหมวดรายจ่าย", "category"}, true},
      {"item", "รายการ", {"รายการ/โครงการ", "โครงการ", "item"}, true},
      {"explanation", "คำชี้แจง", {"explanation"}, false},
      {"amount", "จำนวนเงิน", {"งบประมาณ", "ประมาณการ", "amount"}, true},
  };
  return kColumns;
}

const std::vector<ColumnSpec>& EstimateColumns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"item", "รหัสรายได้", {"ประเภทรายได้", "item"}, true},
      {"amount", "จำนวนเงิน", {"ประมาณการ", "amount"}, true},
      {"justification", "คำชี้แจง", {"justification"}, false},
  };
  return kColumns;
}

class BudgetSheet final : public Importer {
 public:
  explicit BudgetSheet(ImportContext& context) : c_(context) {}

  Status Check(const Workbook& workbook, Preview& preview) override {
    Problems problems(preview);
    preview.columns_th = {"งาน / รายได้", "หมวดรายจ่าย", "รายการ", "จำนวนเงิน"};
    const Date today = c_.clock.TodayInThailand();
    input_.org = c_.org;
    input_.entry_id = ImportEntryId(c_.import_id, "budget");
    input_.kind = budget::kAnnual;
    input_.fiscal_year = c_.options.fiscal_year != 0 ? c_.options.fiscal_year : FiscalYearOf(today) + 1;
    input_.title = c_.options.title.empty()
                       ? "ร่างงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. " + std::to_string(input_.fiscal_year)
                       : c_.options.title;
    input_.date = today.ToIso();
    if (input_.fiscal_year != FiscalYearOf(today) && input_.fiscal_year != FiscalYearOf(today) + 1) {
      problems.Add(0, "", "import.fiscal_year",
                   "ปีงบประมาณต้องเป็นปีปัจจุบัน (" + std::to_string(FiscalYearOf(today)) + ") หรือปีถัดไป");
    }
    if (input_.title.size() > accounting::kDocumentTextBytesMax) {
      problems.Add(0, "", "import.title", "ชื่อร่างงบประมาณยาวเกินไป");
    }
    KLANG_RETURN_IF_ERROR(CheckNoPaperOutage(c_, problems));
    const Sheet* estimates = workbook.Find("ประมาณการรายรับ");
    const Sheet& lines = SheetNamed(workbook, "ประมาณการรายจ่าย");
    preview.sheet = lines.name;
    const bool several = estimates != nullptr;
    KLANG_RETURN_IF_ERROR(CheckLines(lines, several, preview, problems));
    if (estimates != nullptr && estimates != &lines) {
      KLANG_RETURN_IF_ERROR(CheckEstimates(*estimates, preview, problems));
    }
    if (input_.lines.size() > static_cast<size_t>(budget::kLinesMax)) {
      problems.Add(0, "", "import.too_many_lines", "รายการรายจ่ายเกิน " + std::to_string(budget::kLinesMax) + " รายการ");
    }
    if (input_.lines.empty()) problems.Add(0, "", "import.no_rows", "ไม่มีรายการรายจ่ายในแผ่นงาน \"" + lines.name + "\"");
    KLANG_RETURN_IF_ERROR(CheckNoAnnualYet(problems));
    preview.summary_th.push_back(input_.title + ": รายจ่าย " + std::to_string(input_.lines.size()) +
                                 " รายการ รวม " + lines_total_.Format() + " บาท");
    if (!input_.estimates.empty()) {
      preview.summary_th.push_back("ประมาณการรายรับ " + std::to_string(input_.estimates.size()) + " รายการ รวม " +
                                   estimates_total_.Format() + " บาท");
    }
    return Status::Ok();
  }

  Result<int64_t> Write() override {
    KLANG_ASSIGN_OR_RETURN(bool written, c_.written(input_.entry_id));
    if (!written) {
      KLANG_RETURN_IF_ERROR(c_.services.budget.Create(input_, c_.actor).status());
      c_.wrote_any = true;
    }
    return 1;
  }

 private:
  Status CheckLines(const Sheet& sheet, bool several, Preview& preview, Problems& problems) {
    problems.SetSheet(several ? sheet.name : "");
    KLANG_ASSIGN_OR_RETURN(Header header, FindHeader(sheet, LineColumns()));
    for (size_t index = header.row_index + 1; index < sheet.rows.size(); ++index) {
      const SheetRow& row = sheet.rows[index];
      ++preview.rows;
      const size_t before = problems.count();
      budget::LineInput line;
      line.work = WorkCode(header.Cell(row, "work"));
      line.category = CategoryCode(header.Cell(row, "category"));
      line.item = header.Cell(row, "item");
      line.explanation = header.Cell(row, "explanation");
      auto amount = AmountCell(header.Cell(row, "amount"));
      if (!amount.ok()) {
        problems.AddStatus(row.number, header.ColumnLabel("amount"), amount.status());
      } else {
        line.amount = amount->FormatPlain();
        if (Status valid = c_.services.budget.CheckLine(line); !valid.ok()) {
          problems.Add(row.number, header.ColumnLabel(ColumnOf(valid)), valid.stable_code(), valid.message_th());
        } else {
          lines_total_ += *amount;
        }
      }
      input_.lines.push_back(line);
      AddLine(preview, row.number, {header.Cell(row, "work"), header.Cell(row, "category"), line.item,
                                    amount.ok() ? amount->Format() : header.Cell(row, "amount")},
              problems.count() > before);
    }
    return Status::Ok();
  }

  Status CheckEstimates(const Sheet& sheet, Preview& preview, Problems& problems) {
    problems.SetSheet(sheet.name);
    KLANG_ASSIGN_OR_RETURN(Header header, FindHeader(sheet, EstimateColumns()));
    std::map<std::string, int> seen;
    for (size_t index = header.row_index + 1; index < sheet.rows.size(); ++index) {
      const SheetRow& row = sheet.rows[index];
      ++preview.rows;
      const size_t before = problems.count();
      budget::EstimateInput estimate;
      estimate.item = ArabicDigits(header.Cell(row, "item"));
      estimate.justification = header.Cell(row, "justification");
      auto amount = AmountCell(header.Cell(row, "amount"));
      if (!amount.ok()) {
        problems.AddStatus(row.number, header.ColumnLabel("amount"), amount.status());
      } else {
        estimate.amount = amount->FormatPlain();
        if (Status valid = c_.services.budget.CheckEstimate(estimate); !valid.ok()) {
          problems.Add(row.number, header.ColumnLabel("item"), valid.stable_code(), valid.message_th());
        } else if (auto [at, first] = seen.emplace(estimate.item, row.number); !first) {
          problems.Add(row.number, header.ColumnLabel("item"), "import.estimate_repeated",
                       "รหัสรายได้ " + estimate.item + " ซ้ำกับแถวที่ " + std::to_string(at->second));
        } else {
          estimates_total_ += *amount;
        }
      }
      input_.estimates.push_back(estimate);
      AddLine(preview, row.number, {estimate.item, "", estimate.justification,
                                    amount.ok() ? amount->Format() : header.Cell(row, "amount")},
              problems.count() > before);
    }
    return Status::Ok();
  }

  // The column a refusal of CheckLine is about, by its code.
  static std::string ColumnOf(const Status& status) {
    const std::string& code = status.stable_code();
    if (code.ends_with("unknown_work")) return "work";
    if (code.ends_with("unknown_category")) return "category";
    if (code.ends_with("too_long") && status.message_th().find("คำชี้แจง") != std::string::npos) return "explanation";
    if (code.ends_with("required") || code.ends_with("too_long")) return "item";
    return "amount";
  }

  // A work by its code ("00111") or its name ("งานบริหารทั่วไป"); the cell itself when neither.
  std::string WorkCode(const std::string& cell) {
    const std::string code = ArabicDigits(cell);
    if (c_.services.budget.catalog().FindWork(code).ok()) return code;
    for (const auto& work : c_.services.budget.catalog().works()) {
      if (NormalHeading(work.name_th) == NormalHeading(cell)) return work.code;
    }
    return code;
  }

  std::string CategoryCode(const std::string& cell) {
    const std::string code = ArabicDigits(cell);
    if (c_.services.budget.catalog().FindCategory(code).ok()) return code;
    for (const auto& category : c_.services.budget.catalog().categories()) {
      if (NormalHeading(category.name_th) == NormalHeading(cell)) return category.code;
    }
    return code;
  }

  Status CheckNoAnnualYet(Problems& problems) {
    KLANG_ASSIGN_OR_RETURN(bool ours, c_.written(input_.entry_id));
    if (ours) return Status::Ok();
    KLANG_ASSIGN_OR_RETURN(auto budgets, c_.services.budget.List(c_.org, input_.fiscal_year));
    for (const auto& existing : budgets) {
      if (existing.kind == budget::kAnnual) {
        problems.Add(0, "", "import.budget_exists",
                     "หน่วยงานมีงบประมาณรายจ่ายประจำปี " + std::to_string(input_.fiscal_year) + " อยู่แล้ว (" +
                         existing.state_th + ") กรุณาแก้ไขร่างเดิมแทนการนำเข้าใหม่");
        break;
      }
    }
    return Status::Ok();
  }

  ImportContext& c_;
  budget::BudgetInput input_;
  Money lines_total_, estimates_total_;
};

}  // namespace

std::unique_ptr<Importer> MakeBudget(ImportContext& context) { return std::make_unique<BudgetSheet>(context); }

}  // namespace klang::exchange
