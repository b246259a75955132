// expenditure/bank_file.h — bulk-payment files for the bank. Each bank's own format is not
// public, so Klang defines one documented CSV layout of its own (docs/e-payment.md) behind this
// interface; a bank's format is added as another BankFileFormat without touching the rest.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/money.h"
#include "core/date.h"

namespace klang::expenditure {

struct BankFileItem {
  int seq = 0;                  // 1, 2, … within the batch
  std::string reference;        // the ฎีกา's requester number, "กค. 3/2569"
  std::string payee_name, payee_tax_id, payee_bank, payee_account_no;
  Money amount;                 // net amount to transfer
};
struct BankFileBatch {
  std::string batch_no;         // "EP 2/2569"
  Date value_date;              // the date the bank is asked to pay
  std::string payer_account_no; // the organisation's account debited
  std::string payer_name;       // the organisation
  std::vector<BankFileItem> items;
};

class BankFileFormat {
 public:
  virtual ~BankFileFormat() = default;
  virtual std::string code() const = 0;       // "klang-csv-1"
  virtual std::string file_name(const BankFileBatch& batch) const = 0;
  virtual std::string Render(const BankFileBatch& batch) const = 0;
};

// Klang's own layout, version 1 (docs/e-payment.md).
std::unique_ptr<BankFileFormat> MakeKlangCsvBankFile();

}  // namespace klang::expenditure
