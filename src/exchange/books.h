// exchange/books.h — an organisation's books as files for someone outside Klang: the chain as
// JSON lines (docs/ledger-format.md; tools/klang-verify-chain checks it offline) and the general
// journal in ledger-cli's plain-text format (ledger and hledger read it). `klang export` and the
// auditor's package write both through these.
#pragma once

#include <functional>
#include <string>

#include "ledger/ledger.h"

namespace klang::exchange {

// Entries read from the ledger at a time.
inline constexpr size_t kExportBatchEntries = 5'000;

// One line of the JSON-lines chain: {"entry": <canonical entry>, "hash": "<64 hex>"}, with "\n".
std::string ChainLine(const ledger::Entry& entry);
// One transaction of the ledger-cli journal (a blank line after it).
std::string JournalText(const ledger::Entry& entry);

// Every entry of `org` in order, handed to `each` (false from `each` stops, an error). `progress`
// is called with the last seq after each batch (may be empty).
Status ForEachEntry(ledger::Ledger& ledger, int64_t org, const std::function<bool(const ledger::Entry&)>& each,
                    const std::function<void(int64_t seq)>& progress = {});

}  // namespace klang::exchange
