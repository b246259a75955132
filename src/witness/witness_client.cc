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
    auto reply = transport_->Send("POST", kCheckpointsPath, body.dump());
    if (!reply.ok()) return Status::Unavailable("witness.unreachable", url_ + ": " + reply.status().detail_en());
    if (reply->status != 200) return Nonsense(url_, "answered HTTP " + std::to_string(reply->status));
    auto answer = nlohmann::json::parse(reply->body, nullptr, /*allow_exceptions=*/false);
    if (!answer.is_object() || !answer.contains("results") || !answer["results"].is_array() ||
        answer["results"].size() != checkpoints.size()) {
      return Nonsense(url_, "an answer without one result per checkpoint");
    }
    std::vector<Status> results;
    for (const auto& one : answer["results"]) results.push_back(DeliveryAnswerFromJson(one));
    return results;
  }

  Result<std::vector<SignedCheckpoint>> Fetch(std::optional<int64_t> org) override {
    const std::string path = std::string(kCheckpointsPath) + (org ? "?org=" + std::to_string(*org) : "");
    auto reply = transport_->Send("GET", path, "");
    if (!reply.ok()) return Status::Unavailable("witness.unreachable", url_ + ": " + reply.status().detail_en());
    if (reply->status != 200) return Nonsense(url_, "answered HTTP " + std::to_string(reply->status));
    auto answer = nlohmann::json::parse(reply->body, nullptr, /*allow_exceptions=*/false);
    if (!answer.is_object() || !answer.contains("checkpoints") || !answer["checkpoints"].is_array()) {
      return Nonsense(url_, "an answer without checkpoints");
    }
    std::vector<SignedCheckpoint> out;
    for (const auto& one : answer["checkpoints"]) {
      auto parsed = FromJson(one);
      if (!parsed.ok()) return Nonsense(url_, parsed.status().detail_en());
      out.push_back(std::move(parsed).value());
    }
    return out;
  }

 private:
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
  if (answer.is_object() && answer.value("status", "") == "kept") return Status::Ok();
  const std::string code = answer.is_object() ? answer.value("code", "witness.refused") : "witness.refused";
  const std::string message = answer.is_object() ? answer.value("message_th", "พยานไม่รับจุดตรวจสอบ") : "พยานไม่รับจุดตรวจสอบ";
  const std::string detail = answer.is_object() ? answer.value("detail", "") : "";
  return Status::Conflict(code, message, detail);
}

}  // namespace klang::witness
