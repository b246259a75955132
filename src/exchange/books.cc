#include "exchange/books.h"

#include <nlohmann/json.hpp>

#include "accounting/kinds.h"
#include "accounting/voucher.h"
#include "core/money.h"

namespace klang::exchange {

std::string ChainLine(const ledger::Entry& entry) {
  const nlohmann::json line = {{"entry", ledger::CanonicalJson(entry)}, {"hash", entry.hash}};
  return line.dump(-1, ' ', false) + "\n";
}

std::string JournalText(const ledger::Entry& entry) {
  const auto number = entry.numbers.count(accounting::kVoucherSeries)
                          ? accounting::VoucherNumberText(entry.numbers.at(accounting::kVoucherSeries), entry.fiscal_year)
                          : entry.kind;
  std::string text = entry.posting_date.ToIso() + " * " + number + " " + entry.body.value("description", std::string()) +
                     "\n    ; seq:" + std::to_string(entry.seq) + " hash:" + entry.hash + "\n";
  for (const auto& line : entry.lines) {
    const Money amount = line.debit.is_zero() ? -line.credit : line.debit;
    text += "    " + line.account + "  " + amount.FormatPlain() + " THB\n";
  }
  return text + "\n";
}

Status ForEachEntry(ledger::Ledger& ledger, int64_t org, const std::function<bool(const ledger::Entry&)>& each,
                    const std::function<void(int64_t seq)>& progress) {
  int64_t after = 0;
  for (;;) {
    KLANG_ASSIGN_OR_RETURN(auto entries, ledger.List(org, after, kExportBatchEntries));
    if (entries.empty()) return Status::Ok();
    for (const auto& entry : entries) {
      if (!each(entry)) return Status::Unavailable("export.write", "could not write the export");
    }
    after = entries.back().seq;
    if (progress) progress(after);
  }
}

}  // namespace klang::exchange
