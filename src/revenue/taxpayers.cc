// Taxpayers, their properties and signboards, assessments and the tax receivables they create.
#include <algorithm>
#include <set>

#include "core/assert.h"
#include "revenue/internal.h"
#include "revenue/kinds.h"

namespace klang::revenue {

using ledger::Entry;
using nlohmann::json;

namespace {

std::string TaxpayerKindThai(const std::string& kind) {
  return kind == kJuristic ? "นิติบุคคล" : "บุคคลธรรมดา";
}

std::string PropertyKindThai(const std::string& kind) {
  if (kind == kPropertyLand) return "ที่ดิน";
  if (kind == kPropertyBuilding) return "สิ่งปลูกสร้าง";
  if (kind == kPropertyLandBuilding) return "ที่ดินพร้อมสิ่งปลูกสร้าง";
  if (kind == kPropertySignboard) return "ป้าย";
  return kind;
}

bool IsDigits(const std::string& text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Property PropertyFromEntry(const Entry& entry) {
  Property property;
  property.org = entry.org;
  property.id = entry.seq;
  property.taxpayer = entry.body.value("taxpayer", int64_t{0});
  property.kind = entry.body.value("kind", "");
  property.kind_th = PropertyKindThai(property.kind);
  property.description = entry.body.value("description", "");
  property.location = entry.body.value("location", "");
  property.land_use = entry.body.value("land_use", "");
  property.width_cm = entry.body.value("width_cm", 0);
  property.height_cm = entry.body.value("height_cm", 0);
  property.sign_class = entry.body.value("sign_class", 0);
  property.moving = entry.body.value("moving", false);
  const std::string installed = entry.body.value("installed_on", "");
  if (!installed.empty()) {
    auto date = Date::ParseIso(installed);
    if (date.ok()) property.installed_on = *date;
  }
  return property;
}

}  // namespace

Result<json> RevenueService::TaxpayerBody(const TaxpayerInput& input) {
  Impl& m = *impl_;
  if (input.kind != kPerson && input.kind != kJuristic) {
    return Status::InvalidInput("revenue.taxpayer_kind", "กรุณาเลือกประเภทผู้เสียภาษี", "", "kind");
  }
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.name, "name", "ชื่อผู้เสียภาษี"));
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.address, "address", "ที่อยู่"));
  if (input.id_no.size() != 13 || !IsDigits(input.id_no)) {
    return Status::InvalidInput("revenue.taxpayer_id",
                                "เลขประจำตัวประชาชน/เลขทะเบียนนิติบุคคลต้องเป็นตัวเลข 13 หลัก", "",
                                "id_no");
  }
  if (input.phone.size() > 50) {
    return Status::InvalidInput("revenue.too_long", "หมายเลขโทรศัพท์ยาวเกินไป", "", "phone");
  }
  return json{{"kind", input.kind},
              {"name", input.name},
              {"id_no", input.id_no},
              {"address", input.address},
              {"phone", input.phone}};
}

Status RevenueService::CheckTaxpayer(const TaxpayerInput& input) { return TaxpayerBody(input).status(); }

Result<std::map<std::string, int64_t>> RevenueService::TaxpayerIds(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(store::Rows rows,
                         impl_->Query("SELECT id_no, id FROM rev_taxpayers WHERE org_id = $1", {org}));
  std::map<std::string, int64_t> ids;
  for (const auto& row : rows) ids.emplace(row.Text(0), row.Int(1));
  return ids;
}

Result<Taxpayer> RevenueService::AddTaxpayer(const TaxpayerInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(json body, TaxpayerBody(input));
  KLANG_ASSIGN_OR_RETURN(
      store::Rows existing,
      m.Query("SELECT id FROM rev_taxpayers WHERE org_id = $1 AND id_no = $2", {input.org,
                                                                                  input.id_no}));
  if (!existing.empty()) {
    return Status::Error(ErrorCode::kConflict, "revenue.taxpayer_exists",
                            "มีผู้เสียภาษีเลขประจำตัว " + input.id_no + " ในทะเบียนแล้ว", "",
                            "id_no");
  }
  ledger::EntryDraft draft =
      m.Draft(input.org, input.entry_id, kKindTaxpayer, m.clock.TodayInThailand(), actor);
  draft.body = std::move(body);
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.Append(std::move(draft)));
  return GetTaxpayer(entry.org, entry.seq);
}

std::vector<Result<int64_t>> RevenueService::AddMany(const std::vector<std::pair<std::string, json>>& bodies,
                                                     int64_t org, const std::vector<std::string>& entry_ids,
                                                     const Actor& actor) {
  Impl& m = *impl_;
  std::vector<ledger::EntryDraft> drafts;
  drafts.reserve(bodies.size());
  for (size_t i = 0; i < bodies.size(); ++i) {
    ledger::EntryDraft draft = m.Draft(org, entry_ids[i], bodies[i].first, m.clock.TodayInThailand(), actor);
    draft.body = bodies[i].second;
    drafts.push_back(std::move(draft));
  }
  std::vector<Result<int64_t>> ids;
  ids.reserve(drafts.size());
  for (auto& appended : m.ledger.AppendAll(std::move(drafts))) {
    if (appended.ok()) ids.emplace_back(appended->entry.seq);
    else ids.emplace_back(appended.status());
  }
  return ids;
}

std::vector<Result<int64_t>> RevenueService::AddTaxpayers(const std::vector<TaxpayerInput>& inputs,
                                                          const Actor& actor) {
  std::vector<std::pair<std::string, json>> bodies;
  std::vector<std::string> entry_ids;
  int64_t org = inputs.empty() ? 0 : inputs.front().org;
  for (const auto& input : inputs) {
    KLANG_ASSERT_MSG(input.org == org, "one organisation's taxpayers at a time");
    auto body = TaxpayerBody(input);
    KLANG_ASSERT_MSG(body.ok(), "taxpayers are checked before they are added together");
    bodies.emplace_back(kKindTaxpayer, std::move(*body));
    entry_ids.push_back(input.entry_id);
  }
  if (!inputs.empty()) {
    if (Status books = impl_->CheckBooksOrg(org); !books.ok()) {
      return std::vector<Result<int64_t>>(inputs.size(), Result<int64_t>(books));
    }
  }
  return AddMany(bodies, org, entry_ids, actor);
}

Result<Taxpayer> RevenueService::GetTaxpayer(int64_t org, int64_t id) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT t.id, t.kind, t.name, t.id_no, t.address, t.phone, "
                   "COALESCE((SELECT CAST(SUM(a.amount - a.paid) AS {INT}) FROM rev_assessments a "
                   "WHERE a.org_id = t.org_id AND a.taxpayer_id = t.id), 0) "
                   "FROM rev_taxpayers t WHERE t.org_id = $1 AND t.id = $2",
                   {org, id}));
  if (rows.empty()) return Status::NotFound("revenue.taxpayer_not_found", "ไม่พบผู้เสียภาษี");
  const auto& row = rows[0];
  return Taxpayer{org,         row.Int(0),  row.Text(1), TaxpayerKindThai(row.Text(1)),
                  row.Text(2), row.Text(3), row.Text(4), row.Text(5),
                  Money::FromSatang(row.Int(6))};
}

Result<std::vector<Taxpayer>> RevenueService::Taxpayers(int64_t org, const std::string& text,
                                                        size_t limit) {
  std::string like;
  for (char c : text) {
    if (c != '%' && c != '_') like += c;
  }
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT id FROM rev_taxpayers WHERE org_id = $1 AND (name LIKE $2 OR id_no "
                   "LIKE $2 OR address LIKE $2) ORDER BY name LIMIT $3",
                   {org, "%" + like + "%", static_cast<int64_t>(std::min<size_t>(limit, kTaxpayersListedMax + 1))}));
  std::vector<Taxpayer> taxpayers;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Taxpayer taxpayer, GetTaxpayer(org, row.Int(0)));
    taxpayers.push_back(std::move(taxpayer));
  }
  return taxpayers;
}

Result<json> RevenueService::PropertyBody(const PropertyInput& input) {
  Impl& m = *impl_;
  static const std::set<std::string> kKinds = {"land", "building", "land_building", "signboard"};
  if (!kKinds.count(input.kind)) {
    return Status::InvalidInput("revenue.property_kind", "กรุณาเลือกประเภททรัพย์สิน", "", "kind");
  }
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.description, "description", "รายละเอียดทรัพย์สิน"));
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.location, "location", "ที่ตั้ง"));
  json body = {{"taxpayer", input.taxpayer},
               {"kind", input.kind},
               {"description", input.description},
               {"location", input.location}};
  if (input.kind == kPropertySignboard) {
    // The calculator validates size and class; run it once so a bad sign is refused here.
    // The signboard tax year is the calendar year (BE).
    SignboardInput sign{input.width_cm, input.height_cm, input.sign_class, input.moving,
                        m.clock.TodayInThailand().year_be()};
    const auto years = m.signboard_rates.Years();
    if (!years.empty()) sign.tax_year = std::max(sign.tax_year, years.front());
    auto computed = ComputeSignboardTax(sign, m.signboard_rates);
    if (!computed.ok()) return computed.status();
    body["width_cm"] = input.width_cm;
    body["height_cm"] = input.height_cm;
    body["sign_class"] = input.sign_class;
    body["moving"] = input.moving;
    if (!input.installed_on.empty()) {
      auto installed = Date::ParseIso(input.installed_on);
      if (!installed.ok()) {
        return Status::InvalidInput("revenue.installed_on", "วันที่ติดตั้งป้ายไม่ถูกต้อง", "",
                                    "installed_on");
      }
      body["installed_on"] = installed->ToIso();
    }
  } else {
    static const std::set<std::string> kUses = {"", "agricultural", "residential", "other",
                                                "vacant", "mixed"};
    if (!kUses.count(input.land_use)) {
      return Status::InvalidInput("revenue.land_use", "ลักษณะการใช้ประโยชน์ไม่ถูกต้อง", "",
                                  "land_use");
    }
    body["land_use"] = input.land_use;
  }
  return body;
}

Status RevenueService::CheckProperty(const PropertyInput& input) { return PropertyBody(input).status(); }

Result<Property> RevenueService::AddProperty(const PropertyInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  auto taxpayer = GetTaxpayer(input.org, input.taxpayer);
  if (!taxpayer.ok()) {
    return Status::InvalidInput("revenue.taxpayer_not_found", "ไม่พบผู้เสียภาษี", "", "taxpayer");
  }
  KLANG_ASSIGN_OR_RETURN(json body, PropertyBody(input));
  ledger::EntryDraft draft =
      m.Draft(input.org, input.entry_id, kKindProperty, m.clock.TodayInThailand(), actor);
  draft.body = std::move(body);
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.Append(std::move(draft)));
  return PropertyFromEntry(entry);
}

std::vector<Result<int64_t>> RevenueService::AddProperties(const std::vector<PropertyInput>& inputs,
                                                           const Actor& actor) {
  std::vector<std::pair<std::string, json>> bodies;
  std::vector<std::string> entry_ids;
  int64_t org = inputs.empty() ? 0 : inputs.front().org;
  for (const auto& input : inputs) {
    KLANG_ASSERT_MSG(input.org == org && input.taxpayer != 0, "one organisation's registered taxpayers");
    auto body = PropertyBody(input);
    KLANG_ASSERT_MSG(body.ok(), "properties are checked before they are added together");
    bodies.emplace_back(kKindProperty, std::move(*body));
    entry_ids.push_back(input.entry_id);
  }
  return AddMany(bodies, org, entry_ids, actor);
}

Result<std::vector<Property>> RevenueService::Properties(int64_t org, int64_t taxpayer) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.Query("SELECT id FROM rev_properties WHERE org_id = $1 AND taxpayer_id = $2 ORDER BY id",
              {org, taxpayer}));
  std::vector<Property> properties;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Entry entry, m.ledger.Get(org, row.Int(0)));
    properties.push_back(PropertyFromEntry(entry));
  }
  return properties;
}

Result<std::vector<SignboardTax>> RevenueService::PreviewSignboard(
    int64_t org, int tax_year, const std::vector<int64_t>& property_ids, bool late_filing) {
  Impl& m = *impl_;
  std::vector<SignboardTax> taxes;
  for (int64_t id : property_ids) {
    auto entry = m.EntryOfKind(org, id, {kKindProperty}, "ไม่พบทรัพย์สิน");
    if (!entry.ok()) return entry.status();
    const Property property = PropertyFromEntry(*entry);
    if (property.kind != kPropertySignboard) {
      return Status::InvalidInput("revenue.not_a_sign",
                                  property.description + " ไม่ใช่ป้าย คำนวณภาษีป้ายไม่ได้", "",
                                  "properties");
    }
    SignboardInput input{property.width_cm, property.height_cm, property.sign_class,
                         property.moving, tax_year};
    // Proration applies only in the sign's first tax year (installed in that calendar year).
    if (property.installed_on && property.installed_on->year() + kBuddhistEraOffsetYears == tax_year) {
      input.installed_on = property.installed_on;
    }
    input.late_filing = late_filing;
    KLANG_ASSIGN_OR_RETURN(SignboardTax tax, ComputeSignboardTax(input, m.signboard_rates));
    taxes.push_back(std::move(tax));
  }
  return taxes;
}

Result<Assessment> RevenueService::Assess(const AssessmentInput& input, const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  auto taxpayer = GetTaxpayer(input.org, input.taxpayer);
  if (!taxpayer.ok()) {
    return Status::InvalidInput("revenue.taxpayer_not_found", "ไม่พบผู้เสียภาษี", "", "taxpayer");
  }
  if (input.tax != kTaxLandBuilding && input.tax != kTaxSignboard) {
    return Status::InvalidInput("revenue.tax", "กรุณาเลือกประเภทภาษี", "", "tax");
  }
  KLANG_ASSIGN_OR_RETURN(RevenueItem item, m.catalog.ItemForTax(input.tax));
  KLANG_ASSIGN_OR_RETURN(Date date, m.DocumentDate(input.date));
  auto due = Date::ParseIso(input.due_date);
  if (!due.ok() || *due < date) {
    return Status::InvalidInput("revenue.due_date", "วันครบกำหนดชำระต้องไม่ก่อนวันที่ประเมิน", "",
                                "due_date");
  }
  if (input.tax_year < 2563 || input.tax_year > date.year() + kBuddhistEraOffsetYears + 1) {
    return Status::InvalidInput("revenue.tax_year", "ปีภาษีไม่ถูกต้อง", "", "tax_year");
  }
  if (input.properties.empty()) {
    return Status::InvalidInput("revenue.no_properties", "กรุณาเลือกทรัพย์สินที่ประเมิน", "",
                                "properties");
  }
  json properties = json::array();
  for (int64_t id : std::set<int64_t>(input.properties.begin(), input.properties.end())) {
    auto entry = m.EntryOfKind(input.org, id, {kKindProperty}, "ไม่พบทรัพย์สิน");
    if (!entry.ok()) return entry.status();
    const Property property = PropertyFromEntry(*entry);
    if (property.taxpayer != input.taxpayer) {
      return Status::InvalidInput("revenue.property_taxpayer", "ทรัพย์สินนี้เป็นของผู้เสียภาษีรายอื่น", "",
                                  "properties");
    }
    if ((input.tax == kTaxSignboard) != (property.kind == kPropertySignboard)) {
      return Status::InvalidInput("revenue.property_tax",
                                  property.description + " ไม่ใช่ทรัพย์สินของภาษีประเภทนี้", "",
                                  "properties");
    }
    properties.push_back({{"id", id},
                          {"kind", property.kind},
                          {"kind_th", property.kind_th},
                          {"description", property.description},
                          {"location", property.location}});
  }
  Money amount;
  json computation = json::array();
  if (input.tax == kTaxSignboard) {
    KLANG_ASSIGN_OR_RETURN(std::vector<SignboardTax> taxes,
                           PreviewSignboard(input.org, input.tax_year, input.properties,
                                            input.late_filing));
    for (size_t index = 0; index < taxes.size(); ++index) {
      const SignboardTax& tax = taxes[index];
      const Money due_now = tax.tax + tax.late_filing_surcharge;
      KLANG_ASSIGN_OR_RETURN(amount, Money::CheckedAdd(amount, due_now));
      properties[index]["tax"] = tax.tax.satang();
      properties[index]["late_filing_surcharge"] = tax.late_filing_surcharge.satang();
      computation.push_back(tax.explanation_th);
    }
  } else {
    KLANG_ASSIGN_OR_RETURN(amount, m.PositiveAmount(input.amount, "amount"));
    if (input.basis.size() > kTextBytesMax) {
      return Status::InvalidInput("revenue.too_long", "รายละเอียดการคำนวณยาวเกินไป", "", "basis");
    }
    computation.push_back(input.basis);
  }
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindAssessment, date, actor);
  draft.lines = {{item.receivable_account, amount, Money()}, {item.account, Money(), amount}};
  draft.body = {{"taxpayer", input.taxpayer},
                {"taxpayer_name", taxpayer->name},
                {"tax", input.tax},
                {"tax_year", input.tax_year},
                {"item", item.code},
                {"properties", properties},
                {"amount", amount.satang()},
                {"due_date", due->ToIso()},
                {"late_filing", input.late_filing},
                {"computation", computation}};
  KLANG_ASSIGN_OR_RETURN(Entry entry, m.Append(std::move(draft)));
  return GetAssessment(entry.org, entry.seq);
}

Result<Assessment> RevenueService::ExtendAssessment(const AssessmentExtension& input,
                                                    const Actor& actor) {
  Impl& m = *impl_;
  KLANG_RETURN_IF_ERROR(m.CheckBooksOrg(input.org));
  KLANG_ASSIGN_OR_RETURN(Assessment assessment, GetAssessment(input.org, input.assessment));
  auto due = Date::ParseIso(input.due_date);
  if (!due.ok() || *due <= assessment.due_date) {
    return Status::InvalidInput("revenue.due_date", "วันครบกำหนดใหม่ต้องหลังวันครบกำหนดเดิม", "",
                                "due_date");
  }
  KLANG_RETURN_IF_ERROR(m.RequiredText(input.reason, "reason", "เหตุผล/ประกาศที่ขยายเวลา"));
  ledger::EntryDraft draft = m.Draft(input.org, input.entry_id, kKindAssessmentExtend,
                                     m.clock.TodayInThailand(), actor);
  draft.body = {{"assessment", input.assessment},
                {"due_date", due->ToIso()},
                {"previous_due_date", assessment.due_date.ToIso()},
                {"reason", input.reason}};
  KLANG_RETURN_IF_ERROR(m.Append(std::move(draft)).status());
  return GetAssessment(input.org, input.assessment);
}

Result<Assessment> RevenueService::GetAssessment(int64_t org, int64_t id) {
  Impl& m = *impl_;
  KLANG_ASSIGN_OR_RETURN(Entry entry,
                         m.EntryOfKind(org, id, {kKindAssessment}, "ไม่พบรายการประเมินภาษี"));
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      m.Query("SELECT paid, due_date FROM rev_assessments WHERE org_id = $1 AND id = $2",
              {org, id}));
  Assessment assessment;
  assessment.org = org;
  assessment.id = id;
  assessment.taxpayer = entry.body.value("taxpayer", int64_t{0});
  assessment.taxpayer_name = entry.body.value("taxpayer_name", "");
  assessment.tax = entry.body.value("tax", "");
  assessment.tax_th = TaxThai(assessment.tax);
  assessment.tax_year = entry.body.value("tax_year", 0);
  for (const auto& property : entry.body.value("properties", json::array())) {
    assessment.properties.push_back(property.value("id", int64_t{0}));
  }
  assessment.date = entry.document_date;
  assessment.amount = Money::FromSatang(entry.body.value("amount", int64_t{0}));
  assessment.item = entry.body.value("item", "");
  for (const auto& line : entry.body.value("computation", json::array())) {
    if (!assessment.basis.empty()) assessment.basis += "; ";
    assessment.basis += line.get<std::string>();
  }
  if (rows.empty()) return Status::NotFound("revenue.not_found", "ไม่พบรายการประเมินภาษี");
  assessment.paid = Money::FromSatang(rows[0].Int(0));
  assessment.due_date = Date::ParseIso(rows[0].Text(1)).value();
  assessment.status_th = assessment.paid.is_zero()          ? "ค้างชำระ"
                         : assessment.outstanding().is_zero() ? "ชำระครบ"
                                                             : "ชำระบางส่วน";
  return assessment;
}

Result<Money> RevenueService::OutstandingTotal(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT COALESCE(CAST(SUM(amount - paid) AS {INT}), 0) FROM rev_assessments "
                   "WHERE org_id = $1 AND paid < amount",
                   {org}));
  return Money::FromSatang(rows[0].Int(0));
}

Result<std::vector<RevenueService::ReceivableDay>> RevenueService::ReceivableMovements(int64_t org, Date from, Date to) {
  return AssessmentMovements(org, from, to, /*revenue_side=*/false);
}

// Assessed (+) and paid on assessments (−), per tax and posting day, on the receivable account;
// or (`revenue_side`) what was assessed, as a credit on the revenue account it credited.
Result<std::vector<RevenueService::ReceivableDay>> RevenueService::AssessmentMovements(int64_t org, Date from, Date to,
                                                                                       bool revenue_side) {
  const store::Params range = {org, from.ToIso(), to.ToIso()};
  // From the assessments to their entries, never the other way: SQLite, left to choose, walked
  // every entry of the organisation (reading each row for its posting date) to find the few that
  // are assessments. CROSS JOIN fixes SQLite's order; PostgreSQL still plans it freely.
  KLANG_ASSIGN_OR_RETURN(
      store::Rows assessed,
      impl_->Query("SELECT a.tax, e.posting_date, CAST(SUM(a.amount) AS {INT}) FROM rev_assessments a "
                   "CROSS JOIN ledger_entries e WHERE e.org_id = a.org_id AND e.seq = a.id AND a.org_id = $1 "
                   "AND e.posting_date >= $2 AND e.posting_date <= $3 GROUP BY a.tax, e.posting_date",
                   range));
  store::Rows paid;  // a payment moves the receivable, not revenue: left out on the revenue side
  if (!revenue_side) {
    KLANG_ASSIGN_OR_RETURN(
        paid,
        impl_->Query("SELECT a.tax, e.posting_date, CAST(SUM(p.amount) AS {INT}) FROM rev_assessment_payments p "
                     "JOIN rev_assessments a ON a.org_id = p.org_id AND a.id = p.assessment_id "
                     "JOIN rev_receipts r ON r.org_id = p.org_id AND r.id = p.receipt_id "
                     "JOIN rev_summary_items s ON s.remittance_org = r.org_id AND s.remittance_id = r.remittance_id "
                     "JOIN ledger_entries e ON e.org_id = s.org_id AND e.seq = s.summary_id "
                     "WHERE p.org_id = $1 AND e.posting_date >= $2 AND e.posting_date <= $3 "
                     "GROUP BY a.tax, e.posting_date",
                     range));
  }
  const int64_t side = revenue_side ? -1 : 1;
  std::vector<ReceivableDay> days;
  for (const auto& [rows, sign] : {std::pair{&assessed, side}, std::pair{&paid, -side}}) {
    for (const auto& row : *rows) {
      auto item = impl_->catalog.ItemForTax(row.Text(0));
      if (!item.ok()) return item.status();
      auto day = Date::ParseIso(row.Text(1));
      if (!day.ok()) return Status::Internal("revenue.receivable_day", "day " + row.Text(1));
      days.push_back({revenue_side ? item->account : item->receivable_account, *day,
                      Money::FromSatang(sign * row.Int(2))});
    }
  }
  return days;
}

namespace {

// Rows of (account, day, amount in satang) as register days.
Result<std::vector<RevenueService::ReceivableDay>> AccountDays(const store::Rows& rows, const char* what) {
  std::vector<RevenueService::ReceivableDay> days;
  for (const auto& row : rows) {
    auto day = Date::ParseIso(row.Text(1));
    if (!day.ok()) return Status::Internal(what, "day " + row.Text(1));
    days.push_back({row.Text(0), *day, Money::FromSatang(row.Int(2))});
  }
  return days;
}

}  // namespace

Result<std::vector<RevenueService::ReceivableDay>> RevenueService::BankMovements(int64_t org, Date from, Date to) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT b.gl_account, d.day, CAST(SUM(d.debit - d.credit) AS {INT}) FROM rev_bank_daily d "
                   "JOIN rev_bank_accounts b ON b.org_id = d.org_id AND b.id = d.bank_account "
                   "WHERE d.org_id = $1 AND d.day >= $2 AND d.day <= $3 GROUP BY b.gl_account, d.day",
                   {org, from.ToIso(), to.ToIso()}));
  return AccountDays(rows, "revenue.bank_day");
}

Result<std::vector<RevenueService::ReceivableDay>> RevenueService::DepositMovements(int64_t org, Date from, Date to) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT account, day, CAST(SUM(debit - credit) AS {INT}) FROM rev_deposit_lines "
                   "WHERE org_id = $1 AND day >= $2 AND day <= $3 GROUP BY account, day",
                   {org, from.ToIso(), to.ToIso()}));
  return AccountDays(rows, "revenue.deposit_day");
}

// The revenue register: what the receipt vouchers and bank receipts credited to each revenue
// account (from the items they list), what was assessed, and what other documents posted on the
// revenue accounts, as debit − credit per account and posting day.
Result<std::vector<RevenueService::ReceivableDay>> RevenueService::RevenueMovements(int64_t org, Date from, Date to) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows collected,
      impl_->Query("SELECT account, day, -amount FROM rev_collected_daily WHERE org_id = $1 AND day >= $2 AND "
                   "day <= $3",
                   {org, from.ToIso(), to.ToIso()}));
  KLANG_ASSIGN_OR_RETURN(std::vector<ReceivableDay> days, AccountDays(collected, "revenue.revenue_day"));
  KLANG_ASSIGN_OR_RETURN(auto assessed, AssessmentMovements(org, from, to, /*revenue_side=*/true));
  days.insert(days.end(), assessed.begin(), assessed.end());
  KLANG_ASSIGN_OR_RETURN(auto others, RegisterLineMovements(org, from, to, /*cash=*/false));
  days.insert(days.end(), others.begin(), others.end());
  return days;
}

// The cash register: cash and cheques a receipt voucher counted in, less what the deposits took
// to the bank, and what other documents posted on the cash account, per posting day.
Result<std::vector<RevenueService::ReceivableDay>> RevenueService::CashMovements(int64_t org, Date from, Date to) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query("SELECT day, received - deposited FROM rev_cash_daily WHERE org_id = $1 AND day >= $2 "
                   "AND day <= $3",
                   {org, from.ToIso(), to.ToIso()}));
  std::vector<ReceivableDay> days;
  for (const auto& row : rows) {
    auto day = Date::ParseIso(row.Text(0));
    if (!day.ok()) return Status::Internal("revenue.cash_day", "day " + row.Text(0));
    days.push_back({kCashAccount, *day, Money::FromSatang(row.Int(1))});
  }
  KLANG_ASSIGN_OR_RETURN(auto others, RegisterLineMovements(org, from, to, /*cash=*/true));
  days.insert(days.end(), others.begin(), others.end());
  return days;
}

Result<std::vector<RevenueService::ReceivableDay>> RevenueService::RegisterLineMovements(int64_t org, Date from, Date to,
                                                                                         bool cash) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query(std::string("SELECT account, day, CAST(SUM(debit - credit) AS {INT}) FROM rev_register_lines "
                               "WHERE org_id = $1 AND day >= $2 AND day <= $3 AND account ") +
                       (cash ? "=" : "<>") + " $4 GROUP BY account, day",
                   {org, from.ToIso(), to.ToIso(), std::string(kCashAccount)}));
  return AccountDays(rows, "revenue.register_day");
}

Result<std::vector<Assessment>> RevenueService::Assessments(int64_t org, int64_t taxpayer,
                                                            bool outstanding_only) {
  KLANG_ASSIGN_OR_RETURN(
      store::Rows rows,
      impl_->Query(std::string("SELECT id FROM rev_assessments WHERE org_id = $1 AND ($2 = 0 OR "
                               "taxpayer_id = $2)") +
                       (outstanding_only ? " AND paid < amount" : "") +
                       " ORDER BY due_date, id LIMIT $3",
                   {org, taxpayer, static_cast<int64_t>(kAssessmentsListedMax) + 1}));
  std::vector<Assessment> assessments;
  for (const auto& row : rows) {
    KLANG_ASSIGN_OR_RETURN(Assessment assessment, GetAssessment(org, row.Int(0)));
    assessments.push_back(std::move(assessment));
  }
  return assessments;
}

Result<AmountDue> RevenueService::DueOn(int64_t org, int64_t id, Date paid_on) {
  KLANG_ASSIGN_OR_RETURN(Assessment assessment, GetAssessment(org, id));
  AmountDue due;
  due.outstanding = assessment.outstanding();
  due.total = due.outstanding;
  if (assessment.tax != kTaxSignboard || due.outstanding.is_zero()) return due;
  // s. 25: 2 % of the unpaid tax per month late, part of a month counting as a month.
  due.months_late = MonthsLate(assessment.due_date, paid_on);
  KLANG_ASSIGN_OR_RETURN(due.surcharge, LatePaymentSurcharge(due.outstanding, due.months_late));
  due.total = due.outstanding + due.surcharge;
  return due;
}

}  // namespace klang::revenue
