// revenue/projection.h — the rev_* tables and the projection that keeps them (projection.cc).
#pragma once

#include <memory>
#include <set>
#include <string>
#include <vector>

#include "ledger/projection.h"
#include "store/db.h"

namespace klang::revenue {

std::vector<store::Migration> RevenueMigrations();
// `deposit_accounts`: the เงินรับฝาก accounts whose every line the deposit registers list.
std::unique_ptr<ledger::Projection> MakeRevenueProjection(std::set<std::string> deposit_accounts);

}  // namespace klang::revenue
