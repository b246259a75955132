// oversight/internal.h — what the parts of OversightService share (oversight.cc: the table and the
// sweep; supervision.cc: areas, mentors and problems; monthly.cc: the monthly report).
#pragma once

#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "oversight/oversight.h"

namespace klang::oversight {

// Limits on what an office types (bytes).
inline constexpr size_t kNameBytesMax = 200;
inline constexpr size_t kTextBytesMax = 4000;
inline constexpr size_t kAttendeesMax = 100;
// Problems listed on one page or taken into one report.
inline constexpr size_t kProblemsListedMax = 2000;
// Problems one monthly report takes in (a province's month).
inline constexpr size_t kProblemsReportedMax = 20000;

// The organisation tree as cached, with each organisation's children.
struct Tree {
  std::unordered_map<int64_t, org::Organisation> by_id;
  std::unordered_map<int64_t, std::vector<int64_t>> children;
  const org::Organisation* Find(int64_t id) const;
  // The province an organisation lies in (itself for a province); 0 when none.
  int64_t ProvinceOf(int64_t id) const;
  // The LAO of an LAO or unit; 0 otherwise.
  int64_t LaoOf(int64_t id) const;
  // The organisations that keep books within `scope` (itself included when it keeps books).
  std::vector<int64_t> BooksWithin(int64_t scope) const;
  bool IsWithin(int64_t id, int64_t ancestor) const;
  int64_t Root() const;  // the DLA; 0 when none
};

struct OversightService::Impl {
  store::Db& db;
  org::OrgDirectory& orgs;
  const Clock& clock;
  OversightConfig config;
  Links links;
  auth::Mailer* mailer = nullptr;
  std::unique_ptr<ledger::Projection> projection;
  std::mutex sweep_mutex;  // one sweep at a time
  std::mutex loop_mutex;
  std::condition_variable loop_wake;
  bool loop_stop = false;  // guarded by loop_mutex
  std::thread loop;

  Impl(store::Db& db, org::OrgDirectory& orgs, const Clock& clock, OversightConfig config, Links links)
      : db(db), orgs(orgs), clock(clock), config(std::move(config)), links(std::move(links)),
        projection(MakeCurrencyProjection()) {}

  Result<Tree> LoadTree(bool reload = false);
  Result<std::vector<OrgStatus>> Assessed(const Tree& tree, const std::vector<int64_t>& orgs, bool all);
  // A refusal unless `at` is a provincial office and the officer's own.
  Result<org::Organisation> OwnOffice(const Officer& officer, int64_t at);
  Result<org::Organisation> Province(int64_t id);
  Result<Staff> CheckArea(int64_t at, const AreaInput& input);
  std::string CategoryThai(const std::string& code) const;
  Result<std::vector<Problem>> LoadProblems(const std::string& where, const store::Params& params,
                                            size_t limit = kProblemsListedMax);
  Status SendNudges(Date today, SweepOutcome& outcome);
  Result<StandingCounts> CountsAt(const Tree& tree, int64_t province, Date day);
};

// `text` cut to at most `bytes_max` bytes, never inside a UTF-8 character.
std::string CutUtf8(const std::string& text, size_t bytes_max);


}  // namespace klang::oversight
