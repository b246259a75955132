#include "revenue/signboard_tax.h"

#include <charconv>

#include "core/thai.h"

namespace klang::revenue {
namespace {

constexpr std::string_view kRatesHeader =
    "tax_year,sign_class,moving,rate_baht,minimum_baht,source";
constexpr int64_t kPercentDenominator = 100;
constexpr int64_t kBasisPointsDenominator = 10'000;
constexpr int kMonthsPerYear = 12;
// The explanation prints surcharge rates as whole percentages.
static_assert(kLateFilingSurchargeBasisPoints % 100 == 0);
static_assert(kLatePaymentSurchargeBasisPointsPerMonth % 100 == 0);

std::vector<std::string_view> SplitCsvLine(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

// Whole decimal integer, nothing else (no sign, no spaces).
bool ParseInt(std::string_view text, int* out) {
  if (text.empty() || text.size() > 9) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return std::from_chars(text.data(), text.data() + text.size(), *out).ec == std::errc();
}

// 9600 -> "9,600".
std::string GroupThousands(int64_t value) {
  KLANG_ASSERT(value >= 0);
  const std::string digits = std::to_string(value);
  std::string out;
  for (size_t index = 0; index < digits.size(); ++index) {
    if (index > 0 && (digits.size() - index) % 3 == 0) out += ',';
    out += digits[index];
  }
  return out;
}

Status Overflow(std::string_view what) {
  return Status::InvalidInput("signboard.overflow", "จำนวนเงินภาษีป้ายมากเกินกว่าที่ระบบรองรับ",
                              std::string(what) + " exceeds Money::kAmountSatangMax");
}

// amount × numerator / denominator, rounded half up to the satang. Amounts here are never
// negative, so "half up" and "half away from zero" agree. Integer only: the product is held in
// 128 bits, so no intermediate can overflow.
Result<Money> ShareOf(Money amount, int64_t numerator, int64_t denominator, std::string_view what) {
  KLANG_ASSERT(amount.satang() >= 0 && numerator >= 0 && denominator > 0);
  const __int128 product = static_cast<__int128>(amount.satang()) * numerator;
  const __int128 rounded = (2 * product + denominator) / (2 * static_cast<__int128>(denominator));
  if (rounded > Money::kAmountSatangMax) return Overflow(what);
  return Money::FromSatang(static_cast<int64_t>(rounded));
}

Result<Money> Sum(Money a, Money b, std::string_view what) {
  KLANG_ASSIGN_OR_RETURN(const Money sum, Money::CheckedAdd(a, b));
  if (sum.satang() > Money::kAmountSatangMax) return Overflow(what);
  return sum;
}

// Quarter of the calendar year in which a new sign was installed -> percent of the annual tax
// (the Act charges from the quarter of installation to the end of the year).
int ProrationPercent(Date installed_on) {
  static constexpr int kPercentByQuarter[] = {100, 75, 50, 25};
  return kPercentByQuarter[(installed_on.month() - 1) / 3];
}

Status RowError(int line_number, const std::string& detail) {
  return Status::InvalidInput("signboard.rates_row",
                              "ตารางอัตราภาษีป้ายบรรทัดที่ " + std::to_string(line_number) + " ไม่ถูกต้อง",
                              "line " + std::to_string(line_number) + ": " + detail);
}

Status CheckDate(const std::optional<Date>& date, const char* code, const char* field,
                 const char* message_th) {
  if (date.has_value() && !date->valid()) {
    return Status::InvalidInput(code, message_th, std::string(field) + " is not a valid date",
                                field);
  }
  return Status::Ok();
}

Status ValidateInput(const SignboardInput& input) {
  if (input.width_cm <= 0 || input.width_cm > kSignSideCmMax) {
    return Status::InvalidInput("signboard.width",
                                "ความกว้างของป้ายต้องมากกว่า 0 และไม่เกิน 100,000 เซนติเมตร",
                                "width_cm must be 1.." + std::to_string(kSignSideCmMax) + ", got " +
                                    std::to_string(input.width_cm),
                                "width_cm");
  }
  if (input.height_cm <= 0 || input.height_cm > kSignSideCmMax) {
    return Status::InvalidInput("signboard.height",
                                "ความสูงของป้ายต้องมากกว่า 0 และไม่เกิน 100,000 เซนติเมตร",
                                "height_cm must be 1.." + std::to_string(kSignSideCmMax) +
                                    ", got " + std::to_string(input.height_cm),
                                "height_cm");
  }
  if (input.sign_class < kSignClassMin || input.sign_class > kSignClassMax) {
    return Status::InvalidInput("signboard.sign_class", "ประเภทป้ายต้องเป็น 1, 2 หรือ 3",
                                "sign_class must be 1..3, got " + std::to_string(input.sign_class),
                                "sign_class");
  }
  if (input.tax_year < kTaxYearBeMin || input.tax_year > kTaxYearBeMax) {
    return Status::InvalidInput(
        "signboard.tax_year",
        "ปีภาษีต้องอยู่ระหว่าง " + std::to_string(kTaxYearBeMin) + " ถึง " + std::to_string(kTaxYearBeMax),
        "tax_year (BE) out of range: " + std::to_string(input.tax_year), "tax_year");
  }
  KLANG_RETURN_IF_ERROR(
      CheckDate(input.installed_on, "signboard.installed_on", "installed_on", "วันที่ติดตั้งป้ายไม่ถูกต้อง"));
  if (input.installed_on.has_value() && input.installed_on->year_be() != input.tax_year) {
    const std::string year = std::to_string(input.tax_year);
    return Status::InvalidInput(
        "signboard.installed_on",
        "วันที่ติดตั้งป้ายใหม่ต้องอยู่ในปีภาษี " + year + " (1 มกราคม – 31 ธันวาคม " + year + ")",
        "installed_on " + input.installed_on->ToIso() + " is not in tax year " + year,
        "installed_on");
  }
  KLANG_RETURN_IF_ERROR(
      CheckDate(input.due_date, "signboard.due_date", "due_date", "วันครบกำหนดชำระภาษีไม่ถูกต้อง"));
  KLANG_RETURN_IF_ERROR(
      CheckDate(input.paid_on, "signboard.paid_on", "paid_on", "วันที่ชำระภาษีไม่ถูกต้อง"));
  // A payment date needs a deadline to count months late from. A deadline without a payment
  // date is an assessment not yet paid: nothing is late yet.
  if (input.paid_on.has_value() && !input.due_date.has_value()) {
    return Status::InvalidInput("signboard.due_date", "ต้องระบุวันครบกำหนดชำระภาษีเมื่อระบุวันที่ชำระ",
                                "paid_on given without due_date", "due_date");
  }
  return Status::Ok();
}

std::string Explain(const SignboardInput& input, const SignboardTax& tax) {
  std::string out = "พื้นที่ " + std::to_string(input.width_cm) + " × " +
                    std::to_string(input.height_cm) + " = " + GroupThousands(tax.area_cm2) +
                    " ตร.ซม. = " + GroupThousands(tax.units) + " หน่วย × " +
                    tax.rate_per_unit.Format() + " บาท = " + tax.annual.Format() + " บาท";
  if (input.installed_on.has_value()) {
    out += " × " + std::to_string(tax.proration_percent) + "% (ป้ายใหม่ ติดตั้ง " +
           FormatThaiDateLong(*input.installed_on) + ") = " + tax.prorated.Format() + " บาท";
  }
  if (tax.minimum_applied) out += " ต่ำกว่าขั้นต่ำ จึงเสีย " + tax.tax.Format() + " บาท";
  if (input.late_filing) {
    out += " + เงินเพิ่มยื่นแบบเกินกำหนด " + std::to_string(kLateFilingSurchargeBasisPoints / 100) +
           "% = " + tax.late_filing_surcharge.Format() + " บาท";
  }
  if (tax.months_late > 0) {
    out += " + เงินเพิ่มชำระเกินกำหนด " +
           std::to_string(kLatePaymentSurchargeBasisPointsPerMonth / 100) + "% × " +
           std::to_string(tax.months_late) + " เดือน = " + tax.late_payment_surcharge.Format() +
           " บาท";
  }
  if (input.late_filing || tax.months_late > 0) out += " รวม " + tax.total.Format() + " บาท";
  return out;
}

}  // namespace

int SignboardRateTable::RowIndex(int sign_class, bool moving) {
  KLANG_ASSERT(sign_class >= kSignClassMin && sign_class <= kSignClassMax);
  return (sign_class - kSignClassMin) * 2 + (moving ? 1 : 0);
}

Result<SignboardRateTable> SignboardRateTable::FromCsv(std::string_view csv) {
  // No row limit is needed: duplicates are refused, so a table holds at most six rows for each
  // year kTaxYearBeMin..kTaxYearBeMax (about 6,200 rows).
  SignboardRateTable table;
  int line_number = 0;
  bool header_seen = false;
  size_t position = 0;
  while (position < csv.size()) {
    size_t end = csv.find('\n', position);
    if (end == std::string_view::npos) end = csv.size();
    std::string_view line = csv.substr(position, end - position);
    position = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    if (line.empty()) continue;
    if (!header_seen) {
      if (line != kRatesHeader) {
        return Status::InvalidInput("signboard.rates_header", "หัวตารางอัตราภาษีป้ายไม่ถูกต้อง",
                                    "expected header " + std::string(kRatesHeader));
      }
      header_seen = true;
      continue;
    }
    const auto fields = SplitCsvLine(line);
    if (fields.size() != 6) return RowError(line_number, "expected 6 fields");
    SignboardRate rate;
    if (!ParseInt(fields[0], &rate.tax_year) || rate.tax_year < kTaxYearBeMin ||
        rate.tax_year > kTaxYearBeMax) {
      return RowError(line_number, "tax_year must be a BE year " + std::to_string(kTaxYearBeMin) +
                                       ".." + std::to_string(kTaxYearBeMax));
    }
    if (!ParseInt(fields[1], &rate.sign_class) || rate.sign_class < kSignClassMin ||
        rate.sign_class > kSignClassMax) {
      return RowError(line_number, "sign_class must be 1..3");
    }
    if (fields[2] != "0" && fields[2] != "1") return RowError(line_number, "moving must be 0 or 1");
    rate.moving = fields[2] == "1";
    auto rate_baht = Money::Parse(fields[3]);
    if (!rate_baht.ok() || rate_baht->satang() <= 0 ||
        rate_baht->satang() > Money::kAmountSatangMax) {
      return RowError(line_number, "rate_baht must be a positive amount");
    }
    rate.rate_per_unit = *rate_baht;
    auto minimum_baht = Money::Parse(fields[4]);
    if (!minimum_baht.ok() || minimum_baht->is_negative() ||
        minimum_baht->satang() > Money::kAmountSatangMax) {
      return RowError(line_number, "minimum_baht must be an amount >= 0");
    }
    rate.minimum = *minimum_baht;
    if (fields[5].empty()) return RowError(line_number, "source must not be empty");
    rate.source = std::string(fields[5]);

    auto& year_rows = table.rows_by_year_[rate.tax_year];
    if (year_rows.empty()) year_rows.resize(kRowsPerYear);
    SignboardRate& slot = year_rows[RowIndex(rate.sign_class, rate.moving)];
    // A filled slot has a non-zero year (rates are validated positive, years >= 2510).
    if (slot.tax_year != 0) {
      return Status::InvalidInput(
          "signboard.rates_duplicate",
          "ตารางอัตราภาษีป้ายบรรทัดที่ " + std::to_string(line_number) + " ซ้ำกับบรรทัดก่อนหน้า",
          "line " + std::to_string(line_number) + ": duplicate (tax_year, sign_class, moving)");
    }
    slot = std::move(rate);
  }
  if (table.rows_by_year_.empty()) {
    return Status::InvalidInput("signboard.rates_empty", "ไม่มีรายการในตารางอัตราภาษีป้าย", "no rows");
  }
  for (const auto& [year, year_rows] : table.rows_by_year_) {
    for (const SignboardRate& row : year_rows) {
      if (row.tax_year == 0) {
        return Status::InvalidInput(
            "signboard.rates_incomplete",
            "ตารางอัตราภาษีป้ายปี " + std::to_string(year) + " ไม่ครบทุกประเภทป้าย",
            "tax_year " + std::to_string(year) +
                " must have a row for each sign_class 1..3 with moving 0 and 1");
      }
    }
  }
  return table;
}

Result<SignboardRate> SignboardRateTable::Find(int tax_year, int sign_class, bool moving) const {
  if (sign_class < kSignClassMin || sign_class > kSignClassMax) {
    return Status::InvalidInput("signboard.sign_class", "ประเภทป้ายต้องเป็น 1, 2 หรือ 3",
                                "sign_class must be 1..3, got " + std::to_string(sign_class),
                                "sign_class");
  }
  auto after = rows_by_year_.upper_bound(tax_year);
  if (after == rows_by_year_.begin()) {
    return Status::InvalidInput(
        "signboard.tax_year", "ไม่มีอัตราภาษีป้ายสำหรับปีภาษี " + std::to_string(tax_year),
        "no rates for tax_year " + std::to_string(tax_year) + " or any earlier year", "tax_year");
  }
  return std::prev(after)->second[RowIndex(sign_class, moving)];
}

std::vector<int> SignboardRateTable::Years() const {
  std::vector<int> years;
  for (const auto& [year, year_rows] : rows_by_year_) years.push_back(year);
  return years;
}

Date AddMonths(Date date, int months) {
  KLANG_ASSERT(date.valid() && months >= 0);
  const int month_index = date.month() - 1 + months;  // months since January of date's year
  const int year = date.year() + month_index / kMonthsPerYear;
  const int month = month_index % kMonthsPerYear + 1;
  // Clamp the day: the first of the next month minus one day is the month's last day.
  const Date first_of_next = month == 12 ? Date::FromCivil(year + 1, 1, 1).value()
                                         : Date::FromCivil(year, month + 1, 1).value();
  const Date last_of_month = first_of_next.AddDays(-1);
  if (date.day() >= last_of_month.day()) return last_of_month;
  return Date::FromCivil(year, month, date.day()).value();
}

Result<Money> LatePaymentSurcharge(Money tax, int months_late) {
  KLANG_ASSERT(months_late >= 0);
  return ShareOf(tax, kLatePaymentSurchargeBasisPointsPerMonth * months_late,
                 kBasisPointsDenominator, "late payment surcharge");
}

int MonthsLate(Date due, Date paid) {
  KLANG_ASSERT(due.valid() && paid.valid());
  if (paid <= due) return 0;
  // AddMonths(due, n − 1) lies in the month before `paid`, so the answer is n or n + 1.
  const int months = (paid.year() - due.year()) * kMonthsPerYear + (paid.month() - due.month());
  return paid <= AddMonths(due, months) ? months : months + 1;
}

Result<SignboardTax> ComputeSignboardTax(const SignboardInput& input,
                                         const SignboardRateTable& rates) {
  KLANG_RETURN_IF_ERROR(ValidateInput(input));
  KLANG_ASSIGN_OR_RETURN(const SignboardRate rate,
                         rates.Find(input.tax_year, input.sign_class, input.moving));
  SignboardTax tax;
  tax.rate_year = rate.tax_year;
  tax.rate_per_unit = rate.rate_per_unit;
  tax.minimum = rate.minimum;

  // Sides are at most 10^5 cm, so the area (<= 10^10 cm²) cannot overflow int64.
  tax.area_cm2 = int64_t{input.width_cm} * input.height_cm;
  tax.units = tax.area_cm2 / kAreaUnitCm2;
  // "Strictly more than half": 250 cm² is dropped, 251 cm² counts as a unit.
  if ((tax.area_cm2 % kAreaUnitCm2) * 2 > kAreaUnitCm2) ++tax.units;

  auto annual = Money::CheckedMultiply(rate.rate_per_unit, tax.units);
  if (!annual.ok() || annual->satang() > Money::kAmountSatangMax) return Overflow("annual tax");
  tax.annual = *annual;

  // Proration before the minimum, so a sign installed late in the year still pays at least the
  // minimum (docs/signboard-tax.md).
  tax.proration_percent =
      input.installed_on.has_value() ? ProrationPercent(*input.installed_on) : 100;
  KLANG_ASSIGN_OR_RETURN(tax.prorated, ShareOf(tax.annual, tax.proration_percent,
                                               kPercentDenominator, "prorated tax"));
  tax.minimum_applied = tax.prorated < rate.minimum;
  tax.tax = tax.minimum_applied ? rate.minimum : tax.prorated;

  if (input.late_filing) {
    KLANG_ASSIGN_OR_RETURN(tax.late_filing_surcharge,
                           ShareOf(tax.tax, kLateFilingSurchargeBasisPoints,
                                   kBasisPointsDenominator, "late filing surcharge"));
  }
  if (input.paid_on.has_value()) {
    tax.months_late = MonthsLate(*input.due_date, *input.paid_on);
    // One rounding on the whole surcharge (2 % × months of the tax, never of the 10 %), not a
    // rounded 2 % multiplied by the months: the Act states one percentage of the tax.
    KLANG_ASSIGN_OR_RETURN(tax.late_payment_surcharge,
                           LatePaymentSurcharge(tax.tax, tax.months_late));
  }
  KLANG_ASSIGN_OR_RETURN(const Money with_filing, Sum(tax.tax, tax.late_filing_surcharge, "total"));
  KLANG_ASSIGN_OR_RETURN(tax.total, Sum(with_filing, tax.late_payment_surcharge, "total"));
  tax.explanation_th = Explain(input, tax);
  return tax;
}

}  // namespace klang::revenue
