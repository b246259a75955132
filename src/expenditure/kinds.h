// expenditure/kinds.h — the one table of the names the expenditure module writes into the log and
// its projections: entry kinds (docs/expenditure.md), numbering series, and the states and codes
// of its documents (purchase requests, ฎีกา, payments, e-payment batches, staff advances). Spelled
// once here; code compares against these, never against a literal.
#pragma once

namespace klang::expenditure {

// Entry kinds.
inline constexpr const char* kKindRequest = "exp.request";                // รายงานขอซื้อขอจ้าง
inline constexpr const char* kKindRequestApprove = "exp.request.approve";  // อนุมัติรายงานขอซื้อขอจ้าง
inline constexpr const char* kKindOrder = "exp.order";                    // ใบสั่งซื้อ/สั่งจ้าง/สัญญา
inline constexpr const char* kKindInspect = "exp.inspect";                // ตรวจรับพัสดุ
inline constexpr const char* kKindDebt = "exp.debt";                      // ใบผ่านรายการตั้งหนี้
inline constexpr const char* kKindClaim = "exp.claim";                    // ฎีกา
inline constexpr const char* kKindClaimLodge = "exp.claim.lodge";         // คลังรับฎีกา
inline constexpr const char* kKindClaimCheck = "exp.claim.check";         // ตรวจฎีกา
inline constexpr const char* kKindClaimCertify = "exp.claim.certify";     // รับรอง
inline constexpr const char* kKindClaimApprove = "exp.claim.approve";     // อนุมัติ
inline constexpr const char* kKindPayment = "exp.payment";                // ใบผ่านรายการจ่าย
inline constexpr const char* kKindChequeCollect = "exp.cheque.collect";   // ผู้รับมารับเช็ค
inline constexpr const char* kKindBatch = "exp.batch";                    // ชุดโอนเงิน e-Payment
inline constexpr const char* kKindBatchConfirm = "exp.batch.confirm";     // ผลการโอนจากธนาคาร
inline constexpr const char* kKindAdvance = "exp.advance";                // สัญญาการยืมเงิน
inline constexpr const char* kKindAdvanceClear = "exp.advance.clear";     // ส่งใช้เงินยืม

// Numbering series.
inline constexpr const char* kRequestSeries = "exp.request";    // รายงานขอซื้อขอจ้าง
inline constexpr const char* kOrderSeries = "exp.order";        // ใบสั่งซื้อ/สั่งจ้าง/สัญญา
inline constexpr const char* kDebtSeries = "exp.debt";          // ใบผ่านรายการตั้งหนี้
inline constexpr const char* kClaimSeriesPrefix = "exp.claim.";  // + division code: เลขที่ผู้เบิก
inline constexpr const char* kTreasurySeries = "exp.treasury";  // เลขที่คลังรับ
inline constexpr const char* kPaymentSeries = "exp.payment";    // ใบผ่านรายการจ่าย
inline constexpr const char* kAdvanceSeries = "exp.advance";    // สัญญาการยืมเงิน
inline constexpr const char* kBatchSeries = "exp.batch";        // ชุดโอนเงิน

// Request::state.
inline constexpr const char* kRequested = "requested";
inline constexpr const char* kRequestApproved = "approved";
inline constexpr const char* kOrdered = "ordered";

// Claim::state (ฎีกา), in the order of its steps.
inline constexpr const char* kPrepared = "prepared";
inline constexpr const char* kLodged = "lodged";
inline constexpr const char* kChecked = "checked";
inline constexpr const char* kCertified = "certified";
inline constexpr const char* kClaimApproved = "approved";
inline constexpr const char* kPaid = "paid";
// The states of a ฎีกา still on its way, in order (a to-do list on the expenditure home page).
inline constexpr const char* kClaimStatesOpen[] = {kPrepared, kLodged, kChecked, kCertified,
                                                   kClaimApproved};

// Claim::kind.
inline constexpr const char* kClaimDebt = "debt";
inline constexpr const char* kClaimBudget = "budget";
inline constexpr const char* kClaimPayroll = "payroll";
inline constexpr const char* kClaimDeposit = "deposit";
inline constexpr const char* kClaimAdvance = "advance";

// Payment::means.
inline constexpr const char* kMeansCheque = "cheque";
inline constexpr const char* kMeansWithdrawal = "withdrawal";
inline constexpr const char* kMeansTransfer = "transfer";

// Batch::state, and the result of each transfer in it.
inline constexpr const char* kBatchSent = "sent";
inline constexpr const char* kBatchConfirmed = "confirmed";
inline constexpr const char* kTransferPaid = "paid";
inline constexpr const char* kTransferFailed = "failed";
inline constexpr const char* kTransferPending = "pending";

// Advance::state.
inline constexpr const char* kAdvanceContracted = "contracted";
inline constexpr const char* kAdvancePaid = "paid";
inline constexpr const char* kAdvanceCleared = "cleared";

// Procurement methods.
inline constexpr const char* kMethodSpecific = "specific";    // วิธีเฉพาะเจาะจง
inline constexpr const char* kMethodSelection = "selection";  // วิธีคัดเลือก
inline constexpr const char* kMethodEBidding = "e-bidding";   // วิธีประกวดราคาอิเล็กทรอนิกส์

}  // namespace klang::expenditure
