#include "ledger/balances.h"

#include <map>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

namespace klang::ledger {
namespace {

struct DayKey {
  int64_t org;
  std::string account;
  std::string day;
  auto operator<=>(const DayKey&) const = default;
};

struct Movement {
  Money debit;
  Money credit;
  int64_t first_seq = 0;  // the first entry that touched this (account, day)
};

// One (account, day) of an organisation, as verify folds it: hashed, not ordered — it is looked up
// once for every line of every entry.
struct CheckKey {
  std::string account;
  Date day;
  bool operator==(const CheckKey&) const = default;
};
struct CheckKeyHash {
  size_t operator()(const CheckKey& key) const {
    const size_t day = static_cast<size_t>(key.day.year()) * 512 + static_cast<size_t>(key.day.month()) * 32 +
                       static_cast<size_t>(key.day.day());
    return std::hash<std::string>{}(key.account) ^ (day * 0x9e3779b97f4a7c15ULL);
  }
};

class BalancesCheck final : public ProjectionCheck {
 public:
  explicit BalancesCheck(int64_t org) : org_(org) {}
  bool ReadsBody(std::string_view) const override { return false; }

  void Fold(const Entry& entry) override {
    CheckKey key{"", entry.posting_date};
    for (const Line& line : entry.lines) {
      key.account = line.account;
      Movement& movement = expected_[key];
      if (movement.first_seq == 0) movement.first_seq = entry.seq;
      movement.debit += line.debit;
      movement.credit += line.credit;
    }
  }

  Result<std::optional<Disagreement>> Compare(store::Connection& connection) override {
    KLANG_ASSIGN_OR_RETURN(
        store::Rows rows,
        connection.Query("SELECT account, day, debit, credit FROM ledger_balances WHERE org_id = $1",
                         {org_}));
    std::optional<Disagreement> first;
    auto note = [&first](int64_t seq, std::string what) {
      if (!first || seq < first->seq) first = Disagreement{seq, std::move(what)};
    };
    std::unordered_set<CheckKey, CheckKeyHash> seen;
    for (const store::Row& row : rows) {
      const std::string& account = row.Text(0);
      const std::string& day = row.Text(1);
      auto parsed = Date::ParseIso(day);
      const bool dated = parsed.ok() && parsed->ToIso() == day;  // as the projection writes it
      auto found = dated ? expected_.find({account, *parsed}) : expected_.end();
      if (found == expected_.end()) {
        if (row.Int(2) != 0 || row.Int(3) != 0) {
          note(INT64_MAX, "balance row for account " + account + " on " + day + " has no entry behind it");
        }
        continue;
      }
      seen.insert(found->first);
      if (found->second.debit.satang() != row.Int(2) ||
          found->second.credit.satang() != row.Int(3)) {
        note(found->second.first_seq,
             "account " + account + " on " + day + ": stored debit/credit " +
                 std::to_string(row.Int(2)) + "/" + std::to_string(row.Int(3)) +
                 " satang, the log gives " + std::to_string(found->second.debit.satang()) + "/" +
                 std::to_string(found->second.credit.satang()));
      }
    }
    for (const auto& [key, movement] : expected_) {
      if (!seen.contains(key)) {
        note(movement.first_seq, "balance row missing for account " + key.account + " on " + key.day.ToIso());
      }
    }
    return first;
  }

 private:
  int64_t org_;
  std::unordered_map<CheckKey, Movement, CheckKeyHash> expected_;
};

class BalancesProjection final : public Projection {
 public:
  std::string_view name() const override { return "ledger_balances"; }

  Status Apply(store::Connection& tx, std::span<const Entry> entries) override {
    // Aggregate first: a batch of hundreds of entries touches far fewer (account, day) rows.
    std::map<DayKey, Movement> sums;
    for (const Entry& entry : entries) {
      const std::string day = entry.posting_date.ToIso();
      for (const Line& line : entry.lines) {
        Movement& movement = sums[{entry.org, line.account, day}];
        movement.debit += line.debit;
        movement.credit += line.credit;
      }
    }
    std::vector<store::Params> rows;
    rows.reserve(sums.size());
    for (const auto& [key, movement] : sums) {
      rows.push_back({key.org, key.account, key.day, movement.debit.satang(),
                      movement.credit.satang()});
    }
    // One row per key (summed above): PostgreSQL takes them as multi-row statements, sent with the
    // transaction's next statement (the ledger's own table: no error of it is translated).
    return tx.InsertRowsLater(
        "INSERT INTO ledger_balances (org_id, account, day, debit, credit) "
        "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (org_id, account, day) DO UPDATE SET "
        "debit = ledger_balances.debit + excluded.debit, "
        "credit = ledger_balances.credit + excluded.credit",
        std::move(rows));
  }

  Status Clear(store::Connection& tx, int64_t org) override {
    return tx.Execute("DELETE FROM ledger_balances WHERE org_id = $1", {org}).status();
  }

  std::unique_ptr<ProjectionCheck> BeginCheck(int64_t org) const override {
    return std::make_unique<BalancesCheck>(org);
  }
};

}  // namespace

std::unique_ptr<Projection> MakeBalancesProjection() {
  return std::make_unique<BalancesProjection>();
}

}  // namespace klang::ledger
