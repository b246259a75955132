#include "sync/continuity.h"

#include <set>

#include "core/csv.h"
#include "sync/time_text.h"

namespace klang::sync {
namespace {

using ledger::BodyFlag;
using ledger::BodyInt;
using ledger::BodyText;

using ledger::Entry;
using nlohmann::json;
using store::Connection;
using store::Rows;

constexpr size_t kCauseBytesMax = 500;

Date IsoDateOr(const std::string& text) {
  auto date = Date::ParseIso(text);
  return date.ok() ? *date : Date();
}

const std::set<std::string>& DeclarableCauses() {
  static const std::set<std::string> kCauses = {"power", "internet", "centre_down",
                                                "preliminary_closing", "other"};
  return kCauses;
}

json NumbersJson(const std::map<std::string, int64_t>& numbers) {
  json out = json::object();
  for (const auto& [series, number] : numbers) out[series] = number;
  return out;
}

// ---- the projection ----

class ContinuityProjection final : public ledger::Projection {
 public:
  std::string_view name() const override { return "continuity"; }

  Status Apply(Connection& tx, std::span<const Entry> entries) override {
    for (const Entry& entry : entries) KLANG_RETURN_IF_ERROR(ApplyOne(tx, entry));
    return Status::Ok();
  }

  Status Clear(Connection& tx, int64_t org) override {
    for (const char* table : {"cont_outages", "cont_documents", "cont_held"}) {
      KLANG_RETURN_IF_ERROR(
          tx.Execute(std::string("DELETE FROM ") + table + " WHERE org_id = $1", {org}).status());
    }
    return Status::Ok();
  }

  std::unique_ptr<ledger::ProjectionCheck> BeginCheck(int64_t org) const override;

 private:
  static Result<int64_t> LatestOutage(Connection& tx, int64_t org, const Entry& entry) {
    Rows rows;
    if (entry.origin.type == ledger::Origin::Type::kPaper) {
      KLANG_ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM cont_outages WHERE org_id = $1 AND "
                                            "paper = 1 AND paper_done_at_ms = 0 ORDER BY id DESC "
                                            "LIMIT 1",
                                            {org}));
    } else {
      KLANG_ASSIGN_OR_RETURN(rows, tx.Query("SELECT id FROM cont_outages WHERE org_id = $1 AND "
                                            "node = $2 ORDER BY id DESC LIMIT 1",
                                            {org, entry.origin.node}));
    }
    return rows.empty() ? int64_t{0} : rows[0].Int(0);
  }

  static Status NeedOutage(Connection& tx, int64_t org, int64_t outage) {
    KLANG_ASSIGN_OR_RETURN(
        Rows rows, tx.Query("SELECT 1 FROM cont_outages WHERE org_id = $1 AND id = $2", {org, outage}));
    if (rows.empty()) return Status::Refusal("continuity.outage_not_found", "ไม่พบรายการระบบขัดข้องที่อ้างถึง");
    return Status::Ok();
  }

  Status ApplyOne(Connection& tx, const Entry& entry) {
    const json& body = entry.body;
    const int64_t org = entry.org;
    const bool edge_document = entry.origin.type == ledger::Origin::Type::kEdge &&
                               (!entry.origin.provisional.empty() ||
                                ledger::AwaitsOfficialNumbers(entry)) &&
                               !IsContinuityKind(entry.kind);
    const bool paper_document = entry.origin.type == ledger::Origin::Type::kPaper;
    if (edge_document || paper_document) {
      KLANG_ASSIGN_OR_RETURN(int64_t outage, LatestOutage(tx, org, entry));
      KLANG_RETURN_IF_ERROR(
          tx.Execute("INSERT INTO cont_documents (org_id, seq, entry_id, kind, origin, node, "
                     "provisional, paper_book, paper_number, paper_date, day, amount, awaiting, "
                     "numbers, outage_id, author) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                     "$10, $11, $12, $13, $14, $15, $16)",
                     {org, entry.seq, entry.entry_id, entry.kind,
                      std::string(edge_document ? kOriginEdge : kOriginPaper), entry.origin.node,
                      entry.origin.provisional, entry.origin.paper_book, entry.origin.paper_number,
                      entry.origin.paper_date, entry.posting_date.ToIso(),
                      entry.TotalDebit().satang(),
                      int64_t{ledger::AwaitsOfficialNumbers(entry) ? 1 : 0},
                      NumbersJson(entry.numbers).dump(), outage, entry.author})
              .status());
    }
    if (entry.kind == kOutageBegin) {
      return tx.Execute("INSERT INTO cont_outages (org_id, id, node, cause_code, cause_th, "
                        "automatic, paper, started_at_ms, ended_at_ms, caught_up_at_ms, "
                        "paper_done_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 0, 0)",
                        {org, entry.seq, BodyText(body, "node"), BodyText(body, "cause_code"),
                         BodyText(body, "cause_th"), int64_t{BodyFlag(body, "automatic") ? 1 : 0},
                         int64_t{BodyFlag(body, "paper") ? 1 : 0}, BodyInt(body, "started_at_ms"),
                         BodyInt(body, "ended_at_ms")})
          .status();
    }
    if (entry.kind == kOutageCause || entry.kind == kOutageEnd || entry.kind == kCaughtUp ||
        entry.kind == kPaperDone) {
      const int64_t outage = BodyInt(body, "outage");
      KLANG_RETURN_IF_ERROR(NeedOutage(tx, org, outage));
      if (entry.kind == kOutageCause) {
        return tx.Execute("UPDATE cont_outages SET cause_th = $1 WHERE org_id = $2 AND id = $3",
                          {BodyText(body, "cause_th"), org, outage})
            .status();
      }
      if (entry.kind == kOutageEnd) {
        return tx.Execute("UPDATE cont_outages SET ended_at_ms = $1 WHERE org_id = $2 AND id = $3",
                          {BodyInt(body, "ended_at_ms"), org, outage})
            .status();
      }
      if (entry.kind == kCaughtUp) {
        return tx.Execute(
                     "UPDATE cont_outages SET caught_up_at_ms = $1 WHERE org_id = $2 AND id = $3",
                     {BodyInt(body, "at_ms"), org, outage})
            .status();
      }
      return tx.Execute(
                   "UPDATE cont_outages SET paper_done_at_ms = $1 WHERE org_id = $2 AND id = $3",
                   {entry.recorded_at_ms, org, outage})
          .status();
    }
    if (entry.kind == kHeld) {
      Entry shaped;
      shaped.origin.type = ledger::Origin::Type::kEdge;
      shaped.origin.node = BodyText(body, "node");
      KLANG_ASSIGN_OR_RETURN(int64_t outage, LatestOutage(tx, org, shaped));
      return tx.Execute("INSERT INTO cont_held (org_id, seq, original_entry_id, kind, node, "
                        "provisional, local_seq, reason_code, reason_th, day, amount, outage_id, "
                        "reviewed_seq, resolution, resolution_reason, replaced_by, reviewer) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, '', '', 0, '')",
                        {org, entry.seq, BodyText(body, "original_entry_id"),
                         BodyText(body, "original_kind"), BodyText(body, "node"),
                         BodyText(body, "provisional"), BodyInt(body, "local_seq"),
                         BodyText(body, "reason_code"), BodyText(body, "reason_th"),
                         entry.posting_date.ToIso(), BodyInt(body, "amount"), outage})
          .status();
    }
    if (entry.kind == kReviewed) {
      KLANG_ASSIGN_OR_RETURN(
          Rows rows, tx.Query("SELECT reviewed_seq FROM cont_held WHERE org_id = $1 AND seq = $2",
                              {org, BodyInt(body, "held")}));
      if (rows.empty()) return Status::Refusal("continuity.held_not_found", "ไม่พบเอกสารที่รอตรวจสอบ");
      if (rows[0].Int(0) != 0) {
        return Status::Refusal("continuity.already_reviewed", "เอกสารนี้ได้รับการตรวจสอบแล้ว");
      }
      return tx.Execute("UPDATE cont_held SET reviewed_seq = $1, resolution = $2, "
                        "resolution_reason = $3, replaced_by = $4, reviewer = $5 WHERE org_id = $6 "
                        "AND seq = $7",
                        {entry.seq, BodyText(body, "resolution"), BodyText(body, "reason"),
                         BodyInt(body, "replaced_by"), BodyText(body, "by_name"), org,
                         BodyInt(body, "held")})
          .status();
    }
    return Status::Ok();
  }
};

// verify: the registers and the outage states folded from the log.
class ContinuityCheck final : public ledger::ProjectionCheck {
 public:
  explicit ContinuityCheck(int64_t org) : org_(org) {}
  // Only the continuity acts' bodies (the outage or held document each names); other documents
  // are folded by their origin and numbers.
  bool ReadsBody(std::string_view kind) const override {
    return kind.starts_with("cont.") || kind.starts_with("sync.");
  }
  void Fold(const Entry& entry) override {
    const json& body = entry.body;
    const bool edge_document = entry.origin.type == ledger::Origin::Type::kEdge &&
                               (!entry.origin.provisional.empty() ||
                                ledger::AwaitsOfficialNumbers(entry)) &&
                               !IsContinuityKind(entry.kind);
    if (edge_document || entry.origin.type == ledger::Origin::Type::kPaper) {
      documents_[entry.seq] = ledger::AwaitsOfficialNumbers(entry);
    }
    if (entry.kind == kOutageBegin) {
      outages_[entry.seq] = {BodyInt(body, "ended_at_ms"), 0, 0, entry.seq};
    }
    const int64_t outage = BodyInt(body, "outage");
    if (entry.kind == kOutageEnd) Touch(outage, entry.seq).ended = BodyInt(body, "ended_at_ms");
    if (entry.kind == kCaughtUp) Touch(outage, entry.seq).caught_up = BodyInt(body, "at_ms");
    if (entry.kind == kPaperDone) Touch(outage, entry.seq).paper_done = entry.recorded_at_ms;
    if (entry.kind == kHeld) held_[entry.seq] = {0, entry.seq};
    if (entry.kind == kReviewed) held_[BodyInt(body, "held")] = {entry.seq, entry.seq};
  }

  Result<std::optional<ledger::Disagreement>> Compare(Connection& connection) override {
    std::optional<ledger::Disagreement> first;
    auto note = [&](int64_t seq, std::string what) {
      if (!first || seq < first->seq) first = ledger::Disagreement{seq, std::move(what)};
    };
    KLANG_ASSIGN_OR_RETURN(
        Rows rows,
        connection.Query("SELECT seq, awaiting FROM cont_documents WHERE org_id = $1", {org_}));
    if (rows.size() != documents_.size()) note(INT64_MAX, "continuity document rows differ from the log");
    for (const auto& row : rows) {
      auto found = documents_.find(row.Int(0));
      if (found == documents_.end() || found->second != (row.Int(1) != 0)) {
        note(row.Int(0), "continuity register row " + std::to_string(row.Int(0)) + " differs");
      }
    }
    KLANG_ASSIGN_OR_RETURN(rows, connection.Query("SELECT id, ended_at_ms, caught_up_at_ms, "
                                                  "paper_done_at_ms FROM cont_outages WHERE "
                                                  "org_id = $1",
                                                  {org_}));
    if (rows.size() != outages_.size()) note(INT64_MAX, "outage rows differ from the log");
    for (const auto& row : rows) {
      auto found = outages_.find(row.Int(0));
      if (found == outages_.end() || found->second.ended != row.Int(1) ||
          found->second.caught_up != row.Int(2) || found->second.paper_done != row.Int(3)) {
        note(found == outages_.end() ? row.Int(0) : found->second.seq,
             "outage " + std::to_string(row.Int(0)) + " differs from the log");
      }
    }
    KLANG_ASSIGN_OR_RETURN(
        rows, connection.Query("SELECT seq, reviewed_seq FROM cont_held WHERE org_id = $1", {org_}));
    if (rows.size() != held_.size()) note(INT64_MAX, "held rows differ from the log");
    for (const auto& row : rows) {
      auto found = held_.find(row.Int(0));
      if (found == held_.end() || found->second.first != row.Int(1)) {
        note(found == held_.end() ? row.Int(0) : found->second.second,
             "held document " + std::to_string(row.Int(0)) + " differs from the log");
      }
    }
    return first;
  }

 private:
  struct Folded {
    int64_t ended = 0, caught_up = 0, paper_done = 0, seq = 0;
  };
  Folded& Touch(int64_t outage, int64_t seq) {
    Folded& folded = outages_[outage];
    folded.seq = seq;
    return folded;
  }
  int64_t org_;
  std::map<int64_t, bool> documents_;
  std::map<int64_t, Folded> outages_;
  std::map<int64_t, std::pair<int64_t, int64_t>> held_;  // seq -> reviewed seq, last seq
};

std::unique_ptr<ledger::ProjectionCheck> ContinuityProjection::BeginCheck(int64_t org) const {
  return std::make_unique<ContinuityCheck>(org);
}

constexpr const char* kOutageColumns =
    "o.id, o.org_id, o.node, o.cause_code, o.cause_th, o.automatic, o.paper, o.started_at_ms, "
    "o.ended_at_ms, o.caught_up_at_ms, o.paper_done_at_ms, "
    "(SELECT COUNT(*) FROM cont_documents d WHERE d.org_id = o.org_id AND d.outage_id = o.id AND "
    "d.origin = 'edge'), "
    "(SELECT COUNT(*) FROM cont_documents d WHERE d.org_id = o.org_id AND d.outage_id = o.id AND "
    "d.origin = 'paper'), "
    "(SELECT COUNT(*) FROM cont_documents d WHERE d.org_id = o.org_id AND d.outage_id = o.id AND "
    "d.awaiting = 1), "
    "(SELECT COUNT(*) FROM cont_held h WHERE h.org_id = o.org_id AND h.outage_id = o.id)";

// The outage's own columns only, for the gates' checks on every append (the document counts
// of kOutageColumns grow with the outage).
constexpr const char* kOutageColumnsLight =
    "o.id, o.org_id, o.node, o.cause_code, o.cause_th, o.automatic, o.paper, o.started_at_ms, "
    "o.ended_at_ms, o.caught_up_at_ms, o.paper_done_at_ms, 0, 0, 0, 0";

Outage OutageFromRow(const store::Row& row) {
  Outage outage;
  outage.id = row.Int(0);
  outage.org = row.Int(1);
  outage.node = row.Text(2);
  outage.cause_code = row.Text(3);
  outage.cause_th = row.Text(4);
  outage.automatic = row.Int(5) != 0;
  outage.paper = row.Int(6) != 0;
  outage.started_at_ms = row.Int(7);
  outage.ended_at_ms = row.Int(8);
  outage.caught_up_at_ms = row.Int(9);
  outage.paper_done_at_ms = row.Int(10);
  outage.documents_edge = row.Int(11);
  outage.documents_paper = row.Int(12);
  outage.documents_awaiting = row.Int(13);
  outage.documents_held = row.Int(14);
  return outage;
}

}  // namespace

bool IsContinuityKind(const std::string& kind) {
  return kind.rfind("cont.", 0) == 0 || kind.rfind("sync.", 0) == 0;
}

std::string CauseThai(const std::string& cause_code) {
  if (cause_code == "centre_unreachable") return "ติดต่อศูนย์ไม่ได้ (เครื่องของสำนักงานตรวจพบเอง)";
  if (cause_code == "power") return "ไฟฟ้าดับ";
  if (cause_code == "internet") return "อินเทอร์เน็ตในพื้นที่ใช้งานไม่ได้";
  if (cause_code == "centre_down") return "ระบบที่ศูนย์ขัดข้อง";
  if (cause_code == "preliminary_closing") return "ยังไม่ได้ปิดบัญชีขั้นต้น";
  if (cause_code == "other") return "เหตุสุดวิสัยอื่น";
  return cause_code;
}

Result<DocumentKinds> DocumentKinds::FromCsv(const std::string& kinds_csv,
                                             const std::string& series_csv) {
  KLANG_ASSIGN_OR_RETURN(std::vector<CsvRow> rows,
                         ReadDataCsv(kinds_csv, "kind,name_th,path", "continuity.kinds",
                                     "ชนิดเอกสาร"));
  DocumentKinds kinds;
  for (const auto& row : rows) kinds.kinds_[row.fields[0]] = {row.fields[1], row.fields[2]};
  KLANG_ASSIGN_OR_RETURN(rows, ReadDataCsv(series_csv, "series,label_th", "continuity.series",
                                           "ชุดเลขที่เอกสาร"));
  for (const auto& row : rows) kinds.series_[row.fields[0]] = row.fields[1];
  return kinds;
}

std::string DocumentKinds::NumbersText(const std::map<std::string, int64_t>& numbers,
                                       int fiscal_year) const {
  std::string out;
  for (const auto& [series, number] : numbers) {
    if (!out.empty()) out += ", ";
    if (number == 0) {
      out += "รอเลขที่จากศูนย์";
      continue;
    }
    std::string label = series;
    auto exact = series_.find(series);
    if (exact != series_.end()) {
      label = exact->second;
    } else {
      for (const auto& [key, value] : series_) {
        if (!key.empty() && key.back() == '*' && series.rfind(key.substr(0, key.size() - 1), 0) == 0) {
          label = value + " " + series.substr(key.size() - 1);
        }
      }
    }
    out += label + " " + std::to_string(number) + "/" + std::to_string(fiscal_year);
  }
  return out;
}

std::string DocumentKinds::NameTh(const std::string& kind) const {
  auto found = kinds_.find(kind);
  return found == kinds_.end() ? kind : found->second.first;
}

std::string DocumentKinds::Link(const std::string& kind, int64_t org, int64_t seq) const {
  auto found = kinds_.find(kind);
  if (found == kinds_.end() || found->second.second.empty()) return "";
  std::string path = found->second.second;
  auto replace = [&path](const std::string& name, const std::string& value) {
    const size_t at = path.find(name);
    if (at != std::string::npos) path.replace(at, name.size(), value);
  };
  replace("{org}", std::to_string(org));
  replace("{seq}", std::to_string(seq));
  return path;
}

struct ContinuityService::Impl {
  accounting::DocumentKit kit;
  ContinuityProjection projection;

  Result<Rows> Query(std::string_view sql, const store::Params& params) {
    return kit.Query(sql, params);
  }
};

ContinuityService::ContinuityService(ledger::Ledger& ledger, org::OrgDirectory& orgs,
                                     const DocumentKinds& kinds, const Clock& clock,
                                     Random& random)
    : impl_(new Impl{accounting::DocumentKit("continuity", ledger, orgs, clock, random), {}}),
      kinds_(kinds) {}

ContinuityService::~ContinuityService() = default;

ledger::Projection* ContinuityService::projection() { return &impl_->projection; }

std::vector<store::Migration> ContinuityService::Migrations() {
  return {{"continuity", 1, R"SQL(
CREATE TABLE cont_outages (
  org_id {INT} NOT NULL, id {INT} NOT NULL, node TEXT NOT NULL, cause_code TEXT NOT NULL,
  cause_th TEXT NOT NULL, automatic {INT} NOT NULL, paper {INT} NOT NULL,
  started_at_ms {INT} NOT NULL, ended_at_ms {INT} NOT NULL, caught_up_at_ms {INT} NOT NULL,
  paper_done_at_ms {INT} NOT NULL,
  PRIMARY KEY (org_id, id)
) {STRICT};
CREATE TABLE cont_documents (
  org_id {INT} NOT NULL, seq {INT} NOT NULL, entry_id TEXT NOT NULL, kind TEXT NOT NULL,
  origin TEXT NOT NULL, node TEXT NOT NULL, provisional TEXT NOT NULL, paper_book TEXT NOT NULL,
  paper_number TEXT NOT NULL, paper_date TEXT NOT NULL, day TEXT NOT NULL, amount {INT} NOT NULL,
  awaiting {INT} NOT NULL, numbers TEXT NOT NULL, outage_id {INT} NOT NULL, author TEXT NOT NULL,
  PRIMARY KEY (org_id, seq)
) {STRICT};
CREATE INDEX cont_documents_outage ON cont_documents (org_id, outage_id);
CREATE UNIQUE INDEX cont_documents_paper ON cont_documents (org_id, kind, paper_book, paper_number)
  WHERE origin = 'paper';
CREATE TABLE cont_held (
  org_id {INT} NOT NULL, seq {INT} NOT NULL, original_entry_id TEXT NOT NULL, kind TEXT NOT NULL,
  node TEXT NOT NULL, provisional TEXT NOT NULL, local_seq {INT} NOT NULL,
  reason_code TEXT NOT NULL, reason_th TEXT NOT NULL, day TEXT NOT NULL, amount {INT} NOT NULL,
  outage_id {INT} NOT NULL, reviewed_seq {INT} NOT NULL, resolution TEXT NOT NULL,
  resolution_reason TEXT NOT NULL, replaced_by {INT} NOT NULL, reviewer TEXT NOT NULL,
  PRIMARY KEY (org_id, seq)
) {STRICT};
CREATE INDEX cont_held_original ON cont_held (original_entry_id);
)SQL"}};
}

Result<Outage> ContinuityService::Declare(const OutageInput& input, const accounting::Actor& actor) {
  accounting::DocumentKit& kit = impl_->kit;
  KLANG_RETURN_IF_ERROR(kit.CheckBooksOrg(input.org));
  if (!DeclarableCauses().count(input.cause_code)) {
    return Status::Refusal("continuity.cause", "กรุณาเลือกสาเหตุที่ระบบใช้งานไม่ได้", "cause_code");
  }
  if (input.cause_th.size() > kCauseBytesMax) {
    return Status::Refusal("continuity.too_long", "คำอธิบายสาเหตุยาวเกินไป", "cause_th");
  }
  KLANG_ASSIGN_OR_RETURN(int64_t started, ParseThaiLocalTime(input.started_at, "started_at",
                                                             "วันเวลาที่เริ่มขัดข้อง"));
  int64_t ended = 0;
  if (!input.ended_at.empty()) {
    KLANG_ASSIGN_OR_RETURN(ended, ParseThaiLocalTime(input.ended_at, "ended_at",
                                                     "วันเวลาที่กลับมาใช้งานได้"));
    if (ended < started) {
      return Status::Refusal("continuity.ended_before_started", "เวลาสิ้นสุดต้องไม่ก่อนเวลาเริ่มขัดข้อง",
                    "ended_at");
    }
  }
  const int64_t now = kit.clock().NowUnixMillis();
  if (started > now || ended > now) {
    return Status::Refusal("continuity.future", "เวลาที่ระบุต้องไม่เป็นเวลาในอนาคต", "started_at");
  }
  ledger::EntryDraft draft = kit.Draft(input.org, input.entry_id, kOutageBegin, kit.Today(), actor);
  draft.body = {{"node", ""},
                {"cause_code", input.cause_code},
                {"cause_th", input.cause_th.empty() ? CauseThai(input.cause_code) : input.cause_th},
                {"automatic", false},
                {"paper", input.paper},
                {"started_at_ms", started},
                {"ended_at_ms", ended},
                {"by_name", actor.name}};
  KLANG_ASSIGN_OR_RETURN(Entry entry, kit.Append(std::move(draft)));
  return GetOutage(input.org, entry.seq);
}

Result<Outage> ContinuityService::RecordCause(int64_t org, int64_t outage,
                                              const std::string& entry_id,
                                              const std::string& cause_th,
                                              const accounting::Actor& actor) {
  accounting::DocumentKit& kit = impl_->kit;
  KLANG_RETURN_IF_ERROR(kit.RequiredText(cause_th, "cause_th", "สาเหตุ"));
  KLANG_RETURN_IF_ERROR(GetOutage(org, outage).status());
  ledger::EntryDraft draft = kit.Draft(org, entry_id, kOutageCause, kit.Today(), actor);
  draft.body = {{"outage", outage}, {"cause_th", cause_th}, {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(kit.Append(std::move(draft)).status());
  return GetOutage(org, outage);
}

Result<Outage> ContinuityService::PaperDone(int64_t org, int64_t outage_id,
                                            const std::string& entry_id,
                                            const accounting::Actor& actor) {
  accounting::DocumentKit& kit = impl_->kit;
  KLANG_ASSIGN_OR_RETURN(Outage outage, GetOutage(org, outage_id));
  if (!outage.paper) {
    return Status::Refusal("continuity.no_paper", "ระบบขัดข้องครั้งนี้ไม่ได้ใช้เอกสารกระดาษ");
  }
  if (outage.paper_done_at_ms != 0) {
    return Status::Refusal("continuity.paper_done", "บันทึกเอกสารกระดาษของครั้งนี้ครบแล้ว");
  }
  ledger::EntryDraft draft = kit.Draft(org, entry_id, kPaperDone, kit.Today(), actor);
  draft.body = {{"outage", outage_id},
                {"documents", outage.documents_paper},
                {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(kit.Append(std::move(draft)).status());
  return GetOutage(org, outage_id);
}

Result<HeldEntry> ContinuityService::Review(const ReviewInput& input, const accounting::Actor& actor) {
  accounting::DocumentKit& kit = impl_->kit;
  KLANG_ASSIGN_OR_RETURN(HeldEntry held, GetHeld(input.org, input.held));
  if (!held.open()) return Status::Refusal("continuity.already_reviewed", "เอกสารนี้ได้รับการตรวจสอบแล้ว");
  if (input.resolution != kReEntered && input.resolution != kDismissed) {
    return Status::Refusal("continuity.resolution", "กรุณาเลือกผลการตรวจสอบ", "resolution");
  }
  KLANG_RETURN_IF_ERROR(kit.RequiredText(input.reason, "reason", "เหตุผล"));
  if (input.resolution == kReEntered) {
    auto replacing = kit.ledger().Get(input.org, input.replaced_by);
    if (input.replaced_by <= 0 || !replacing.ok() || IsContinuityKind(replacing->kind)) {
      return Status::Refusal("continuity.replaced_by", "กรุณาระบุลำดับที่ของเอกสารที่บันทึกแทน", "replaced_by");
    }
  }
  ledger::EntryDraft draft = kit.Draft(input.org, input.entry_id, kReviewed, kit.Today(), actor);
  draft.body = {{"held", input.held},
                {"resolution", input.resolution},
                {"reason", input.reason},
                {"replaced_by", input.resolution == kReEntered ? input.replaced_by : 0},
                {"by_name", actor.name}};
  KLANG_RETURN_IF_ERROR(kit.Append(std::move(draft)).status());
  return GetHeld(input.org, input.held);
}

Result<std::vector<Outage>> ContinuityService::Outages(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(Rows rows,
                         impl_->Query(std::string("SELECT ") + kOutageColumns +
                                          " FROM cont_outages o WHERE o.org_id = $1 ORDER BY o.id DESC",
                                      {org}));
  std::vector<Outage> outages;
  for (const auto& row : rows) outages.push_back(OutageFromRow(row));
  return outages;
}

Result<Outage> ContinuityService::GetOutage(int64_t org, int64_t id) {
  KLANG_ASSIGN_OR_RETURN(Rows rows,
                         impl_->Query(std::string("SELECT ") + kOutageColumns +
                                          " FROM cont_outages o WHERE o.org_id = $1 AND o.id = $2",
                                      {org, id}));
  if (rows.empty()) {
    return Status::NotFound("continuity.outage_not_found", "ไม่พบรายการระบบขัดข้อง",
                            "no outage " + std::to_string(id));
  }
  return OutageFromRow(rows[0]);
}

Result<std::vector<ContinuityDocument>> ContinuityService::Documents(int64_t org,
                                                                     const std::string& origin,
                                                                     int64_t outage) {
  KLANG_ASSIGN_OR_RETURN(
      Rows rows,
      impl_->Query("SELECT seq, entry_id, kind, origin, node, provisional, paper_book, "
                   "paper_number, paper_date, day, amount, awaiting, numbers, outage_id, author "
                   "FROM cont_documents WHERE org_id = $1 AND ($2 = '' OR origin = $2) AND "
                   "($3 = 0 OR outage_id = $3) ORDER BY seq",
                   {org, origin, outage}));
  std::vector<ContinuityDocument> documents;
  documents.reserve(rows.size());
  for (const auto& row : rows) {
    ContinuityDocument document;
    document.seq = row.Int(0);
    document.entry_id = row.Text(1);
    document.kind = row.Text(2);
    document.origin = row.Text(3);
    document.node = row.Text(4);
    document.provisional = row.Text(5);
    document.paper_book = row.Text(6);
    document.paper_number = row.Text(7);
    document.paper_date = row.Text(8);
    document.day = IsoDateOr(row.Text(9));
    document.amount = Money::FromSatang(row.Int(10));
    document.awaiting = row.Int(11) != 0;
    const json numbers = json::parse(row.Text(12), nullptr, false);
    if (numbers.is_object()) {
      for (const auto& [series, number] : numbers.items()) {
        if (number.is_number_integer()) document.numbers[series] = number.get<int64_t>();
      }
    }
    document.outage = row.Int(13);
    document.author = row.Text(14);
    documents.push_back(std::move(document));
  }
  return documents;
}

namespace {

constexpr const char* kHeldColumns =
    "seq, org_id, original_entry_id, kind, node, provisional, local_seq, reason_code, reason_th, "
    "day, amount, reviewed_seq, resolution, resolution_reason, replaced_by, reviewer";

HeldEntry HeldFromRow(const store::Row& row) {
  HeldEntry held;
  held.seq = row.Int(0);
  held.org = row.Int(1);
  held.original_entry_id = row.Text(2);
  held.kind = row.Text(3);
  held.node = row.Text(4);
  held.provisional = row.Text(5);
  held.local_seq = row.Int(6);
  held.reason_code = row.Text(7);
  held.reason_th = row.Text(8);
  held.day = IsoDateOr(row.Text(9));
  held.amount = Money::FromSatang(row.Int(10));
  held.reviewed_seq = row.Int(11);
  held.resolution = row.Text(12);
  held.resolution_reason = row.Text(13);
  held.replaced_by = row.Int(14);
  held.reviewer = row.Text(15);
  return held;
}

}  // namespace

Result<std::vector<HeldEntry>> ContinuityService::Held(int64_t org, bool open_only) {
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, impl_->Query(std::string("SELECT ") + kHeldColumns +
                                  " FROM cont_held WHERE org_id = $1 AND ($2 = 0 OR "
                                  "reviewed_seq = 0) ORDER BY seq",
                              {org, int64_t{open_only ? 1 : 0}}));
  std::vector<HeldEntry> held;
  for (const auto& row : rows) held.push_back(HeldFromRow(row));
  return held;
}

Result<HeldEntry> ContinuityService::GetHeld(int64_t org, int64_t seq) {
  KLANG_ASSIGN_OR_RETURN(Rows rows, impl_->Query(std::string("SELECT ") + kHeldColumns +
                                                     " FROM cont_held WHERE org_id = $1 AND seq = $2",
                                                 {org, seq}));
  if (rows.empty()) {
    return Status::NotFound("continuity.held_not_found", "ไม่พบเอกสารที่รอตรวจสอบ",
                            "no held entry " + std::to_string(seq));
  }
  HeldEntry held = HeldFromRow(rows[0]);
  KLANG_ASSIGN_OR_RETURN(Entry entry, impl_->kit.ledger().Get(org, seq));
  held.original = entry.body.value("original", json::object());
  held.reason_en = entry.body.value("reason_en", "");
  return held;
}

Result<std::optional<Outage>> ContinuityService::OpenPaperOutage(int64_t org) {
  KLANG_ASSIGN_OR_RETURN(Rows rows,
                         impl_->Query(std::string("SELECT ") + kOutageColumnsLight +
                                          " FROM cont_outages o WHERE o.org_id = $1 AND "
                                          "o.paper = 1 AND o.paper_done_at_ms = 0 ORDER BY o.id "
                                          "LIMIT 1",
                                      {org}));
  if (rows.empty()) return std::optional<Outage>();
  return std::optional<Outage>(OutageFromRow(rows[0]));
}

Result<bool> ContinuityService::PaperNumberUsed(int64_t org, const std::string& kind,
                                                const std::string& book,
                                                const std::string& number) {
  KLANG_ASSIGN_OR_RETURN(
      Rows rows, impl_->Query("SELECT 1 FROM cont_documents WHERE org_id = $1 AND kind = $2 AND "
                              "origin = 'paper' AND paper_book = $3 AND paper_number = $4",
                              {org, kind, book, number}));
  return !rows.empty();
}

Result<std::optional<Outage>> ContinuityService::OpenEdgeOutage(int64_t org,
                                                                const std::string& node) {
  KLANG_ASSIGN_OR_RETURN(Rows rows,
                         impl_->Query(std::string("SELECT ") + kOutageColumnsLight +
                                          " FROM cont_outages o WHERE o.org_id = $1 AND "
                                          "o.node = $2 AND o.ended_at_ms = 0 ORDER BY o.id DESC "
                                          "LIMIT 1",
                                      {org, node}));
  if (rows.empty()) return std::optional<Outage>();
  return std::optional<Outage>(OutageFromRow(rows[0]));
}

ledger::EntryDraft ContinuityService::OutageBeginDraft(int64_t org, const std::string& node,
                                                       int64_t started_at_ms,
                                                       const std::string& why_th) {
  accounting::DocumentKit& kit = impl_->kit;
  ledger::EntryDraft draft =
      kit.Draft(org, "", kOutageBegin, ThaiDateFromUnixSeconds(started_at_ms / 1000),
                accounting::Actor{0, "เครื่อง " + node});
  draft.author = "system:" + node;
  draft.body = {{"node", node},
                {"cause_code", "centre_unreachable"},
                {"cause_th", why_th.empty() ? CauseThai("centre_unreachable") : why_th},
                {"automatic", true},
                {"paper", false},
                {"started_at_ms", started_at_ms},
                {"ended_at_ms", 0}};
  return draft;
}

ledger::EntryDraft ContinuityService::OutageEndDraft(int64_t org, int64_t outage,
                                                     int64_t ended_at_ms) {
  accounting::DocumentKit& kit = impl_->kit;
  ledger::EntryDraft draft = kit.Draft(org, "", kOutageEnd, ThaiDateFromUnixSeconds(ended_at_ms / 1000),
                                       accounting::Actor{0, "system"});
  draft.author = "system";
  draft.body = {{"outage", outage}, {"ended_at_ms", ended_at_ms}};
  return draft;
}

ledger::EntryDraft ContinuityService::CaughtUpDraft(int64_t org, int64_t outage, int64_t at_ms,
                                                    int64_t documents) {
  accounting::DocumentKit& kit = impl_->kit;
  ledger::EntryDraft draft = kit.Draft(org, "", kCaughtUp, ThaiDateFromUnixSeconds(at_ms / 1000),
                                       accounting::Actor{0, "system"});
  draft.author = "system";
  draft.body = {{"outage", outage}, {"at_ms", at_ms}, {"documents", documents}};
  return draft;
}

}  // namespace klang::sync
