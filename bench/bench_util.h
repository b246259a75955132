// bench/bench_util.h — what the benchmarks share: RESULT lines, flags, timing, a generator of
// realistic balanced drafts, and the cached one-organisation, 1,000,000-entry SQLite ledger
// that the trial balance and verify benchmarks read.
//
// Benchmarks print one line per figure on stdout, `RESULT <name> <value> <unit>`; progress and
// notes go to stderr. Any failure (a store error, an unbalanced report) ends the program with
// exit status 1: a benchmark that silently measured something broken is worse than none.
#pragma once

#include <chrono>
#include <filesystem>
#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "ledger/entry.h"
#include "store/db.h"

namespace klang::bench {

// Prints `RESULT name value unit` (value with `decimals` digits after the point).
void PrintResult(std::string_view name, double value, std::string_view unit, int decimals = 0);
// Prints a note to stderr, prefixed with the program's name.
void Note(const std::string& text);
// Ends the program: prints what failed and why.
[[noreturn]] void Die(const std::string& what, const Status& status);
[[noreturn]] void Die(const std::string& what);
inline void Check(const Status& status, const std::string& what) {
  if (!status.ok()) Die(what, status);
}

// The names of a comma-separated list (a --stores= or --layouts= flag), empty ones included.
std::vector<std::string> SplitList(std::string_view list);
// Whether such a list holds `name`.
bool Wants(std::string_view list, std::string_view name);

// --name=value flags; anything else is an error.
class Flags {
 public:
  Flags(int argc, char** argv);
  std::string String(const std::string& name, const std::string& fallback) const;
  int64_t Int(const std::string& name, int64_t fallback) const;
  double Double(const std::string& name, double fallback) const;

 private:
  std::map<std::string, std::string> values_;
};

inline double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}
double Median(std::vector<double> values);

// A fast, non-cryptographic Random for entry ids (the benchmark measures the ledger, not
// OpenSSL's generator). Not thread-safe: one per thread.
class FastRandom final : public Random {
 public:
  explicit FastRandom(uint64_t seed) : engine_(seed) {}
  void Fill(std::span<unsigned char> out) override;
  std::mt19937_64& engine() { return engine_; }

 private:
  std::mt19937_64 engine_;
};

// The account codes of data/chart_of_accounts.csv (59 accounts).
const std::vector<std::string>& ChartCodes();
std::string SourceDir();

// Balanced drafts like a clerk's general journal vouchers: 2–6 lines on distinct accounts,
// one to five debits against the rest, amounts from 1 to 50,000 baht, a Thai description,
// numbered in the gl.voucher series. Not thread-safe: one per thread.
class DraftMaker {
 public:
  explicit DraftMaker(uint64_t seed) : random_(seed) {}
  ledger::EntryDraft Make(int64_t org, Date date);
  FastRandom& random() { return random_; }

 private:
  FastRandom random_;
};

// FY 2569 (1 Oct 2025 – 30 Sep 2026): the fiscal year every benchmark posts into.
constexpr int kFiscalYear = 2569;
// A day of FY 2569, each of its first 365 days equally likely.
Date RandomDateInYear(std::mt19937_64& engine);

// The cached dataset: one organisation (an อบต. under a province under the DLA) with
// `entries` entries spread evenly, in date order, over FY 2569, plus the chart of accounts — or
// `orgs` such organisations sharing them in turn (a national store's many small chains).
struct MillionDataset {
  std::unique_ptr<store::Db> db;
  int64_t org = 0;  // the first
  int64_t entries = 0;
};
// Opens `dir`/ledger-<entries>[-<orgs>orgs]-v<version>.db, building it first (through
// Ledger::AppendAll, durable as always) when it is not there yet. Built under a temporary name
// and renamed, so an interrupted build is never mistaken for a finished one.
MillionDataset OpenOrBuildDataset(const std::string& dir, int64_t entries, int orgs = 1);

// A whole file (a data file of the source tree); ends the program when it cannot be read.
std::string ReadText(const std::string& path);
// Removes a SQLite database and its -wal, -shm and -journal files.
void RemoveDatabaseFiles(const std::filesystem::path& path);

// All migrations the benchmarks' databases carry (ledger, organisations, chart of accounts,
// vouchers).
std::vector<store::Migration> BenchMigrations();

}  // namespace klang::bench
