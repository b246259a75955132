// accounting/chart.h — the chart of accounts (ผังบัญชี), loaded from a data file.
//
// The official New e-LAAS codes are not public (domain.md §5.2); data/chart_of_accounts.csv
// holds a documented provisional scheme (first digit = class 1 assets … 5 expenses) that an
// import of the official list replaces. Thread-safe: cached behind a mutex.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "store/db.h"

namespace klang::accounting {

struct Account {
  std::string code;
  std::string name_th;
  std::string name_en;
  int account_class = 0;     // 1 assets, 2 liabilities, 3 funds/equity, 4 revenue, 5 expenses
  bool normal_debit = true;  // the side its balance normally stands on
};

class ChartOfAccounts {
 public:
  explicit ChartOfAccounts(store::Db& db);
  static std::vector<store::Migration> Migrations();

  // Imports (inserts or updates) accounts from CSV text with the header
  // code,name_th,name_en,class,normal_side. Fields hold no commas. All or nothing.
  Status ImportCsv(const std::string& csv_text);
  Result<Account> Find(const std::string& code);
  std::vector<Account> All();

 private:
  Status LoadLocked();
  store::Db& db_;
  std::mutex mutex_;
  bool loaded_ = false;                    // guarded by mutex_
  std::map<std::string, Account> by_code_;  // guarded by mutex_
};

}  // namespace klang::accounting
