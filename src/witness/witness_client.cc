#include "witness/witness_client.h"

#include "sync/transport.h"

namespace klang::witness {
namespace {

constexpr char kCheckpointsPath[] = "/witness/v1/checkpoints";

Status Nonsense(const std::string& url, const std::string& what) {
  return Status::Unavailable("witness.unreachable", url + ": " + what);
}

class HttpWitnessClient final : public WitnessClient {
 public:
  explicit HttpWitnessClient(std::string url) : url_(std::move(url)) {
    while (!url_.empty() && url_.back() == '/') url_.pop_back();
    sync::CurlOptions options;
    options.base_url = url_;
    transport_ = sync::MakeCurlTransport(options);
  }
  const std::string& name() const override { return url_; }

  Result<std::vector<Status>> Deliver(const std::vector<SignedCheckpoint>& checkpoints) override {
    nlohmann::json body = {{"checkpoints", nlohmann::json::array()}};
    for (const auto& checkpoint : checkpoints) body["checkpoints"].push_back(ToJson(checkpoint));
    KLANG_ASSIGN_OR_RETURN(nlohmann::json answer, Exchange("POST", kCheckpointsPath, body.dump()));
    if (!answer.contains("results") || !answer["results"].is_array() ||
        answer["results"].size() != checkpoints.size()) {
      return Nonsense(url_, "an answer without one result per checkpoint");
    }
    std::vector<Status> results;
    for (const auto& one : answer["results"]) results.push_back(DeliveryAnswerFromJson(one));
    return results;
  }

  Result<std::vector<SignedCheckpoint>> Fetch(std::optional<int64_t> org) override {
    std::vector<SignedCheckpoint> out;
    int64_t after_org = 0, after_seq = 0;
    for (bool more = true; more;) {
      const std::string query = "?after_org=" + std::to_string(after_org) + "&after_seq=" + std::to_string(after_seq) +
                                (org ? "&org=" + std::to_string(*org) : "");
      KLANG_ASSIGN_OR_RETURN(more, Page(query, out));
      if (!out.empty()) {
        after_org = out.back().checkpoint.org;
        after_seq = out.back().checkpoint.seq;
      }
    }
    return out;
  }

  Result<std::vector<SignedCheckpoint>> FetchLatest() override {
    std::vector<SignedCheckpoint> out;
    KLANG_RETURN_IF_ERROR(Page("?latest=1", out).status());
    return out;
  }

 private:
  // One GET of the list, appended to `out`; whether another page follows.
  // One request; its answer as a JSON object. Errors: the witness out of reach, or not answering
  // 200 with an object (witness.unreachable).
  Result<nlohmann::json> Exchange(const std::string& method, const std::string& path, const std::string& body) {
    auto reply = transport_->Send(method, path, body);
    if (!reply.ok()) return Status::Unavailable("witness.unreachable", url_ + ": " + reply.status().detail_en());
    if (reply->status != 200) return Nonsense(url_, "answered HTTP " + std::to_string(reply->status));
    auto answer = nlohmann::json::parse(reply->body, nullptr, /*allow_exceptions=*/false);
    if (!answer.is_object()) return Nonsense(url_, "an answer that is not a JSON object");
    return answer;
  }

  Result<bool> Page(const std::string& query, std::vector<SignedCheckpoint>& out) {
    KLANG_ASSIGN_OR_RETURN(nlohmann::json answer, Exchange("GET", std::string(kCheckpointsPath) + query, ""));
    if (!answer.contains("checkpoints") || !answer["checkpoints"].is_array()) {
      return Nonsense(url_, "an answer without checkpoints");
    }
    for (const auto& one : answer["checkpoints"]) {
      auto parsed = FromJson(one);
      if (!parsed.ok()) return Nonsense(url_, parsed.status().detail_en());
      out.push_back(std::move(parsed).value());
    }
    auto more = answer.find("more");
    return more != answer.end() && more->is_boolean() && more->get<bool>() && !answer["checkpoints"].empty();
  }

  std::string url_;
  std::unique_ptr<sync::Transport> transport_;
};

}  // namespace

std::unique_ptr<WitnessClient> MakeHttpWitnessClient(const std::string& url) {
  return std::make_unique<HttpWitnessClient>(url);
}

nlohmann::json DeliveryAnswerJson(const Status& status) {
  if (status.ok()) return {{"status", "kept"}};
  return {{"status", "refused"}, {"code", status.stable_code()}, {"message_th", status.message_th()},
          {"detail", status.detail_en()}};
}

Status DeliveryAnswerFromJson(const nlohmann::json& answer) {
  // A witness's answer is read defensively: any field that is not a string reads as absent.
  auto text = [&answer](const char* key, const char* otherwise) -> std::string {
    if (!answer.is_object()) return otherwise;
    auto found = answer.find(key);
    return found != answer.end() && found->is_string() ? found->get<std::string>() : otherwise;
  };
  if (text("status", "") == "kept") return Status::Ok();
  return Status::Conflict(text("code", "witness.refused"), text("message_th", "พยานไม่รับจุดตรวจสอบ"),
                          text("detail", ""));
}

}  // namespace klang::witness
