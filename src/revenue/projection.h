// revenue/projection.h — the rev_* tables and the projection that keeps them (projection.cc).
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ledger/projection.h"
#include "store/db.h"

namespace klang::revenue {

std::vector<store::Migration> RevenueMigrations();
// The accounts whose lines the projection keeps as they are posted.
struct WatchedAccounts {
  // The เงินรับฝาก accounts: the deposits-held registers list every entry's lines on them.
  std::set<std::string> deposits;
  // The revenue accounts and the cash account: the revenue and cash registers take in what
  // entries other than the module's own receipt documents post on these (a general voucher, a
  // fine deducted from a payment, an advance refunded in cash, the year's closing entries).
  std::set<std::string> revenue;
  std::string cash;
  // Each revenue item's account (a bank receipt names its item).
  std::map<std::string, std::string> item_accounts;
};

std::unique_ptr<ledger::Projection> MakeRevenueProjection(WatchedAccounts accounts);

}  // namespace klang::revenue
