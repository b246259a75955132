// The close_months and close_acts tables and the projection that keeps them; the authoritative
// refusal of postings into a closed month (periods.h).
#include "closing/projection.h"

#include <map>
#include <set>

#include "closing/kinds.h"

namespace klang::closing {
namespace {

using ledger::BodyInt;
using ledger::BodyText;
using ledger::Entry;
using store::Connection;
using store::Rows;

Status PeriodClosed(const Month& month) {
  return Status::Refusal("closing.period_closed",
                         "เดือน" + month.Thai() +
                             " ปิดบัญชีแล้ว บันทึกรายการที่ลงวันที่ในเดือนนี้ไม่ได้ (ผู้มีสิทธิ์เปิดงวดบัญชีได้ "
                             "โดยระบุเหตุผลและเลขที่หนังสืออนุมัติ)",
                         "date");
}

class PeriodProjection final : public ledger::Projection {
 public:
  std::string_view name() const override { return "closing"; }

  Status Apply(Connection& tx, std::span<const Entry> entries) override {
    std::map<std::pair<int64_t, std::string>, bool> closed;  // this batch's look-ups
    for (const Entry& entry : entries) {
      if (entry.kind == kKindMonthClose) {
        KLANG_RETURN_IF_ERROR(ApplyClose(tx, entry));
        closed.clear();
      } else if (entry.kind == kKindMonthReopen) {
        KLANG_RETURN_IF_ERROR(ApplyReopen(tx, entry));
        closed.clear();
      } else if (BoundByPeriods(entry.kind)) {
        const Month month = Month::Of(entry.posting_date);
        const auto key = std::make_pair(entry.org, month.Iso());
        auto found = closed.find(key);
        if (found == closed.end()) {
          KLANG_ASSIGN_OR_RETURN(bool is_closed, IsClosed(tx, entry.org, month));
          found = closed.emplace(key, is_closed).first;
        }
        if (found->second) return PeriodClosed(month);
      }
    }
    return Status::Ok();
  }

  Status Clear(Connection& tx, int64_t org) override {
    for (const char* table : {"close_months", "close_acts"}) {
      KLANG_RETURN_IF_ERROR(
          tx.Execute(std::string("DELETE FROM ") + table + " WHERE org_id = $1", {org}).status());
    }
    return Status::Ok();
  }

  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override;

 private:
  static Result<bool> IsClosed(Connection& tx, int64_t org, const Month& month) {
    KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT closed FROM close_months WHERE org_id = $1 "
                                               "AND month = $2",
                                               {org, month.Iso()}));
    return !rows.empty() && rows[0].Int(0) != 0;
  }

  static Result<Month> MonthOfBody(const Entry& entry) {
    auto month = Month::Parse(BodyText(entry.body, "month"));
    if (!month.ok() || month->FiscalYear() != entry.fiscal_year) {
      return Status::Refusal("closing.month", "เดือนที่ปิดหรือเปิดบัญชีไม่ถูกต้อง", "month");
    }
    return month;
  }

  Status ApplyClose(Connection& tx, const Entry& entry) {
    KLANG_ASSIGN_OR_RETURN(Month month, MonthOfBody(entry));
    KLANG_ASSIGN_OR_RETURN(bool is_closed, IsClosed(tx, entry.org, month));
    if (is_closed) {
      return AlreadyClosed(month);
    }
    if (month.month != 10) {
      KLANG_ASSIGN_OR_RETURN(bool previous_closed, IsClosed(tx, entry.org, month.Previous()));
      if (!previous_closed) return MonthOrder(month);
    }
    KLANG_RETURN_IF_ERROR(tx.Execute("DELETE FROM close_months WHERE org_id = $1 AND month = $2",
                                     {entry.org, month.Iso()})
                              .status());
    KLANG_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO close_months (org_id, month, fiscal_year, closed, act_seq, "
                   "by_name, at_ms, reopened, debit, credit) VALUES ($1, $2, $3, 1, $4, $5, $6, "
                   "(SELECT COUNT(*) FROM close_acts WHERE org_id = $1 AND month = $2 AND act = "
                   "'reopen'), $7, $8)",
                   {entry.org, month.Iso(), int64_t{entry.fiscal_year}, entry.seq,
                    BodyText(entry.body, "by_name"), entry.recorded_at_ms,
                    BodyInt(entry.body, "debit"), BodyInt(entry.body, "credit")})
            .status());
    return InsertAct(tx, entry, month, "close");
  }

  Status ApplyReopen(Connection& tx, const Entry& entry) {
    KLANG_ASSIGN_OR_RETURN(Month month, MonthOfBody(entry));
    KLANG_ASSIGN_OR_RETURN(bool is_closed, IsClosed(tx, entry.org, month));
    if (!is_closed) {
      return NotClosed(month);
    }
    KLANG_ASSIGN_OR_RETURN(Rows years, tx.Query("SELECT 1 FROM close_years WHERE org_id = $1 AND "
                                                "fiscal_year = $2 AND closed = 1",
                                                {entry.org, int64_t{entry.fiscal_year}}));
    if (!years.empty()) return YearStillClosed(month);
    // This month and every later one of the same fiscal year that is closed.
    KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE close_months SET closed = 0, act_seq = $1, by_name = "
                                     "$2, at_ms = $3, reopened = reopened + 1 WHERE org_id = $4 "
                                     "AND fiscal_year = $5 AND month >= $6 AND closed = 1",
                                     {entry.seq, BodyText(entry.body, "by_name"),
                                      entry.recorded_at_ms, entry.org,
                                      int64_t{entry.fiscal_year}, month.Iso()})
                              .status());
    return InsertAct(tx, entry, month, "reopen");
  }

  static Status InsertAct(Connection& tx, const Entry& entry, const Month& month,
                          const char* act) {
    return tx.Execute("INSERT INTO close_acts (org_id, seq, month, fiscal_year, act, by_name, "
                      "at_ms, reason, approval_ref, reopened, debit, credit) VALUES ($1, $2, $3, "
                      "$4, $5, $6, $7, $8, $9, $10, $11, $12)",
                      {entry.org, entry.seq, month.Iso(), int64_t{entry.fiscal_year},
                       std::string(act), BodyText(entry.body, "by_name"), entry.recorded_at_ms,
                       BodyText(entry.body, "reason"), BodyText(entry.body, "approval_ref"),
                       entry.body.contains("reopened") ? entry.body["reopened"].dump() : "[]",
                       BodyInt(entry.body, "debit"), BodyInt(entry.body, "credit")})
        .status();
  }
};

// verify: each month's state folded from the log (the acts' own columns come from the entries).
class PeriodCheck final : public ledger::ProjectionCheck {
 public:
  explicit PeriodCheck(int64_t org) : org_(org) {}
  bool ReadsBody(std::string_view kind) const override {
    return kind == kKindMonthClose || kind == kKindMonthReopen;
  }

  void Fold(const Entry& entry) override {
    const auto month = Month::Parse(BodyText(entry.body, "month"));
    if (!month.ok()) return;
    if (entry.kind == kKindMonthClose) {
      months_[month->Iso()] = {true, entry.seq};
      acts_.insert(entry.seq);
    } else if (entry.kind == kKindMonthReopen) {
      for (auto& [key, state] : months_) {
        const auto other = Month::Parse(key);
        if (state.closed && other->FiscalYear() == month->FiscalYear() && *other >= *month) {
          state = {false, entry.seq};
        }
      }
      acts_.insert(entry.seq);
    }
  }

  Result<std::optional<ledger::Disagreement>> Compare(Connection& connection) override {
    std::optional<ledger::Disagreement> first;
    auto note = [&](int64_t seq, std::string what) {
      if (!first || seq < first->seq) first = ledger::Disagreement{seq, std::move(what)};
    };
    KLANG_ASSIGN_OR_RETURN(Rows rows, connection.Query("SELECT month, closed, act_seq FROM "
                                                       "close_months WHERE org_id = $1",
                                                       {org_}));
    if (rows.size() != months_.size()) note(INT64_MAX, "closed-month rows differ from the log");
    for (const auto& row : rows) {
      auto found = months_.find(row.Text(0));
      if (found == months_.end() || found->second.closed != (row.Int(1) != 0) ||
          found->second.seq != row.Int(2)) {
        note(found == months_.end() ? row.Int(2) : found->second.seq,
             "the state of month " + row.Text(0) + " differs from the log");
      }
    }
    KLANG_ASSIGN_OR_RETURN(rows, connection.Query("SELECT seq FROM close_acts WHERE org_id = $1",
                                                  {org_}));
    if (rows.size() != acts_.size()) note(INT64_MAX, "closing acts differ from the log");
    for (const auto& row : rows) {
      if (!acts_.count(row.Int(0))) note(row.Int(0), "closing act " + row.Text(0) + " not in the log");
    }
    return first;
  }

 private:
  struct Folded {
    bool closed = false;
    int64_t seq = 0;
  };
  int64_t org_;
  std::map<std::string, Folded> months_;
  std::set<int64_t> acts_;
};

std::unique_ptr<ledger::ProjectionCheck> PeriodProjection::BeginCheck(int64_t org) const {
  return std::make_unique<PeriodCheck>(org);
}

}  // namespace

Status MonthOrder(const Month& month) {
  return Status::Refusal("closing.month_order",
                         "ต้องปิดบัญชีเดือน" + month.Previous().Thai() + " ก่อนปิดบัญชีเดือน" +
                             month.Thai(),
                         "month");
}

Status AlreadyClosed(const Month& month) {
  return Status::Refusal("closing.already_closed", "เดือน" + month.Thai() + " ปิดบัญชีแล้ว", "month");
}

Status YearStillClosed(const Month& month) {
  return Status::Refusal("closing.year_closed",
                         "ปีงบประมาณ " + std::to_string(month.FiscalYear()) +
                             " ปิดบัญชีประจำปีแล้ว ต้องเปิดบัญชีประจำปีก่อนเปิดงวดบัญชีเดือน" + month.Thai(),
                         "month");
}

Status NotClosed(const Month& month) {
  return Status::Refusal("closing.not_closed", "เดือน" + month.Thai() + " ยังไม่ได้ปิดบัญชี", "month");
}

bool BoundByPeriods(std::string_view kind) {
  // The exceptions, as a table: prefixes, then whole kinds.
  static constexpr std::string_view kUnboundPrefixes[] = {"close.", "cont.", "sync."};
  static constexpr std::string_view kUnboundKinds[] = {"rev.taxpayer", "rev.property"};
  for (std::string_view prefix : kUnboundPrefixes) {
    if (kind.starts_with(prefix)) return false;
  }
  for (std::string_view unbound : kUnboundKinds) {
    if (kind == unbound) return false;
  }
  return true;
}

std::unique_ptr<ledger::Projection> MakePeriodProjection() {
  return std::make_unique<PeriodProjection>();
}

std::vector<store::Migration> PeriodMigrations() {
  return {{"closing", 1, R"SQL(
CREATE TABLE close_months (
  org_id {INT} NOT NULL, month TEXT NOT NULL, fiscal_year {INT} NOT NULL, closed {INT} NOT NULL,
  act_seq {INT} NOT NULL, by_name TEXT NOT NULL, at_ms {INT} NOT NULL, reopened {INT} NOT NULL,
  debit {INT} NOT NULL, credit {INT} NOT NULL,
  PRIMARY KEY (org_id, month)
) {STRICT};
CREATE TABLE close_acts (
  org_id {INT} NOT NULL, seq {INT} NOT NULL, month TEXT NOT NULL, fiscal_year {INT} NOT NULL,
  act TEXT NOT NULL, by_name TEXT NOT NULL, at_ms {INT} NOT NULL, reason TEXT NOT NULL,
  approval_ref TEXT NOT NULL, reopened TEXT NOT NULL, debit {INT} NOT NULL, credit {INT} NOT NULL,
  PRIMARY KEY (org_id, seq)
) {STRICT};
CREATE INDEX close_acts_year ON close_acts (org_id, fiscal_year);
)SQL"},
          {"closing", 2, R"SQL(
CREATE TABLE close_years (
  org_id {INT} NOT NULL, fiscal_year {INT} NOT NULL, closed {INT} NOT NULL, act_seq {INT} NOT NULL,
  close_seq {INT} NOT NULL, reopened {INT} NOT NULL,
  PRIMARY KEY (org_id, fiscal_year)
) {STRICT};
CREATE TABLE close_preliminary (
  org_id {INT} NOT NULL, fiscal_year {INT} NOT NULL, seq {INT} NOT NULL,
  PRIMARY KEY (org_id, fiscal_year)
) {STRICT};
)SQL"}};
}

}  // namespace klang::closing
