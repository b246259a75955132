// budget/kinds.h — the one table of the names the budget module writes into the log and its
// projections: entry kinds (docs/budget.md), numbering series, and the kinds, states and
// authorities its documents carry. Spelled once here; code compares against these, never against
// a literal.
#pragma once

namespace klang::budget {

// Entry kinds.
inline constexpr const char* kKindBudget = "bud.budget";       // ร่างงบประมาณ
inline constexpr const char* kKindRevise = "bud.revise";       // แก้ไขร่าง
inline constexpr const char* kKindAdopt = "bud.adopt";         // สภาเห็นชอบ
inline constexpr const char* kKindApprove = "bud.approve";     // ผู้มีอำนาจอนุมัติ
inline constexpr const char* kKindTransfer = "bud.transfer";   // โอนงบประมาณ
inline constexpr const char* kKindExplain = "bud.explain";     // แก้ไขเปลี่ยนแปลงคำชี้แจง
inline constexpr const char* kKindReport = "bud.report";       // รายงานผู้ว่าฯ / นายอำเภอ
inline constexpr const char* kKindCarryOver = "bud.carryover";               // กันเงิน
inline constexpr const char* kKindCarryOverExtend = "bud.carryover.extend";  // ขยายเวลาเบิกจ่าย
inline constexpr const char* kKindCarryOverLapse = "bud.carryover.lapse";    // เงินกันพับไป

// Numbering series.
inline constexpr const char* kTransferSeries = "bud.transfer";    // การโอนงบประมาณ ครั้งที่
inline constexpr const char* kExplanationSeries = "bud.explain";  // การแก้ไขเปลี่ยนแปลงคำชี้แจง ครั้งที่
inline constexpr const char* kCarryOverSeries = "bud.carryover";  // กันเงินเลขที่

// Budget::kind.
inline constexpr const char* kAnnual = "annual";                // งบประมาณรายจ่ายประจำปี
inline constexpr const char* kSupplementary = "supplementary";  // งบประมาณรายจ่ายเพิ่มเติม
inline constexpr const char* kSpecific = "specific";            // งบประมาณรายจ่ายเฉพาะการ

// Budget::state.
inline constexpr const char* kDraft = "draft";
inline constexpr const char* kAdopted = "adopted";
inline constexpr const char* kApproved = "approved";

// BudgetChange::kind.
inline constexpr const char* kChangeTransfer = "transfer";
inline constexpr const char* kChangeExplanation = "explanation";

// CarryOver::kind.
inline constexpr const char* kCarryOverDebt = "debt";       // มีหนี้ผูกพันแล้ว (ใบสั่งซื้อ/สัญญา)
inline constexpr const char* kCarryOverNoDebt = "no_debt";  // ยังไม่ได้ก่อหนี้ผูกพัน (งบลงทุนเท่านั้น)

// Who approves a change.
inline constexpr const char* kExecutive = "executive";  // ผู้บริหารท้องถิ่น
inline constexpr const char* kCouncil = "council";      // สภาท้องถิ่น
inline constexpr const char* kGovernor = "governor";    // ผู้ว่าราชการจังหวัด (a later extension)

}  // namespace klang::budget
