#include "budget/carryover.h"

#include <map>
#include <tuple>

#include "core/csv.h"
#include "core/thai.h"
#include "ledger/projection.h"

namespace klang::budget {
namespace {

using ledger::BodyInt;
using ledger::BodyText;
using ledger::Entry;
using nlohmann::json;
using store::Connection;
using store::Rows;

constexpr int kMonthsMax = 60;
constexpr int kMonthsPerYear = 12;

std::string Baht(int64_t satang) { return Money::FromSatang(satang).Format(); }

// The last day of the month `months` after the month of `day`.
Date MonthEndAfter(Date day, int months) {
  const int index = day.month() - 1 + months + 1;  // the month after the target, 0-based
  const Date first_after = Date::FromCivil(day.year() + index / kMonthsPerYear, index % kMonthsPerYear + 1, 1).value();
  return first_after.AddDays(-1);
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < text.size()) {
    const size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) words.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

// A date stored by the projection (always valid); the default date otherwise.
Date StoredDate(const std::string& iso) {
  auto parsed = Date::ParseIso(iso);
  return parsed.ok() ? *parsed : Date();
}

std::string KindTh(const std::string& kind) {
  return kind == kCarryOverDebt ? "ก่อหนี้ผูกพันแล้ว" : "ยังไม่ได้ก่อหนี้ผูกพัน";
}

// One bud_carryovers row.
struct Stored {
  int64_t id = 0, fiscal_year = 0, line = 0, order = 0;
  std::string kind;
  int64_t amount = 0, committed = 0, used = 0, lapsed = 0, extensions = 0;
  std::string expiry;
  int64_t remaining() const { return amount - used - lapsed; }
};

// What a lapse returns to เงินสะสม: a debt carry-over gives up its contract and all that is left;
// a no-debt one keeps what an order placed against it has committed.
int64_t LapsableOf(const Stored& row) {
  return row.kind == kCarryOverDebt ? row.remaining() : row.remaining() - row.committed;
}
int64_t CommittedAfterLapse(const Stored& row) { return row.kind == kCarryOverDebt ? 0 : row.committed; }

constexpr char kStoredColumns[] =
    "id, fiscal_year, line_id, order_id, kind, amount, committed, used, lapsed, extensions, expiry";

Stored ToStored(const store::Row& row) {
  return {row.Int(0), row.Int(1), row.Int(2), row.Int(3), row.Text(4), row.Int(5),
          row.Int(6), row.Int(7), row.Int(8), row.Int(9), row.Text(10)};
}

Result<Stored> LoadStored(Connection& tx, int64_t org, int64_t id) {
  KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query(std::string("SELECT ") + kStoredColumns +
                                                 " FROM bud_carryovers WHERE org_id = $1 AND id = $2",
                                             {org, id}));
  if (rows.empty()) return Status::Refusal("budget.carryover_not_found", "ไม่พบรายการกันเงินที่ระบุ", "carryover");
  return ToStored(rows[0]);
}

std::string Named(const Stored& row) {
  return "เงินกันเลขที่อ้างอิง " + std::to_string(row.id) + " ของปีงบประมาณ " + std::to_string(row.fiscal_year);
}

Status RecordMove(Connection& tx, const Entry& entry, int64_t carryover, const char* what, int64_t amount) {
  return tx.Execute("INSERT INTO bud_carryover_moves (org_id, seq, carryover_id, what, amount) "
                    "VALUES ($1, $2, $3, $4, $5)",
                    {entry.org, entry.seq, carryover, std::string(what), amount})
      .status();
}

constexpr char kMoveCreate[] = "create", kMoveUse[] = "use", kMoveLapse[] = "lapse", kMoveExtend[] = "extend";

class CarryOverProjection final : public ledger::Projection {
 public:
  CarryOverProjection() = default;
  std::string_view name() const override { return "carryover"; }

  Status Apply(Connection& tx, std::span<const Entry> entries) override {
    for (const Entry& entry : entries) {
      if (entry.kind == kKindCarryOver) KLANG_RETURN_IF_ERROR(ApplyCreate(tx, entry));
      if (entry.kind == kKindCarryOverExtend) KLANG_RETURN_IF_ERROR(ApplyExtend(tx, entry));
      if (entry.kind == kKindCarryOverLapse) KLANG_RETURN_IF_ERROR(ApplyLapse(tx, entry));
      KLANG_RETURN_IF_ERROR(ApplyEffects(tx, entry));
    }
    return Status::Ok();
  }

  Status Clear(Connection& tx, int64_t org) override {
    for (const char* table : {"bud_carryovers", "bud_carryover_moves"}) {
      KLANG_RETURN_IF_ERROR(tx.Execute(std::string("DELETE FROM ") + table + " WHERE org_id = $1", {org}).status());
    }
    return Status::Ok();
  }

  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override;

 private:
  Status ApplyCreate(Connection& tx, const Entry& entry);
  Status ApplyExtend(Connection& tx, const Entry& entry);
  Status ApplyLapse(Connection& tx, const Entry& entry);
  Status ApplyEffects(Connection& tx, const Entry& entry);
};

Status CarryOverProjection::ApplyCreate(Connection& tx, const Entry& entry) {
  const json& body = entry.body;
  const std::string kind = BodyText(body, "kind");
  const int64_t line = BodyInt(body, "line"), order = BodyInt(body, "order"), amount = BodyInt(body, "amount");
  KLANG_ASSIGN_OR_RETURN(Rows lines, tx.Query("SELECT investment, fiscal_year FROM bud_lines WHERE org_id = $1 AND id = $2",
                                              {entry.org, line}));
  if (lines.empty()) return Status::Refusal("budget.line_not_found", "ไม่พบรายการงบประมาณที่ระบุ", "line");
  if (lines[0].Int(1) != entry.fiscal_year) {
    return Status::Refusal("budget.other_year", "กันเงินได้เฉพาะรายการงบประมาณของปีงบประมาณ " +
                                                    std::to_string(entry.fiscal_year), "line");
  }
  if (kind == kCarryOverNoDebt && lines[0].Int(0) == 0) {
    return Status::Refusal("budget.carryover_not_investment",
                           "กรณียังไม่ได้ก่อหนี้ผูกพัน กันเงินได้เฉพาะรายการในงบลงทุนเท่านั้น", "line");
  }
  if (kind == kCarryOverDebt) {
    KLANG_ASSIGN_OR_RETURN(Rows same, tx.Query("SELECT id FROM bud_carryovers WHERE org_id = $1 AND order_id = $2",
                                               {entry.org, order}));
    if (!same.empty()) {
      return Status::Refusal("budget.carryover_duplicate", "ใบสั่งซื้อ/สัญญานี้กันเงินไว้แล้ว (เลขที่อ้างอิง " +
                                                               std::to_string(same[0].Int(0)) + ")", "order");
    }
  }
  KLANG_RETURN_IF_ERROR(
      tx.Execute("INSERT INTO bud_carryovers (org_id, id, fiscal_year, line_id, order_id, kind, amount, committed, "
                 "used, lapsed, extensions, expiry) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 0, 0, 0, $9)",
                 {entry.org, entry.seq, int64_t{entry.fiscal_year}, line, order, kind, amount,
                  kind == kCarryOverDebt ? amount : int64_t{0}, BodyText(body, "expiry")})
          .status());
  return RecordMove(tx, entry, entry.seq, kMoveCreate, amount);
}

Status CarryOverProjection::ApplyExtend(Connection& tx, const Entry& entry) {
  KLANG_ASSIGN_OR_RETURN(Stored row, LoadStored(tx, entry.org, BodyInt(entry.body, "carryover")));
  if (row.remaining() == 0) {
    return Status::Refusal("budget.carryover_closed", Named(row) + " เบิกจ่ายครบหรือพับไปแล้ว ขยายเวลาไม่ได้", "carryover");
  }
  const std::string expiry = BodyText(entry.body, "expiry");
  if (expiry <= row.expiry) {
    return Status::Refusal("budget.carryover_expiry", "วันสิ้นสุดใหม่ต้องหลังวันสิ้นสุดเดิม (" + row.expiry + ")", "expiry");
  }
  // The service wrote which extension this is and who had to approve it (by the rules in force
  // then), so a rebuild never depends on a later edition of the rules file.
  if (BodyInt(entry.body, "extension_no") != row.extensions + 1) {
    return Status::Refusal("budget.carryover_stale", Named(row) + " ขยายเวลาไปแล้วในระหว่างนี้ กรุณาตรวจสอบแล้วบันทึกใหม่",
                           "carryover");
  }
  const std::string required = BodyText(entry.body, "required_authority");
  if (BodyText(entry.body, "authority") != required) {
    return Status::Refusal("budget.carryover_authority", "การขยายเวลาเบิกจ่ายครั้งที่ " + std::to_string(row.extensions + 1) +
                                                             " ต้องได้รับอนุมัติจาก" + AuthorityTh(required), "authority");
  }
  KLANG_RETURN_IF_ERROR(
      tx.Execute("UPDATE bud_carryovers SET expiry = $1, extensions = extensions + 1 WHERE org_id = $2 AND id = $3",
                 {expiry, entry.org, row.id})
          .status());
  return RecordMove(tx, entry, row.id, kMoveExtend, 0);
}

Status CarryOverProjection::ApplyLapse(Connection& tx, const Entry& entry) {
  KLANG_ASSIGN_OR_RETURN(Stored row, LoadStored(tx, entry.org, BodyInt(entry.body, "carryover")));
  const int64_t amount = BodyInt(entry.body, "amount");
  const int64_t lapsable = LapsableOf(row);
  if (lapsable == 0 || amount != lapsable) {
    return Status::Refusal("budget.carryover_closed", Named(row) + " พับได้ " + Baht(lapsable) +
                                                          " บาท ไม่ตรงกับยอดที่จะพับ " + Baht(amount) + " บาท", "carryover");
  }
  KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE bud_carryovers SET lapsed = lapsed + $1, committed = $2 WHERE org_id = $3 AND id = $4",
                                   {amount, CommittedAfterLapse(row), entry.org, row.id})
                            .status());
  return RecordMove(tx, entry, row.id, kMoveLapse, amount);
}

Status CarryOverProjection::ApplyEffects(Connection& tx, const Entry& entry) {
  for (const auto& effect : CarryOverEffectsOf(entry.body)) {
    KLANG_ASSIGN_OR_RETURN(Stored row, LoadStored(tx, entry.org, effect.carryover));
    if (entry.document_date.ToIso() > row.expiry) {
      return Status::Refusal("budget.carryover_expired", Named(row) + " หมดเวลาเบิกจ่ายเมื่อวันที่ " +
                                                             FormatThaiDateLong(StoredDate(row.expiry)) +
                                                             " ต้องขยายเวลาเบิกจ่ายก่อน หรือให้พับไป", "carryover");
    }
    const int64_t commit = effect.commit.satang(), use = effect.use.satang();
    const int64_t committed = row.committed + commit, available = row.remaining() - committed - use;
    if (committed < 0 || available < 0) {
      return Status::Refusal("budget.carryover_exceeds", Named(row) + " คงเหลือ " + Baht(row.remaining()) +
                                                             " บาท ไม่พอสำหรับ " + Baht(use + std::max<int64_t>(commit, 0)) + " บาท",
                             "carryover");
    }
    KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE bud_carryovers SET committed = $1, used = used + $2 WHERE org_id = $3 AND id = $4",
                                     {committed, use, entry.org, row.id})
                              .status());
    KLANG_ASSERT_MSG(row.used + use + row.lapsed <= row.amount, "a carry-over was used beyond its amount");
    if (use != 0) KLANG_RETURN_IF_ERROR(RecordMove(tx, entry, row.id, kMoveUse, use));
  }
  return Status::Ok();
}

// ---- verify: fold the log, compare the stored carry-overs ----

class CarryOverCheck final : public ledger::ProjectionCheck {
 public:
  explicit CarryOverCheck(int64_t org) : org_(org) {}

  void Fold(const Entry& entry) override {
    const json& body = entry.body;
    if (entry.kind == kKindCarryOver) {
      const bool debt = BodyText(body, "kind") == kCarryOverDebt;
      const int64_t amount = BodyInt(body, "amount");
      rows_[entry.seq] = {{entry.seq, entry.fiscal_year, BodyInt(body, "line"), BodyInt(body, "order"),
                           BodyText(body, "kind"), amount, debt ? amount : 0, 0, 0, 0, BodyText(body, "expiry")},
                          entry.seq};
      moves_[{entry.seq, entry.seq, kMoveCreate}] += amount;
    } else if (entry.kind == kKindCarryOverExtend) {
      auto& [row, seq] = rows_[BodyInt(body, "carryover")];
      row.expiry = BodyText(body, "expiry");
      ++row.extensions;
      seq = entry.seq;
      moves_[{entry.seq, BodyInt(body, "carryover"), kMoveExtend}] += 0;
    } else if (entry.kind == kKindCarryOverLapse) {
      auto& [row, seq] = rows_[BodyInt(body, "carryover")];
      row.committed = CommittedAfterLapse(row);
      row.lapsed += BodyInt(body, "amount");
      seq = entry.seq;
      moves_[{entry.seq, BodyInt(body, "carryover"), kMoveLapse}] += BodyInt(body, "amount");
    }
    for (const auto& effect : CarryOverEffectsOf(body)) {
      auto& [row, seq] = rows_[effect.carryover];
      row.committed += effect.commit.satang();
      row.used += effect.use.satang();
      seq = entry.seq;
      if (!effect.use.is_zero()) moves_[{entry.seq, effect.carryover, kMoveUse}] += effect.use.satang();
    }
  }

  Result<std::optional<ledger::Disagreement>> Compare(Connection& connection) override {
    std::optional<ledger::Disagreement> first;
    auto note = [&](int64_t seq, std::string what) {
      if (!first || seq < first->seq) first = ledger::Disagreement{seq, std::move(what)};
    };
    KLANG_ASSIGN_OR_RETURN(Rows rows, connection.Query(std::string("SELECT ") + kStoredColumns +
                                                           " FROM bud_carryovers WHERE org_id = $1",
                                                       {org_}));
    if (rows.size() != rows_.size()) note(0, "carry-over rows differ from the log");
    for (const auto& stored_row : rows) {
      const Stored stored = ToStored(stored_row);
      auto found = rows_.find(stored.id);
      if (found == rows_.end()) {
        note(0, "carry-over " + std::to_string(stored.id) + " has no entry behind it");
        continue;
      }
      const Stored& folded = found->second.first;
      if (folded.amount != stored.amount || folded.committed != stored.committed || folded.used != stored.used ||
          folded.lapsed != stored.lapsed || folded.expiry != stored.expiry || folded.extensions != stored.extensions ||
          folded.line != stored.line || folded.order != stored.order || folded.kind != stored.kind ||
          folded.fiscal_year != stored.fiscal_year) {
        note(found->second.second, "carry-over " + std::to_string(stored.id) + " differs from the log");
      }
    }
    // The movements the notes, the reconciliation and the assets delivered are read from.
    KLANG_ASSIGN_OR_RETURN(rows, connection.Query("SELECT seq, carryover_id, what, amount FROM bud_carryover_moves "
                                                  "WHERE org_id = $1",
                                                  {org_}));
    if (rows.size() != moves_.size()) note(0, "carry-over movements differ from the log");
    for (const auto& row : rows) {
      auto found = moves_.find({row.Int(0), row.Int(1), row.Text(2)});
      if (found == moves_.end() || found->second != row.Int(3)) {
        note(row.Int(0), "carry-over movement at seq " + std::to_string(row.Int(0)) + " differs from the log");
      }
    }
    return first;
  }

 private:
  int64_t org_;
  std::map<int64_t, std::pair<Stored, int64_t>> rows_;  // id → (row, last seq that moved it)
  std::map<std::tuple<int64_t, int64_t, std::string>, int64_t> moves_;  // (seq, carry-over, what) → amount
};

std::unique_ptr<ledger::ProjectionCheck> CarryOverProjection::BeginCheck(int64_t org) const {
  return std::make_unique<CarryOverCheck>(org);
}

}  // namespace

// ---- rules ----

Result<CarryOverRuleTable> CarryOverRuleTable::FromCsv(std::string_view text) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(text,
                                     "valid_from_fy,valid_to_fy,debt_months,no_debt_months,extension_months,"
                                     "extension_authorities,evidence,legal_reference",
                                     "budget.carryover_rules", "แฟ้มหลักเกณฑ์การกันเงิน"));
  CarryOverRuleTable table;
  for (const CsvRow& row : rows) {
    const auto& f = row.fields;
    auto bad = [&](const std::string& what) {
      return Status::Internal("budget.carryover_rules", "carryover_rules.csv line " + std::to_string(row.line) + ": " + what);
    };
    auto number = [&](size_t i, int low, int high) -> Result<int> {
      if (f[i].empty() || f[i].size() > 4 || f[i].find_first_not_of("0123456789") != std::string::npos ||
          std::stoi(f[i]) < low || std::stoi(f[i]) > high) {
        return bad("field " + std::to_string(i + 1) + " out of range");
      }
      return std::stoi(f[i]);
    };
    CarryOverRules rules;
    KLANG_ASSIGN_OR_RETURN(rules.valid_from_fy, number(0, 2400, 2999));
    KLANG_ASSIGN_OR_RETURN(rules.valid_to_fy, number(1, rules.valid_from_fy, 2999));
    KLANG_ASSIGN_OR_RETURN(rules.debt_months, number(2, 1, kMonthsMax));
    KLANG_ASSIGN_OR_RETURN(rules.no_debt_months, number(3, 1, kMonthsMax));
    KLANG_ASSIGN_OR_RETURN(rules.extension_months, number(4, 1, kMonthsMax));
    for (const auto& code : Words(f[5])) {
      if (code != kExecutive && code != kGovernor && code != kCouncil) return bad("unknown authority " + code);
      rules.extension_authorities.push_back(code);
    }
    if (rules.extension_authorities.empty()) return bad("extension_authorities is required");
    rules.evidence = f[6];
    rules.legal_reference = f[7];
    if (rules.legal_reference.empty()) return bad("legal_reference is required");
    table.rows_.push_back(std::move(rules));
  }
  return table;
}

Result<CarryOverRules> CarryOverRuleTable::For(int fiscal_year) const {
  for (const auto& rules : rows_) {
    if (fiscal_year >= rules.valid_from_fy && fiscal_year <= rules.valid_to_fy) return rules;
  }
  return Status::Refusal("budget.no_carryover_rules",
                         "ไม่มีหลักเกณฑ์การกันเงินของปีงบประมาณ " + std::to_string(fiscal_year), "fiscal_year");
}

std::string AuthorityTh(const std::string& code) {
  if (code == kExecutive) return "ผู้บริหารท้องถิ่น";
  if (code == kCouncil) return "สภาท้องถิ่น";
  if (code == kGovernor) return "ผู้ว่าราชการจังหวัด";
  return code;
}

void PutCarryOverEffects(json& body, const std::vector<CarryOverEffect>& effects) {
  json list = json::array();
  for (const auto& effect : effects) {
    list.push_back({{"carryover", effect.carryover}, {"commit", effect.commit.satang()}, {"use", effect.use.satang()}});
  }
  body["carryover_effects"] = std::move(list);
}

std::vector<CarryOverEffect> CarryOverEffectsOf(const json& body) {
  std::vector<CarryOverEffect> effects;
  auto found = body.find("carryover_effects");
  if (found == body.end() || !found->is_array()) return effects;
  for (const auto& effect : *found) {
    effects.push_back({BodyInt(effect, "carryover"), Money::FromSatang(BodyInt(effect, "commit")),
                       Money::FromSatang(BodyInt(effect, "use"))});
  }
  return effects;
}

// ---- the service ----

namespace {

Status DateBeforeCarryOver(accounting::DocumentKit& kit, const CarryOver& carryover) {
  return kit.Refuse("date_order", "วันที่ต้องไม่ก่อนวันที่กันเงิน (" + FormatThaiDateLong(carryover.date) + ")", "date");
}

}  // namespace

struct CarryOverService::Impl {
  accounting::DocumentKit kit;
  BudgetService& budget;
  CarryOverRuleTable rules;
  std::unique_ptr<ledger::Projection> projection;

  Result<CarryOver> Load(int64_t org, int64_t id);
  Status CheckApproval(const std::string& approver, const std::string& reference);
};

CarryOverService::CarryOverService(ledger::Ledger& ledger, org::OrgDirectory& orgs, BudgetService& budget,
                                   CarryOverRuleTable rules, const Clock& clock, Random& random)
    : impl_(new Impl{accounting::DocumentKit("budget", ledger, orgs, clock, random), budget, std::move(rules), nullptr}) {
  impl_->projection = std::make_unique<CarryOverProjection>();
}

CarryOverService::~CarryOverService() = default;

ledger::Projection* CarryOverService::projection() { return impl_->projection.get(); }

std::vector<store::Migration> CarryOverService::Migrations() {
  return {{"carryover", 1, R"SQL(
CREATE TABLE bud_carryovers (
  org_id {INT} NOT NULL, id {INT} NOT NULL, fiscal_year {INT} NOT NULL, line_id {INT} NOT NULL,
  order_id {INT} NOT NULL, kind TEXT NOT NULL, amount {INT} NOT NULL, committed {INT} NOT NULL,
  used {INT} NOT NULL, lapsed {INT} NOT NULL, extensions {INT} NOT NULL, expiry TEXT NOT NULL,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE INDEX bud_carryovers_year ON bud_carryovers (org_id, fiscal_year);
CREATE INDEX bud_carryovers_order ON bud_carryovers (org_id, order_id);
CREATE TABLE bud_carryover_moves (
  org_id {INT} NOT NULL, seq {INT} NOT NULL, carryover_id {INT} NOT NULL, what TEXT NOT NULL,
  amount {INT} NOT NULL,
  PRIMARY KEY (org_id, seq, carryover_id, what)
) {STRICT};
)SQL"}};
}

Status CarryOverService::Impl::CheckApproval(const std::string& approver, const std::string& reference) {
  if (approver.empty()) return kit.Refuse("approval_required", "กรุณาระบุผู้อนุมัติ", "approver");
  if (reference.empty()) return kit.Refuse("approval_required", "กรุณาระบุเลขที่หนังสือหรือมติที่อนุมัติ", "approval_ref");
  KLANG_RETURN_IF_ERROR(kit.OptionalText(approver, "approver", "ผู้อนุมัติ"));
  return kit.OptionalText(reference, "approval_ref", "เลขที่หนังสืออนุมัติ");
}

Result<CarryOver> CarryOverService::Create(const CarryOverInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  const Date end = FiscalYearEnd(input.fiscal_year);
  if (m.kit.Today() < end) {
    return m.kit.Refuse("carryover_too_early", "บันทึกการกันเงินของปีงบประมาณ " + std::to_string(input.fiscal_year) +
                                                   " ได้ตั้งแต่วันที่ " + FormatThaiDateLong(end), "fiscal_year");
  }
  if (input.kind != kCarryOverDebt && input.kind != kCarryOverNoDebt) {
    return m.kit.Refuse("carryover_kind", "กรุณาเลือกกรณีการกันเงิน (ก่อหนี้ผูกพันแล้ว หรือยังไม่ได้ก่อหนี้ผูกพัน)", "kind");
  }
  const bool debt = input.kind == kCarryOverDebt;
  if (debt && input.order == 0) return m.kit.Refuse("order_required", "กรุณาเลือกใบสั่งซื้อ/สัญญา", "order");
  KLANG_ASSIGN_OR_RETURN(BudgetLine line, m.budget.Line(input.org, input.line));
  if (line.fiscal_year != input.fiscal_year) {
    return m.kit.Refuse("other_year", "รายการนี้เป็นงบประมาณปี " + std::to_string(line.fiscal_year), "line");
  }
  if (!debt && !line.category.investment) {
    return m.kit.Refuse("carryover_not_investment", "กรณียังไม่ได้ก่อหนี้ผูกพัน กันเงินได้เฉพาะรายการในงบลงทุนเท่านั้น", "line");
  }
  KLANG_ASSIGN_OR_RETURN(Money amount, m.kit.PositiveAmount(input.amount, "amount"));
  const Money room = debt ? line.committed : line.available();
  if (amount > room) {
    return m.kit.Refuse("carryover_exceeds", "กันเงินได้ไม่เกิน" + std::string(debt ? "ยอดก่อหนี้ผูกพันคงเหลือ " : "ยอดงบประมาณคงเหลือ ") +
                                                 room.Format() + " บาท ของรายการ " + line.Label(), "amount");
  }
  KLANG_ASSIGN_OR_RETURN(CarryOverRules rules, m.rules.For(input.fiscal_year));
  const Date latest = MonthEndAfter(end, debt ? rules.debt_months : rules.no_debt_months);
  Date expiry = latest;
  if (!input.expiry.empty()) {
    KLANG_ASSIGN_OR_RETURN(expiry, m.kit.AnyDate(input.expiry, "expiry", "วันสิ้นสุดการเบิกจ่าย"));
    if (!(end < expiry) || latest < expiry) {
      return m.kit.Refuse("carryover_expiry", "วันสิ้นสุดการเบิกจ่ายต้องอยู่หลังวันสิ้นปีงบประมาณ และไม่เกินวันที่ " +
                                                  FormatThaiDateLong(latest), "expiry");
    }
  }
  KLANG_RETURN_IF_ERROR(m.CheckApproval(input.approver, input.approval_ref));
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.contract, "contract", "ใบสั่งซื้อ/สัญญา"));
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.reason, "reason", "เหตุผล"));
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindCarryOver, end, actor);
  draft.number_series = {kCarryOverSeries};
  const std::string account = line.category.investment ? kCarriedInvestmentAccount : line.category.account;
  draft.lines = {{account, amount, Money()}, {kAccruedExpenditureAccount, Money(), amount}};
  draft.body = {{"kind", input.kind}, {"line", input.line}, {"order", input.order}, {"contract", input.contract},
                {"amount", amount.satang()}, {"expiry", expiry.ToIso()}, {"approver", input.approver},
                {"approval_ref", input.approval_ref}, {"reason", input.reason}, {"by_name", actor.name},
                {"description", "กันเงิน " + line.Label()}};
  PutEffects(draft.body, {{input.line, debt ? -amount : Money(), amount}});
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return m.Load(entry.org, entry.seq);
}

Result<CarryOver> CarryOverService::Extend(int64_t org, int64_t id, const ExtensionInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(CarryOver carryover, Get(org, id));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_ASSIGN_OR_RETURN(Date expiry, m.kit.AnyDate(input.expiry, "expiry", "วันสิ้นสุดการเบิกจ่ายใหม่"));
  KLANG_ASSIGN_OR_RETURN(CarryOverRules rules, m.rules.For(carryover.fiscal_year));
  const Date latest = MonthEndAfter(carryover.expiry, rules.extension_months);
  if (!(carryover.expiry < expiry) || latest < expiry) {
    return m.kit.Refuse("carryover_expiry", "วันสิ้นสุดใหม่ต้องหลังวันที่ " + FormatThaiDateLong(carryover.expiry) +
                                                " และไม่เกินวันที่ " + FormatThaiDateLong(latest), "expiry");
  }
  if (date < carryover.date) return DateBeforeCarryOver(m.kit, carryover);
  KLANG_RETURN_IF_ERROR(m.CheckApproval(input.approver, input.approval_ref));
  const auto& authorities = rules.extension_authorities;
  const size_t extension_no = carryover.extensions.size() + 1;
  const std::string& required = authorities[std::min(extension_no, authorities.size()) - 1];
  if (input.authority != required) {
    return m.kit.Refuse("carryover_authority", "การขยายเวลาเบิกจ่ายครั้งที่ " + std::to_string(extension_no) +
                                                   " ต้องได้รับอนุมัติจาก" + AuthorityTh(required), "authority");
  }
  ledger::EntryDraft draft = m.kit.Draft(org, input.entry_id, kKindCarryOverExtend, date, actor);
  draft.body = {{"carryover", id}, {"expiry", expiry.ToIso()}, {"authority", input.authority},
                {"extension_no", static_cast<int64_t>(extension_no)}, {"required_authority", required},
                {"approver", input.approver}, {"approval_ref", input.approval_ref}, {"by_name", actor.name},
                {"description", "ขยายเวลาเบิกจ่าย " + carryover.number_text}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return Get(org, id);
}

Result<CarryOver> CarryOverService::Lapse(int64_t org, int64_t id, const LapseInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(CarryOver carryover, Get(org, id));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  if (input.reason.empty()) return m.kit.Refuse("reason_required", "กรุณาระบุเหตุที่เงินกันพับไป", "reason");
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.reason, "reason", "เหตุผล"));
  if (date < carryover.date) return DateBeforeCarryOver(m.kit, carryover);
  const Money left = carryover.lapsable();
  if (!left.is_positive()) {
    return m.kit.Refuse("carryover_closed", carryover.number_text + " ไม่มียอดที่พับได้ (เบิกจ่ายครบ พับไปแล้ว หรือผูกพันตามใบสั่งซื้อ/สัญญา)",
                        "carryover");
  }
  ledger::EntryDraft draft = m.kit.Draft(org, input.entry_id, kKindCarryOverLapse, date, actor);
  draft.lines = {{kAccruedExpenditureAccount, left, Money()}, {kAccumulatedFundsAccount, Money(), left}};
  draft.body = {{"carryover", id}, {"amount", left.satang()}, {"reason", input.reason}, {"by_name", actor.name},
                {"description", "เงินกัน " + carryover.number_text + " พับไปเป็นเงินสะสม"}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return Get(org, id);
}

Result<CarryOver> CarryOverService::Get(int64_t org, int64_t id) { return impl_->Load(org, id); }

Result<CarryOver> CarryOverService::Impl::Load(int64_t org, int64_t id) {
  KLANG_ASSIGN_OR_RETURN(Rows rows, kit.Query(std::string("SELECT ") + kStoredColumns +
                                                  " FROM bud_carryovers WHERE org_id = $1 AND id = $2",
                                              {org, id}));
  if (rows.empty()) return Status::NotFound("budget.carryover_not_found", "ไม่พบรายการกันเงินที่ระบุ");
  const Stored stored = ToStored(rows[0]);
  KLANG_ASSIGN_OR_RETURN(Entry entry, kit.EntryOfKind(org, id, {kKindCarryOver}, "ไม่พบรายการกันเงินที่ระบุ"));
  CarryOver out;
  out.id = id;
  auto number = entry.numbers.find(kCarryOverSeries);
  out.number = number == entry.numbers.end() ? 0 : number->second;
  out.number_text = ledger::DocumentNumberText(entry, "กันเงิน " + std::to_string(out.number) + "/" +
                                                          std::to_string(entry.fiscal_year));
  out.fiscal_year = static_cast<int>(stored.fiscal_year);
  out.kind = stored.kind;
  out.kind_th = KindTh(stored.kind);
  out.date = entry.document_date;
  out.line = stored.line;
  if (auto line = budget.Line(org, stored.line); line.ok()) {
    out.line_label = line->Label();
    out.work_code = line->work.code;
    out.work_th = line->work.plan_name_th + " / " + line->work.name_th;
    out.item_th = line->category.name_th + " / " + line->item;
    out.investment = line->category.investment;
  }
  out.order = stored.order;
  out.contract = BodyText(entry.body, "contract");
  out.approver = BodyText(entry.body, "approver");
  out.approval_ref = BodyText(entry.body, "approval_ref");
  out.reason = BodyText(entry.body, "reason");
  out.by_name = BodyText(entry.body, "by_name");
  out.amount = Money::FromSatang(stored.amount);
  out.committed = Money::FromSatang(stored.committed);
  out.used = Money::FromSatang(stored.used);
  out.lapsed = Money::FromSatang(stored.lapsed);
  out.expiry = StoredDate(stored.expiry);
  KLANG_ASSIGN_OR_RETURN(
      Rows extensions,
      kit.Query("SELECT seq FROM bud_carryover_moves WHERE org_id = $1 AND carryover_id = $2 AND what = $3 ORDER BY seq",
                {org, id, std::string(kMoveExtend)}));
  for (const auto& row : extensions) {
    KLANG_ASSIGN_OR_RETURN(Entry extension, kit.ledger().Get(org, row.Int(0)));
    const std::string authority = BodyText(extension.body, "authority");
    out.extensions.push_back({extension.document_date, StoredDate(BodyText(extension.body, "expiry")),
                              authority, AuthorityTh(authority), BodyText(extension.body, "approver"),
                              BodyText(extension.body, "approval_ref")});
  }
  if (out.lapsed.is_positive() && out.remaining().is_positive()) {
    out.state_th = "พับไปบางส่วน คงเหลือตามใบสั่งซื้อ/สัญญา";
  } else if (out.lapsed.is_positive()) {
    out.state_th = "พับไปแล้ว";
  } else if (out.remaining().is_zero()) {
    out.state_th = "เบิกจ่ายครบแล้ว";
  } else if (out.expiry < kit.Today()) {
    out.state_th = "หมดเวลาเบิกจ่าย รอขยายเวลาหรือพับไป";
  } else {
    out.state_th = "คงเหลือรอเบิกจ่าย";
  }
  return out;
}

Result<std::vector<CarryOver>> CarryOverService::OfYear(int64_t org, int fiscal_year) {
  return impl_->kit.ListOfYear<CarryOver>("bud_carryovers", org, fiscal_year,
                                          [this](int64_t o, int64_t id) { return Get(o, id); });
}

Result<std::optional<CarryOver>> CarryOverService::OfOrder(int64_t org, int64_t order) {
  KLANG_ASSIGN_OR_RETURN(Rows rows, impl_->kit.Query("SELECT id FROM bud_carryovers WHERE org_id = $1 AND order_id = $2 "
                                                     "AND kind = $3",
                                                     {org, order, std::string(kCarryOverDebt)}));
  if (rows.empty()) return std::optional<CarryOver>();
  KLANG_ASSIGN_OR_RETURN(CarryOver found, Get(org, rows[0].Int(0)));
  return std::optional<CarryOver>(std::move(found));
}

Result<CarryOver> CarryOverService::ForPurchase(int64_t org, int64_t line, Money amount, Date date) {
  KLANG_ASSIGN_OR_RETURN(Rows rows, impl_->kit.Query("SELECT id FROM bud_carryovers WHERE org_id = $1 AND line_id = $2 "
                                                     "AND kind = $3 ORDER BY id",
                                                     {org, line, std::string(kCarryOverNoDebt)}));
  // The first carry-over with enough free and not expired; otherwise say why none will do.
  std::optional<CarryOver> expired, too_small;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(CarryOver carryover, Get(org, row.Int(0)));
    const Money free = carryover.free();
    if (!free.is_positive()) continue;
    if (carryover.expiry < date) {
      expired = carryover;
    } else if (free < amount) {
      if (!too_small || too_small->free() < free) too_small = carryover;
    } else {
      return carryover;
    }
  }
  if (too_small) {
    const Money free = too_small->free();
    return impl_->kit.Refuse("carryover_exceeds", too_small->number_text + " คงเหลือให้ก่อหนี้ได้ " + free.Format() +
                                                      " บาท ไม่พอสำหรับ " + amount.Format() + " บาท", "amount");
  }
  if (expired) {
    return impl_->kit.Refuse("carryover_expired", expired->number_text + " หมดเวลาเบิกจ่ายเมื่อวันที่ " +
                                                      FormatThaiDateLong(expired->expiry) +
                                                      " ต้องขยายเวลาเบิกจ่ายก่อน หรือให้พับไป", "line");
  }
  return impl_->kit.Refuse("other_year", "รายการนี้เป็นงบประมาณของปีก่อนและไม่มีเงินกันคงเหลือ ใช้ได้เฉพาะรายการของปีงบประมาณนี้",
                           "line");
}

Result<std::vector<std::pair<CarryOver, Money>>> CarryOverService::OutstandingOn(int64_t org, Date day) {
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, impl_->kit.Query("SELECT m.carryover_id, CAST(SUM(CASE WHEN m.what = $3 THEN m.amount ELSE -m.amount END) "
                                  "AS BIGINT) FROM bud_carryover_moves m JOIN ledger_entries e "
                                  "ON e.org_id = m.org_id AND e.seq = m.seq WHERE m.org_id = $1 "
                                  "AND e.posting_date <= $2 GROUP BY m.carryover_id ORDER BY m.carryover_id",
                                  {org, day.ToIso(), std::string(kMoveCreate)}));
  std::vector<std::pair<CarryOver, Money>> outstanding;
  for (const auto& row : rows) {
    if (row.Int(1) == 0) continue;
    KLANG_ASSIGN_OR_RETURN(CarryOver carryover, Get(org, row.Int(0)));
    outstanding.emplace_back(std::move(carryover), Money::FromSatang(row.Int(1)));
  }
  return outstanding;
}

Result<std::vector<CarryOverDay>> CarryOverService::AccruedMovements(int64_t org, Date from, Date to) {
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, impl_->kit.Query("SELECT e.posting_date, CAST(SUM(CASE WHEN m.what = $4 THEN -m.amount ELSE m.amount END) "
                                  "AS BIGINT) FROM bud_carryover_moves m JOIN ledger_entries e "
                                  "ON e.org_id = m.org_id AND e.seq = m.seq WHERE m.org_id = $1 "
                                  "AND e.posting_date >= $2 AND e.posting_date <= $3 AND m.amount <> 0 "
                                  "GROUP BY e.posting_date ORDER BY e.posting_date",
                                  {org, from.ToIso(), to.ToIso(), std::string(kMoveCreate)}));
  std::vector<CarryOverDay> days;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Date day, Date::ParseIso(row.Text(0)));
    days.push_back({kAccruedExpenditureAccount, day, Money::FromSatang(row.Int(1))});
  }
  return days;
}

Result<std::vector<ledger::DayTotals>> CarryOverService::AssetLines(int64_t org, Date from, Date to) {
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, impl_->kit.Query("SELECT l.category, e.posting_date, CAST(SUM(m.amount) AS BIGINT) "
                                  "FROM bud_carryover_moves m JOIN ledger_entries e ON e.org_id = m.org_id AND e.seq = m.seq "
                                  "JOIN bud_carryovers c ON c.org_id = m.org_id AND c.id = m.carryover_id "
                                  "JOIN bud_lines l ON l.org_id = c.org_id AND l.id = c.line_id "
                                  "WHERE m.org_id = $1 AND m.what = $2 AND l.investment = 1 "
                                  "AND e.posting_date >= $3 AND e.posting_date <= $4 "
                                  "GROUP BY l.category, e.posting_date ORDER BY l.category, e.posting_date",
                                  {org, std::string(kMoveUse), from.ToIso(), to.ToIso()}));
  std::vector<ledger::DayTotals> lines;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Category category, impl_->budget.catalog().FindCategory(row.Text(0)));
    KLANG_ASSIGN_OR_RETURN(Date day, Date::ParseIso(row.Text(1)));
    const Money amount = Money::FromSatang(row.Int(2));
    lines.push_back({category.account, day, amount, Money()});
    lines.push_back({kAssetFundsAccount, day, Money(), amount});
  }
  return lines;
}

}  // namespace klang::budget
