// expenditure/disbursement.h — the ฎีกา (disbursement request) and its payment (domain.md §3.5,
// §5.4, §9).
//
// A ฎีกา is prepared by a requesting division and draws the division's next requester number
// (เลขที่ผู้เบิก, per division and fiscal year); lodged with finance it draws the treasury-received
// number (เลขที่คลังรับ); it is checked, certified by the head of finance and approved by the
// executive, then paid. Kinds: "debt" pays a debt-setting voucher (the vendor); "budget" pays
// directly against a budget line (utilities, allowances) and commits the line when prepared, so a
// ฎีกา that would overdraw its line is refused at once; "payroll" is a budget ฎีกา for salaries;
// "deposit" pays out money held for others (withholding tax to the Revenue Department, a
// guarantee returned). Deductions (withholding tax, fines, advance repayment, กยศ., social
// security, other — data/deduction_types.csv) are credited to their accounts on payment.
//
// Segregation of duties is data (data/duty_rules.csv: pairs of steps that must be done by
// different users) and enforced inside the append transaction, so it holds even for users
// racing each other; the requesting divisions are data too (data/divisions.csv).
//
// Payment (ใบผ่านรายการจ่าย) by cheque, bank withdrawal slip or transfer, from a registered bank
// account: Dr payable (debt), the line's expense account (budget, payroll) or the deposits-held
// account (deposit) for the gross amount; Cr the bank for the net; Cr each deduction's account.
// A cheque stays "not yet collected" until its collection is recorded; the daily financial
// status report counts those. Thread-safe.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "expenditure/bank_file.h"
#include "expenditure/expenditure.h"
#include "expenditure/kinds.h"
#include "revenue/revenue.h"

namespace klang::expenditure {

struct Division {
  std::string code, abbr_th, name_th;  // "finance", "กค.", "กองคลัง"
};
struct DeductionType {
  std::string code, name_th, account;  // "wht", "ภาษีหัก ณ ที่จ่าย", "2103010"
};
struct DutyRule {
  std::string document, step_a, step_b, reason_th;
};

// The data the disbursement side reads at start-up. Immutable after loading.
class DisbursementConfig {
 public:
  static Result<DisbursementConfig> FromCsv(std::string_view divisions_csv,
                                            std::string_view deductions_csv,
                                            std::string_view duty_rules_csv);
  Result<Division> FindDivision(const std::string& code) const;
  Result<DeductionType> FindDeduction(const std::string& code) const;
  const std::vector<Division>& divisions() const { return divisions_; }
  const std::vector<DeductionType>& deductions() const { return deductions_; }
  const std::vector<DutyRule>& duty_rules() const { return duty_rules_; }

 private:
  std::vector<Division> divisions_;
  std::vector<DeductionType> deductions_;
  std::vector<DutyRule> duty_rules_;
};

struct DeductionInput {
  std::string kind;  // DeductionType code
  std::string amount;
};
struct ClaimInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  std::string kind;      // "debt" | "budget" | "payroll" | "deposit" | "advance"
  std::string division;  // Division code
  int64_t debt = 0;      // kind "debt": the debt-setting voucher paid
  int64_t line = 0;      // kinds "budget", "payroll": the budget line
  std::string deposit_account;  // kind "deposit": the เงินรับฝาก account paid out
  std::string payee_name, payee_tax_id;
  std::string payee_bank, payee_account_no;  // for payment by transfer (e-payment)
  std::string description;
  std::string amount;  // gross; kind "debt": the voucher's amount when empty
  std::vector<DeductionInput> deductions;
  std::vector<std::string> attachments;  // หลักฐานการจ่าย listed on the cover sheet
  int64_t advance = 0;  // kind "advance": the advance contract paid out
};
struct Deduction {
  std::string kind, name_th, account;
  Money amount;
};
struct ClaimStep {
  std::string step;  // prepare | lodge | check | certify | approve | pay
  int64_t user_id = 0;
  std::string name;
  Date date;
  int64_t seq = 0;
};
struct Claim {
  int64_t id = 0;
  int fiscal_year = 0;
  std::string kind, kind_th;
  Division division;
  int64_t requester_number = 0, treasury_number = 0;
  std::string requester_text;  // "กค. 3/2569"
  std::string treasury_text;   // "5/2569" or ""
  Date date;
  int64_t debt = 0, line = 0;
  std::string line_label, deposit_account;
  std::string payee_name, payee_tax_id, payee_bank, payee_account_no, description;
  Money gross, deductions_total, net;
  int64_t batch = 0;  // the e-payment batch it is in, 0 when none
  std::vector<Deduction> deductions;
  std::vector<std::string> attachments;
  std::string state, state_th;  // prepared | lodged | checked | certified | approved | paid
  std::vector<ClaimStep> steps;
  int64_t payment = 0;
  std::string hash;
};

// The Thai name of a ฎีกา's state, as the screens and the cover sheet show it.
std::string ClaimStateThai(const std::string& state);

struct StepInput {
  std::string entry_id;
  std::string date;
  std::string note;
};

struct PaymentInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t claim = 0;
  std::string means;  // "cheque" | "withdrawal" | "transfer"
  int64_t bank_account = 0;
  std::string cheque_no;   // cheque or withdrawal-slip number
  std::string reference;   // transfer reference
};
struct Payment {
  int64_t id = 0;
  int64_t number = 0;
  std::string number_text;  // "จ. 4/2569"
  Date date;
  int64_t claim = 0;
  std::string claim_text, payee_name, description;
  std::string means, means_th, cheque_no, reference;
  int64_t bank_account = 0;
  std::string bank_account_name;
  Money gross, net;
  bool cheque_collected = false;
  std::optional<Date> collected_on;
  std::vector<ledger::Line> lines;
  std::string hash;
};

// Staff advances (สัญญาการยืมเงิน): the contract commits its budget line; a ฎีกา of kind "advance"
// pays it out (Dr ลูกหนี้เงินยืมตามงบประมาณ 1105010 / Cr bank); clearing by expense evidence and
// cash refunded posts Dr the line's account (evidence) and Dr เงินสด (refund) / Cr 1105010, and
// turns the commitment into expenditure of the evidence amount.
inline constexpr const char* kAdvanceAccount = "1105010";
struct AdvanceInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  std::string borrower, position;  // the borrowing official and their position
  std::string purpose;             // "เดินทางไปราชการอบรมที่กรุงเทพฯ 10–12 ต.ค."
  int64_t line = 0;
  std::string amount;
  std::string due_on;  // ISO: the date the advance must be cleared by
};
struct ClearAdvanceInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t advance = 0;
  std::string evidence_amount;  // expenses evidenced; the rest is refunded in cash
  std::string note;
};
struct Advance {
  int64_t id = 0;
  std::string number_text;  // "สัญญายืม 2/2569"
  Date date;
  std::string borrower, position, purpose;
  int64_t line = 0;
  std::string line_label;
  Money amount, evidence, refund;
  Date due_on;
  std::string state, state_th;  // contracted | paid | cleared
  int64_t claim = 0;
  std::optional<Date> cleared_on;
  bool overdue = false;  // paid, not cleared, and past due (as of today)
};

// e-Payment: approved ฎีกา grouped into a bulk-payment file for the bank; when the bank reports
// back, one payment voucher (ใบผ่านรายการจ่าย) posts every transfer that went through — Dr each
// ฎีกา's account, Cr the bank for the total the bank debited (which must equal the transfers'
// net total: the reconciliation), Cr the deductions; failed transfers leave the batch, their
// ฎีกา stay approved to be paid otherwise.
struct BatchInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  std::string value_date;  // ISO: when the bank is to pay
  int64_t bank_account = 0;
  std::vector<int64_t> claims;
};
struct BatchResultInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t batch = 0;
  std::vector<int64_t> failed_claims;  // transfers the bank rejected
  std::string bank_debited;            // the total the bank statement shows debited
  std::string bank_reference;
};
struct BatchItem {
  int64_t claim = 0;
  std::string requester_text, payee_name, payee_bank, payee_account_no;
  Money net;
  std::string status;  // pending | paid | failed
};
struct Batch {
  int64_t id = 0;
  std::string number_text;  // "EP 1/2569"
  Date date, value_date;
  int64_t bank_account = 0;
  std::string bank_account_name, bank_account_no;
  std::string state, state_th;  // sent | confirmed
  std::vector<BatchItem> items;
  Money total, paid_total;
  int64_t confirmation = 0;  // the payment voucher's entry
  std::string payment_number_text;
};

// Approved cheques not yet collected, for the daily financial status report.
struct UncollectedCheques {
  int64_t count = 0;
  Money amount;
};

class DisbursementService {
 public:
  DisbursementService(ledger::Ledger& ledger, org::OrgDirectory& orgs, budget::BudgetService& budget,
                      ExpenditureService& expenditure, revenue::RevenueService& revenue,
                      const DisbursementConfig& config, const Clock& clock, Random& random);
  ~DisbursementService();
  static std::vector<store::Migration> Migrations();
  ledger::Projection* projection();
  const DisbursementConfig& config() const { return config_; }

  Result<Claim> Prepare(const ClaimInput& input, const Actor& actor);
  Result<Claim> Lodge(int64_t org, int64_t claim, const StepInput& input, const Actor& actor);
  Result<Claim> Check(int64_t org, int64_t claim, const StepInput& input, const Actor& actor);
  Result<Claim> Certify(int64_t org, int64_t claim, const StepInput& input, const Actor& actor);
  Result<Claim> Approve(int64_t org, int64_t claim, const StepInput& input, const Actor& actor);
  Result<Claim> Get(int64_t org, int64_t claim);
  // The register ทะเบียนเลขที่ผู้เบิก/เลขที่คลังรับ of a fiscal year, in requester order.
  Result<std::vector<Claim>> Register(int64_t org, int fiscal_year);

  Result<Payment> Pay(const PaymentInput& input, const Actor& actor);
  Result<Payment> GetPayment(int64_t org, int64_t payment);
  Result<Payment> RecordChequeCollected(int64_t org, int64_t payment, const StepInput& input,
                                        const Actor& actor);
  Result<std::vector<Payment>> Payments(int64_t org, int fiscal_year);
  // Cheques issued on or before `day` and not collected by its end.
  Result<UncollectedCheques> UncollectedOn(int64_t org, Date day);

  // e-Payment batches.
  Result<Batch> CreateBatch(const BatchInput& input, const Actor& actor);
  Result<Batch> ConfirmBatch(const BatchResultInput& input, const Actor& actor);
  Result<Batch> GetBatch(int64_t org, int64_t batch);
  // The bank file of a batch in `format`: {file name, bytes}.
  Result<std::pair<std::string, std::string>> BankFile(int64_t org, int64_t batch,
                                                       const BankFileFormat& format);

  // Staff advances and their register (ทะเบียนสัญญาการยืมเงิน).
  Result<Advance> CreateAdvance(const AdvanceInput& input, const Actor& actor);
  Result<Advance> ClearAdvance(const ClearAdvanceInput& input, const Actor& actor);
  Result<Advance> GetAdvance(int64_t org, int64_t advance);
  Result<std::vector<Advance>> Advances(int64_t org, int fiscal_year);
  // The register of staff advances as movements of kAdvanceAccount per day, for reconciliation
  // with the general ledger: + the amount on the posting date of the entry that paid it, − the
  // amount on the day it was cleared (its document date: a paper clearing entered later shows
  // as a difference until that day's books agree), in [from, to].
  struct AdvanceDay {
    Date day;
    Money amount;
  };
  Result<std::vector<AdvanceDay>> AdvanceMovements(int64_t org, Date from, Date to);

 private:
  Result<Claim> Step(int64_t org, int64_t claim, const char* kind, const char* from_state,
                     const StepInput& input, const Actor& actor);
  struct PaymentPlan {
    std::string debit_account;
    std::vector<budget::LineEffect> effects;
  };
  Result<PaymentPlan> PlanPayment(int64_t org, const Claim& claim);
  struct Impl;
  std::unique_ptr<Impl> impl_;
  const DisbursementConfig& config_;
};

}  // namespace klang::expenditure
