// exchange/opening_balances.cc — opening balances from an e-LAAS trial-balance export
// (งบทดลอง: ชื่อบัญชี, รหัสบัญชี, ยอดยกมา เดบิต/เครดิต, รายการระหว่างเดือน เดบิต/เครดิต,
// ยอดคงเหลือ เดบิต/เครดิต). The closing column becomes one opening voucher (ยอดยกมา), each
// e-LAAS code through the account map. Nothing is posted until every code maps, every row adds
// up, no revenue or expense account still holds a balance (the trial balance must be the one
// after the year's closing), the totals balance, and the year has no opening balances yet.
#include <set>

#include "core/thai.h"
#include "exchange/internal.h"
#include "revenue/kinds.h"

namespace klang::exchange {
namespace {

const std::vector<ColumnSpec>& Columns() {
  static const std::vector<ColumnSpec> kColumns = {
      {"name", "ชื่อบัญชี", {"account name"}, false},
      {"code", "รหัสบัญชี", {"account code", "รหัส"}, true},
      {"open_dr", "ยอดยกมาเดบิต", {}, false},
      {"open_cr", "ยอดยกมาเครดิต", {}, false},
      {"move_dr", "รายการระหว่างเดือนเดบิต", {"ระหว่างเดือนเดบิต", "รายการระหว่างงวดเดบิต"}, false},
      {"move_cr", "รายการระหว่างเดือนเครดิต", {"ระหว่างเดือนเครดิต", "รายการระหว่างงวดเครดิต"}, false},
      {"close_dr", "ยอดคงเหลือเดบิต", {"ยอดยกไปเดบิต"}, true},
      {"close_cr", "ยอดคงเหลือเครดิต", {"ยอดยกไปเครดิต"}, true},
  };
  return kColumns;
}

constexpr int kRevenueClass = 4;
constexpr int kExpenseClass = 5;

// One Klang account's opening, from one or more e-LAAS rows.
struct Line {
  Money balance;             // debit − credit
  int64_t bank_account = 0;  // for a deposit account
  int first_row = 0;
};

class OpeningBalances final : public Importer {
 public:
  explicit OpeningBalances(ImportContext& context) : c_(context) {}

  Status Check(const Workbook& workbook, Preview& preview) override {
    Problems problems(preview);
    const Sheet& sheet = SheetNamed(workbook, "งบทดลอง");
    preview.sheet = sheet.name;
    preview.columns_th = {"รหัส e-LAAS", "ชื่อบัญชี (e-LAAS)", "รหัสบัญชี", "ชื่อบัญชี", "เดบิต", "เครดิต"};
    KLANG_ASSIGN_OR_RETURN(Header header, FindHeader(sheet, Columns()));
    KLANG_ASSIGN_OR_RETURN(map_, c_.account_map());
    KLANG_RETURN_IF_ERROR(LoadBanks());
    KLANG_RETURN_IF_ERROR(CheckDate(problems));
    KLANG_RETURN_IF_ERROR(CheckMonthOpen(c_, date_, 0, "", problems));
    KLANG_RETURN_IF_ERROR(CheckNoPaperOutage(c_, problems));
    for (size_t index = header.row_index + 1; index < sheet.rows.size(); ++index) {
      CheckRow(header, sheet.rows[index], preview, problems);
    }
    if (preview.rows == 0) problems.Add(0, "", "import.no_rows", "ไม่มีรายการบัญชีในแผ่นงาน \"" + sheet.name + "\"");
    CheckTotals(problems);
    size_t nonzero = 0;
    for (const auto& [account, line] : lines_) nonzero += line.balance.is_zero() ? 0 : 1;
    if (preview.rows > 0 && nonzero < 2) {
      problems.Add(0, "", "import.no_balances", "ไม่มียอดคงเหลือให้ยกมา (ต้องมีอย่างน้อยสองบัญชีที่มียอด)");
    }
    KLANG_RETURN_IF_ERROR(CheckNoOpeningYet(problems));
    preview.summary_th.push_back("ยอดยกมา ณ วันที่ " + FormatThaiDateLong(date_) + " (ปีงบประมาณ " +
                                 std::to_string(FiscalYearOf(date_)) + "): " + std::to_string(lines_.size()) +
                                 " บัญชี");
    preview.summary_th.push_back("รวมเดบิต " + debit_.Format() + " บาท  รวมเครดิต " + credit_.Format() + " บาท");
    return Status::Ok();
  }

  Result<int64_t> Write() override {
    const std::string entry_id = ImportEntryId(c_.import_id, "opening");
    KLANG_ASSIGN_OR_RETURN(bool written, c_.written(entry_id));
    if (written) return 1;
    accounting::VoucherInput input;
    input.org = c_.org;
    input.entry_id = entry_id;
    input.type = accounting::kVoucherTypeOpening;
    input.date = date_.ToIso();
    input.description = "ยอดยกมาจากงบทดลอง e-LAAS";
    std::set<int64_t> banks;
    for (const auto& [account, line] : lines_) {
      if (line.balance.is_zero()) continue;
      accounting::VoucherLineInput out;
      out.account = account;
      (line.balance.is_positive() ? out.debit : out.credit) =
          (line.balance.is_positive() ? line.balance : -line.balance).FormatPlain();
      input.lines.push_back(std::move(out));
      if (line.bank_account != 0) banks.insert(line.bank_account);
    }
    input.bank_accounts.assign(banks.begin(), banks.end());
    KLANG_RETURN_IF_ERROR(c_.services.vouchers.Post(input, c_.actor.author()).status());
    c_.wrote_any = true;
    return 1;
  }

 private:
  Status LoadBanks() {
    KLANG_ASSIGN_OR_RETURN(auto banks, c_.services.revenue.BankAccounts(c_.org));
    for (const auto& bank : banks) banks_by_gl_[bank.gl_account].push_back(bank.id);
    for (const char* type : {revenue::kAccountSavings, revenue::kAccountCurrent, revenue::kAccountFixed}) {
      deposit_accounts_.insert(revenue::BankGlAccount(type));
    }
    return Status::Ok();
  }

  Status CheckDate(Problems& problems) {
    const Date today = c_.clock.TodayInThailand();
    date_ = FiscalYearStart(FiscalYearOf(today));
    if (c_.options.date.empty()) return Status::Ok();
    auto date = Date::ParseIso(c_.options.date);
    if (!date.ok() || *date > today) {
      problems.Add(0, "", "import.date", "วันที่ยกยอดไม่ถูกต้องหรือเป็นวันในอนาคต");
      return Status::Ok();
    }
    date_ = *date;
    return Status::Ok();
  }

  // Reads the amount of `key` (0 when the column is absent), adding a problem when it is bad.
  Money Amount(const Header& header, const SheetRow& row, std::string_view key, Problems& problems, bool* ok) {
    if (!header.Has(key)) return Money();
    auto amount = AmountCell(header.Cell(row, key));
    if (!amount.ok()) {
      problems.AddStatus(row.number, header.ColumnLabel(key), amount.status());
      *ok = false;
      return Money();
    }
    if (amount->is_negative()) {
      problems.Add(row.number, header.ColumnLabel(key), "import.amount_negative",
                   "จำนวนเงินต้องไม่ติดลบ (ใส่ยอดด้านเดบิตหรือเครดิตแทน)");
      *ok = false;
    }
    return *amount;
  }

  void CheckRow(const Header& header, const SheetRow& row, Preview& preview, Problems& problems) {
    const std::string code = header.Cell(row, "code");
    const std::string name = header.Cell(row, "name");
    bool ok = true;
    const Money close_dr = Amount(header, row, "close_dr", problems, &ok);
    const Money close_cr = Amount(header, row, "close_cr", problems, &ok);
    const Money open = Amount(header, row, "open_dr", problems, &ok) - Amount(header, row, "open_cr", problems, &ok);
    const Money move = Amount(header, row, "move_dr", problems, &ok) - Amount(header, row, "move_cr", problems, &ok);
    if (code.empty()) {
      if (name.find("รวม") != std::string::npos) {  // the sheet's own total line
        sheet_total_ = {close_dr, close_cr, row.number};
      } else if (!(close_dr.is_zero() && close_cr.is_zero())) {
        problems.Add(row.number, header.ColumnLabel("code"), "import.code_missing", "มียอดเงินแต่ไม่มีรหัสบัญชี");
      }
      return;  // a heading such as "สินทรัพย์"
    }
    ++preview.rows;
    const size_t before = problems.count();
    if (ok && (header.Has("open_dr") || header.Has("move_dr")) && open + move != close_dr - close_cr) {
      problems.Add(row.number, "", "import.row_sum",
                   "ยอดยกมา + รายการระหว่างเดือน (" + (open + move).Format() + ") ไม่เท่ากับยอดคงเหลือ (" +
                       (close_dr - close_cr).Format() + ")");
    }
    const AccountMapping* mapping = MapCode(code);
    std::string account_name;
    if (mapping == nullptr) {
      problems.Add(row.number, header.ColumnLabel("code"), "import.unmapped",
                   "รหัสบัญชี e-LAAS " + code + " ยังไม่ได้เทียบกับผังบัญชีของ Klang (เพิ่มในตารางเทียบรหัสบัญชี)");
    } else {
      account_name = CheckAccount(*mapping, row, header, close_dr - close_cr, problems);
    }
    debit_ += close_dr;  // within int64: every amount is bounded (AmountCell) and rows are too
    credit_ += close_cr;
    AddLine(preview, row.number,
            {code, name, mapping ? mapping->account : "", account_name, close_dr.Format(), close_cr.Format()},
            problems.count() > before);
  }

  // The mapping of `code`: the map's, or the code itself when it is an account of the chart.
  const AccountMapping* MapCode(const std::string& code) {
    if (auto found = map_.find(code); found != map_.end()) return &found->second;
    if (auto account = c_.services.chart.Find(code); account.ok()) {
      return &map_.emplace(code, AccountMapping{code, code, account->name_th, 0, "chart", ""}).first->second;
    }
    return nullptr;
  }

  // Adds the row's balance to its Klang account; returns the account's name.
  std::string CheckAccount(const AccountMapping& mapping, const SheetRow& row, const Header& header, Money balance,
                           Problems& problems) {
    auto account = c_.services.chart.Find(mapping.account);
    if (!account.ok()) {
      problems.Add(row.number, header.ColumnLabel("code"), "import.account_unknown",
                   "ตารางเทียบรหัสบัญชีให้รหัส " + mapping.account + " ซึ่งไม่มีในผังบัญชี");
      return "";
    }
    if ((account->account_class == kRevenueClass || account->account_class == kExpenseClass) && !balance.is_zero()) {
      problems.Add(row.number, "", "import.nominal_balance",
                   "บัญชี" + account->name_th + " (" + account->code +
                       ") เป็นบัญชีรายได้หรือค่าใช้จ่ายที่ยังมียอดคงเหลือ กรุณาใช้งบทดลองหลังปิดบัญชีสิ้นปี");
    }
    Line& line = lines_[account->code];
    if (line.first_row == 0) line.first_row = row.number;
    line.balance += balance;
    if (deposit_accounts_.count(account->code) && !balance.is_zero()) {
      CheckBank(mapping, account->code, row.number, line, problems);
    }
    return account->name_th;
  }

  void CheckBank(const AccountMapping& mapping, const std::string& gl, int row, Line& line, Problems& problems) {
    int64_t bank = mapping.bank_account;
    const auto& on_gl = banks_by_gl_[gl];
    if (bank == 0 && on_gl.size() == 1) bank = on_gl.front();
    if (bank == 0) {
      problems.Add(row, "", on_gl.empty() ? "import.bank_missing" : "import.bank_ambiguous",
                   on_gl.empty() ? "ยังไม่ได้ลงทะเบียนบัญชีเงินฝากธนาคารที่ใช้รหัสบัญชี " + gl +
                                       " กรุณาลงทะเบียนบัญชีธนาคารก่อนนำเข้ายอดยกมา"
                                 : "มีบัญชีเงินฝากธนาคารหลายบัญชีที่ใช้รหัสบัญชี " + gl +
                                       " กรุณาระบุบัญชีธนาคารในตารางเทียบรหัสบัญชี");
      return;
    }
    if (line.bank_account != 0 && line.bank_account != bank) {
      problems.Add(row, "", "import.bank_shared",
                   "ยอดยกมาของบัญชีธนาคารสองบัญชีที่ใช้รหัสบัญชี " + gl +
                       " เดียวกันบันทึกในใบผ่านรายการเดียวไม่ได้ กรุณาบันทึกบัญชีหนึ่งด้วยใบผ่านรายการแยก");
      return;
    }
    line.bank_account = bank;
  }

  void CheckTotals(Problems& problems) {
    if (debit_ != credit_) {
      problems.Add(0, "", "import.unbalanced",
                   "ยอดคงเหลือรวมด้านเดบิต " + debit_.Format() + " ไม่เท่ากับด้านเครดิต " + credit_.Format() +
                       " (ต่างกัน " + (debit_ - credit_).Format() + ")");
    }
    if (sheet_total_.row != 0 && (sheet_total_.debit != debit_ || sheet_total_.credit != credit_)) {
      problems.Add(sheet_total_.row, "", "import.total_mismatch",
                   "บรรทัดรวมในไฟล์ (เดบิต " + sheet_total_.debit.Format() + " เครดิต " +
                       sheet_total_.credit.Format() + ") ไม่เท่ากับผลรวมของรายการ (เดบิต " + debit_.Format() +
                       " เครดิต " + credit_.Format() + ")");
    }
  }

  Status CheckNoOpeningYet(Problems& problems) {
    const int year = FiscalYearOf(date_);
    KLANG_ASSIGN_OR_RETURN(bool ours, c_.written(ImportEntryId(c_.import_id, "opening")));
    if (ours) return Status::Ok();
    KLANG_ASSIGN_OR_RETURN(auto totals, c_.services.vouchers.OpeningTotals(c_.org, FiscalYearStart(year),
                                                                          FiscalYearEnd(year)));
    std::map<std::string, Money> net;
    for (const auto& day : totals) net[day.account] += day.debit - day.credit;
    for (const auto& [account, balance] : net) {
      if (!balance.is_zero()) {
        problems.Add(0, "", "import.opening_exists",
                     "หน่วยงานมียอดยกมาของปีงบประมาณ " + std::to_string(year) +
                         " อยู่แล้ว หากต้องการนำเข้าใหม่ให้กลับรายการยอดยกมาเดิมก่อน");
        break;
      }
    }
    return Status::Ok();
  }

  struct SheetTotal {
    Money debit, credit;
    int row = 0;
  };

  ImportContext& c_;
  std::map<std::string, AccountMapping> map_;
  std::map<std::string, std::vector<int64_t>> banks_by_gl_;
  std::set<std::string> deposit_accounts_;
  std::map<std::string, Line> lines_;  // by Klang account
  Money debit_, credit_;
  SheetTotal sheet_total_;
  Date date_;
};

}  // namespace

std::unique_ptr<Importer> MakeOpeningBalances(ImportContext& context) {
  return std::make_unique<OpeningBalances>(context);
}

}  // namespace klang::exchange
