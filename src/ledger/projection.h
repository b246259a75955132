// ledger/projection.h — derived state kept in step with the log.
//
// A projection (account balances, a register, budget availability) is written in the same
// transaction as the entries it derives from, and can always be rebuilt from the log. For
// `verify`, a projection folds the entries in memory and compares the result with what is
// stored, naming the first entry whose effect disagrees.
//
// Projections are registered with the Ledger before it starts and must be thread-compatible:
// Apply runs on the ledger's writer thread only; BeginCheck may run on any thread.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/entry.h"
#include "store/db.h"

namespace klang::ledger {

struct Disagreement {
  int64_t seq = 0;    // the first entry whose effect on the projection disagrees
  std::string what;   // English description for the operator
};

class ProjectionCheck {
 public:
  virtual ~ProjectionCheck() = default;
  // Called for every entry of one organisation, in sequence order.
  virtual void Fold(const Entry& entry) = 0;
  // Whether Fold reads the body of entries of this kind: verify leaves a body no check reads
  // unparsed (its syntax is still checked), which is most of its decoding time. When in doubt,
  // true; an entry whose body a check reads but did not get shows as a disagreement.
  virtual bool ReadsBody(std::string_view kind) const {
    (void)kind;
    return true;
  }
  // Compares the stored projection of that organisation with the folded state.
  virtual Result<std::optional<Disagreement>> Compare(store::Connection& connection) = 0;
};

class Projection {
 public:
  virtual ~Projection() = default;
  virtual std::string_view name() const = 0;
  // Applies freshly appended entries (any organisations, sequence order within each) inside
  // the append transaction. An error aborts the whole transaction.
  virtual Status Apply(store::Connection& transaction, std::span<const Entry> entries) = 0;
  // Deletes this projection's rows for one organisation (before a rebuild replays its log).
  virtual Status Clear(store::Connection& transaction, int64_t org) = 0;
  virtual std::unique_ptr<ProjectionCheck> BeginCheck(int64_t org) const = 0;
};

}  // namespace klang::ledger
