// ledger/balances.h — the built-in projection: debit and credit movements per organisation,
// account and posting day. The trial balance for any date range is a sum over these rows.
#pragma once

#include <memory>

#include "ledger/projection.h"

namespace klang::ledger {

std::unique_ptr<Projection> MakeBalancesProjection();

}  // namespace klang::ledger
