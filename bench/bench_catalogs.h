// bench/bench_catalogs.h — the budget and revenue catalogues of data/, read once, for the
// benchmarks that post through the budget service (bench_closing, bench_oversight).
#pragma once

#include "bench/bench_util.h"
#include "budget/catalog.h"
#include "revenue/catalog.h"

namespace klang::bench {

inline const budget::BudgetCatalog& BudgetCatalogOfData() {
  static const budget::BudgetCatalog value = [] {
    auto parsed = budget::BudgetCatalog::FromCsv(ReadText(SourceDir() + "/data/budget_plans.csv"),
                                                 ReadText(SourceDir() + "/data/budget_categories.csv"));
    if (!parsed.ok()) Die("budget catalog", parsed.status());
    return std::move(parsed).value();
  }();
  return value;
}

inline const revenue::RevenueCatalog& RevenueCatalogOfData() {
  static const revenue::RevenueCatalog value = [] {
    auto parsed = revenue::RevenueCatalog::FromCsv(ReadText(SourceDir() + "/data/revenue_items.csv"),
                                                   ReadText(SourceDir() + "/data/deposit_types.csv"));
    if (!parsed.ok()) Die("revenue items", parsed.status());
    return std::move(parsed).value();
  }();
  return value;
}

}  // namespace klang::bench
