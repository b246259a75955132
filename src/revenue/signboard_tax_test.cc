// Unit tests for the signboard-tax calculator (ภาษีป้าย). Every expected amount is a literal
// computed by hand, with the arithmetic in a comment beside it; the rates come from the shipped
// data/signboard_tax_rates.csv (2565 rates: class 1 other 5 / moving 10, class 2 other 26 /
// moving 52, class 3 other 50 / moving 52; 2510 rates 3 / 20 / 40; minimum 200) unless a test
// builds its own table to reach a case the real rates cannot (half a satang in a proration,
// overflow, a year with a different minimum).
#include "revenue/signboard_tax.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace klang::revenue {
namespace {

Money M(int64_t satang) { return Money::FromSatang(satang); }
Date D(const char* iso) { return Date::ParseIso(iso).value(); }

std::string SourceDir() {
  if (const char* dir = std::getenv("KLANG_SOURCE_DIR")) return dir;
  return KLANG_SOURCE_DIR_DEFAULT;
}

const SignboardRateTable& ShippedRates() {
  static const SignboardRateTable* table = [] {
    std::ifstream in(SourceDir() + "/data/signboard_tax_rates.csv");
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = SignboardRateTable::FromCsv(text.str());
    KLANG_ASSERT_MSG(parsed.ok(), "data/signboard_tax_rates.csv does not load");
    return new SignboardRateTable(std::move(parsed).value());
  }();
  return *table;
}

// A table of one year with the same rate and minimum for every class, for the cases the real
// rates cannot reach.
SignboardRateTable UniformTable(int year, const std::string& rate, const std::string& minimum) {
  std::string csv = "tax_year,sign_class,moving,rate_baht,minimum_baht,source\n";
  for (int sign_class = 1; sign_class <= 3; ++sign_class) {
    for (int moving = 0; moving <= 1; ++moving) {
      csv += std::to_string(year) + "," + std::to_string(sign_class) + "," +
             std::to_string(moving) + "," + rate + "," + minimum + ",test\n";
    }
  }
  return SignboardRateTable::FromCsv(csv).value();
}

// A sign assessed for tax year 2568 (calendar 2025), not new, filed and paid on time.
SignboardInput Sign(int width_cm, int height_cm, int sign_class, bool moving = false) {
  SignboardInput input;
  input.width_cm = width_cm;
  input.height_cm = height_cm;
  input.sign_class = sign_class;
  input.moving = moving;
  input.tax_year = 2568;
  return input;
}

SignboardTax Compute(const SignboardInput& input) {
  auto result = ComputeSignboardTax(input, ShippedRates());
  EXPECT_TRUE(result.ok()) << result.status().ToString();
  return result.ok() ? result.value() : SignboardTax{};
}

void ExpectError(const SignboardInput& input, const std::string& code, const std::string& field,
                 const SignboardRateTable& rates = ShippedRates()) {
  const auto result = ComputeSignboardTax(input, rates);
  ASSERT_FALSE(result.ok()) << code;
  EXPECT_EQ(result.status().code(), ErrorCode::kInvalidInput) << code;
  EXPECT_EQ(result.status().stable_code(), code);
  EXPECT_EQ(result.status().field(), field) << code;
  EXPECT_FALSE(result.status().message_th().empty()) << code;
}

// ---- the rate table ----

TEST(SignboardRates, ShippedTableLoadsWithBothYears) {
  EXPECT_EQ(ShippedRates().Years(), (std::vector<int>{2510, 2565}));
  const SignboardRate row = ShippedRates().Find(2565, 3, true).value();
  EXPECT_EQ(row.tax_year, 2565);
  EXPECT_EQ(row.rate_per_unit, M(5200));  // 52 baht
  EXPECT_EQ(row.minimum, M(20000));       // 200 baht
  EXPECT_EQ(row.source, "กฎกระทรวง 2563 (ตรวจสอบกับราชกิจจานุเบกษาก่อนใช้)");
  EXPECT_EQ(ShippedRates().Find(2510, 1, false)->source, "พ.ร.บ.ภาษีป้าย 2510 (แก้ไข 2534)");
}

TEST(SignboardRates, ShippedRatesPerClassAndKind) {
  struct Case {
    int year, sign_class;
    bool moving;
    int64_t rate_satang;
  };
  for (const Case& c :
       {Case{2510, 1, false, 300}, Case{2510, 1, true, 300}, Case{2510, 2, false, 2000},
        Case{2510, 2, true, 2000}, Case{2510, 3, false, 4000}, Case{2510, 3, true, 4000},
        Case{2565, 1, false, 500}, Case{2565, 1, true, 1000}, Case{2565, 2, false, 2600},
        Case{2565, 2, true, 5200}, Case{2565, 3, false, 5000}, Case{2565, 3, true, 5200}}) {
    const auto row = ShippedRates().Find(c.year, c.sign_class, c.moving);
    ASSERT_TRUE(row.ok()) << c.year << " " << c.sign_class;
    EXPECT_EQ(row->rate_per_unit, M(c.rate_satang)) << c.year << " " << c.sign_class;
    EXPECT_EQ(row->minimum, M(20000));
  }
}

TEST(SignboardRates, BeforeTheMovingDistinctionBothRowsAgree) {
  for (int year : ShippedRates().Years()) {
    if (year >= 2565) continue;
    for (int sign_class = 1; sign_class <= 3; ++sign_class) {
      EXPECT_EQ(ShippedRates().Find(year, sign_class, false)->rate_per_unit,
                ShippedRates().Find(year, sign_class, true)->rate_per_unit)
          << year << " class " << sign_class;
    }
  }
}

TEST(SignboardRates, LatestYearAtOrBeforeTheTaxYearApplies) {
  EXPECT_EQ(ShippedRates().Find(2510, 2, false)->tax_year, 2510);
  EXPECT_EQ(ShippedRates().Find(2564, 2, false)->tax_year, 2510);  // last year of old rates
  EXPECT_EQ(ShippedRates().Find(2564, 2, false)->rate_per_unit, M(2000));
  EXPECT_EQ(ShippedRates().Find(2565, 2, false)->tax_year, 2565);
  EXPECT_EQ(ShippedRates().Find(2565, 2, false)->rate_per_unit, M(2600));
  EXPECT_EQ(ShippedRates().Find(2600, 2, false)->tax_year, 2565);  // no newer rows
  const auto too_early = ShippedRates().Find(2509, 2, false);
  ASSERT_FALSE(too_early.ok());
  EXPECT_EQ(too_early.status().stable_code(), "signboard.tax_year");
  EXPECT_EQ(too_early.status().field(), "tax_year");
  const auto bad_class = ShippedRates().Find(2565, 4, false);
  ASSERT_FALSE(bad_class.ok());
  EXPECT_EQ(bad_class.status().stable_code(), "signboard.sign_class");
}

TEST(SignboardRates, YearLookupInComputationUsesThatYearsMinimum) {
  // 2565 rows as shipped for class 1; a fictional 2570 with rate 6 and minimum 300.
  std::string csv = "tax_year,sign_class,moving,rate_baht,minimum_baht,source\n";
  for (int sign_class = 1; sign_class <= 3; ++sign_class) {
    for (int moving = 0; moving <= 1; ++moving) {
      const std::string key = std::to_string(sign_class) + "," + std::to_string(moving);
      csv += "2565," + key + ",5,200,a\n";
      csv += "2570," + key + ",6,300.50,b\n";
    }
  }
  const auto table = SignboardRateTable::FromCsv(csv).value();
  SignboardInput input = Sign(120, 80, 1);  // 9,600 cm² = 19 units (remainder 100 dropped)
  input.tax_year = 2569;
  auto tax = ComputeSignboardTax(input, table).value();
  EXPECT_EQ(tax.rate_year, 2565);
  EXPECT_EQ(tax.annual, M(9500));  // 19 × 5.00 = 95.00
  EXPECT_EQ(tax.tax, M(20000));    // below the 2565 minimum 200.00
  input.tax_year = 2570;
  tax = ComputeSignboardTax(input, table).value();
  EXPECT_EQ(tax.rate_year, 2570);
  EXPECT_EQ(tax.annual, M(11400));  // 19 × 6.00 = 114.00
  EXPECT_EQ(tax.tax, M(30050));     // below the 2570 minimum 300.50
  input.tax_year = 2575;
  EXPECT_EQ(ComputeSignboardTax(input, table)->rate_year, 2570);
  input.tax_year = 2564;  // a valid BE year, but the table starts at 2565
  ExpectError(input, "signboard.tax_year", "tax_year", table);
}

TEST(SignboardRates, AcceptsBomCrlfAndBlankLines) {
  const std::string csv =
      "\xEF\xBB\xBFtax_year,sign_class,moving,rate_baht,minimum_baht,source\r\n"
      "\r\n"
      "2565,1,0,5,200,x\r\n2565,1,1,10.50,200,x\r\n2565,2,0,26,200,x\r\n"
      "2565,2,1,52,200,x\r\n2565,3,0,50,200,x\r\n2565,3,1,52,200.25,x\r\n\r\n";
  const auto table = SignboardRateTable::FromCsv(csv);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(table->Find(2565, 1, true)->rate_per_unit, M(1050));
  EXPECT_EQ(table->Find(2565, 3, true)->minimum, M(20025));
}

TEST(SignboardRates, RejectsBadTables) {
  const std::string header = "tax_year,sign_class,moving,rate_baht,minimum_baht,source\n";
  const std::string rest_of_2565 =
      "2565,1,1,10,200,x\n2565,2,0,26,200,x\n2565,2,1,52,200,x\n2565,3,0,50,200,x\n"
      "2565,3,1,52,200,x\n";
  auto code_of = [](const std::string& csv) {
    const auto result = SignboardRateTable::FromCsv(csv);
    return result.ok() ? std::string("ok") : result.status().stable_code();
  };
  EXPECT_EQ(code_of(header + "2565,1,0,5,200,x\n" + rest_of_2565), "ok");
  EXPECT_EQ(code_of(""), "signboard.rates_empty");
  EXPECT_EQ(code_of(header), "signboard.rates_empty");
  EXPECT_EQ(code_of("year,class,moving,rate,minimum,source\n2565,1,0,5,200,x\n"),
            "signboard.rates_header");
  for (const char* bad_row :
       {"2565,1,0,5,200",          // 5 fields
        "2565,1,0,5,200,x,extra",  // 7 fields
        "25x5,1,0,5,200,x", "2509,1,0,5,200,x", "3543,1,0,5,200,x", "-2565,1,0,5,200,x",
        "2565,0,0,5,200,x", "2565,4,0,5,200,x", "2565,1,2,5,200,x", "2565,1,yes,5,200,x",
        "2565,1,0,abc,200,x", "2565,1,0,0,200,x", "2565,1,0,-5,200,x", "2565,1,0,1.234,200,x",
        "2565,1,0,,200,x", "2565,1,0,5,-1,x", "2565,1,0,5,two,x", "2565,1,0,5,200,",
        "2565,1,0,10000000000001,200,x"}) {  // above Money::kAmountSatangMax
    const auto result = SignboardRateTable::FromCsv(header + bad_row + "\n" + rest_of_2565);
    ASSERT_FALSE(result.ok()) << bad_row;
    EXPECT_EQ(result.status().stable_code(), "signboard.rates_row") << bad_row;
    EXPECT_EQ(result.status().message_th(), "ตารางอัตราภาษีป้ายบรรทัดที่ 2 ไม่ถูกต้อง") << bad_row;
  }
  EXPECT_EQ(code_of(header + "2565,1,0,5,200,x\n" + rest_of_2565 + "2565,2,1,52,200,y\n"),
            "signboard.rates_duplicate");
  // 2565 lacks class 1 non-moving.
  EXPECT_EQ(code_of(header + rest_of_2565), "signboard.rates_incomplete");
  // A complete 2510 does not make up for an incomplete 2565.
  EXPECT_EQ(code_of(header +
                    "2510,1,0,3,200,x\n2510,1,1,3,200,x\n2510,2,0,20,200,x\n"
                    "2510,2,1,20,200,x\n2510,3,0,40,200,x\n2510,3,1,40,200,x\n" +
                    rest_of_2565),
            "signboard.rates_incomplete");
}

// ---- area and units ----

TEST(SignboardArea, RemainderOverHalfAUnitCountsAsAUnit) {
  struct Case {
    int width_cm, height_cm;
    int64_t area_cm2, units;
  };
  for (const Case& c : {
           Case{25, 40, 1000, 2},  // 1,000 = 2 × 500, remainder 0
           Case{25, 30, 750, 1},   // 750 = 1 × 500 + 250: exactly half, dropped
           Case{9, 139, 1251, 3},  // 1,251 = 2 × 500 + 251: over half, counts -> 3
           Case{27, 37, 999, 2},   // 999 = 1 × 500 + 499 -> 2
           Case{1, 1, 1, 0},       // 1 = 0 × 500 + 1: no unit at all (the minimum still applies)
           Case{10, 25, 250, 0},   // 250 = half a unit, dropped
           Case{1, 251, 251, 1},   // 251 = over half -> 1
       }) {
    const SignboardTax tax = Compute(Sign(c.width_cm, c.height_cm, 1));
    EXPECT_EQ(tax.area_cm2, c.area_cm2) << c.width_cm << "×" << c.height_cm;
    EXPECT_EQ(tax.units, c.units) << c.width_cm << "×" << c.height_cm;
  }
}

TEST(SignboardArea, RoundingAtEachRemainderWithAmounts) {
  // Class 3, not moving, 2568: 50.00 baht a unit.
  SignboardTax tax = Compute(Sign(200, 100, 3));  // 20,000 = 40 × 500 r 0 -> 40 units
  EXPECT_EQ(tax.units, 40);
  EXPECT_EQ(tax.annual, M(200000));  // 40 × 50.00 = 2,000.00
  EXPECT_EQ(tax.total, M(200000));
  tax = Compute(Sign(125, 162, 3));  // 20,250 = 40 × 500 r 250 -> 40 units
  EXPECT_EQ(tax.units, 40);
  EXPECT_EQ(tax.annual, M(200000));  // 40 × 50.00 = 2,000.00
  tax = Compute(Sign(77, 263, 3));   // 20,251 = 40 × 500 r 251 -> 41 units
  EXPECT_EQ(tax.units, 41);
  EXPECT_EQ(tax.annual, M(205000));  // 41 × 50.00 = 2,050.00
  tax = Compute(Sign(3, 6833, 3));   // 20,499 = 40 × 500 r 499 -> 41 units
  EXPECT_EQ(tax.area_cm2, 20499);
  EXPECT_EQ(tax.units, 41);
  EXPECT_EQ(tax.annual, M(205000));  // 41 × 50.00 = 2,050.00
}

TEST(SignboardArea, LargestSign) {
  // 100,000 × 100,000 = 10,000,000,000 cm² = 20,000,000 units × 52.00 (class 3 moving)
  // = 1,040,000,000.00
  const SignboardTax tax = Compute(Sign(100'000, 100'000, 3, true));
  EXPECT_EQ(tax.area_cm2, 10'000'000'000);
  EXPECT_EQ(tax.units, 20'000'000);
  EXPECT_EQ(tax.tax, M(104'000'000'000));
}

// ---- rates by class and kind ----

TEST(SignboardRate, EachClassAndKindIn2568And2564) {
  // 200 × 100 = 20,000 cm² = 40 units in every case.
  struct Case {
    int tax_year, sign_class;
    bool moving;
    int64_t annual_satang;
  };
  for (const Case& c : {
           Case{2568, 1, false, 20000},   // 40 × 5 = 200.00
           Case{2568, 1, true, 40000},    // 40 × 10 = 400.00
           Case{2568, 2, false, 104000},  // 40 × 26 = 1,040.00
           Case{2568, 2, true, 208000},   // 40 × 52 = 2,080.00
           Case{2568, 3, false, 200000},  // 40 × 50 = 2,000.00
           Case{2568, 3, true, 208000},   // 40 × 52 = 2,080.00
           Case{2564, 1, false, 12000},   // 40 × 3 = 120.00 (below the minimum)
           Case{2564, 1, true, 12000},    // 40 × 3 = 120.00
           Case{2564, 2, false, 80000},   // 40 × 20 = 800.00
           Case{2564, 2, true, 80000},    // 40 × 20 = 800.00
           Case{2564, 3, false, 160000},  // 40 × 40 = 1,600.00
           Case{2564, 3, true, 160000},   // 40 × 40 = 1,600.00
       }) {
    SignboardInput input = Sign(200, 100, c.sign_class, c.moving);
    input.tax_year = c.tax_year;
    const SignboardTax tax = Compute(input);
    EXPECT_EQ(tax.annual, M(c.annual_satang))
        << c.tax_year << " class " << c.sign_class << " moving " << c.moving;
    EXPECT_EQ(tax.rate_year, c.tax_year >= 2565 ? 2565 : 2510);
  }
}

// ---- the minimum ----

TEST(SignboardMinimum, BelowTheMinimumPaysTheMinimum) {
  // 120 × 80 = 9,600 = 19 × 500 r 100 -> 19 units × 5.00 = 95.00 < 200.00
  const SignboardTax tax = Compute(Sign(120, 80, 1));
  EXPECT_EQ(tax.area_cm2, 9600);
  EXPECT_EQ(tax.units, 19);
  EXPECT_EQ(tax.rate_per_unit, M(500));
  EXPECT_EQ(tax.annual, M(9500));
  EXPECT_EQ(tax.prorated, M(9500));
  EXPECT_TRUE(tax.minimum_applied);
  EXPECT_EQ(tax.tax, M(20000));
  EXPECT_EQ(tax.total, M(20000));
  EXPECT_EQ(tax.explanation_th,
            "พื้นที่ 120 × 80 = 9,600 ตร.ซม. = 19 หน่วย × 5.00 บาท = 95.00 บาท "
            "ต่ำกว่าขั้นต่ำ จึงเสีย 200.00 บาท");
}

TEST(SignboardMinimum, ExactlyTheMinimumIsNotBelowIt) {
  // 200 × 100 = 20,000 = 40 units × 5.00 = 200.00 = the minimum
  const SignboardTax tax = Compute(Sign(200, 100, 1));
  EXPECT_FALSE(tax.minimum_applied);
  EXPECT_EQ(tax.tax, M(20000));
  EXPECT_EQ(tax.explanation_th, "พื้นที่ 200 × 100 = 20,000 ตร.ซม. = 40 หน่วย × 5.00 บาท = 200.00 บาท");
}

TEST(SignboardMinimum, ATinySignWithNoUnitsPaysTheMinimum) {
  // 10 × 10 = 100 cm² = 0 units (100 <= 250 dropped) × 5.00 = 0.00 -> 200.00
  const SignboardTax tax = Compute(Sign(10, 10, 1));
  EXPECT_EQ(tax.units, 0);
  EXPECT_EQ(tax.annual, M(0));
  EXPECT_TRUE(tax.minimum_applied);
  EXPECT_EQ(tax.tax, M(20000));
}

TEST(SignboardMinimum, ZeroMinimumInTheTableMeansNoMinimum) {
  const auto table = UniformTable(2565, "1.01", "0");
  // 1 × 1 = 1 cm² = 0 units -> 0.00, and no minimum to raise it.
  const SignboardTax tax = ComputeSignboardTax(Sign(1, 1, 2), table).value();
  EXPECT_FALSE(tax.minimum_applied);
  EXPECT_EQ(tax.tax, M(0));
}

// ---- proration of a new sign ----

TEST(SignboardProration, EachQuarter) {
  // Class 3, not moving: 200 × 100 = 40 units × 50.00 = 2,000.00 a year.
  struct Case {
    const char* installed_on;
    int percent;
    int64_t prorated_satang;
  };
  for (const Case& c : {
           Case{"2025-01-01", 100, 200000},  // Jan–Mar: 2,000.00 × 100 %
           Case{"2025-03-31", 100, 200000},
           Case{"2025-04-01", 75, 150000},  // Apr–Jun: 2,000.00 × 75 % = 1,500.00
           Case{"2025-06-30", 75, 150000},
           Case{"2025-07-01", 50, 100000},  // Jul–Sep: 2,000.00 × 50 % = 1,000.00
           Case{"2025-09-30", 50, 100000},
           Case{"2025-10-01", 25, 50000},  // Oct–Dec: 2,000.00 × 25 % = 500.00
           Case{"2025-12-31", 25, 50000},
       }) {
    SignboardInput input = Sign(200, 100, 3);
    input.installed_on = D(c.installed_on);
    const SignboardTax tax = Compute(input);
    EXPECT_EQ(tax.annual, M(200000)) << c.installed_on;
    EXPECT_EQ(tax.proration_percent, c.percent) << c.installed_on;
    EXPECT_EQ(tax.prorated, M(c.prorated_satang)) << c.installed_on;
    EXPECT_EQ(tax.tax, M(c.prorated_satang)) << c.installed_on;
    EXPECT_FALSE(tax.minimum_applied) << c.installed_on;
  }
}

TEST(SignboardProration, ProrationThenMinimum) {
  // Class 1: 200 × 100 = 40 units × 5.00 = 200.00; installed in July: × 50 % = 100.00, which is
  // below the minimum, so 200.00 (prorating the minimum instead would give 100.00).
  SignboardInput input = Sign(200, 100, 1);
  input.installed_on = D("2025-07-15");
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.annual, M(20000));
  EXPECT_EQ(tax.proration_percent, 50);
  EXPECT_EQ(tax.prorated, M(10000));
  EXPECT_TRUE(tax.minimum_applied);
  EXPECT_EQ(tax.tax, M(20000));
  EXPECT_EQ(tax.explanation_th,
            "พื้นที่ 200 × 100 = 20,000 ตร.ซม. = 40 หน่วย × 5.00 บาท = 200.00 บาท "
            "× 50% (ป้ายใหม่ ติดตั้ง 15 กรกฎาคม 2568) = 100.00 บาท ต่ำกว่าขั้นต่ำ จึงเสีย 200.00 บาท");
}

TEST(SignboardProration, RoundsHalfASatangUp) {
  // Rate 1.01, no minimum; 20 × 25 = 500 cm² = 1 unit -> 1.01 a year.
  const auto table = UniformTable(2565, "1.01", "0");
  auto prorated_on = [&](const char* installed_on) {
    SignboardInput input = Sign(20, 25, 1);
    input.installed_on = D(installed_on);
    return ComputeSignboardTax(input, table)->prorated;
  };
  EXPECT_EQ(prorated_on("2025-02-01"), M(101));  // 101 satang × 100 % = 101
  EXPECT_EQ(prorated_on("2025-05-01"), M(76));   // 101 × 75 % = 75.75 -> 76
  EXPECT_EQ(prorated_on("2025-08-01"), M(51));   // 101 × 50 % = 50.5 (half) -> 51
  EXPECT_EQ(prorated_on("2025-11-01"), M(25));   // 101 × 25 % = 25.25 -> 25
}

// ---- surcharges ----

TEST(SignboardSurcharge, LateFilingAddsTenPercent) {
  // 120 × 80 class 1 -> 200.00 (minimum); 10 % of 200.00 = 20.00
  SignboardInput input = Sign(120, 80, 1);
  input.late_filing = true;
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.tax, M(20000));
  EXPECT_EQ(tax.late_filing_surcharge, M(2000));
  EXPECT_EQ(tax.months_late, 0);
  EXPECT_EQ(tax.late_payment_surcharge, M(0));
  EXPECT_EQ(tax.total, M(22000));  // 200.00 + 20.00
  EXPECT_EQ(tax.explanation_th,
            "พื้นที่ 120 × 80 = 9,600 ตร.ซม. = 19 หน่วย × 5.00 บาท = 95.00 บาท "
            "ต่ำกว่าขั้นต่ำ จึงเสีย 200.00 บาท + เงินเพิ่มยื่นแบบเกินกำหนด 10% = 20.00 บาท "
            "รวม 220.00 บาท");
}

TEST(SignboardSurcharge, PercentagesRoundHalfASatangUp) {
  // Class 1: 201 × 500 = 100,500 cm² = 201 units × 5.00 = 1,005.00; installed in October:
  // × 25 % = 251.25 (25,125 satang).
  SignboardInput input = Sign(201, 500, 1);
  input.installed_on = D("2025-10-01");
  input.late_filing = true;
  input.due_date = D("2025-11-15");
  input.paid_on = D("2025-11-16");  // 1 month late
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.prorated, M(25125));
  EXPECT_EQ(tax.tax, M(25125));
  EXPECT_EQ(tax.late_filing_surcharge, M(2513));  // 10 % of 25,125 = 2,512.5 -> 2,513 (25.13)
  EXPECT_EQ(tax.late_payment_surcharge, M(503));  // 2 % of 25,125 = 502.5 -> 503 (5.03)
  EXPECT_EQ(tax.total, M(28141));                 // 251.25 + 25.13 + 5.03 = 281.41
}

TEST(SignboardSurcharge, PercentagesRoundBelowHalfDown) {
  // Rate 1.01, no minimum: 1 unit -> 1.01 = 101 satang; 10 % = 10.1 -> 10; 2 % = 2.02 -> 2.
  const auto table = UniformTable(2565, "1.01", "0");
  SignboardInput input = Sign(20, 25, 1);
  input.late_filing = true;
  input.due_date = D("2025-04-15");
  input.paid_on = D("2025-04-16");
  const SignboardTax tax = ComputeSignboardTax(input, table).value();
  EXPECT_EQ(tax.late_filing_surcharge, M(10));
  EXPECT_EQ(tax.late_payment_surcharge, M(2));
  EXPECT_EQ(tax.total, M(113));  // 101 + 10 + 2
}

TEST(SignboardSurcharge, LatePaymentTwoPercentPerStartedMonth) {
  // 120 × 80 class 1 -> 200.00; 2 % of 200.00 = 4.00 per month.
  struct Case {
    const char* paid_on;
    int months;
    int64_t surcharge_satang;
  };
  for (const Case& c : {
           Case{"2025-04-10", 0, 0},      // early
           Case{"2025-04-15", 0, 0},      // on the due date
           Case{"2025-04-16", 1, 400},    // one day late = a whole month: 4.00
           Case{"2025-05-15", 1, 400},    // exactly one month
           Case{"2025-05-16", 2, 800},    // a day into the second month: 2 × 4.00
           Case{"2026-04-15", 12, 4800},  // 12 × 4.00 = 48.00
       }) {
    SignboardInput input = Sign(120, 80, 1);
    input.due_date = D("2025-04-15");
    input.paid_on = D(c.paid_on);
    const SignboardTax tax = Compute(input);
    EXPECT_EQ(tax.months_late, c.months) << c.paid_on;
    EXPECT_EQ(tax.late_payment_surcharge, M(c.surcharge_satang)) << c.paid_on;
    EXPECT_EQ(tax.total, M(20000 + c.surcharge_satang)) << c.paid_on;
  }
}

TEST(SignboardSurcharge, LatePaymentIsOnTheTaxNotOnTheFilingSurcharge) {
  // 200.00 tax; filing 10 % = 20.00; 2 months late: 4 % of 200.00 = 8.00 (not 4 % of 220.00
  // = 8.80).
  SignboardInput input = Sign(120, 80, 1);
  input.late_filing = true;
  input.due_date = D("2025-04-15");
  input.paid_on = D("2025-05-16");
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.late_filing_surcharge, M(2000));
  EXPECT_EQ(tax.months_late, 2);
  EXPECT_EQ(tax.late_payment_surcharge, M(800));
  EXPECT_EQ(tax.total, M(22800));  // 200.00 + 20.00 + 8.00
}

TEST(SignboardSurcharge, SeveralMonthsRoundedOnceNotPerMonth) {
  // 251.25 tax (see PercentagesRoundHalfASatangUp); 3 months: 6 % of 25,125 = 1,507.5 -> 1,508
  // (15.08); rounding each month's 2 % first would give 3 × 503 = 1,509.
  SignboardInput input = Sign(201, 500, 1);
  input.installed_on = D("2025-10-01");
  input.due_date = D("2025-11-15");
  input.paid_on = D("2026-01-16");  // Dec 15 (1), Jan 15 (2), Jan 16 -> 3 months
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.months_late, 3);
  EXPECT_EQ(tax.late_payment_surcharge, M(1508));
}

TEST(SignboardSurcharge, DueDateWithoutPaymentChargesNothingYet) {
  SignboardInput input = Sign(120, 80, 1);
  input.due_date = D("2025-04-15");
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.months_late, 0);
  EXPECT_EQ(tax.late_payment_surcharge, M(0));
  EXPECT_EQ(tax.total, M(20000));
}

// ---- months late ----

TEST(SignboardMonthsLate, MidMonthDueDate) {
  const Date due = D("2025-04-15");
  EXPECT_EQ(MonthsLate(due, D("2024-12-01")), 0);
  EXPECT_EQ(MonthsLate(due, D("2025-04-14")), 0);
  EXPECT_EQ(MonthsLate(due, D("2025-04-15")), 0);
  EXPECT_EQ(MonthsLate(due, D("2025-04-16")), 1);
  EXPECT_EQ(MonthsLate(due, D("2025-05-15")), 1);
  EXPECT_EQ(MonthsLate(due, D("2025-05-16")), 2);
  EXPECT_EQ(MonthsLate(due, D("2025-06-15")), 2);
  EXPECT_EQ(MonthsLate(due, D("2025-06-16")), 3);
  EXPECT_EQ(MonthsLate(due, D("2026-04-15")), 12);
  EXPECT_EQ(MonthsLate(due, D("2026-04-16")), 13);
}

TEST(SignboardMonthsLate, AcrossTheYearEnd) {
  const Date due = D("2025-11-20");
  EXPECT_EQ(MonthsLate(due, D("2025-12-20")), 1);
  EXPECT_EQ(MonthsLate(due, D("2026-01-20")), 2);
  EXPECT_EQ(MonthsLate(due, D("2026-01-21")), 3);
}

TEST(SignboardMonthsLate, DueOnTheThirtyFirst) {
  // One month after 31 Jan is the last day of February; two months after it is 31 Mar (counted
  // from the due date, not from 28 Feb).
  const Date due = D("2025-01-31");
  EXPECT_EQ(MonthsLate(due, D("2025-02-01")), 1);
  EXPECT_EQ(MonthsLate(due, D("2025-02-28")), 1);
  EXPECT_EQ(MonthsLate(due, D("2025-03-01")), 2);
  EXPECT_EQ(MonthsLate(due, D("2025-03-28")), 2);
  EXPECT_EQ(MonthsLate(due, D("2025-03-31")), 2);
  EXPECT_EQ(MonthsLate(due, D("2025-04-01")), 3);
  EXPECT_EQ(MonthsLate(due, D("2025-04-30")), 3);  // 30 Apr is "three months after 31 Jan"
  EXPECT_EQ(MonthsLate(due, D("2025-05-01")), 4);
  // A leap year: one month after 31 Jan 2024 is 29 Feb 2024.
  EXPECT_EQ(MonthsLate(D("2024-01-31"), D("2024-02-29")), 1);
  EXPECT_EQ(MonthsLate(D("2024-01-31"), D("2024-03-01")), 2);
  // 31 Mar -> 30 Apr, 31 May; 31 Aug -> 30 Sep.
  EXPECT_EQ(MonthsLate(D("2025-03-31"), D("2025-04-30")), 1);
  EXPECT_EQ(MonthsLate(D("2025-03-31"), D("2025-05-01")), 2);
  EXPECT_EQ(MonthsLate(D("2025-08-31"), D("2025-09-30")), 1);
  EXPECT_EQ(MonthsLate(D("2025-08-31"), D("2025-10-01")), 2);
}

TEST(SignboardMonthsLate, DueOnTheTwentyEighthKeepsTheDay) {
  // Only a day that the target month lacks is clamped: one month after 28 Feb 2025 is 28 Mar,
  // not 31 Mar; one year after 29 Feb 2024 is 28 Feb 2025.
  EXPECT_EQ(MonthsLate(D("2025-02-28"), D("2025-03-28")), 1);
  EXPECT_EQ(MonthsLate(D("2025-02-28"), D("2025-03-29")), 2);
  EXPECT_EQ(MonthsLate(D("2024-02-29"), D("2025-02-28")), 12);
  EXPECT_EQ(MonthsLate(D("2024-02-29"), D("2025-03-01")), 13);
}

TEST(SignboardMonthsLate, LateFromTheThirtyFirstInAComputation) {
  // 200.00 tax, due 31 Jan 2025: paid 28 Feb -> 1 month, 4.00; paid 1 Mar -> 2 months, 8.00.
  SignboardInput input = Sign(120, 80, 1);
  input.due_date = D("2025-01-31");
  input.paid_on = D("2025-02-28");
  EXPECT_EQ(Compute(input).late_payment_surcharge, M(400));
  input.paid_on = D("2025-03-01");
  EXPECT_EQ(Compute(input).late_payment_surcharge, M(800));
}

TEST(SignboardMonthsLate, AddMonthsClampsToTheMonthEnd) {
  EXPECT_EQ(AddMonths(D("2025-01-31"), 0), D("2025-01-31"));
  EXPECT_EQ(AddMonths(D("2025-01-31"), 1), D("2025-02-28"));
  EXPECT_EQ(AddMonths(D("2025-01-31"), 2), D("2025-03-31"));
  EXPECT_EQ(AddMonths(D("2025-01-31"), 3), D("2025-04-30"));
  EXPECT_EQ(AddMonths(D("2025-01-31"), 13), D("2026-02-28"));
  EXPECT_EQ(AddMonths(D("2024-01-31"), 1), D("2024-02-29"));
  EXPECT_EQ(AddMonths(D("2025-05-31"), 1), D("2025-06-30"));
  EXPECT_EQ(AddMonths(D("2025-12-15"), 1), D("2026-01-15"));
  EXPECT_EQ(AddMonths(D("2025-12-31"), 2), D("2026-02-28"));
  EXPECT_EQ(AddMonths(D("2025-04-15"), 24), D("2027-04-15"));
}

TEST(SignboardMonthsLate, AgreesWithCountingMonthByMonth) {
  // The shortcut in MonthsLate against its definition: the smallest n with paid <= AddMonths(due,
  // n), for every due date in 2024–2025 and payments up to 430 days later.
  for (Date due = D("2024-01-01"); due <= D("2025-12-31"); due = due.AddDays(1)) {
    int previous = 0;
    for (int64_t days = -3; days <= 430; ++days) {
      const Date paid = due.AddDays(days);
      int expected = 0;
      while (paid > AddMonths(due, expected)) ++expected;
      const int months = MonthsLate(due, paid);
      ASSERT_EQ(months, expected) << due.ToIso() << " " << paid.ToIso();
      ASSERT_GE(months, previous);  // never decreases as payment gets later
      previous = months;
    }
  }
}

// ---- worked examples ----

TEST(SignboardWorkedExample, ProrationMinimumFilingAndPaymentSurcharges) {
  // A new class-2 sign (Thai with English), not moving, 150 × 100 cm, installed 10 Nov 2025
  // (tax year 2568), return filed late, assessed due 31 Dec 2025, paid 1 Mar 2026.
  //   area    150 × 100 = 15,000 cm² = 30 × 500, remainder 0 -> 30 units
  //   annual  30 × 26.00 = 780.00
  //   Oct–Dec 780.00 × 25 % = 195.00 < 200.00 -> tax 200.00
  //   filing  10 % × 200.00 = 20.00
  //   months  31 Dec -> 31 Jan (1), 28 Feb (2), 31 Mar (3): 1 Mar is in the third month
  //   payment 2 % × 3 × 200.00 = 12.00
  //   total   200.00 + 20.00 + 12.00 = 232.00
  SignboardInput input = Sign(150, 100, 2);
  input.installed_on = D("2025-11-10");
  input.late_filing = true;
  input.due_date = D("2025-12-31");
  input.paid_on = D("2026-03-01");
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.area_cm2, 15000);
  EXPECT_EQ(tax.units, 30);
  EXPECT_EQ(tax.rate_year, 2565);
  EXPECT_EQ(tax.rate_per_unit, M(2600));
  EXPECT_EQ(tax.minimum, M(20000));
  EXPECT_EQ(tax.annual, M(78000));
  EXPECT_EQ(tax.proration_percent, 25);
  EXPECT_EQ(tax.prorated, M(19500));
  EXPECT_TRUE(tax.minimum_applied);
  EXPECT_EQ(tax.tax, M(20000));
  EXPECT_EQ(tax.late_filing_surcharge, M(2000));
  EXPECT_EQ(tax.months_late, 3);
  EXPECT_EQ(tax.late_payment_surcharge, M(1200));
  EXPECT_EQ(tax.total, M(23200));
  EXPECT_EQ(tax.explanation_th,
            "พื้นที่ 150 × 100 = 15,000 ตร.ซม. = 30 หน่วย × 26.00 บาท = 780.00 บาท "
            "× 25% (ป้ายใหม่ ติดตั้ง 10 พฤศจิกายน 2568) = 195.00 บาท "
            "ต่ำกว่าขั้นต่ำ จึงเสีย 200.00 บาท + เงินเพิ่มยื่นแบบเกินกำหนด 10% = 20.00 บาท "
            "+ เงินเพิ่มชำระเกินกำหนด 2% × 3 เดือน = 12.00 บาท รวม 232.00 บาท");
}

TEST(SignboardWorkedExample, MovingSignAboveTheMinimumWithSatang) {
  // A new class-1 moving sign (Thai only, changeable message), 300 × 250 cm, installed 20 May
  // 2025, filed late, due 15 Aug 2025, paid 15 Oct 2025.
  //   area    300 × 250 = 75,000 cm² = 150 units
  //   annual  150 × 10.00 = 1,500.00
  //   Apr–Jun 1,500.00 × 75 % = 1,125.00 (>= 200.00)
  //   filing  10 % × 1,125.00 = 112.50
  //   months  15 Aug -> 15 Sep (1), 15 Oct (2): paid exactly two months late
  //   payment 4 % × 1,125.00 = 45.00
  //   total   1,125.00 + 112.50 + 45.00 = 1,282.50
  SignboardInput input = Sign(300, 250, 1, true);
  input.installed_on = D("2025-05-20");
  input.late_filing = true;
  input.due_date = D("2025-08-15");
  input.paid_on = D("2025-10-15");
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.units, 150);
  EXPECT_EQ(tax.annual, M(150000));
  EXPECT_EQ(tax.prorated, M(112500));
  EXPECT_FALSE(tax.minimum_applied);
  EXPECT_EQ(tax.tax, M(112500));
  EXPECT_EQ(tax.late_filing_surcharge, M(11250));
  EXPECT_EQ(tax.months_late, 2);
  EXPECT_EQ(tax.late_payment_surcharge, M(4500));
  EXPECT_EQ(tax.total, M(128250));
  EXPECT_EQ(tax.explanation_th,
            "พื้นที่ 300 × 250 = 75,000 ตร.ซม. = 150 หน่วย × 10.00 บาท = 1,500.00 บาท "
            "× 75% (ป้ายใหม่ ติดตั้ง 20 พฤษภาคม 2568) = 1,125.00 บาท "
            "+ เงินเพิ่มยื่นแบบเกินกำหนด 10% = 112.50 บาท "
            "+ เงินเพิ่มชำระเกินกำหนด 2% × 2 เดือน = 45.00 บาท รวม 1,282.50 บาท");
}

TEST(SignboardWorkedExample, OldRatesBefore2565) {
  // Tax year 2563, class 3 (English only), 400 × 300 cm = 120,000 cm² = 240 units × 40.00
  // = 9,600.00 under the 2510 rates.
  SignboardInput input = Sign(400, 300, 3);
  input.tax_year = 2563;
  const SignboardTax tax = Compute(input);
  EXPECT_EQ(tax.rate_year, 2510);
  EXPECT_EQ(tax.units, 240);
  EXPECT_EQ(tax.total, M(960000));
}

// ---- validation ----

TEST(SignboardValidation, SidesMustBePositiveAndWithinTheLimit) {
  for (int bad : {0, -1, -100, 100'001}) {
    ExpectError(Sign(bad, 100, 1), "signboard.width", "width_cm");
    ExpectError(Sign(100, bad, 1), "signboard.height", "height_cm");
  }
  // 100,000 × 1 = 100,000 cm² = 200 units × 5.00 = 1,000.00: the limit itself is allowed.
  EXPECT_EQ(Compute(Sign(100'000, 1, 1)).tax, M(100000));
  EXPECT_EQ(Compute(Sign(1, 100'000, 1)).tax, M(100000));
}

TEST(SignboardValidation, SignClassOneToThree) {
  ExpectError(Sign(100, 100, 0), "signboard.sign_class", "sign_class");
  ExpectError(Sign(100, 100, 4), "signboard.sign_class", "sign_class");
  ExpectError(Sign(100, 100, -1), "signboard.sign_class", "sign_class");
}

TEST(SignboardValidation, TaxYear) {
  SignboardInput input = Sign(100, 100, 1);
  for (int bad : {0, 2025, 2509, kTaxYearBeMax + 1}) {
    input.tax_year = bad;
    ExpectError(input, "signboard.tax_year", "tax_year");
  }
  input.tax_year = 2510;  // the first year of the Act
  EXPECT_EQ(Compute(input).rate_year, 2510);
}

TEST(SignboardValidation, InstalledOnMustFallInTheTaxYear) {
  SignboardInput input = Sign(100, 100, 1);  // tax year 2568 = calendar 2025
  for (const char* bad : {"2024-12-31", "2026-01-01", "2000-06-01"}) {
    input.installed_on = D(bad);
    ExpectError(input, "signboard.installed_on", "installed_on");
  }
  input.installed_on = Date();  // not a date at all
  ExpectError(input, "signboard.installed_on", "installed_on");
  const auto result = [&] {
    input.installed_on = D("2026-01-01");
    return ComputeSignboardTax(input, ShippedRates());
  }();
  EXPECT_EQ(result.status().message_th(),
            "วันที่ติดตั้งป้ายใหม่ต้องอยู่ในปีภาษี 2568 (1 มกราคม – 31 ธันวาคม 2568)");
}

TEST(SignboardValidation, PaymentDates) {
  SignboardInput input = Sign(100, 100, 1);
  input.paid_on = D("2025-05-01");  // paid, but against which deadline?
  ExpectError(input, "signboard.due_date", "due_date");
  input.due_date = Date();
  ExpectError(input, "signboard.due_date", "due_date");
  input.due_date = D("2025-04-15");
  input.paid_on = Date();
  ExpectError(input, "signboard.paid_on", "paid_on");
}

TEST(SignboardValidation, FirstErrorIsReportedInFieldOrder) {
  SignboardInput input = Sign(0, 0, 9);
  input.tax_year = 1;
  ExpectError(input, "signboard.width", "width_cm");
  input.width_cm = 10;
  ExpectError(input, "signboard.height", "height_cm");
  input.height_cm = 10;
  ExpectError(input, "signboard.sign_class", "sign_class");
  input.sign_class = 1;
  ExpectError(input, "signboard.tax_year", "tax_year");
}

TEST(SignboardValidation, AmountsBeyondTheMoneyLimitAreRefused) {
  // 1,000,000,000.00 a unit × 20,000,000 units = 2 × 10^18 satang > Money::kAmountSatangMax.
  const auto huge_rate = UniformTable(2565, "1000000000", "0");
  ExpectError(Sign(100'000, 100'000, 1), "signboard.overflow", "", huge_rate);
  // The largest rate the table allows, 1 unit: the tax is exactly the limit (10^15 satang) and
  // the 10 % surcharge pushes the total over it.
  const auto largest_rate = UniformTable(2565, "10000000000000", "0");
  SignboardInput input = Sign(20, 25, 1);
  EXPECT_EQ(ComputeSignboardTax(input, largest_rate)->tax, M(Money::kAmountSatangMax));
  input.late_filing = true;
  ExpectError(input, "signboard.overflow", "", largest_rate);
}

}  // namespace
}  // namespace klang::revenue
