// exchange/outage_receipts.cc — receipts written by hand while the system could not be used and
// typed into a sheet (one row per receipt line; consecutive rows with the same เล่มที่ and เลขที่
// are one receipt). Each is entered as a paper document (its book, number and the date written on
// it) through the sync gate, under the order rule of continuity (R12): the organisation must have
// an outage with paper documents recorded and not yet closed, and they go in before the day's
// work. Numbers must continue each book in order, as the clerk wrote them.
#include <set>

#include "core/thai.h"
#include "exchange/internal.h"
#include "revenue/kinds.h"
#include "sync/gate.h"

namespace klang::exchange {
namespace {

const std::vector<ColumnSpec>& Columns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"book", "เล่มที่", {"book"}, true},
      {"number", "เลขที่", {"number"}, true},
      {"date", "วันที่", {"date"}, true},
      {"payer_kind", "ประเภทผู้ชำระ", {"payer_kind"}, false},
      {"payer_name", "ชื่อผู้ชำระ", {"payer_name"}, true},
      {"payer_id", "เลขประจำตัวผู้ชำระ", {"payer_id_no"}, false},
      {"payer_address", "ที่อยู่", {"payer_address"}, false},
      {"item", "รหัสรายได้", {"item"}, true},
      {"description", "รายการ", {"description"}, false},
      {"amount", "จำนวนเงิน", {"amount"}, true},
      {"means", "วิธีชำระ", {"means"}, false},
      {"reference", "เลขอ้างอิง", {"means_reference"}, false},
  };
  return kColumns;
}

const std::vector<std::pair<std::string_view, std::string_view>> kMeans = {
    {"เงินสด", revenue::kMeansCash}, {"เช็ค", revenue::kMeansCheque}, {"โอน", revenue::kMeansTransfer},
    {"โอนเงิน", revenue::kMeansTransfer}, {"qr", revenue::kMeansQr}, {"คิวอาร์", revenue::kMeansQr}};

struct PaperReceipt {
  int first_row = 0;
  std::vector<int> rows;  // the sheet row of each line
  revenue::ReceiptInput input;
  std::string book_no, number_text;
  Date date;
  bool unreadable = false;  // a cell could not be read (its problem is listed): no further checks of content
};

class OutageReceipts final : public Importer {
 public:
  explicit OutageReceipts(ImportContext& context) : c_(context) {}

  Status Check(const Workbook& workbook, Preview& preview) override {
    Problems problems(preview);
    const Sheet& sheet = SheetNamed(workbook, "ใบเสร็จรับเงิน");
    preview.sheet = sheet.name;
    preview.columns_th = {"เล่มที่", "เลขที่", "วันที่", "ผู้ชำระ", "รหัสรายได้", "จำนวนเงิน"};
    KLANG_ASSIGN_OR_RETURN(Header header, FindHeader(sheet, Columns()));
    KLANG_ASSIGN_OR_RETURN(auto outage, c_.services.continuity.OpenPaperOutage(c_.org));
    if (!outage) {
      problems.Add(0, "", "import.no_paper_outage",
                   "ยังไม่มีการบันทึกเหตุระบบขัดข้องที่มีเอกสารกระดาษ กรุณาบันทึกเหตุขัดข้องที่เมนูความต่อเนื่องก่อนนำเข้า");
    }
    ReadReceipts(header, sheet, preview, problems);
    for (PaperReceipt& receipt : receipts_) KLANG_RETURN_IF_ERROR(CheckReceipt(header, receipt, problems));
    if (receipts_.empty()) problems.Add(0, "", "import.no_rows", "ไม่มีรายการใบเสร็จรับเงินในแผ่นงาน \"" + sheet.name + "\"");
    Money total;
    for (const auto& receipt : receipts_) total += receipt_totals_[&receipt - receipts_.data()];
    preview.summary_th.push_back("ใบเสร็จรับเงินที่จัดทำด้วยมือ " + std::to_string(receipts_.size()) + " ฉบับ รวม " +
                                 total.Format() + " บาท บันทึกเป็นเอกสารกระดาษตามลำดับเลขที่");
    return Status::Ok();
  }

  Result<int64_t> Write() override {
    for (const PaperReceipt& receipt : receipts_) {
      KLANG_ASSIGN_OR_RETURN(bool written, c_.written(receipt.input.entry_id));
      if (written) continue;
      sync::ScopedPaperOrigin paper({receipt.book_no, receipt.number_text, receipt.date.ToIso()});
      KLANG_RETURN_IF_ERROR(c_.services.revenue.IssueReceipt(receipt.input, c_.actor).status());
      c_.wrote_any = true;
      // The gate gives the receipt its paper origin; without a gate it would be an ordinary one.
      if (!paper.used()) return Status::Internal("import.paper_origin", "a receipt entered without its paper origin");
    }
    return static_cast<int64_t>(receipts_.size());
  }

 private:
  // Groups the rows into receipts (a line of a receipt per row).
  void ReadReceipts(const Header& header, const Sheet& sheet, Preview& preview, Problems& problems) {
    std::set<std::string> finished;  // book/number of receipts already closed by another receipt's row
    for (size_t index = header.row_index + 1; index < sheet.rows.size(); ++index) {
      const SheetRow& row = sheet.rows[index];
      ++preview.rows;
      const size_t before = problems.count();
      const std::string book = ArabicDigits(header.Cell(row, "book"));
      const std::string number = ArabicDigits(header.Cell(row, "number"));
      const std::string key = book + "/" + number;
      if (receipts_.empty() || receipts_.back().book_no + "/" + receipts_.back().number_text != key) {
        if (!receipts_.empty()) finished.insert(receipts_.back().book_no + "/" + receipts_.back().number_text);
        if (finished.count(key)) {
          problems.Add(row.number, header.ColumnLabel("number"), "import.receipt_repeated",
                       "ใบเสร็จเล่มที่ " + book + " เลขที่ " + number + " ปรากฏซ้ำในไฟล์ (แถวของใบเดียวกันต้องอยู่ติดกัน)");
        }
        StartReceipt(header, row, book, number, problems);
      } else {
        CheckSameReceipt(header, row, problems);
      }
      AddReceiptLine(header, row, problems);
      AddLine(preview, row.number,
              {book, number, header.Cell(row, "date"), header.Cell(row, "payer_name"), header.Cell(row, "item"),
               header.Cell(row, "amount")},
              problems.count() > before);
    }
  }

  void StartReceipt(const Header& header, const SheetRow& row, const std::string& book, const std::string& number,
                    Problems& problems) {
    PaperReceipt receipt;
    receipt.first_row = row.number;
    receipt.book_no = book;
    receipt.number_text = number;
    auto date = DateCell(header.Cell(row, "date"));
    if (!date.ok()) {
      problems.AddStatus(row.number, header.ColumnLabel("date"), date.status());
      receipt.unreadable = true;
    } else {
      receipt.date = *date;
    }
    auto parsed = IntegerCell(number);
    if (!parsed.ok() || *parsed <= 0) {
      problems.Add(row.number, header.ColumnLabel("number"), "import.receipt_number", "เลขที่ใบเสร็จต้องเป็นจำนวนเต็มบวก");
    } else {
      receipt.input.number = *parsed;
    }
    revenue::ReceiptInput& input = receipt.input;
    input.org = c_.org;
    input.entry_id = ImportEntryId(c_.import_id, "receipt:" + book + "/" + number);
    input.date = receipt.date.valid() ? receipt.date.ToIso() : "";
    input.payer.kind = header.Cell(row, "payer_kind").empty() ? revenue::kPerson : "";
    if (input.payer.kind.empty()) {
      const std::string kind = NormalHeading(header.Cell(row, "payer_kind"));
      input.payer.kind = kind == "นิติบุคคล" || kind == revenue::kJuristic ? revenue::kJuristic
                         : kind == "บุคคลธรรมดา" || kind == revenue::kPerson ? revenue::kPerson : "";
    }
    input.payer.name = header.Cell(row, "payer_name");
    input.payer.id_no = ArabicDigits(header.Cell(row, "payer_id"));
    input.payer.address = header.Cell(row, "payer_address");
    const std::string means = NormalHeading(header.Cell(row, "means"));
    input.means = revenue::kMeansCash;
    for (const auto& [thai, code] : kMeans) {
      if (means == NormalHeading(thai) || means == code) input.means = code;
    }
    if (!means.empty() && input.means == revenue::kMeansCash && means != NormalHeading("เงินสด") && means != "cash") {
      problems.Add(row.number, header.ColumnLabel("means"), "import.means", "วิธีชำระต้องเป็น เงินสด เช็ค โอน หรือ QR");
    }
    input.means_reference = header.Cell(row, "reference");
    receipts_.push_back(std::move(receipt));
  }

  // A later line of the receipt above must carry its date and payer: two receipts typed with one
  // number are not merged silently.
  void CheckSameReceipt(const Header& header, const SheetRow& row, Problems& problems) {
    const PaperReceipt& receipt = receipts_.back();
    auto date = DateCell(header.Cell(row, "date"));
    if (header.Cell(row, "payer_name") != receipt.input.payer.name || (date.ok() && receipt.date.valid() && *date != receipt.date)) {
      problems.Add(row.number, header.ColumnLabel("number"), "import.receipt_mixed",
                   "แถวนี้ใช้เล่มที่และเลขที่เดียวกับแถวก่อนหน้า แต่วันที่หรือผู้ชำระต่างกัน (ใบเสร็จหนึ่งฉบับต้องมีวันที่และผู้ชำระเดียว)");
    }
  }

  void AddReceiptLine(const Header& header, const SheetRow& row, Problems& problems) {
    PaperReceipt& receipt = receipts_.back();
    revenue::ReceiptLineInput line;
    line.item = ArabicDigits(header.Cell(row, "item"));
    line.description = header.Cell(row, "description");
    auto amount = AmountCell(header.Cell(row, "amount"));
    if (!amount.ok()) {
      problems.AddStatus(row.number, header.ColumnLabel("amount"), amount.status());
      receipt.unreadable = true;
    } else {
      line.amount = amount->FormatPlain();
    }
    receipt.input.lines.push_back(std::move(line));
    receipt.rows.push_back(row.number);
  }

  // The book, the number next in it, the date, the paper number not used, then payer and lines.
  Status CheckReceipt(const Header& header, PaperReceipt& receipt, Problems& problems) {
    receipt_totals_.emplace_back();
    const int row = receipt.first_row;
    if (!receipt.date.valid() || receipt.input.number == 0) return Status::Ok();
    const Date today = c_.clock.TodayInThailand();
    if (receipt.date > today || receipt.date.DaysSinceEpoch() < today.DaysSinceEpoch() - sync::kPaperDaysMax) {
      problems.Add(row, header.ColumnLabel("date"), "import.paper_date",
                   "วันที่ในใบเสร็จต้องไม่เป็นวันในอนาคต และย้อนหลังได้ไม่เกิน 2 ปี");
      return Status::Ok();
    }
    KLANG_RETURN_IF_ERROR(CheckMonthOpen(c_, receipt.date, row, header.ColumnLabel("date"), problems));
    KLANG_ASSIGN_OR_RETURN(const revenue::Book* book, FindBook(receipt.book_no, FiscalYearOf(receipt.date)));
    if (book == nullptr) {
      problems.Add(row, header.ColumnLabel("book"), "import.book_unknown",
                   "ไม่พบใบเสร็จเล่มที่ " + receipt.book_no + " ของปีงบประมาณ " +
                       std::to_string(FiscalYearOf(receipt.date)) + " ในทะเบียนคุมใบเสร็จ");
      return Status::Ok();
    }
    receipt.input.book = book->id;
    receipt.book_no = book->book_no;  // as registered, for the paper origin
    if (book->holder_user != c_.actor.user_id) {
      problems.Add(row, header.ColumnLabel("book"), "import.book_not_held",
                   "ใบเสร็จเล่มที่ " + book->book_no + " ไม่ได้จ่ายให้ท่าน (ผู้นำเข้าต้องเป็นผู้ถือเล่ม)");
    }
    KLANG_ASSIGN_OR_RETURN(bool ours, c_.written(receipt.input.entry_id));
    int64_t& next = next_number_.try_emplace(book->id, book->next_no).first->second;
    if (receipt.input.number > book->last_no) {
      problems.Add(row, header.ColumnLabel("number"), "import.receipt_past_book",
                   "เล่มที่ " + book->book_no + " มีเลขที่ " + std::to_string(book->first_no) + " ถึง " +
                       std::to_string(book->last_no) + " เท่านั้น");
    } else if (!ours && receipt.input.number != next) {
      problems.Add(row, header.ColumnLabel("number"), "import.receipt_order",
                   "เลขที่ต้องเป็น " + std::to_string(next) + " (เลขถัดไปของเล่มที่ " + book->book_no + ")");
    }
    if (!ours) {
      next = receipt.input.number + 1;
      KLANG_ASSIGN_OR_RETURN(bool used, c_.services.continuity.PaperNumberUsed(c_.org, revenue::kKindReceipt,
                                                                               receipt.book_no, receipt.number_text));
      if (used) {
        problems.Add(row, header.ColumnLabel("number"), "import.paper_duplicate",
                     "ใบเสร็จเล่มที่ " + receipt.book_no + " เลขที่ " + receipt.number_text + " บันทึกในระบบแล้ว");
      }
    }
    if (receipt.unreadable) return Status::Ok();
    auto total = c_.services.revenue.CheckReceiptContent(receipt.input);
    if (!total.ok()) {
      const auto& [at_row, column] = Where(header, receipt, total.status().field());
      problems.AddStatus(at_row, column, total.status());
    } else {
      receipt_totals_.back() = *total;
    }
    return Status::Ok();
  }

  // The row and column a refusal's field ("lines[1].amount", "payer.name") points at.
  static std::pair<int, std::string> Where(const Header& header, const PaperReceipt& receipt, const std::string& field) {
    if (field.starts_with("payer.")) {
      const std::string part = field.substr(6);
      const std::string key = part == "kind" ? "payer_kind" : part == "id_no" ? "payer_id" : part == "address" ? "payer_address" : "payer_name";
      return {receipt.first_row, header.ColumnLabel(key)};
    }
    if (field.starts_with("lines[")) {
      const size_t index = static_cast<size_t>(std::atoi(field.c_str() + 6));
      const int row = index < receipt.rows.size() ? receipt.rows[index] : receipt.first_row;
      return {row, header.ColumnLabel(field.ends_with(".amount") ? "amount" : "item")};
    }
    return {receipt.first_row, ""};
  }

  // The organisation's book `book_no` of `fiscal_year`, or nullptr.
  Result<const revenue::Book*> FindBook(const std::string& book_no, int fiscal_year) {
    auto& books = books_[fiscal_year];
    if (books.empty()) {
      KLANG_ASSIGN_OR_RETURN(books, c_.services.revenue.Books(c_.org, fiscal_year));
    }
    for (const auto& book : books) {
      if (SameBookNo(book.book_no, book_no)) return &book;
    }
    return static_cast<const revenue::Book*>(nullptr);
  }

  // "001" and "1" are one book: Excel drops the zeros in front of a number.
  static bool SameBookNo(const std::string& registered, const std::string& typed) {
    if (registered == typed) return true;
    auto a = IntegerCell(registered);
    auto b = IntegerCell(typed);
    return a.ok() && b.ok() && *a == *b;
  }

  ImportContext& c_;
  std::vector<PaperReceipt> receipts_;
  std::vector<Money> receipt_totals_;  // by receipt, once checked
  std::map<int, std::vector<revenue::Book>> books_;  // by fiscal year
  std::map<int64_t, int64_t> next_number_;  // by book id: the number the next receipt must have
};

}  // namespace

std::unique_ptr<Importer> MakeOutageReceipts(ImportContext& context) {
  return std::make_unique<OutageReceipts>(context);
}

}  // namespace klang::exchange
