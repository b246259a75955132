// store/statement_cache.h — what a connection keeps prepared, by SQL text, with a bound.
//
// Each store keeps a connection's prepared statements so that a statement run again is not
// prepared again. Past `capacity` the least recently used one is let go (finalized on SQLite,
// DEALLOCATEd on PostgreSQL), so that SQL whose text varies — ids written into it, shapes by
// size — cannot grow a connection's memory, or its PostgreSQL session's, without limit. A
// statement still in use (a SQLite statement being stepped by a caller up the stack, a
// PostgreSQL statement held for a pipeline) is passed over; the cache may then hold more than
// `capacity` until it is free.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/assert.h"

namespace klang::store {

// More than the distinct statements the code runs with fixed text (about 450 call sites, and a
// few shapes of each list look-up), so that a connection never prepares a fixed statement twice.
inline constexpr size_t kStatementsPerConnectionMax = 1'024;

template <typename Statement>
class StatementCache {
 public:
  explicit StatementCache(size_t capacity = kStatementsPerConnectionMax) : capacity_(capacity) {
    KLANG_ASSERT(capacity_ > 0);
  }
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;

  // The statement prepared for `sql`, now the most recently used; nullptr when there is none.
  Statement* Find(std::string_view sql) {
    const auto found = index_.find(sql);
    if (found == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, found->second);
    return &found->second->second;
  }

  // Keeps `statement` for `sql` (which must not be kept yet), as the most recently used.
  void Add(std::string sql, Statement statement) {
    KLANG_ASSERT(index_.find(sql) == index_.end());
    order_.emplace_front(std::move(sql), std::move(statement));
    index_.emplace(order_.front().first, order_.begin());
  }

  // While more than `capacity` are kept: removes the least recently used statement that is not
  // `in_use` and hands it back, for the caller to release. Never the most recently used one (the
  // statement just found or added, about to run). nullopt when within the bound, or when every
  // candidate is in use.
  std::optional<Statement> TakeOverflow(const std::function<bool(const Statement&)>& in_use) {
    if (order_.size() <= capacity_) return std::nullopt;
    const auto newest = order_.begin();
    for (auto entry = order_.end(); --entry != newest;) {
      if (in_use(entry->second)) continue;
      Statement statement = std::move(entry->second);
      index_.erase(std::string_view(entry->first));
      order_.erase(entry);
      return statement;
    }
    return std::nullopt;
  }

  // Every statement kept, most recently used first.
  template <typename Visit>
  void ForEach(Visit visit) const {
    for (const auto& [sql, statement] : order_) visit(statement);
  }

  size_t size() const { return order_.size(); }

 private:
  using Order = std::list<std::pair<std::string, Statement>>;
  const size_t capacity_;
  Order order_;  // most recently used first; list nodes stay put, so index_ may view their text
  std::unordered_map<std::string_view, typename Order::iterator> index_;
};

}  // namespace klang::store
