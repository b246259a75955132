// bench_verify — how fast Ledger::Verify checks a log: the cached organisation with 1,000,000
// entries on SQLite. The figure is what `klang verify` runs — Verify of every organisation,
// which first has SQLite read every page (PRAGMA integrity_check), then walks each chain
// (recompute each hash, decode each entry's canonical JSON, check it balances, fold the
// account-balance projection and compare it with the stored one). The two parts are also timed
// apart. Then the same number of entries shared by `--many-orgs` organisations (1,000; 1 or 0 leaves
// it out), a national store's many short chains, where each organisation's own costs (its
// transaction, its head, its projections compared) count. Median of `--runs`.
//
//   bench_verify --data-dir=DIR [--entries=1000000] [--runs=3] [--chunk-entries=N] [--many-orgs=1000]
#include "bench/bench_util.h"
#include "ledger/ledger.h"

int main(int argc, char** argv) {
  using namespace klang;
  using namespace klang::bench;
  Flags flags(argc, argv);
  const std::string data_dir = flags.String("data-dir", "");
  if (data_dir.empty()) Die("--data-dir is required");
  const int64_t entries = flags.Int("entries", 1'000'000);
  const int runs = static_cast<int>(flags.Int("runs", 3));
  const int many_orgs = static_cast<int>(flags.Int("many-orgs", 1'000));
  ledger::LedgerOptions options;  // --chunk-entries: the walk's chunk (LedgerOptions), to tune it
  options.verify_chunk_entries =
      static_cast<size_t>(flags.Int("chunk-entries", static_cast<int64_t>(options.verify_chunk_entries)));

  MillionDataset dataset = OpenOrBuildDataset(data_dir, entries);
  SystemClock clock;
  ledger::Ledger ledger(*dataset.db, clock, options);  // read-only use: not started

  auto verify_in = [](ledger::Ledger& ledger, const MillionDataset& dataset, std::optional<int64_t> org) {
    const auto start = std::chrono::steady_clock::now();
    auto report = ledger.Verify(org);
    const double elapsed = SecondsSince(start);
    if (!report.ok()) Die("verify", report.status());
    if (!report->ok() || report->entries != dataset.entries) {
      Die("verify found damage or a wrong count (" + std::to_string(report->entries) +
          " entries) in a freshly built ledger");
    }
    return elapsed;
  };
  auto verify = [&](std::optional<int64_t> org) { return verify_in(ledger, dataset, org); };

  std::vector<double> whole;
  for (int run = 0; run < runs; ++run) {
    whole.push_back(verify(std::nullopt));
    Note("verify (all organisations): " + std::to_string(whole.back()) + " s");
  }
  const double chain = verify(dataset.org);  // chains and projections only
  Note("verify (one organisation, no integrity_check): " + std::to_string(chain) + " s");
  double integrity = 0;
  {
    auto lease = dataset.db->Acquire();
    if (!lease.ok()) Die("acquire", lease.status());
    const auto start = std::chrono::steady_clock::now();
    Check((*lease)->CheckIntegrity(), "integrity check");
    integrity = SecondsSince(start);
  }
  PrintResult("verify_entries_per_s", static_cast<double>(dataset.entries) / Median(whole),
              "entries/s");
  PrintResult("verify_chain_entries_per_s", static_cast<double>(dataset.entries) / chain,
              "entries/s");
  PrintResult("verify_integrity_check_s", integrity, "s", 2);
  if (many_orgs > 1) {
    MillionDataset many = OpenOrBuildDataset(data_dir, entries, many_orgs);
    ledger::Ledger many_ledger(*many.db, clock, options);
    std::vector<double> times;
    for (int run = 0; run < runs; ++run) {
      times.push_back(verify_in(many_ledger, many, std::nullopt));
      Note("verify (" + std::to_string(many_orgs) + " organisations): " + std::to_string(times.back()) + " s");
    }
    PrintResult("verify_many_orgs_entries_per_s", static_cast<double>(many.entries) / Median(times), "entries/s");
  }
  return 0;
}
