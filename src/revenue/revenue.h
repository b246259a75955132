// revenue/revenue.h — the revenue side's daily cash cycle (domain.md §3.3–3.4, §5.4, §6, §9):
// receipt books and their control register, receipts, taxpayers and assessments, remittances,
// the day's summary of remittance slips with its receipt voucher, bank accounts and deposits,
// money arriving directly in the bank, revenue estimates and the registers built on them.
//
// Every act is one entry in the organisation's log (kinds "rev.*", see docs/revenue.md); the
// tables rev_* are a projection of those entries, written in the append transaction. Rules that
// depend on what came before (the next number of a book, a receipt remitted once, a payment not
// exceeding what is owed) are enforced inside that transaction, so two clerks racing cannot
// both win; the service checks them first only to give the friendlier message early.
//
// Postings (domain.md §5.4): receipts and remittances post nothing — cash changes custody. The
// receipt voucher (ใบผ่านรายการรับ) posts the day's remittances: Dr cash / Cr revenue, deposits
// held, or the tax receivable when a payment clears an assessment. An assessment posts
// Dr receivable / Cr revenue. A deposit posts Dr bank / Cr cash; money arriving in the bank
// posts Dr bank / Cr revenue (or specific grants held). Thread-safe.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "accounting/chart.h"
#include "accounting/document_kit.h"
#include "core/clock.h"
#include "ledger/ledger.h"
#include "org/org.h"
#include "revenue/catalog.h"
#include "revenue/kinds.h"
#include "revenue/signboard_tax.h"

namespace klang::revenue {

// Number series drawn from the ledger (gap-free per organisation and fiscal year).

// The one cash account of the cash book (เงินสด). Bank accounts name their own GL account.
inline constexpr const char* kCashAccount = "1101010";

// A user acting in the revenue cycle, as recorded on documents.
using Actor = accounting::Actor;

// ---- bank accounts ----
struct BankAccountInput {
  int64_t org = 0;
  std::string entry_id;
  std::string name;          // "เงินฝากธนาคารกรุงไทย ออมทรัพย์ (บัญชีรายได้)"
  std::string bank;          // "ธนาคารกรุงไทย"
  std::string branch;
  std::string account_type;  // "savings" | "current" | "fixed"
  std::string account_no;
  std::string opened_on;     // ISO
};
struct BankAccount {
  int64_t org = 0;
  int64_t id = 0;  // the seq of the entry that opened it
  std::string name, bank, branch, account_type, account_type_th, account_no, gl_account;
  Money balance;  // as of today
};

// ---- receipt books ----
struct BookInput {
  int64_t org = 0;
  std::string entry_id;
  std::string book_no;   // เล่มที่, as printed on the cover ("001")
  int64_t first_no = 0;  // เลขที่ of the first and last receipt in the book
  int64_t last_no = 0;
  std::string date;      // ISO; its fiscal year is the book's
};
struct Book {
  int64_t org = 0;
  int64_t id = 0;  // seq of the entry that registered it
  int fiscal_year = 0;
  std::string book_no;
  int64_t first_no = 0, last_no = 0, next_no = 0;  // next_no = last_no + 1 when used up
  int64_t holder_user = 0;  // 0 when not issued (in the finance unit's custody)
  std::string holder_name;
  std::string status;  // "new" | "issued" | "returned" | "used_up"
  std::string status_th;
  int64_t used = 0, cancelled = 0;  // receipts issued (valid) and cancelled/spoiled
  Money total;                      // of valid receipts
  Date registered_on;
};
struct BookEvent {  // a line of the ทะเบียนคุมใบเสร็จรับเงิน
  int64_t seq = 0;
  Date date;
  std::string what_th;  // "รับเล่มเข้าทะเบียน", "จ่ายให้ ...", "รับคืนจาก ..."
  std::string by;
};

// ---- receipts ----
struct Payer {
  std::string kind;  // "person" | "juristic"
  std::string name;
  std::string id_no;  // 13-digit citizen or juristic id; may be empty for walk-in fees
  std::string address;
};
struct ReceiptLineInput {
  std::string item;    // revenue item code
  std::string description;
  std::string amount;  // as typed
  int64_t assessment = 0;  // the assessment (seq) this line pays, or 0
};
struct ReceiptInput {
  int64_t org = 0;
  std::string entry_id;
  int64_t book = 0;     // book id
  int64_t number = 0;   // เลขที่ as written; must be the book's next number
  std::string date;
  Payer payer;
  int64_t taxpayer = 0;  // optional link to the taxpayer register
  std::vector<ReceiptLineInput> lines;
  std::string means;  // "cash" | "cheque" | "transfer" | "qr"
  std::string means_reference;  // cheque bank/number, transfer or QR reference
};
struct ReceiptLine {
  std::string item, item_name, description;
  Money amount;
  int64_t assessment = 0;
  std::string account;  // the account the receipt voucher will credit
};
struct Property;  // below
struct Receipt {
  int64_t org = 0;
  int64_t id = 0;  // seq
  int64_t book = 0;
  std::string book_no;
  int64_t number = 0;
  int fiscal_year = 0;
  Date date;
  Payer payer;
  int64_t taxpayer = 0;
  std::vector<ReceiptLine> lines;
  Money total;
  std::string means, means_th, means_reference;
  int64_t collector = 0;
  std::string collector_name;
  std::string status;  // "valid" | "cancelled" | "spoiled"
  std::string status_th;
  std::string cancel_reason;
  int64_t cancel_seq = 0;
  int64_t remittance = 0;  // seq of the remittance that carried it, 0 when not yet remitted
  std::string remittance_number;
  std::string hash;
  std::vector<Property> properties;  // for a tax receipt: the properties its lines paid for
};

// ---- taxpayers, properties, assessments ----
struct TaxpayerInput {
  int64_t org = 0;
  std::string entry_id;
  std::string kind;  // "person" | "juristic"
  std::string name, id_no, address, phone;
};
struct Taxpayer {
  int64_t org = 0, id = 0;
  std::string kind, kind_th, name, id_no, address, phone;
  Money outstanding;  // ลูกหนี้ภาษี
};
struct PropertyInput {
  int64_t org = 0;
  std::string entry_id;
  int64_t taxpayer = 0;
  std::string kind;         // "land" | "building" | "land_building" | "signboard"
  std::string description;  // parcel (โฉนดเลขที่ …) / building / sign text
  std::string location;
  std::string land_use;     // land: agricultural | residential | other | vacant | mixed
  // Signboards:
  int width_cm = 0, height_cm = 0, sign_class = 0;
  bool moving = false;
  std::string installed_on;  // ISO, may be empty
};
struct Property {
  int64_t org = 0, id = 0, taxpayer = 0;
  std::string kind, kind_th, description, location, land_use;
  int width_cm = 0, height_cm = 0, sign_class = 0;
  bool moving = false;
  std::optional<Date> installed_on;
};
struct AssessmentInput {
  int64_t org = 0;
  std::string entry_id;
  int64_t taxpayer = 0;
  std::string tax;  // "land_building" | "signboard"
  int tax_year = 0;  // BE
  std::vector<int64_t> properties;
  std::string date;      // assessment (notice) date, ISO
  std::string due_date;  // ISO
  // land_building: the assessed amount as typed (the base, rate and exemptions are recorded
  // on the ภ.ด.ส. forms; Klang records the result). signboard: computed, leave empty.
  std::string amount;
  std::string basis;  // free text: how the land-and-building amount was reached
  bool late_filing = false;  // signboard: return ภ.ป.1 filed late (10 % surcharge)
};
struct Assessment {
  int64_t org = 0, id = 0, taxpayer = 0;
  std::string taxpayer_name, tax, tax_th;
  int tax_year = 0;
  std::vector<int64_t> properties;
  Date date, due_date;
  Money amount, paid;
  Money outstanding() const { return amount - paid; }
  std::string status_th;  // ค้างชำระ / ชำระบางส่วน / ชำระครบ
  std::string basis;
  std::string item;  // revenue item code
};
struct AssessmentExtension {
  int64_t org = 0;
  std::string entry_id;
  int64_t assessment = 0;
  std::string due_date;  // the new due date
  std::string reason;
};
// The amount due if paid on `paid_on`: for a signboard assessment the 2 % per month late-payment
// surcharge on the part still owed is added (domain.md §6.2).
struct AmountDue {
  Money outstanding, surcharge, total;
  int months_late = 0;
};

// ---- remittances, summary and receipt voucher ----
struct RemittanceInput {
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  std::vector<int64_t> receipts;  // receipt ids, all the sender's own and not yet remitted
  int64_t to_org = 0;  // the org whose finance unit receives it: org itself or its parent LAO
  std::string received_by;  // name of the receiving finance officer (signs the slip)
};
struct ItemTotal {
  std::string item, item_name, account;
  Money amount;
};
struct Remittance {
  int64_t org = 0, id = 0;
  int64_t number = 0;
  std::string number_text;  // "นส. 3/2569"
  Date date;
  int64_t collector = 0;
  std::string collector_name, received_by;
  int64_t to_org = 0;
  std::vector<int64_t> receipts;
  std::vector<std::string> ranges;  // "เล่มที่ 001 เลขที่ 1–20"
  std::vector<ItemTotal> items;
  Money cash, cheque, other, total;
  int64_t summary_org = 0, summary = 0;  // the summary that took it up, 0 when pending
  std::string summary_number;
};
struct SummaryInput {  // ใบสำคัญสรุปใบนำส่งเงิน → ใบผ่านรายการรับ
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  std::vector<std::pair<int64_t, int64_t>> remittances;  // (org, id): own or subordinate units'
  std::string description;
  // The account transfers and QR payments arrived in (0: the first registered account).
  int64_t bank_account = 0;
};
struct VoucherLineView {
  std::string account, account_name;
  Money debit, credit;
};
struct Summary {
  int64_t org = 0, id = 0;
  std::string summary_number;  // "สน. 2/2569"
  std::string voucher_number;  // "ร. 2/2569"
  Date date;
  int fiscal_year = 0;
  std::vector<Remittance> remittances;
  std::vector<ItemTotal> items;
  std::vector<VoucherLineView> lines;
  Money total;
  std::string description, author, hash;
};
struct DepositInput {  // cash to the bank (ใบนำฝาก)
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t bank_account = 0;
  std::string amount;
  std::string slip_reference;
};
struct BankReceiptInput {  // money credited directly by the bank, with its receipt voucher
  int64_t org = 0;
  std::string entry_id;
  std::string date;
  int64_t bank_account = 0;
  std::string item;
  std::string amount;
  std::string description;  // "ภาษีมูลค่าเพิ่มจัดสรร เดือน ต.ค. 2568"
  std::string reference;    // bank advice / transfer reference
};
struct CashDocument {  // a deposit or a bank receipt, as listed and printed
  int64_t org = 0, id = 0;
  std::string kind;  // kKindDeposit | kKindBankReceipt
  std::string kind_th, number_text;
  Date date;
  int64_t bank_account = 0;
  std::string bank_account_name, item, item_name, description, reference;
  Money amount;
  std::vector<VoucherLineView> lines;
  std::string author, hash;
};

// ---- estimates and registers ----
struct EstimateInput {  // ประมาณการรายรับ (replaces the year's previous estimate)
  int64_t org = 0;
  std::string entry_id;
  int fiscal_year = 0;
  struct Line {
    std::string item;
    std::string amount;
    std::string justification;
  };
  std::vector<Line> lines;
};
struct RevenueRegisterRow {  // ทะเบียนรายรับ
  std::string item, item_name, category_th;
  Money estimate, before, on_day, to_date;  // to_date = before + on_day
  Money difference;  // to_date - estimate (negative: still below the estimate)
};
struct RevenueRegister {
  int64_t org = 0;
  Date date;
  int fiscal_year = 0;
  std::vector<RevenueRegisterRow> rows;
  Money estimate, before, on_day, to_date;
};
struct DepositRegisterRow {
  int64_t seq = 0;
  Date date;
  std::string document, description;
  Money received, paid, balance;
};
struct DepositRegister {  // ทะเบียนเงินรับฝาก of one type
  int64_t org = 0;
  std::string account, name_th;
  Date from, to;
  Money opening, received, paid, closing;  // of the whole period
  std::vector<DepositRegisterRow> rows;
  bool truncated = false;  // rows stop at kDepositRegisterRowsMax
};

// Daily financial status (domain.md §3.6), all from projections.
struct BankBalanceRow {
  int64_t id = 0;
  std::string name, bank, branch, account_type_th, account_no;
  Money brought_forward, deposits, payments, carried_forward;
};
struct DailyStatus {
  int64_t org = 0;
  Date date;
  Money cash_brought_forward, cash_received, cash_deposited, cash_other_out, cash_carried_forward;
  Money bank_brought_forward, bank_deposits, bank_payments, bank_carried_forward;
  std::vector<BankBalanceRow> banks;
  // Sum of the per-account detail minus the GL bank balance; non-zero when some entry moved a
  // bank GL account without naming the bank account (e.g. a general journal voucher).
  Money bank_unattributed;
  int64_t uncollected_cheques = 0;  // approved cheques the payee has not collected
  Money uncollected_cheques_amount;
  int64_t receipts_not_remitted = 0;  // receipts dated on or before the day, not yet remitted
  Money receipts_not_remitted_amount;
};

// What one list returns at the most (see the lists below).
inline constexpr size_t kReceiptsListedMax = 2'000;
inline constexpr size_t kDocumentsListedMax = 500;
inline constexpr size_t kAssessmentsListedMax = 5'000;
inline constexpr size_t kTaxpayersListedMax = 1'000;
inline constexpr size_t kDepositRegisterRowsMax = 20'000;

class RevenueService {
 public:
  RevenueService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                 accounting::ChartOfAccounts& chart, const RevenueCatalog& catalog,
                 const SignboardRateTable& signboard_rates, const Clock& clock, Random& random);
  ~RevenueService();
  static std::vector<store::Migration> Migrations();
  // The rev_* projection, to register with the ledger before it starts.
  ledger::Projection* projection();
  const RevenueCatalog& catalog() const { return catalog_; }

  // Bank accounts.
  Result<BankAccount> OpenBankAccount(const BankAccountInput& input, const Actor& actor);
  Result<std::vector<BankAccount>> BankAccounts(int64_t org);
  Result<BankAccount> GetBankAccount(int64_t org, int64_t id);

  // Receipt books: register, issue to a collector, take back.
  Result<Book> RegisterBook(const BookInput& input, const Actor& actor);
  Result<Book> IssueBook(int64_t org, int64_t book, const Actor& collector,
                         const std::string& date, const std::string& entry_id,
                         const Actor& actor);
  Result<Book> ReturnBook(int64_t org, int64_t book, const std::string& date,
                          const std::string& entry_id, const Actor& actor);
  Result<std::vector<Book>> Books(int64_t org, std::optional<int> fiscal_year);
  Result<Book> GetBook(int64_t org, int64_t book);
  Result<std::vector<BookEvent>> BookEvents(int64_t org, int64_t book);

  // Receipts. The actor must hold the book; the number must be the book's next one.
  Result<Receipt> IssueReceipt(const ReceiptInput& input, const Actor& actor);
  // Cancels a receipt not yet remitted (it keeps its number; the cancellation is an entry).
  Result<Receipt> CancelReceipt(int64_t org, int64_t receipt, const std::string& reason,
                                const std::string& entry_id, const Actor& actor);
  // Spoils the book's next number without a receipt (a form torn or written wrongly).
  Result<Receipt> SpoilNumber(int64_t org, int64_t book, int64_t number,
                              const std::string& reason, const std::string& entry_id,
                              const Actor& actor);
  Result<Receipt> GetReceipt(int64_t org, int64_t receipt);
  // The payer and the lines of a receipt checked as IssueReceipt checks them, without the book
  // (for imports: a Thai message per row). Returns the total.
  Result<Money> CheckReceiptContent(const ReceiptInput& input);
  struct ReceiptQuery {
    std::optional<Date> from, to;
    int64_t collector = 0;        // 0: everyone
    int64_t book = 0;             // 0: every book
    std::string text;             // payer name or id contains
    bool not_remitted_only = false;
    size_t limit = 200, offset = 0;  // at most kReceiptsListedMax + 1
  };
  // Newest first.
  Result<std::vector<Receipt>> Receipts(int64_t org, const ReceiptQuery& query);

  // Taxpayers.
  Result<Taxpayer> AddTaxpayer(const TaxpayerInput& input, const Actor& actor);
  Result<Taxpayer> GetTaxpayer(int64_t org, int64_t id);
  Result<std::vector<Taxpayer>> Taxpayers(int64_t org, const std::string& text, size_t limit);
  Result<Property> AddProperty(const PropertyInput& input, const Actor& actor);
  // For imports (exchange/): the checks of AddTaxpayer and AddProperty on the input alone
  // (the register's duplicates and the owner's existence are the caller's), the register by
  // id number, and many appended together through group commit — one result (the id) each, in
  // order. Each input must pass its check first.
  Status CheckTaxpayer(const TaxpayerInput& input);
  Status CheckProperty(const PropertyInput& input);
  Result<std::map<std::string, int64_t>> TaxpayerIds(int64_t org);  // id_no -> taxpayer id
  std::vector<Result<int64_t>> AddTaxpayers(const std::vector<TaxpayerInput>& inputs, const Actor& actor);
  std::vector<Result<int64_t>> AddProperties(const std::vector<PropertyInput>& inputs, const Actor& actor);
  Result<std::vector<Property>> Properties(int64_t org, int64_t taxpayer);
  Result<Assessment> Assess(const AssessmentInput& input, const Actor& actor);
  Result<Assessment> ExtendAssessment(const AssessmentExtension& input, const Actor& actor);
  Result<Assessment> GetAssessment(int64_t org, int64_t id);
  // taxpayer 0: all; outstanding_only: the receivables register (ทะเบียนลูกหนี้ภาษี).
  Result<std::vector<Assessment>> Assessments(int64_t org, int64_t taxpayer,
                                              bool outstanding_only);
  // What all open assessments of `org` still owe (the receivables register's total, whatever
  // the length of its list).
  Result<Money> OutstandingTotal(int64_t org);
  // The receivables register (ทะเบียนลูกหนี้ภาษี) as movements of the receivable accounts per day,
  // for reconciliation with the general ledger: + each assessment on its posting date, − each
  // payment against one on the posting date of the receipt voucher (summary) that took its
  // receipt up (a receipt not yet summarised is on neither side), in [from, to].
  struct ReceivableDay {
    std::string account;
    Date day;
    Money amount;
  };
  Result<std::vector<ReceivableDay>> ReceivableMovements(int64_t org, Date from, Date to);
  // The bank accounts' register (what every entry naming a bank account moved on its deposit
  // account) as movements of those deposit accounts per day, debit − credit, by posting date, in
  // [from, to]: reconciled with the general ledger, where a deposit account moved by an entry
  // that names no bank account shows as a difference.
  Result<std::vector<ReceivableDay>> BankMovements(int64_t org, Date from, Date to);
  // The deposits-held registers (every deposit type's account) as their movements per day,
  // debit − credit, by posting date, in [from, to].
  Result<std::vector<ReceivableDay>> DepositMovements(int64_t org, Date from, Date to);
  // The revenue register (ทะเบียนรายได้) as movements of the revenue accounts per posting day,
  // debit − credit: − what the receipt vouchers and bank receipts credited to each revenue account
  // (from their items; an item that cleared an assessment credited the receivable); − each
  // assessment; and the lines
  // other documents posted on a revenue account (general vouchers, fines deducted from a payment,
  // reversals, the year's closing entries). Opening balances and closings are on both sides.
  Result<std::vector<ReceivableDay>> RevenueMovements(int64_t org, Date from, Date to);
  // The cash register as movements of the cash account (1101010) per posting day: + the cash and
  // cheques each receipt voucher counted in, − each deposit to the bank, and the lines other
  // documents posted on the cash account (an advance refunded in cash, a general voucher).
  Result<std::vector<ReceivableDay>> CashMovements(int64_t org, Date from, Date to);
  Result<AmountDue> DueOn(int64_t org, int64_t assessment, Date paid_on);
  // What the signboard assessment of `properties` would be (the assessment form's preview).
  Result<std::vector<SignboardTax>> PreviewSignboard(int64_t org, int tax_year,
                                                     const std::vector<int64_t>& properties,
                                                     bool late_filing);

  // Lists below are cut at their limit and read with one item more, so that a caller showing the
  // limit can tell a cut list from an exact fit (and say so): at most kDocumentsListedMax + 1
  // slips, summaries or cash documents (newest first), kAssessmentsListedMax + 1 assessments.

  // Remittance by a collector (the actor) of their own receipts.
  Result<Remittance> Remit(const RemittanceInput& input, const Actor& actor);
  Result<Remittance> GetRemittance(int64_t org, int64_t id);
  Result<std::vector<Remittance>> Remittances(int64_t org, std::optional<Date> date);
  // Remittances addressed to `org` (its own and its units') not yet summarised.
  Result<std::vector<Remittance>> PendingRemittances(int64_t org);
  Result<Summary> Summarise(const SummaryInput& input, const Actor& actor);
  Result<Summary> GetSummary(int64_t org, int64_t id);
  Result<std::vector<Summary>> Summaries(int64_t org, std::optional<Date> date);

  Result<CashDocument> Deposit(const DepositInput& input, const Actor& actor);
  Result<CashDocument> ReceiveInBank(const BankReceiptInput& input, const Actor& actor);
  Result<CashDocument> GetCashDocument(int64_t org, int64_t id);
  Result<std::vector<CashDocument>> CashDocuments(int64_t org, std::optional<Date> date);

  Status SetEstimate(const EstimateInput& input, const Actor& actor);
  Result<RevenueRegister> RevenueRegisterOn(int64_t org, Date date);
  Result<DepositRegister> DepositRegisterOf(int64_t org, const std::string& account, Date from,
                                            Date to);
  Result<DailyStatus> DailyStatusOn(int64_t org, Date date);
  // The register's totals and closing balance cover the whole period; its rows stop at
  // kDepositRegisterRowsMax (`truncated`).
  // Cheques are written by the expenditure side, which depends on this module; it tells the
  // daily report how many approved cheques are not yet collected through this source (count,
  // amount as of the end of a day). Set once at start-up; none are counted until it is set.
  using UncollectedChequesSource =
      std::function<Result<std::pair<int64_t, Money>>(int64_t org, Date day)>;
  void SetUncollectedChequesSource(UncollectedChequesSource source);
  // The approved budget's revenue estimates (ประมาณการรายรับ) per revenue item, from the budget
  // module (which depends on this one); nullopt when no budget of the year is approved. When set
  // and answering, the revenue register reads its estimates there rather than from rev.estimate.
  using EstimatesSource = std::function<Result<std::optional<std::map<std::string, Money>>>(
      int64_t org, int fiscal_year)>;
  void SetEstimatesSource(EstimatesSource source);

 private:
  Result<std::vector<ReceivableDay>> AssessmentMovements(int64_t org, Date from, Date to, bool revenue_side);
  // rev_register_lines on the cash account (`cash`) or on the revenue accounts.
  Result<std::vector<ReceivableDay>> RegisterLineMovements(int64_t org, Date from, Date to, bool cash);
  // The parts of IssueReceipt: the payer and the means of payment as typed; the lines, each
  // checked against the catalogue and the assessment it pays (their total in `total`); one line.
  Status CheckPayment(const ReceiptInput& input);
  Result<nlohmann::json> TaxpayerBody(const TaxpayerInput& input);
  Result<nlohmann::json> PropertyBody(const PropertyInput& input);
  std::vector<Result<int64_t>> AddMany(const std::vector<std::pair<std::string, nlohmann::json>>& bodies,
                                       int64_t org, const std::vector<std::string>& entry_ids, const Actor& actor);
  Result<nlohmann::json> ReceiptLines(const ReceiptInput& input, Money* total);
  Result<nlohmann::json> CheckReceiptLine(const ReceiptInput& input, size_t index,
                                          std::set<int64_t>* assessments);

  struct Impl;
  std::unique_ptr<Impl> impl_;
  const RevenueCatalog& catalog_;
  UncollectedChequesSource uncollected_cheques_;
  EstimatesSource estimates_;
};

// Display helpers shared by the screens and the printed documents.
std::string RemittanceNumberText(int64_t number, int fiscal_year);  // "นส. 3/2569"
std::string SummaryNumberText(int64_t number, int fiscal_year);     // "สน. 3/2569"
std::string ReceiptVoucherNumberText(int64_t number, int fiscal_year);  // "ร. 3/2569"
std::string DepositNumberText(int64_t number, int fiscal_year);     // "นฝ. 3/2569"
std::string MeansThai(const std::string& means);
std::string AccountTypeThai(const std::string& type);
std::string TaxThai(const std::string& tax);
// The GL account (data/chart_of_accounts.csv) of a bank account type; "" for an unknown type.
std::string BankGlAccount(const std::string& type);

}  // namespace klang::revenue
