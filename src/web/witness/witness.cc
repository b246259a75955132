#include "web/witness/witness.h"

#include <algorithm>

#include "core/thai.h"
#include "sync/time_text.h"

namespace klang::web {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

constexpr size_t kCheckpointsPerDeliveryMax = 1'000;

// POST /witness/v1/checkpoints {"checkpoints":[…]}: one answer per checkpoint, in order.
Response ReceiveCheckpoints(WitnessWeb& web, Request& request) {
  const json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("checkpoints") || !body["checkpoints"].is_array() ||
      body["checkpoints"].size() > kCheckpointsPerDeliveryMax) {
    return Response::Problem(Status::InvalidInput("witness.delivery_form", "รูปแบบคำขอไม่ถูกต้อง",
                                                  "a JSON object {\"checkpoints\": [...]} of at most 1000"));
  }
  json results = json::array();
  for (const json& one : body["checkpoints"]) {
    auto parsed = witness::FromJson(one);
    if (!parsed.ok()) {
      results.push_back(witness::DeliveryAnswerJson(parsed.status()));
      continue;
    }
    auto received = web.store.Receive(*parsed);
    if (!received.ok() && received.status().AbortsTransaction()) return Response::Problem(received.status());
    results.push_back(witness::DeliveryAnswerJson(received.status()));
  }
  return Response::Json({{"results", results}});
}

// A whole number from the query (0 when absent); nullopt when it is not one.
std::optional<int64_t> QueryNumber(const Request& request, const char* name) {
  const std::string text = request.QueryParam(name);
  constexpr int64_t kLargest = 1'000'000'000'000'000;
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > kLargest) return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// GET /witness/v1/checkpoints[?org=N][&after_org=O&after_seq=S][&limit=L] — by organisation and
// seq, a page at a time ("more": another page follows); ?latest=1: each organisation's latest.
Response ListCheckpoints(WitnessWeb& web, Request& request) {
  const auto org = QueryNumber(request, "org"), after_org = QueryNumber(request, "after_org"),
             after_seq = QueryNumber(request, "after_seq"), limit = QueryNumber(request, "limit");
  if (!org || !after_org || !after_seq || !limit) {
    return Response::Problem(Status::InvalidInput("witness.query", "พารามิเตอร์ไม่ถูกต้อง",
                                                  "org, after_org, after_seq and limit are whole numbers"));
  }
  const std::optional<int64_t> one = *org > 0 ? org : std::nullopt;
  const size_t page = *limit > 0 ? static_cast<size_t>(std::min<int64_t>(*limit, witness::WitnessStore::kListLimitMax))
                                 : witness::WitnessStore::kListLimitMax;
  auto held = request.QueryParam("latest") == "1" ? web.store.Latest(one)
                                                   : web.store.List(one, *after_org, *after_seq, page);
  if (!held.ok()) return Response::Problem(held.status());
  json list = json::array();
  for (const auto& checkpoint : *held) list.push_back(witness::ToJson(checkpoint));
  const bool more = request.QueryParam("latest") != "1" && held->size() == page;
  return Response::Json({{"checkpoints", list}, {"more", more}});
}

std::string_view VerdictCode(witness::Verdict verdict) {
  switch (verdict) {
    case witness::Verdict::kValid:
      return "valid";
    case witness::Verdict::kNotValid:
      return "not_valid";
    case witness::Verdict::kAwaiting:
      return "awaiting";
  }
  return "awaiting";
}

json CheckJson(const std::optional<witness::DocumentCheck>& check) {
  if (!check) return {{"found", false}, {"verdict", "unknown"}};
  json out = {{"found", true},
              {"verdict", VerdictCode(check->verdict)},
              {"valid", check->verdict == witness::Verdict::kValid},
              {"not_valid", check->verdict == witness::Verdict::kNotValid},
              {"awaiting", check->verdict == witness::Verdict::kAwaiting},
              {"org_name", check->org_name},
              {"document_th", check->document_th},
              {"number_th", check->number_th},
              {"date", check->document_date.ToIso()},
              {"date_th", FormatThaiDateLong(check->document_date)},
              {"amount", check->amount.FormatPlain()},
              {"amount_text", check->amount.Format()},
              {"witnessed", check->witnessed}};
  if (check->checkpoint_signed_at_ms > 0) {
    out["checkpoint_signed_at_ms"] = check->checkpoint_signed_at_ms;
    out["checkpoint_signed_at_th"] = sync::FormatThaiMoment(check->checkpoint_signed_at_ms);
  }
  return out;
}

Response CheckAnswer(CheckWeb& web, Request& request, const std::string& code) {
  if (!web.limiter.Allow(request.remote_address, web.pages.clock.NowUnixMillis())) {
    const Status slow = Status::Error(ErrorCode::kUnavailable, "check.rate_limited",
                                      "ตรวจสอบบ่อยเกินไป กรุณารอสักครู่แล้วลองใหม่", "too many checks from this address");
    if (IsApi(request)) {
      Response response = Response::Problem(slow);
      response.status = 429;
      return response;
    }
    Response response = RenderPage(web.pages.templates, "check", {{"title", "ตรวจสอบเอกสาร"}, {"limited", slow.message_th()}}, 429);
    response.headers.emplace_back("Retry-After", "60");
    return response;
  }
  auto checked = web.checker.Check(code);
  if (!checked.ok()) return IsApi(request) ? Response::Problem(checked.status()) : ErrorResponse(request, web.pages.templates, checked.status());
  json answer = CheckJson(*checked);
  const int status = checked->has_value() ? 200 : 404;
  if (IsApi(request)) return Response::Json(answer, status);
  json data = {{"title", "ตรวจสอบเอกสาร"}, {"check", answer}, {"asked", true}, {"code", code}};
  return RenderPage(web.pages.templates, "check", data, status);
}

Response CheckForm(CheckWeb& web, Request& request) {
  const std::string code = request.QueryParam("code");
  if (!code.empty()) return CheckAnswer(web, request, code);
  return RenderPage(web.pages.templates, "check", {{"title", "ตรวจสอบเอกสาร"}});
}

Response CheckPage(CheckWeb& web, Request& request) { return CheckAnswer(web, request, request.PathParam("code")); }

}  // namespace

bool RateLimiter::Allow(const std::string& address, int64_t now_ms) {
  std::lock_guard lock(mutex_);
  auto found = buckets_.find(address);
  if (found == buckets_.end()) {
    if (buckets_.size() >= kAddressesMax) {  // forget the full buckets, else the one unused longest
      std::erase_if(buckets_, [&](const auto& one) {
        return one.second.tokens + (now_ms - one.second.at_ms) * per_minute_ / 60'000.0 >= per_minute_;
      });
      if (buckets_.size() >= kAddressesMax) {
        buckets_.erase(std::min_element(buckets_.begin(), buckets_.end(), [](const auto& a, const auto& b) {
          return a.second.at_ms < b.second.at_ms;
        }));
      }
    }
    found = buckets_.emplace(address, Bucket{per_minute_, now_ms}).first;
  }
  Bucket& bucket = found->second;
  bucket.tokens = std::min(per_minute_, bucket.tokens + (now_ms - bucket.at_ms) * per_minute_ / 60'000.0);
  bucket.at_ms = now_ms;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

std::string AgeTextTh(int64_t milliseconds) {
  const int64_t minutes = std::max<int64_t>(0, milliseconds) / 60'000;
  if (minutes < 1) return "ไม่ถึง 1 นาที";
  const int64_t days = minutes / (24 * 60), hours = minutes / 60 % 24, rest = minutes % 60;
  std::string text;
  if (days > 0) text += std::to_string(days) + " วัน ";
  if (hours > 0) text += std::to_string(hours) + " ชั่วโมง ";
  if (rest > 0 || text.empty()) text += std::to_string(rest) + " นาที ";
  text.pop_back();
  return text;
}

Result<ledger::Anchors> IntegrityAnchors(witness::CheckpointService& checkpoints, int64_t org) {
  KLANG_ASSIGN_OR_RETURN(std::vector<witness::SignedCheckpoint> copies,
                         checkpoints.Copies(org, checkpoints.witness_count() > 0));
  return witness::AnchorsOf(copies);
}

json CheckpointsJson(witness::CheckpointService& checkpoints, const Clock& clock, int64_t org,
                     const ledger::OrgVerification* verified) {
  json out = {{"signing", checkpoints.signing()}, {"witness_count", checkpoints.witness_count()}};
  auto state = checkpoints.StateOf(org);
  if (!state.ok()) {
    out["problem"] = state.status().message_th();
    return out;
  }
  const int64_t now = clock.NowUnixMillis();
  if (state->last_signed) {
    const witness::Checkpoint& last = state->last_signed->checkpoint;
    out["last_signed"] = {{"seq", last.seq},
                          {"signed_at_ms", last.signed_at_ms},
                          {"signed_at_th", sync::FormatThaiMoment(last.signed_at_ms)},
                          {"reason_th", std::string(witness::InfoOf(last.reason).name_th)},
                          {"key_id", last.key_id}};
  }
  json witnesses = json::array();
  for (const auto& one : state->witnesses) {
    json item = {{"witness", one.witness}, {"seq", one.seq}, {"last_error", one.last_error},
                 {"held", one.seq > 0}, {"failing", !one.last_error.empty()}};
    if (one.seq > 0) {
      item["signed_at_th"] = sync::FormatThaiMoment(one.signed_at_ms);
      item["age_seconds"] = (now - one.signed_at_ms) / 1000;
      item["age_th"] = AgeTextTh(now - one.signed_at_ms);
    }
    witnesses.push_back(item);
  }
  out["witnesses"] = witnesses;
  out["has_witnesses"] = !witnesses.empty();
  if (!state->refused_to_sign.empty()) out["refused_to_sign"] = state->refused_to_sign;
  if (verified == nullptr) return out;
  out["anchors_checked"] = verified->anchors_checked;
  out["passes"] = verified->range_to == 0;
  if (verified->range_to > 0) {
    out["range_from"] = verified->range_from;
    out["range_to"] = verified->range_to;
    out["problem_en"] = verified->problem;
  }
  return out;
}

void RegisterWitnessRoutes(RouteTable& table, WitnessWeb& web) {
  table.AddRoutes(web, {
                           {"POST", "/witness/v1/checkpoints", PublicAccess(), ReceiveCheckpoints},
                           {"GET", "/witness/v1/checkpoints", PublicAccess(), ListCheckpoints},
                       });
}

void RegisterCheckRoutes(RouteTable& table, CheckWeb& web) {
  table.AddRoutes(web, {
                           {"GET", "/check", PublicAccess(), CheckForm},
                           {"GET", "/check/{code}", PublicAccess(), CheckPage},
                           {"GET", "/api/v1/check/{code}", PublicAccess(), CheckPage},
                       });
}

}  // namespace klang::web
