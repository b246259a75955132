#include "accounting/chart.h"

#include <sstream>

namespace klang::accounting {
namespace {

constexpr size_t kAccountsMax = 20'000;

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

}  // namespace

ChartOfAccounts::ChartOfAccounts(store::Db& db) : db_(db) {}

std::vector<store::Migration> ChartOfAccounts::Migrations() {
  return {{"accounting", 1, R"SQL(
CREATE TABLE accounts (
  code TEXT PRIMARY KEY,
  name_th TEXT NOT NULL,
  name_en TEXT NOT NULL,
  account_class {INT} NOT NULL,
  normal_side TEXT NOT NULL
) {STRICT};
)SQL"}};
}

Status ChartOfAccounts::ImportCsv(const std::string& csv_text) {
  std::istringstream in(csv_text);
  std::string line;
  std::vector<store::Params> rows;
  int line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line = line.substr(3);
    if (line.empty()) continue;
    if (line_number == 1) {
      if (line != "code,name_th,name_en,class,normal_side") {
        return Status::InvalidInput("chart.header", "หัวตารางผังบัญชีไม่ถูกต้อง",
                                    "expected header code,name_th,name_en,class,normal_side");
      }
      continue;
    }
    const auto fields = SplitCsvLine(line);
    const std::string where = "line " + std::to_string(line_number);
    if (fields.size() != 5 || fields[0].empty() || fields[0].size() > 32 || fields[1].empty() ||
        fields[3].size() != 1 || fields[3][0] < '1' || fields[3][0] > '9' ||
        (fields[4] != "debit" && fields[4] != "credit")) {
      return Status::InvalidInput("chart.row", "ผังบัญชีบรรทัดที่ " + std::to_string(line_number) +
                                                   " ไม่ถูกต้อง",
                                  where + ": expected code,name_th,name_en,class(1-9),debit|credit");
    }
    rows.push_back({fields[0], fields[1], fields[2], int64_t{fields[3][0] - '0'}, fields[4]});
    if (rows.size() > kAccountsMax) {
      return Status::InvalidInput("chart.too_large", "ผังบัญชีมีรายการมากเกินไป", where);
    }
  }
  if (rows.empty()) return Status::InvalidInput("chart.empty", "ไม่มีรายการในผังบัญชี", "no rows");
  KLANG_RETURN_IF_ERROR(store::InTransaction(db_, store::TransactionMode::kWrite,
                                             [&](store::Connection& tx) {
    return tx.ExecuteMany(
        "INSERT INTO accounts (code, name_th, name_en, account_class, normal_side) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (code) DO UPDATE SET name_th = excluded.name_th, "
        "name_en = excluded.name_en, account_class = excluded.account_class, "
        "normal_side = excluded.normal_side",
        rows);
  }));
  std::lock_guard lock(mutex_);
  loaded_ = false;
  return Status::Ok();
}

Status ChartOfAccounts::LoadLocked() {
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, db_.Acquire());
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      lease->Query("SELECT code, name_th, name_en, account_class, normal_side FROM accounts"));
  by_code_.clear();
  for (const auto& row : rows) {
    by_code_[row.Text(0)] = Account{row.Text(0), row.Text(1), row.Text(2),
                                    static_cast<int>(row.Int(3)), row.Text(4) == "debit"};
  }
  loaded_ = true;
  return Status::Ok();
}

Result<Account> ChartOfAccounts::Find(const std::string& code) {
  std::lock_guard lock(mutex_);
  if (!loaded_) KLANG_RETURN_IF_ERROR(LoadLocked());
  auto found = by_code_.find(code);
  if (found == by_code_.end()) {
    return Status::InvalidInput("accounting.unknown_account",
                                "ไม่พบรหัสบัญชี " + code + " ในผังบัญชี",
                                "unknown account code '" + code + "'");
  }
  return found->second;
}

std::vector<Account> ChartOfAccounts::All() {
  std::lock_guard lock(mutex_);
  if (!loaded_ && !LoadLocked().ok()) return {};
  std::vector<Account> out;
  for (const auto& [code, account] : by_code_) out.push_back(account);
  return out;
}

}  // namespace klang::accounting
