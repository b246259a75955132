#include "expenditure/bank_file.h"

#include "core/csv_writer.h"

namespace klang::expenditure {
namespace {

// H,<format>,<batch no>,<value date ISO>,<payer account>,<payer name>,<count>,<total>
// D,<seq>,<reference>,<payee name>,<payee tax id>,<payee bank>,<payee account>,<amount>
// T,<count>,<total>
class KlangCsvBankFile final : public BankFileFormat {
 public:
  std::string code() const override { return "klang-csv-1"; }
  std::string file_name(const BankFileBatch& batch) const override {
    std::string name = "epayment-" + batch.value_date.ToIso() + "-";
    for (char c : batch.batch_no) name.push_back(std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
    return name + ".csv";
  }
  std::string Render(const BankFileBatch& batch) const override {
    Money total;
    for (const auto& item : batch.items) total = total + item.amount;
    const std::string count = std::to_string(batch.items.size());
    CsvWriter csv;
    for (const std::string& cell : {std::string("H"), code(), batch.batch_no, batch.value_date.ToIso(),
                                    batch.payer_account_no, batch.payer_name, count}) {
      csv.Text(cell);
    }
    csv.Amount(total);
    csv.EndRow();
    for (const auto& item : batch.items) {
      for (const std::string& cell : {std::string("D"), std::to_string(item.seq), item.reference, item.payee_name,
                                      item.payee_tax_id, item.payee_bank, item.payee_account_no}) {
        csv.Text(cell);
      }
      csv.Amount(item.amount);
      csv.EndRow();
    }
    csv.Text("T");
    csv.Text(count);
    csv.Amount(total);
    csv.EndRow();
    return std::move(csv).Take();
  }
};

}  // namespace

std::unique_ptr<BankFileFormat> MakeKlangCsvBankFile() { return std::make_unique<KlangCsvBankFile>(); }

}  // namespace klang::expenditure
