#include "expenditure/disbursement.h"

#include <map>
#include <set>

#include "core/csv.h"
#include "expenditure/kinds.h"

namespace klang::expenditure {
namespace {

using ledger::BodyFlag;
using ledger::BodyInt;
using ledger::BodyText;

using ledger::Entry;
using nlohmann::json;
using store::Connection;
using store::Rows;

constexpr size_t kDeductionsMax = 20;
constexpr size_t kAttachmentsMax = 50;

std::string KindTh(const std::string& kind) {
  if (kind == kClaimDebt) return "ฎีกาจ่ายเจ้าหนี้ตามใบผ่านรายการตั้งหนี้";
  if (kind == kClaimBudget) return "ฎีกาเบิกจ่ายตามงบประมาณ";
  if (kind == kClaimPayroll) return "ฎีกาเงินเดือนและค่าจ้าง";
  if (kind == kClaimDeposit) return "ฎีกาเงินรับฝาก";
  if (kind == kClaimAdvance) return "ฎีกาเงินยืม";
  return kind;
}

std::string MeansTh(const std::string& means) {
  if (means == kMeansCheque) return "เช็ค";
  if (means == kMeansWithdrawal) return "ใบถอนเงิน";
  if (means == kMeansTransfer) return "โอนเงินเข้าบัญชี";
  return means;
}

// The step an entry kind performs on a ฎีกา, and the state it requires.
struct StepKind {
  const char* kind;
  const char* step;
  const char* from;
  const char* to;
};
constexpr StepKind kSteps[] = {
    {kKindClaimLodge, "lodge", kPrepared, kLodged},
    {kKindClaimCheck, "check", kLodged, kChecked},
    {kKindClaimCertify, "certify", kChecked, kCertified},
    {kKindClaimApprove, "approve", kCertified, kClaimApproved},
    {kKindPayment, "pay", kClaimApproved, kPaid},
};
const char* kStepColumns[] = {"prepare", "lodge", "check", "certify", "approve", "pay"};

// Who did a step of a ฎีกา and when, for the cover sheet and the register.
Status RecordStep(Connection& tx, const Entry& entry, int64_t claim, const std::string& step, int64_t user) {
  return tx.Execute("INSERT INTO exp_claim_steps (org_id, seq, claim_id, step, user_id, user_name, day) "
                    "VALUES ($1, $2, $3, $4, $5, $6, $7)",
                    {entry.org, entry.seq, claim, step, user, entry.body.value("by_name", std::string()),
                     entry.document_date.ToIso()})
      .status();
}

class DisbursementProjection final : public ledger::Projection {
 public:
  explicit DisbursementProjection(std::vector<DutyRule> rules) : rules_(std::move(rules)) {}
  std::string_view name() const override { return "disbursement"; }

  Status Apply(Connection& tx, std::span<const Entry> entries) override {
    for (const Entry& entry : entries) KLANG_RETURN_IF_ERROR(ApplyOne(tx, entry));
    return Status::Ok();
  }
  Status Clear(Connection& tx, int64_t org) override {
    for (const char* table : {"exp_claims", "exp_claim_steps", "exp_payments", "exp_advances", "exp_batches"}) {
      KLANG_RETURN_IF_ERROR(
          tx.Execute(std::string("DELETE FROM ") + table + " WHERE org_id = $1", {org}).status());
    }
    return Status::Ok();
  }
  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override;

 private:
  Status ApplyOne(Connection& tx, const Entry& entry);
  Status ApplyStep(Connection& tx, const Entry& entry, int64_t claim, const StepKind& step,
                   int64_t user, int64_t batch);
  std::vector<DutyRule> rules_;
};

Status DisbursementProjection::ApplyOne(Connection& tx, const Entry& entry) {
  const json& body = entry.body;
  const int64_t org = entry.org;
  const int64_t user = accounting::UserOfAuthor(entry.author);
  if (entry.kind == kKindClaim) {
    const int64_t debt = BodyInt(body, "debt");
    if (debt != 0) {
      KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT id FROM exp_claims WHERE org_id = $1 AND debt_id = $2",
                                                 {org, debt}));
      if (!rows.empty()) return Status::Refusal("expenditure.debt_claimed", "ใบผ่านรายการตั้งหนี้นี้มีฎีกาแล้ว", "debt");
    }
    const int64_t advance = BodyInt(body, "advance");
    if (advance != 0) {
      KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT state, claim_id FROM exp_advances WHERE org_id = $1 AND id = $2",
                                                 {org, advance}));
      if (rows.empty() || rows[0].Text(0) != kAdvanceContracted || rows[0].Int(1) != 0) {
        return Status::Refusal("expenditure.advance_claimed", "สัญญาการยืมเงินนี้มีฎีกาแล้ว หรือไม่พบสัญญา", "advance");
      }
      KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE exp_advances SET claim_id = $1 WHERE org_id = $2 AND id = $3",
                                       {entry.seq, org, advance})
                                .status());
    }
    KLANG_RETURN_IF_ERROR(
        tx.Execute("INSERT INTO exp_claims (org_id, id, fiscal_year, state, debt_id, gross, "
                   "prepare_user, lodge_user, check_user, certify_user, approve_user, pay_user, "
                   "payment_id, advance_id, batch_id) VALUES ($1, $2, $3, 'prepared', $4, $5, $6, 0, 0, 0, 0, 0, 0, $7, 0)",
                   {org, entry.seq, int64_t{entry.fiscal_year}, debt, BodyInt(body, "gross"), user, advance})
            .status());
    return RecordStep(tx, entry, entry.seq, "prepare", user);
  }
  if (entry.kind == kKindAdvance) {
    return tx.Execute("INSERT INTO exp_advances (org_id, id, fiscal_year, state, claim_id, due_on, amount, "
                      "evidence, refund) VALUES ($1, $2, $3, 'contracted', 0, $4, $5, 0, 0)",
                      {org, entry.seq, int64_t{entry.fiscal_year}, body.value("due_on", std::string()),
                       BodyInt(body, "amount")})
        .status();
  }
  if (entry.kind == kKindAdvanceClear) {
    KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT state FROM exp_advances WHERE org_id = $1 AND id = $2",
                                               {org, BodyInt(body, "advance")}));
    if (rows.empty() || rows[0].Text(0) != kAdvancePaid) {
      return Status::Refusal("expenditure.advance_state", "ส่งใช้เงินยืมได้เฉพาะสัญญาที่จ่ายเงินยืมแล้วและยังไม่ได้ส่งใช้", "advance");
    }
    return tx.Execute("UPDATE exp_advances SET state = 'cleared', cleared_on = $1, evidence = $2, "
                      "refund = $3 WHERE org_id = $4 AND id = $5",
                      {entry.document_date.ToIso(), BodyInt(body, "evidence"), BodyInt(body, "refund"), org,
                       BodyInt(body, "advance")})
        .status();
  }
  if (entry.kind == kKindChequeCollect) {
    KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT means, collected_on FROM exp_payments WHERE org_id = $1 AND id = $2",
                                               {org, BodyInt(body, "payment")}));
    if (rows.empty() || rows[0].Text(0) != kMeansCheque) return Status::Refusal("expenditure.not_cheque", "ไม่พบการจ่ายด้วยเช็คที่ระบุ");
    if (!rows[0].IsNull(1)) return Status::Refusal("expenditure.cheque_collected", "เช็คฉบับนี้บันทึกการรับแล้ว");
    return tx.Execute("UPDATE exp_payments SET collected_on = $1 WHERE org_id = $2 AND id = $3",
                      {entry.document_date.ToIso(), org, BodyInt(body, "payment")})
        .status();
  }
  if (entry.kind == kKindBatch) {
    for (const auto& item : body.value("claims", json::array())) {
      const int64_t claim = item.is_number_integer() ? item.get<int64_t>() : 0;
      KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT state, batch_id FROM exp_claims WHERE org_id = $1 AND id = $2",
                                                 {org, claim}));
      if (rows.empty() || rows[0].Text(0) != kClaimApproved || rows[0].Int(1) != 0) {
        return Status::Refusal("expenditure.batch_claim", "ฎีกา " + std::to_string(claim) +
                                                     " ยังไม่ได้รับอนุมัติ หรืออยู่ในชุดโอนเงินอื่นแล้ว", "claims");
      }
      KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE exp_claims SET batch_id = $1 WHERE org_id = $2 AND id = $3",
                                       {entry.seq, org, claim})
                                .status());
    }
    return tx.Execute("INSERT INTO exp_batches (org_id, id, state, confirm_seq) VALUES ($1, $2, 'sent', 0)",
                      {org, entry.seq})
        .status();
  }
  if (entry.kind == kKindBatchConfirm) {
    const int64_t batch = BodyInt(body, "batch");
    KLANG_ASSIGN_OR_RETURN(Rows rows, tx.Query("SELECT state FROM exp_batches WHERE org_id = $1 AND id = $2",
                                               {org, batch}));
    if (rows.empty() || rows[0].Text(0) != kBatchSent) {
      return Status::Refusal("expenditure.batch_state", "ชุดโอนเงินนี้บันทึกผลจากธนาคารแล้ว หรือไม่พบชุดโอนเงิน", "batch");
    }
    KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE exp_batches SET state = 'confirmed', confirm_seq = $1 WHERE "
                                     "org_id = $2 AND id = $3",
                                     {entry.seq, org, batch})
                              .status());
    for (const auto& item : body.value("failed", json::array())) {
      KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE exp_claims SET batch_id = 0 WHERE org_id = $1 AND id = $2 AND batch_id = $3",
                                       {org, item.get<int64_t>(), batch})
                                .status());
    }
    for (const auto& item : body.value("paid", json::array())) {
      KLANG_RETURN_IF_ERROR(ApplyStep(tx, entry, item.get<int64_t>(), kSteps[4], user, batch));
    }
    return Status::Ok();
  }
  const StepKind* step = nullptr;
  for (const auto& one : kSteps) {
    if (entry.kind == one.kind) step = &one;
  }
  if (step == nullptr) return Status::Ok();
  return ApplyStep(tx, entry, BodyInt(body, "claim"), *step, user, 0);
}

Status DisbursementProjection::ApplyStep(Connection& tx, const Entry& entry, int64_t claim,
                                         const StepKind& step_kind, int64_t user, int64_t batch) {
  const int64_t org = entry.org;
  const StepKind* step = &step_kind;
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, tx.Query("SELECT state, prepare_user, lodge_user, check_user, certify_user, approve_user, "
                          "pay_user, batch_id FROM exp_claims WHERE org_id = $1 AND id = $2",
                          {org, claim}));
  if (rows.empty()) return Status::Refusal("expenditure.claim_not_found", "ไม่พบฎีกาที่ระบุ", "claim");
  if (rows[0].Text(0) != step->from) {
    return Status::Refusal("expenditure.claim_state", "ฎีกานี้อยู่ในสถานะ " + ClaimStateThai(rows[0].Text(0)) +
                                                 " จึงดำเนินการขั้นนี้ไม่ได้");
  }
  if (std::string(step->step) == "pay" && rows[0].Int(7) != batch) {
    return Status::Refusal("expenditure.in_batch", batch == 0 ? "ฎีกานี้อยู่ในชุดโอนเงิน e-Payment รอผลจากธนาคาร"
                                                     : "ฎีกานี้ไม่ได้อยู่ในชุดโอนเงินนี้");
  }
  // Segregation of duties: for each rule naming this step, the other step's user must differ.
  std::map<std::string, int64_t> done;
  for (size_t column = 0; column < 6; ++column) done[kStepColumns[column]] = rows[0].Int(column + 1);
  for (const auto& rule : rules_) {
    if (rule.document != "claim") continue;
    const std::string other = rule.step_a == step->step ? rule.step_b : rule.step_b == step->step ? rule.step_a : "";
    if (other.empty()) continue;
    if (done[other] != 0 && done[other] == user) {
      return Status::Error(ErrorCode::kPermissionDenied, "expenditure.segregation_of_duties",
                           rule.reason_th + " (แบ่งแยกหน้าที่)", "", "");
    }
  }
  KLANG_RETURN_IF_ERROR(tx.Execute(std::string("UPDATE exp_claims SET state = $1, ") + step->step +
                                       "_user = $2 WHERE org_id = $3 AND id = $4",
                                   {std::string(step->to), user, org, claim})
                            .status());
  KLANG_RETURN_IF_ERROR(RecordStep(tx, entry, claim, step->step, user));
  if (entry.kind == kKindClaimLodge) {
    auto found = entry.numbers.find(kTreasurySeries);
    return tx.Execute("UPDATE exp_claims SET treasury_no = $1 WHERE org_id = $2 AND id = $3",
                      {found == entry.numbers.end() ? int64_t{0} : found->second, org, claim})
        .status();
  }
  if (std::string(step->step) == "pay") {
    KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE exp_claims SET payment_id = $1 WHERE org_id = $2 AND id = $3",
                                     {entry.seq, org, claim})
                              .status());
    KLANG_RETURN_IF_ERROR(tx.Execute("UPDATE exp_advances SET state = 'paid' WHERE org_id = $1 AND claim_id = $2",
                                     {org, claim})
                              .status());
    if (entry.kind == kKindPayment) {
      return tx.Execute("INSERT INTO exp_payments (org_id, id, claim_id, day, means, bank_account, net, "
                        "collected_on) VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
                        {org, entry.seq, claim, entry.document_date.ToIso(),
                         entry.body.value("means", std::string()), BodyInt(entry.body, "bank_account"),
                         BodyInt(entry.body, "net")})
          .status();
    }
  }
  return Status::Ok();
}

class DisbursementCheck final : public ledger::ProjectionCheck {
 public:
  explicit DisbursementCheck(int64_t org) : org_(org) {}
  bool ReadsBody(std::string_view kind) const override { return kind.starts_with("exp."); }
  void Fold(const Entry& entry) override {
    if (entry.kind == kKindClaim) {
      states_[entry.seq] = {kPrepared, entry.seq};
      if (BodyInt(entry.body, "advance") != 0) advance_of_claim_[entry.seq] = BodyInt(entry.body, "advance");
    }
    for (const auto& step : kSteps) {
      if (entry.kind == step.kind) states_[BodyInt(entry.body, "claim")] = {step.to, entry.seq};
    }
    if (entry.kind == kKindPayment) {
      auto found = advance_of_claim_.find(BodyInt(entry.body, "claim"));
      if (found != advance_of_claim_.end()) advances_[found->second] = {kAdvancePaid, entry.seq};
    }
    if (entry.kind == kKindBatchConfirm) {
      for (const auto& claim : entry.body.value("paid", json::array())) {
        states_[claim.get<int64_t>()] = {kPaid, entry.seq};
        auto found = advance_of_claim_.find(claim.get<int64_t>());
        if (found != advance_of_claim_.end()) advances_[found->second] = {kAdvancePaid, entry.seq};
      }
    }
    if (entry.kind == kKindAdvance) advances_[entry.seq] = {kAdvanceContracted, entry.seq};
    if (entry.kind == kKindAdvanceClear) advances_[BodyInt(entry.body, "advance")] = {kAdvanceCleared, entry.seq};
  }
  Result<std::optional<ledger::Disagreement>> Compare(Connection& connection) override {
    std::optional<ledger::Disagreement> first;
    KLANG_ASSIGN_OR_RETURN(Rows rows, connection.Query("SELECT id, state FROM exp_claims WHERE org_id = $1", {org_}));
    if (rows.size() != states_.size()) first = ledger::Disagreement{0, "ฎีกา rows differ from the log"};
    for (const auto& row : rows) {
      auto found = states_.find(row.Int(0));
      if (found == states_.end() || found->second.first != row.Text(1)) {
        const int64_t seq = found == states_.end() ? 0 : found->second.second;
        if (!first || seq < first->seq) {
          first = ledger::Disagreement{seq, "ฎีกา " + std::to_string(row.Int(0)) + " state differs from the log"};
        }
      }
    }
    KLANG_ASSIGN_OR_RETURN(rows, connection.Query("SELECT id, state FROM exp_advances WHERE org_id = $1", {org_}));
    if (rows.size() != advances_.size() && !first) first = ledger::Disagreement{0, "advance rows differ from the log"};
    for (const auto& row : rows) {
      auto found = advances_.find(row.Int(0));
      if (found == advances_.end() || found->second.first != row.Text(1)) {
        const int64_t seq = found == advances_.end() ? 0 : found->second.second;
        if (!first || seq < first->seq) {
          first = ledger::Disagreement{seq, "advance " + std::to_string(row.Int(0)) + " state differs from the log"};
        }
      }
    }
    return first;
  }

 private:
  int64_t org_;
  std::map<int64_t, std::pair<std::string, int64_t>> states_, advances_;
  std::map<int64_t, int64_t> advance_of_claim_;
};

std::unique_ptr<ledger::ProjectionCheck> DisbursementProjection::BeginCheck(int64_t org) const {
  return std::make_unique<DisbursementCheck>(org);
}

}  // namespace

std::string ClaimStateThai(const std::string& state) {
  static const std::map<std::string, std::string> kNames = {
      {kPrepared, "จัดทำแล้ว รอส่งการเงิน"},
      {kLodged, "การเงินรับแล้ว รอตรวจ"},
      {kChecked, "ตรวจแล้ว รอผู้อำนวยการกองคลังรับรอง"},
      {kCertified, "รับรองแล้ว รอผู้บริหารอนุมัติ"},
      {kClaimApproved, "อนุมัติแล้ว รอจ่าย"},
      {kPaid, "จ่ายแล้ว"}};
  auto found = kNames.find(state);
  return found == kNames.end() ? state : found->second;
}

// ---- configuration ----

Result<DisbursementConfig> DisbursementConfig::FromCsv(std::string_view divisions_csv,
                                                       std::string_view deductions_csv,
                                                       std::string_view duty_rules_csv) {
  DisbursementConfig config;
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> divisions,
                         ReadDataCsv(divisions_csv, "code,abbr_th,name_th", "expenditure.divisions",
                                     "แฟ้มหน่วยงานผู้เบิก"));
  for (const auto& row : divisions) {
    const auto& f = row.fields;
    if (f[0].empty() || f[0].find_first_not_of("abcdefghijklmnopqrstuvwxyz_0123456789") != std::string::npos) {
      return Status::InvalidInput("expenditure.divisions", "แฟ้มหน่วยงานผู้เบิก บรรทัดที่ " + std::to_string(row.line) + " ไม่ถูกต้อง",
                                  "code must be lower-case ASCII");
    }
    config.divisions_.push_back({f[0], f[1], f[2]});
  }
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> deductions,
                         ReadDataCsv(deductions_csv, "code,name_th,account", "expenditure.deductions",
                                     "แฟ้มประเภทรายการหัก"));
  for (const auto& row : deductions) config.deductions_.push_back({row.fields[0], row.fields[1], row.fields[2]});
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rules,
                         ReadDataCsv(duty_rules_csv, "document,step_a,step_b,reason_th",
                                     "expenditure.duty_rules", "แฟ้มกฎการแบ่งแยกหน้าที่"));
  for (const auto& row : rules) {
    config.duty_rules_.push_back({row.fields[0], row.fields[1], row.fields[2], row.fields[3]});
  }
  return config;
}

Result<Division> DisbursementConfig::FindDivision(const std::string& code) const {
  for (const auto& division : divisions_) {
    if (division.code == code) return division;
  }
  return Status::InvalidInput("expenditure.division", "กรุณาเลือกหน่วยงานผู้เบิก", code, "division");
}

Result<DeductionType> DisbursementConfig::FindDeduction(const std::string& code) const {
  for (const auto& deduction : deductions_) {
    if (deduction.code == code) return deduction;
  }
  return Status::InvalidInput("expenditure.deduction", "ประเภทรายการหักไม่ถูกต้อง", code, "deductions");
}

// ---- service ----

struct DisbursementService::Impl {
  accounting::DocumentKit kit;
  budget::BudgetService& budget;
  ExpenditureService& expenditure;
  revenue::RevenueService& revenue;
  DisbursementProjection projection;
};

DisbursementService::DisbursementService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                                         budget::BudgetService& budget,
                                         ExpenditureService& expenditure,
                                         revenue::RevenueService& revenue,
                                         const DisbursementConfig& config, const Clock& clock,
                                         Random& random)
    : impl_(new Impl{accounting::DocumentKit("expenditure", ledger, orgs, clock, random), budget,
                     expenditure, revenue, DisbursementProjection(config.duty_rules())}),
      config_(config) {}

DisbursementService::~DisbursementService() = default;

ledger::Projection* DisbursementService::projection() { return &impl_->projection; }

std::vector<store::Migration> DisbursementService::Migrations() {
  return {{"disbursement", 1, R"SQL(
CREATE TABLE exp_claims (
  org_id {INT} NOT NULL, id {INT} NOT NULL, fiscal_year {INT} NOT NULL, state TEXT NOT NULL,
  debt_id {INT} NOT NULL, gross {INT} NOT NULL, treasury_no {INT},
  prepare_user {INT} NOT NULL, lodge_user {INT} NOT NULL, check_user {INT} NOT NULL,
  certify_user {INT} NOT NULL, approve_user {INT} NOT NULL, pay_user {INT} NOT NULL,
  payment_id {INT} NOT NULL, advance_id {INT} NOT NULL, batch_id {INT} NOT NULL,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE TABLE exp_batches (
  org_id {INT} NOT NULL, id {INT} NOT NULL, state TEXT NOT NULL, confirm_seq {INT} NOT NULL,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE TABLE exp_advances (
  org_id {INT} NOT NULL, id {INT} NOT NULL, fiscal_year {INT} NOT NULL, state TEXT NOT NULL,
  claim_id {INT} NOT NULL, due_on TEXT NOT NULL, amount {INT} NOT NULL, cleared_on TEXT,
  evidence {INT} NOT NULL, refund {INT} NOT NULL,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE INDEX exp_claims_debt ON exp_claims (org_id, debt_id);
CREATE TABLE exp_claim_steps (
  org_id {INT} NOT NULL, seq {INT} NOT NULL, claim_id {INT} NOT NULL, step TEXT NOT NULL,
  user_id {INT} NOT NULL, user_name TEXT NOT NULL, day TEXT NOT NULL,
  PRIMARY KEY (org_id, seq, claim_id)
) {STRICT};
CREATE INDEX exp_claim_steps_claim ON exp_claim_steps (org_id, claim_id);
CREATE TABLE exp_payments (
  org_id {INT} NOT NULL, id {INT} NOT NULL, claim_id {INT} NOT NULL, day TEXT NOT NULL,
  means TEXT NOT NULL, bank_account {INT} NOT NULL, net {INT} NOT NULL, collected_on TEXT,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE INDEX exp_payments_cheques ON exp_payments (org_id, means, day);
)SQL"}};
}

Result<Claim> DisbursementService::Prepare(const ClaimInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_ASSIGN_OR_RETURN(Division division, config_.FindDivision(input.division));
  if (input.kind != kClaimDebt && input.kind != kClaimBudget && input.kind != kClaimPayroll && input.kind != kClaimDeposit &&
      input.kind != kClaimAdvance) {
    return m.kit.Refuse("claim_kind", "กรุณาเลือกประเภทฎีกา", "kind");
  }
  json body = {{"kind", input.kind}, {"division", division.code}, {"by_name", actor.name}};
  std::string payee = input.payee_name;
  Money gross;
  std::vector<budget::LineEffect> effects;
  if (input.kind == kClaimDebt) {
    auto debt = m.expenditure.GetDebt(input.org, input.debt);
    if (!debt.ok()) return m.kit.Refuse("debt", "กรุณาเลือกใบผ่านรายการตั้งหนี้", "debt");
    gross = debt->amount;
    if (!input.amount.empty()) {
      KLANG_ASSIGN_OR_RETURN(Money typed, m.kit.PositiveAmount(input.amount, "amount"));
      if (typed != gross) {
        return m.kit.Refuse("claim_amount", "ฎีกาจ่ายเจ้าหนี้ต้องเท่ากับยอดตั้งหนี้ " + gross.Format() + " บาท", "amount");
      }
    }
    if (payee.empty()) payee = debt->vendor_name;
    body["debt"] = input.debt;
  } else if (input.kind == kClaimAdvance) {
    auto advance = GetAdvance(input.org, input.advance);
    if (!advance.ok() || advance->state != kAdvanceContracted || advance->claim != 0) {
      return m.kit.Refuse("advance_claimed", "กรุณาเลือกสัญญาการยืมเงินที่ยังไม่ได้เบิก", "advance");
    }
    gross = advance->amount;
    if (payee.empty()) payee = advance->borrower;
    body["advance"] = input.advance;
  } else {
    KLANG_ASSIGN_OR_RETURN(gross, m.kit.PositiveAmount(input.amount, "amount"));
    if (input.kind == kClaimDeposit) {
      if (input.deposit_account.rfind("2103", 0) != 0) {
        return m.kit.Refuse("deposit_account", "กรุณาเลือกประเภทเงินรับฝากที่จ่าย", "deposit_account");
      }
      body["deposit_account"] = input.deposit_account;
    } else {
      auto line = m.budget.Line(input.org, input.line);
      if (!line.ok()) return m.kit.Refuse("line", "กรุณาเลือกรายการงบประมาณ", "line");
      body["line"] = input.line;
      effects.push_back({input.line, gross, Money()});
    }
  }
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(payee, "payee_name", "ชื่อผู้รับเงิน"));
  if (!input.payee_tax_id.empty() && input.payee_tax_id.size() != 13) {
    return m.kit.Refuse("payee_tax_id", "เลขประจำตัวผู้เสียภาษีต้องมี 13 หลัก", "payee_tax_id");
  }
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.description, "description", "รายการที่ขอเบิก"));
  if (input.deductions.size() > kDeductionsMax || input.attachments.size() > kAttachmentsMax) {
    return m.kit.Refuse("too_many", "รายการหักหรือเอกสารแนบมากเกินไป");
  }
  json deductions = json::array();
  Money deducted;
  for (const auto& deduction : input.deductions) {
    if (deduction.kind.empty() && deduction.amount.empty()) continue;
    KLANG_ASSIGN_OR_RETURN(DeductionType type, config_.FindDeduction(deduction.kind));
    KLANG_ASSIGN_OR_RETURN(Money amount, m.kit.PositiveAmount(deduction.amount, "deductions"));
    deducted = deducted + amount;
    deductions.push_back({{"kind", type.code}, {"account", type.account}, {"amount", amount.satang()}});
  }
  if (deducted >= gross) {
    return m.kit.Refuse("deductions_exceed", "รายการหัก " + deducted.Format() + " บาท ต้องน้อยกว่ายอดขอเบิก " +
                                                gross.Format() + " บาท",
                        "deductions");
  }
  for (const auto& attachment : input.attachments) {
    KLANG_RETURN_IF_ERROR(m.kit.OptionalText(attachment, "attachments", "เอกสารแนบ"));
  }
  if (!effects.empty()) KLANG_RETURN_IF_ERROR(m.budget.CheckEffects(input.org, date, effects));
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.payee_bank, "payee_bank", "ธนาคารของผู้รับเงิน"));
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.payee_account_no, "payee_account_no", "เลขที่บัญชีผู้รับเงิน"));
  body["payee"] = {{"name", payee}, {"tax_id", input.payee_tax_id}, {"bank", input.payee_bank},
                   {"account_no", input.payee_account_no}};
  body["description"] = input.description;
  body["gross"] = gross.satang();
  body["deductions"] = std::move(deductions);
  body["net"] = (gross - deducted).satang();
  body["attachments"] = input.attachments;
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindClaim, date, actor);
  draft.number_series = {kClaimSeriesPrefix + division.code};
  draft.body = std::move(body);
  if (!effects.empty()) budget::PutEffects(draft.body, effects);
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return Get(entry.org, entry.seq);
}

Result<Claim> DisbursementService::Step(int64_t org, int64_t claim, const char* kind,
                                        const char* from_state, const StepInput& input,
                                        const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Claim current, Get(org, claim));
  if (current.state != from_state) {
    return m.kit.Refuse("claim_state", "ฎีกานี้อยู่ในสถานะ " + current.state_th + " จึงดำเนินการขั้นนี้ไม่ได้");
  }
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  if (date < current.date) return m.kit.Refuse("date_order", "วันที่ต้องไม่ก่อนวันที่จัดทำฎีกา", "date");
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.note, "note", "หมายเหตุ"));
  ledger::EntryDraft draft = m.kit.Draft(org, input.entry_id, kind, date, actor);
  if (std::string(kind) == kKindClaimLodge) draft.number_series = {kTreasurySeries};
  draft.body = {{"claim", claim}, {"note", input.note}, {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return Get(org, claim);
}

Result<Claim> DisbursementService::Lodge(int64_t org, int64_t claim, const StepInput& input, const Actor& actor) {
  return Step(org, claim, kKindClaimLodge, kPrepared, input, actor);
}
Result<Claim> DisbursementService::Check(int64_t org, int64_t claim, const StepInput& input, const Actor& actor) {
  return Step(org, claim, kKindClaimCheck, kLodged, input, actor);
}
Result<Claim> DisbursementService::Certify(int64_t org, int64_t claim, const StepInput& input, const Actor& actor) {
  return Step(org, claim, kKindClaimCertify, kChecked, input, actor);
}
Result<Claim> DisbursementService::Approve(int64_t org, int64_t claim, const StepInput& input, const Actor& actor) {
  return Step(org, claim, kKindClaimApprove, kCertified, input, actor);
}

Result<Claim> DisbursementService::Get(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Rows rows, m.kit.Query("SELECT state, treasury_no, payment_id, batch_id FROM exp_claims "
                                                "WHERE org_id = $1 AND id = $2",
                                                {org, id}));
  if (rows.empty()) return Status::NotFound("expenditure.claim_not_found", "ไม่พบฎีกาที่ระบุ");
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.ledger().Get(org, id));
  const json& body = entry.body;
  Claim claim;
  claim.id = id;
  claim.fiscal_year = entry.fiscal_year;
  claim.kind = body.value("kind", std::string());
  claim.kind_th = KindTh(claim.kind);
  const std::string division = body.value("division", std::string());
  auto found_division = config_.FindDivision(division);
  claim.division = found_division.ok() ? *found_division : Division{division, division, division};
  auto number = entry.numbers.find(kClaimSeriesPrefix + division);
  claim.requester_number = number == entry.numbers.end() ? 0 : number->second;
  claim.requester_text = ledger::DocumentNumberText(
      entry, claim.division.abbr_th + " " + std::to_string(claim.requester_number) + "/" +
                 std::to_string(entry.fiscal_year));
  claim.treasury_number = rows[0].IsNull(1) ? 0 : rows[0].Int(1);
  if (claim.treasury_number != 0) {
    claim.treasury_text = std::to_string(claim.treasury_number) + "/" + std::to_string(entry.fiscal_year);
  }
  claim.date = entry.document_date;
  claim.debt = BodyInt(body, "debt");
  claim.line = BodyInt(body, "line");
  if (claim.line != 0) {
    if (auto line = m.budget.Line(org, claim.line); line.ok()) claim.line_label = line->Label();
  } else if (claim.debt != 0) {
    if (auto debt = m.expenditure.GetDebt(org, claim.debt); debt.ok()) claim.line_label = debt->line_label;
  }
  claim.deposit_account = body.value("deposit_account", std::string());
  const json payee = body.value("payee", json::object());
  claim.payee_name = payee.value("name", std::string());
  claim.payee_tax_id = payee.value("tax_id", std::string());
  claim.payee_bank = payee.value("bank", std::string());
  claim.payee_account_no = payee.value("account_no", std::string());
  claim.description = body.value("description", std::string());
  claim.gross = Money::FromSatang(BodyInt(body, "gross"));
  claim.net = Money::FromSatang(BodyInt(body, "net"));
  for (const auto& deduction : body.value("deductions", json::array())) {
    Deduction view;
    view.kind = deduction.value("kind", std::string());
    view.account = deduction.value("account", std::string());
    auto type = config_.FindDeduction(view.kind);
    view.name_th = type.ok() ? type->name_th : view.kind;
    view.amount = Money::FromSatang(BodyInt(deduction, "amount"));
    claim.deductions_total = claim.deductions_total + view.amount;
    claim.deductions.push_back(std::move(view));
  }
  for (const auto& attachment : body.value("attachments", json::array())) {
    if (attachment.is_string()) claim.attachments.push_back(attachment.get<std::string>());
  }
  claim.state = rows[0].Text(0);
  claim.state_th = ClaimStateThai(claim.state);
  claim.payment = rows[0].Int(2);
  claim.batch = rows[0].Int(3);
  claim.hash = entry.hash;
  KLANG_ASSIGN_OR_RETURN(Rows steps, m.kit.Query("SELECT step, user_id, user_name, day, seq FROM exp_claim_steps "
                                                 "WHERE org_id = $1 AND claim_id = $2 ORDER BY seq",
                                                 {org, id}));
  for (const auto& step : steps) {
    auto day = Date::ParseIso(step.Text(3));
    claim.steps.push_back({step.Text(0), step.Int(1), step.Text(2), day.ok() ? *day : Date(), step.Int(4)});
  }
  return claim;
}

Result<std::vector<Claim>> DisbursementService::Register(int64_t org, int fiscal_year) {
  return impl_->kit.ListOfYear<Claim>(
      "exp_claims", org, fiscal_year, [this](int64_t o, int64_t id) { return Get(o, id); });
}

// ---- payment ----

Result<Payment> DisbursementService::Pay(const PaymentInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Claim claim, Get(input.org, input.claim));
  if (claim.state != kClaimApproved) {
    return m.kit.Refuse("claim_state", "ฎีกานี้อยู่ในสถานะ " + claim.state_th + " จึงจ่ายเงินไม่ได้", "claim");
  }
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  if (date < claim.date) return m.kit.Refuse("date_order", "วันที่จ่ายต้องไม่ก่อนวันที่จัดทำฎีกา", "date");
  if (input.means != kMeansCheque && input.means != kMeansWithdrawal && input.means != kMeansTransfer) {
    return m.kit.Refuse("means", "กรุณาเลือกวิธีจ่าย", "means");
  }
  auto bank = m.revenue.GetBankAccount(input.org, input.bank_account);
  if (!bank.ok()) return m.kit.Refuse("bank_account", "กรุณาเลือกบัญชีเงินฝากธนาคารที่จ่าย", "bank_account");
  if (input.means != kMeansTransfer) {
    KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.cheque_no, "cheque_no",
                                             input.means == kMeansCheque ? "เลขที่เช็ค" : "เลขที่ใบถอน"));
  } else {
    KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.reference, "reference", "เลขอ้างอิงการโอน"));
  }
  if (claim.batch != 0) return m.kit.Refuse("in_batch", "ฎีกานี้อยู่ในชุดโอนเงิน e-Payment รอผลจากธนาคาร", "claim");
  KLANG_ASSIGN_OR_RETURN(PaymentPlan plan, PlanPayment(input.org, claim));
  const std::string& debit_account = plan.debit_account;
  const std::vector<budget::LineEffect>& effects = plan.effects;
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindPayment, date, actor);
  draft.number_series = {kPaymentSeries};
  draft.lines.push_back({debit_account, claim.gross, Money()});
  draft.lines.push_back({bank->gl_account, Money(), claim.net});
  for (const auto& deduction : claim.deductions) draft.lines.push_back({deduction.account, Money(), deduction.amount});
  // Gross = net + deductions, as the ฎีกา was prepared: a payment voucher always balances.
  KLANG_ASSERT_MSG(ledger::BalancedOrTooLarge(draft.lines), "a payment voucher built unbalanced");
  draft.body = {{"claim", input.claim},
                {"means", input.means},
                {"bank_account", bank->id},
                {"cheque_no", input.cheque_no},
                {"reference", input.reference},
                {"payee", claim.payee_name},
                {"description", "จ่ายตามฎีกา " + claim.requester_text + " " + claim.description},
                {"gross", claim.gross.satang()},
                {"net", claim.net.satang()},
                {"by_name", actor.name}};
  if (!effects.empty()) budget::PutEffects(draft.body, effects);
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return GetPayment(entry.org, entry.seq);
}

Result<DisbursementService::PaymentPlan> DisbursementService::PlanPayment(int64_t org, const Claim& claim) {
  PaymentPlan plan;
  if (claim.kind == kClaimDebt) {
    plan.debit_account = kPayableAccount;
  } else if (claim.kind == kClaimDeposit) {
    plan.debit_account = claim.deposit_account;
  } else if (claim.kind == kClaimAdvance) {
    plan.debit_account = kAdvanceAccount;  // the budget stays committed until the advance is cleared
  } else {
    KLANG_ASSIGN_OR_RETURN(budget::BudgetLine line, impl_->budget.Line(org, claim.line));
    plan.debit_account = line.category.account;
    plan.effects.push_back({claim.line, -claim.gross, claim.gross});  // the commitment is spent
  }
  return plan;
}

Result<Payment> DisbursementService::GetPayment(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Rows rows, m.kit.Query("SELECT collected_on FROM exp_payments WHERE org_id = $1 AND id = $2",
                                                {org, id}));
  if (rows.empty()) return Status::NotFound("expenditure.payment_not_found", "ไม่พบใบผ่านรายการจ่าย");
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.ledger().Get(org, id));
  const json& body = entry.body;
  Payment payment;
  payment.id = id;
  auto number = entry.numbers.find(kPaymentSeries);
  payment.number = number == entry.numbers.end() ? 0 : number->second;
  payment.number_text = ledger::DocumentNumberText(
      entry, "จ. " + std::to_string(payment.number) + "/" + std::to_string(entry.fiscal_year));
  payment.date = entry.document_date;
  payment.claim = BodyInt(body, "claim");
  if (auto claim = Get(org, payment.claim); claim.ok()) payment.claim_text = claim->requester_text;
  payment.payee_name = body.value("payee", std::string());
  payment.description = body.value("description", std::string());
  payment.means = body.value("means", std::string());
  payment.means_th = MeansTh(payment.means);
  payment.cheque_no = body.value("cheque_no", std::string());
  payment.reference = body.value("reference", std::string());
  payment.bank_account = BodyInt(body, "bank_account");
  if (auto bank = m.revenue.GetBankAccount(org, payment.bank_account); bank.ok()) {
    payment.bank_account_name = bank->name + " " + bank->account_no;
  }
  payment.gross = Money::FromSatang(BodyInt(body, "gross"));
  payment.net = Money::FromSatang(BodyInt(body, "net"));
  if (!rows[0].IsNull(0)) {
    payment.cheque_collected = true;
    if (auto collected = Date::ParseIso(rows[0].Text(0)); collected.ok()) payment.collected_on = *collected;
  }
  payment.lines = entry.lines;
  payment.hash = entry.hash;
  return payment;
}

Result<Payment> DisbursementService::RecordChequeCollected(int64_t org, int64_t payment,
                                                           const StepInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Payment current, GetPayment(org, payment));
  if (current.means != kMeansCheque) return m.kit.Refuse("not_cheque", "การจ่ายนี้ไม่ได้จ่ายด้วยเช็ค");
  if (current.cheque_collected) return m.kit.Refuse("cheque_collected", "เช็คฉบับนี้บันทึกการรับแล้ว");
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  if (date < current.date) return m.kit.Refuse("date_order", "วันที่รับเช็คต้องไม่ก่อนวันที่จ่าย", "date");
  ledger::EntryDraft draft = m.kit.Draft(org, input.entry_id, kKindChequeCollect, date, actor);
  draft.body = {{"payment", payment}, {"note", input.note}, {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return GetPayment(org, payment);
}

Result<std::vector<Payment>> DisbursementService::Payments(int64_t org, int fiscal_year) {
  const Date from = FiscalYearStart(fiscal_year), to = FiscalYearEnd(fiscal_year);
  KLANG_ASSIGN_OR_RETURN(Rows rows, impl_->kit.Query("SELECT id FROM exp_payments WHERE org_id = $1 AND "
                                                     "day >= $2 AND day <= $3 ORDER BY id",
                                                     {org, from.ToIso(), to.ToIso()}));
  std::vector<Payment> payments;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Payment payment, GetPayment(org, row.Int(0)));
    payments.push_back(std::move(payment));
  }
  return payments;
}

Result<UncollectedCheques> DisbursementService::UncollectedOn(int64_t org, Date day) {
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, impl_->kit.Query("SELECT COUNT(*), COALESCE(CAST(SUM(net) AS {INT}), 0) FROM exp_payments "
                                  "WHERE org_id = $1 AND means = 'cheque' AND day <= $2 AND "
                                  "(collected_on IS NULL OR collected_on > $2)",
                                  {org, day.ToIso()}));
  return UncollectedCheques{rows[0].Int(0), Money::FromSatang(rows[0].Int(1))};
}

// ---- e-payment batches ----

Result<Batch> DisbursementService::CreateBatch(const BatchInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_ASSIGN_OR_RETURN(Date value_date, m.kit.AnyDate(input.value_date, "value_date", "วันที่ให้ธนาคารโอนเงิน"));
  if (value_date < date) return m.kit.Refuse("date_order", "วันที่โอนเงินต้องไม่ก่อนวันที่จัดทำชุดโอน", "value_date");
  auto bank = m.revenue.GetBankAccount(input.org, input.bank_account);
  if (!bank.ok()) return m.kit.Refuse("bank_account", "กรุณาเลือกบัญชีเงินฝากธนาคารที่จ่าย", "bank_account");
  if (input.claims.empty() || input.claims.size() > 2'000) {
    return m.kit.Refuse("batch_claims", "กรุณาเลือกฎีกาที่จะโอนเงิน (ไม่เกิน 2,000 ฉบับ)", "claims");
  }
  std::set<int64_t> seen;
  Money total;
  for (int64_t id : input.claims) {
    KLANG_ASSIGN_OR_RETURN(Claim claim, Get(input.org, id));
    if (!seen.insert(id).second) return m.kit.Refuse("batch_claims", "เลือกฎีกาซ้ำ", "claims");
    if (claim.state != kClaimApproved || claim.batch != 0) {
      return m.kit.Refuse("batch_claim", "ฎีกา " + claim.requester_text + " ยังไม่ได้รับอนุมัติ หรืออยู่ในชุดโอนเงินอื่นแล้ว",
                          "claims");
    }
    if (claim.payee_bank.empty() || claim.payee_account_no.empty()) {
      return m.kit.Refuse("payee_account", "ฎีกา " + claim.requester_text + " ไม่มีธนาคารและเลขที่บัญชีของผู้รับเงิน",
                          "claims");
    }
    total = total + claim.net;
  }
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindBatch, date, actor);
  draft.number_series = {kBatchSeries};
  draft.body = {{"claims", input.claims}, {"bank_account", bank->id}, {"value_date", value_date.ToIso()},
                {"total", total.satang()}, {"by_name", actor.name}};
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return GetBatch(entry.org, entry.seq);
}

Result<Batch> DisbursementService::ConfirmBatch(const BatchResultInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Batch batch, GetBatch(input.org, input.batch));
  if (batch.state != kBatchSent) return m.kit.Refuse("batch_state", "ชุดโอนเงินนี้บันทึกผลจากธนาคารแล้ว", "batch");
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  if (date < batch.date) return m.kit.Refuse("date_order", "วันที่ต้องไม่ก่อนวันที่จัดทำชุดโอน", "date");
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.bank_reference, "bank_reference", "เลขอ้างอิงรายงานผลของธนาคาร"));
  const std::set<int64_t> failed(input.failed_claims.begin(), input.failed_claims.end());
  for (int64_t id : failed) {
    bool in_batch = false;
    for (const auto& item : batch.items) in_batch = in_batch || item.claim == id;
    if (!in_batch) return m.kit.Refuse("batch_claim", "ฎีกาที่โอนไม่สำเร็จต้องอยู่ในชุดโอนเงินนี้", "failed_claims");
  }
  auto debited = Money::Parse(input.bank_debited);
  if (!debited.ok() || debited->is_negative()) return m.kit.Refuse("bank_debited", "กรุณาระบุยอดที่ธนาคารตัดบัญชี", "bank_debited");
  auto bank = m.revenue.GetBankAccount(input.org, batch.bank_account);
  if (!bank.ok()) return bank.status();
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindBatchConfirm, date, actor);
  json paid = json::array(), failed_list = json::array();
  std::vector<budget::LineEffect> effects;
  Money net_total;
  for (const auto& item : batch.items) {
    if (failed.count(item.claim)) {
      failed_list.push_back(item.claim);
      continue;
    }
    KLANG_ASSIGN_OR_RETURN(Claim claim, Get(input.org, item.claim));
    KLANG_ASSIGN_OR_RETURN(PaymentPlan plan, PlanPayment(input.org, claim));
    draft.lines.push_back({plan.debit_account, claim.gross, Money()});
    for (const auto& deduction : claim.deductions) draft.lines.push_back({deduction.account, Money(), deduction.amount});
    for (const auto& effect : plan.effects) effects.push_back(effect);
    net_total = net_total + claim.net;
    paid.push_back(item.claim);
  }
  // Reconciliation: what the bank debited must be what went through.
  if (*debited != net_total) {
    return m.kit.Refuse("bank_debited_mismatch", "ยอดที่ธนาคารตัดบัญชี " + debited->Format() +
                                                     " บาท ไม่ตรงกับยอดโอนที่สำเร็จ " + net_total.Format() + " บาท",
                        "bank_debited");
  }
  if (paid.empty()) {
    // Nothing went through: the entry only returns the ฎีกา to be paid otherwise.
  } else {
    draft.number_series = {kPaymentSeries};
    draft.lines.push_back({bank->gl_account, Money(), net_total});
  }
  KLANG_ASSERT_MSG(ledger::BalancedOrTooLarge(draft.lines), "an e-payment voucher built unbalanced");
  draft.body = {{"batch", input.batch},           {"paid", std::move(paid)},
                {"failed", std::move(failed_list)}, {"bank_account", bank->id},
                {"bank_reference", input.bank_reference}, {"net", net_total.satang()},
                {"description", "จ่ายเงินโดยโอนผ่านระบบ e-Payment ชุด " + batch.number_text},
                {"by_name", actor.name}};
  if (!effects.empty()) budget::PutEffects(draft.body, effects);
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return GetBatch(input.org, input.batch);
}

Result<Batch> DisbursementService::GetBatch(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Rows rows, m.kit.Query("SELECT state, confirm_seq FROM exp_batches WHERE org_id = $1 AND id = $2",
                                                {org, id}));
  if (rows.empty()) return Status::NotFound("expenditure.batch_not_found", "ไม่พบชุดโอนเงิน");
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.ledger().Get(org, id));
  Batch batch;
  batch.id = id;
  auto number = entry.numbers.find(kBatchSeries);
  batch.number_text = ledger::DocumentNumberText(
      entry, "EP " + std::to_string(number == entry.numbers.end() ? 0 : number->second) + "/" +
                 std::to_string(entry.fiscal_year));
  batch.date = entry.document_date;
  if (auto value = Date::ParseIso(entry.body.value("value_date", std::string())); value.ok()) batch.value_date = *value;
  batch.bank_account = BodyInt(entry.body, "bank_account");
  if (auto bank = m.revenue.GetBankAccount(org, batch.bank_account); bank.ok()) {
    batch.bank_account_name = bank->name;
    batch.bank_account_no = bank->account_no;
  }
  batch.state = rows[0].Text(0);
  batch.state_th = batch.state == kBatchSent ? "ส่งแฟ้มให้ธนาคารแล้ว รอผลการโอน" : "บันทึกผลการโอนแล้ว";
  batch.confirmation = rows[0].Int(1);
  std::set<int64_t> paid, failed;
  if (batch.confirmation != 0) {
    KLANG_ASSIGN_OR_RETURN(Entry confirm, m.kit.ledger().Get(org, batch.confirmation));
    for (const auto& claim : confirm.body.value("paid", json::array())) paid.insert(claim.get<int64_t>());
    for (const auto& claim : confirm.body.value("failed", json::array())) failed.insert(claim.get<int64_t>());
    auto voucher = confirm.numbers.find(kPaymentSeries);
    if (voucher != confirm.numbers.end()) {
      batch.payment_number_text = "จ. " + std::to_string(voucher->second) + "/" + std::to_string(confirm.fiscal_year);
    }
  }
  for (const auto& item : entry.body.value("claims", json::array())) {
    KLANG_ASSIGN_OR_RETURN(Claim claim, Get(org, item.get<int64_t>()));
    BatchItem view{claim.id, claim.requester_text, claim.payee_name, claim.payee_bank, claim.payee_account_no,
                   claim.net, paid.count(claim.id) ? kTransferPaid : failed.count(claim.id) ? kTransferFailed : kTransferPending};
    batch.total = batch.total + claim.net;
    if (view.status == kTransferPaid) batch.paid_total = batch.paid_total + claim.net;
    batch.items.push_back(std::move(view));
  }
  return batch;
}

Result<std::pair<std::string, std::string>> DisbursementService::BankFile(int64_t org, int64_t id,
                                                                        const BankFileFormat& format) {
  KLANG_ASSIGN_OR_RETURN(Batch batch, GetBatch(org, id));
  KLANG_ASSIGN_OR_RETURN(org::Organisation organisation, impl_->kit.orgs().Get(org));
  BankFileBatch file{batch.number_text, batch.value_date, batch.bank_account_no, organisation.name, {}};
  int seq = 0;
  for (const auto& item : batch.items) {
    if (item.status == kTransferFailed) continue;
    KLANG_ASSIGN_OR_RETURN(Claim claim, Get(org, item.claim));
    file.items.push_back({++seq, claim.requester_text, claim.payee_name, claim.payee_tax_id, claim.payee_bank,
                          claim.payee_account_no, claim.net});
  }
  return std::pair<std::string, std::string>{format.file_name(file), format.Render(file)};
}

// ---- staff advances ----

Result<Advance> DisbursementService::CreateAdvance(const AdvanceInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.kit.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.borrower, "borrower", "ชื่อผู้ยืม"));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.position, "position", "ตำแหน่งผู้ยืม"));
  KLANG_RETURN_IF_ERROR(m.kit.RequiredText(input.purpose, "purpose", "วัตถุประสงค์การยืม"));
  auto line = m.budget.Line(input.org, input.line);
  if (!line.ok()) return m.kit.Refuse("line", "กรุณาเลือกรายการงบประมาณ", "line");
  KLANG_ASSIGN_OR_RETURN(Money amount, m.kit.PositiveAmount(input.amount, "amount"));
  KLANG_ASSIGN_OR_RETURN(Date due, m.kit.AnyDate(input.due_on, "due_on", "วันครบกำหนดส่งใช้"));
  if (due < date) return m.kit.Refuse("date_order", "วันครบกำหนดส่งใช้ต้องไม่ก่อนวันที่ทำสัญญา", "due_on");
  const std::vector<budget::LineEffect> effects = {{input.line, amount, Money()}};
  KLANG_RETURN_IF_ERROR(m.budget.CheckEffects(input.org, date, effects));
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindAdvance, date, actor);
  draft.number_series = {kAdvanceSeries};
  draft.body = {{"borrower", input.borrower}, {"position", input.position}, {"purpose", input.purpose},
                {"line", input.line},         {"amount", amount.satang()},  {"due_on", due.ToIso()},
                {"description", "สัญญาการยืมเงิน " + input.borrower}, {"by_name", actor.name}};
  budget::PutEffects(draft.body, effects);
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.Append(std::move(draft)));
  return GetAdvance(entry.org, entry.seq);
}

Result<Advance> DisbursementService::ClearAdvance(const ClearAdvanceInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Advance advance, GetAdvance(input.org, input.advance));
  if (advance.state != kAdvancePaid) {
    return m.kit.Refuse("advance_state", "ส่งใช้เงินยืมได้เฉพาะสัญญาที่จ่ายเงินยืมแล้วและยังไม่ได้ส่งใช้", "advance");
  }
  KLANG_ASSIGN_OR_RETURN(Date date, m.kit.DocumentDate(input.date));
  auto evidence = Money::Parse(input.evidence_amount);
  if (!evidence.ok() || evidence->is_negative() || *evidence > advance.amount) {
    return m.kit.Refuse("evidence_amount", "ยอดใบสำคัญต้องไม่ติดลบและไม่เกินยอดเงินยืม " + advance.amount.Format() + " บาท",
                        "evidence_amount");
  }
  KLANG_RETURN_IF_ERROR(m.kit.OptionalText(input.note, "note", "หมายเหตุ"));
  KLANG_ASSIGN_OR_RETURN(budget::BudgetLine line, m.budget.Line(input.org, advance.line));
  const Money refund = advance.amount - *evidence;
  ledger::EntryDraft draft = m.kit.Draft(input.org, input.entry_id, kKindAdvanceClear, date, actor);
  if (evidence->is_positive()) draft.lines.push_back({line.category.account, *evidence, Money()});
  if (refund.is_positive()) draft.lines.push_back({revenue::kCashAccount, refund, Money()});
  draft.lines.push_back({kAdvanceAccount, Money(), advance.amount});
  // Evidence + cash returned = the advance (evidence was checked not to exceed it).
  KLANG_ASSERT_MSG(ledger::BalancedOrTooLarge(draft.lines), "an advance clearing built unbalanced");
  draft.body = {{"advance", input.advance}, {"evidence", evidence->satang()}, {"refund", refund.satang()},
                {"note", input.note},
                {"description", "ส่งใช้เงินยืมตามสัญญา " + advance.number_text + " " + advance.borrower},
                {"by_name", actor.name}};
  budget::PutEffects(draft.body, {{advance.line, -advance.amount, *evidence}});
  KLANG_RETURN_IF_ERROR(m.kit.Append(std::move(draft)).status());
  return GetAdvance(input.org, input.advance);
}

Result<Advance> DisbursementService::GetAdvance(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Rows rows, m.kit.Query("SELECT state, claim_id, cleared_on, evidence, refund "
                                                "FROM exp_advances WHERE org_id = $1 AND id = $2",
                                                {org, id}));
  if (rows.empty()) return Status::NotFound("expenditure.advance_not_found", "ไม่พบสัญญาการยืมเงิน");
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.kit.ledger().Get(org, id));
  const json& body = entry.body;
  Advance advance;
  advance.id = id;
  auto number = entry.numbers.find(kAdvanceSeries);
  advance.number_text = ledger::DocumentNumberText(
      entry, "สัญญายืม " + std::to_string(number == entry.numbers.end() ? 0 : number->second) + "/" +
                 std::to_string(entry.fiscal_year));
  advance.date = entry.document_date;
  advance.borrower = body.value("borrower", std::string());
  advance.position = body.value("position", std::string());
  advance.purpose = body.value("purpose", std::string());
  advance.line = BodyInt(body, "line");
  if (auto line = m.budget.Line(org, advance.line); line.ok()) advance.line_label = line->Label();
  advance.amount = Money::FromSatang(BodyInt(body, "amount"));
  if (auto due = Date::ParseIso(body.value("due_on", std::string())); due.ok()) advance.due_on = *due;
  advance.state = rows[0].Text(0);
  advance.state_th = advance.state == kAdvanceContracted ? "ทำสัญญาแล้ว รอจ่ายเงินยืม"
                     : advance.state == kAdvancePaid ? "จ่ายเงินยืมแล้ว รอส่งใช้"
                                                   : "ส่งใช้แล้ว";
  advance.claim = rows[0].Int(1);
  if (!rows[0].IsNull(2)) {
    if (auto cleared = Date::ParseIso(rows[0].Text(2)); cleared.ok()) advance.cleared_on = *cleared;
    advance.evidence = Money::FromSatang(rows[0].Int(3));
    advance.refund = Money::FromSatang(rows[0].Int(4));
  }
  advance.overdue = advance.state == kAdvancePaid && m.kit.Today() > advance.due_on;
  return advance;
}

Result<std::vector<Advance>> DisbursementService::Advances(int64_t org, int fiscal_year) {
  return impl_->kit.ListOfYear<Advance>(
      "exp_advances", org, fiscal_year, [this](int64_t o, int64_t id) { return GetAdvance(o, id); });
}

Result<std::vector<DisbursementService::AdvanceDay>> DisbursementService::AdvanceMovements(int64_t org, Date from,
                                                                                          Date to) {
  const store::Params range = {org, from.ToIso(), to.ToIso()};
  KLANG_ASSIGN_OR_RETURN(Rows paid, impl_->kit.Query("SELECT e.posting_date, CAST(SUM(a.amount) AS {INT}) FROM exp_advances a "
                                                     "JOIN exp_claims c ON c.org_id = a.org_id AND c.id = a.claim_id "
                                                     "JOIN ledger_entries e ON e.org_id = c.org_id AND e.seq = c.payment_id "
                                                     "WHERE a.org_id = $1 AND c.payment_id <> 0 AND e.posting_date >= $2 "
                                                     "AND e.posting_date <= $3 GROUP BY e.posting_date",
                                                     range));
  KLANG_ASSIGN_OR_RETURN(Rows cleared, impl_->kit.Query("SELECT cleared_on, CAST(SUM(amount) AS {INT}) FROM exp_advances "
                                                        "WHERE org_id = $1 AND cleared_on IS NOT NULL AND cleared_on >= $2 "
                                                        "AND cleared_on <= $3 GROUP BY cleared_on",
                                                        range));
  std::vector<AdvanceDay> days;
  for (const auto& [rows, sign] : {std::pair{&paid, int64_t{1}}, std::pair{&cleared, int64_t{-1}}}) {
    for (const auto& row : *rows) {
      auto day = Date::ParseIso(row.Text(0));
      if (!day.ok()) return Status::Internal("expenditure.advance_day", "day " + row.Text(0));
      days.push_back({*day, Money::FromSatang(sign * row.Int(1))});
    }
  }
  return days;
}

}  // namespace klang::expenditure
