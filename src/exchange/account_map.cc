// exchange/account_map.cc — the map from e-LAAS account codes to Klang's chart: the default
// (data/elaas_account_map.csv), each organisation's own mappings over it, and a map file given
// for one import over both.
#include "core/csv.h"
#include "exchange/internal.h"

namespace klang::exchange {
namespace {

constexpr size_t kSourceCodeBytesMax = 40;

bool IsCode(const std::string& text) {
  if (text.empty() || text.size() > kSourceCodeBytesMax) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::map<std::string, AccountMapping>> ImportService::Impl::MapFor(int64_t org, const std::string& map_csv) {
  std::map<std::string, AccountMapping> map;
  for (const auto& [source, account] : default_map) map[source] = {source, account, "", 0, "default", ""};
  {
    KLANG_ASSIGN_OR_RETURN(store::Lease lease, services.db.Acquire());
    KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                           lease->Query("SELECT source_code, account, bank_account, updated_by FROM xch_account_map "
                                        "WHERE org_id = $1",
                                        {org}));
    for (const auto& row : rows) {
      map[row.Text(0)] = {row.Text(0), row.Text(1), "", row.Int(2), "org", row.Text(3)};
    }
  }
  if (!map_csv.empty()) {
    KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                           ReadDataCsv(map_csv, "source_code,account,legal_reference", "import.map_file",
                                       "ไฟล์เทียบรหัสบัญชี (--map)"));
    for (const CsvRow& row : rows) map[row.fields[0]] = {row.fields[0], row.fields[1], "", 0, "file", ""};
  }
  for (auto& [source, mapping] : map) {
    if (auto account = services.chart.Find(mapping.account); account.ok()) mapping.account_name = account->name_th;
  }
  return map;
}

Result<std::vector<AccountMapping>> ImportService::AccountMap(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(auto map, impl_->MapFor(org, ""));
  std::vector<AccountMapping> list;
  for (auto& [source, mapping] : map) list.push_back(std::move(mapping));
  return list;
}

Status ImportService::SetAccountMapping(int64_t org, const std::string& source_code, const std::string& account,
                                        int64_t bank_account, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.services.orgs.Get(org).status());
  if (!IsCode(source_code)) {
    return Status::InvalidInput("import.source_code", "รหัสบัญชี e-LAAS ต้องเป็นตัวเลขหรืออักษร ไม่เกิน 40 ตัว", "",
                                "source_code");
  }
  KLANG_ASSIGN_OR_RETURN(store::Lease lease, m.services.db.Acquire());
  if (account.empty()) {
    return lease->Execute("DELETE FROM xch_account_map WHERE org_id = $1 AND source_code = $2", {org, source_code})
        .status();
  }
  auto found = m.services.chart.Find(account);
  if (!found.ok()) {
    return Status::InvalidInput("import.account", "ไม่มีรหัสบัญชี " + account + " ในผังบัญชี", "", "account");
  }
  if (bank_account != 0) {
    auto bank = m.services.revenue.GetBankAccount(org, bank_account);
    if (!bank.ok() || bank->gl_account != account) {
      return Status::InvalidInput("import.bank_account",
                                  "บัญชีเงินฝากธนาคารที่เลือกไม่ได้ใช้รหัสบัญชี " + account, "", "bank_account");
    }
  }
  return lease
      ->Execute("INSERT INTO xch_account_map (org_id, source_code, account, bank_account, updated_by, updated_at_ms) "
                "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (org_id, source_code) DO UPDATE SET "
                "account = excluded.account, bank_account = excluded.bank_account, "
                "updated_by = excluded.updated_by, updated_at_ms = excluded.updated_at_ms",
                {org, source_code, account, bank_account, actor.name, m.clock.NowUnixMillis()})
      .status();
}

}  // namespace klang::exchange
