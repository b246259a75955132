// accounting/kinds.h — the one table of the names the general journal writes: its entry kinds
// (docs/ledger-format.md) and its numbering series. Spelled once here; code compares against
// these, never against a literal.
#pragma once

namespace klang::accounting {

// Entry kinds.
inline constexpr const char* kKindVoucher = "gl.voucher";    // ใบผ่านรายการบัญชีทั่วไป
inline constexpr const char* kKindOpening = "gl.opening";    // ยอดยกมา
inline constexpr const char* kKindReversal = "gl.reversal";  // รายการกลับ (a correction)

// The numbering series of all three (บท. <n>/<FY>).
inline constexpr const char* kVoucherSeries = "gl.voucher";

// VoucherInput::type.
inline constexpr const char* kVoucherTypeGeneral = "general";
inline constexpr const char* kVoucherTypeOpening = "opening";

}  // namespace klang::accounting
