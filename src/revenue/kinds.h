// revenue/kinds.h — the one table of the names the revenue module writes into the log and its
// projections: entry kinds (docs/revenue.md), numbering series, and the states and codes its
// documents carry. Spelled once here; code compares against these, never against a literal.
#pragma once

namespace klang::revenue {

// Entry kinds.
inline constexpr const char* kKindBankAccount = "rev.bank_account";  // บัญชีเงินฝากธนาคาร
inline constexpr const char* kKindBook = "rev.book";                 // ใบเสร็จรับเงินเล่มใหม่
inline constexpr const char* kKindBookIssue = "rev.book.issue";      // จ่ายใบเสร็จให้ผู้จัดเก็บ
inline constexpr const char* kKindBookReturn = "rev.book.return";    // รับคืนใบเสร็จ
inline constexpr const char* kKindReceipt = "rev.receipt";           // ใบเสร็จรับเงิน
inline constexpr const char* kKindReceiptSpoil = "rev.receipt.spoil";    // เลขที่เสีย
inline constexpr const char* kKindReceiptCancel = "rev.receipt.cancel";  // ยกเลิกใบเสร็จ
inline constexpr const char* kKindRemittance = "rev.remittance";     // ใบนำส่งเงิน
inline constexpr const char* kKindSummary = "rev.summary";  // ใบสำคัญสรุปใบนำส่งเงิน / ใบผ่านรายการรับ
inline constexpr const char* kKindDeposit = "rev.deposit";            // ใบนำฝากเงิน
inline constexpr const char* kKindBankReceipt = "rev.bank_receipt";  // เงินเข้าบัญชีธนาคารโดยตรง
inline constexpr const char* kKindTaxpayer = "rev.taxpayer";         // ผู้ชำระภาษี
inline constexpr const char* kKindProperty = "rev.property";         // ทรัพย์สิน ป้าย
inline constexpr const char* kKindAssessment = "rev.assessment";     // การประเมินภาษี
inline constexpr const char* kKindAssessmentExtend = "rev.assessment.extend";  // ขยายเวลาชำระ
inline constexpr const char* kKindEstimate = "rev.estimate";         // ประมาณการรายรับ

// Numbering series.
inline constexpr const char* kRemittanceSeries = "rev.remittance";  // ใบนำส่งเงิน
inline constexpr const char* kSummarySeries = "rev.summary";        // ใบสำคัญสรุปใบนำส่งเงิน
inline constexpr const char* kReceiptVoucherSeries = "rev.voucher";  // ใบผ่านรายการรับ
inline constexpr const char* kDepositSeries = "rev.deposit";        // ใบนำฝากเงิน

// Receipt::status.
inline constexpr const char* kReceiptValid = "valid";
inline constexpr const char* kReceiptCancelled = "cancelled";
inline constexpr const char* kReceiptSpoiled = "spoiled";

// Book::status.
inline constexpr const char* kBookNew = "new";
inline constexpr const char* kBookIssued = "issued";
inline constexpr const char* kBookReturned = "returned";
inline constexpr const char* kBookUsedUp = "used_up";

// Means of payment on a receipt.
inline constexpr const char* kMeansCash = "cash";
inline constexpr const char* kMeansCheque = "cheque";
inline constexpr const char* kMeansTransfer = "transfer";
inline constexpr const char* kMeansQr = "qr";

// Payer and taxpayer kinds.
inline constexpr const char* kPerson = "person";
inline constexpr const char* kJuristic = "juristic";

// Taxes, and the kinds of property they are assessed on.
inline constexpr const char* kTaxLandBuilding = "land_building";
inline constexpr const char* kTaxSignboard = "signboard";
inline constexpr const char* kPropertyLand = "land";
inline constexpr const char* kPropertyBuilding = "building";
inline constexpr const char* kPropertyLandBuilding = "land_building";
inline constexpr const char* kPropertySignboard = "signboard";

// Bank account types.
inline constexpr const char* kAccountSavings = "savings";
inline constexpr const char* kAccountCurrent = "current";
inline constexpr const char* kAccountFixed = "fixed";

}  // namespace klang::revenue
