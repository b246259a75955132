#include "http/observe.h"

#include <chrono>
#include <ctime>
#include <mutex>

#include <nlohmann/json.hpp>
#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace klang::http {
namespace {

// Latency buckets in seconds: the targets are p99 < 50 ms (one office) and < 100 ms (the
// national peak); a failover may hold a request for a minute.
const prometheus::Histogram::BucketBoundaries kLatencyBucketsS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

std::string UtcNowIso() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(millis));
  return text;
}

prometheus::MetricFamily OneValue(std::string name, std::string help, prometheus::MetricType type,
                                  double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return prometheus::MetricFamily{std::move(name), std::move(help), type, {metric}};
}

}  // namespace

struct Metrics::State {
  prometheus::Registry registry;
  prometheus::Family<prometheus::Counter>& requests =
      prometheus::BuildCounter()
          .Name("klang_http_requests_total")
          .Help("HTTP requests answered, by route pattern, method and status")
          .Register(registry);
  prometheus::Family<prometheus::Histogram>& latency =
      prometheus::BuildHistogram()
          .Name("klang_http_request_duration_seconds")
          .Help("Time from a request read to its answer, by route pattern and method")
          .Register(registry);
  std::mutex sources_mutex;
  std::vector<Source> sources;
};

Metrics::Metrics() : state_(std::make_unique<State>()) {}
Metrics::~Metrics() = default;

// Labels come from a bounded set only: a client's made-up method or path must not add series.
std::string MethodLabel(const std::string& method) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    if (method == known) return method;
  }
  return "other";
}

void Metrics::Observe(const RequestRecord& record) {
  // A path that matched no route is counted under one label: paths are unbounded.
  const std::string route = record.route.empty() ? "(none)" : record.route;
  const std::string method = MethodLabel(record.method);
  state_->requests.Add({{"route", route}, {"method", method}, {"status", std::to_string(record.status)}})
      .Increment();
  state_->latency.Add({{"route", route}, {"method", method}}, kLatencyBucketsS)
      .Observe(static_cast<double>(record.duration_us) / 1e6);
}

void Metrics::AddSource(Source source) {
  std::lock_guard lock(state_->sources_mutex);
  state_->sources.push_back(std::move(source));
}

std::string Metrics::Render() const {
  std::vector<prometheus::MetricFamily> families = state_->registry.Collect();
  std::vector<Source> sources;
  {
    std::lock_guard lock(state_->sources_mutex);
    sources = state_->sources;
  }
  for (const Source& source : sources) {  // outside the lock: a slow source delays only its scrape
    for (auto& family : source()) families.push_back(std::move(family));
  }
  return prometheus::TextSerializer().Serialize(families);
}

namespace {

// The one logger of the server's structured lines, on stderr (journald), thread-safe.
spdlog::logger& Logger() {
  static const std::shared_ptr<spdlog::logger> logger = [] {
    auto made = spdlog::stderr_logger_mt("klang");
    made->set_pattern("%v");  // the line is the JSON object
    return made;
  }();
  return *logger;
}

void WriteLine(const nlohmann::ordered_json& line) {
  Logger().info(line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
}

}  // namespace

void LogLine(const nlohmann::ordered_json& fields) {
  nlohmann::ordered_json line = {{"time", UtcNowIso()}};  // first, for a reader scanning the log
  line.update(fields);
  WriteLine(line);
}

AccessLog::AccessLog() = default;

// The same line as LogLine's, built in place: one is written for every request.
void AccessLog::Observe(const RequestRecord& record) {
  nlohmann::ordered_json line = nlohmann::ordered_json::object();
  line.get_ref<nlohmann::ordered_json::object_t&>().reserve(10);
  line["time"] = UtcNowIso();
  line["request_id"] = record.request_id;
  line["method"] = record.method;
  line["route"] = record.route;
  line["path"] = record.path;
  line["status"] = record.status;
  line["duration_ms"] = static_cast<double>(record.duration_us) / 1000.0;
  line["org"] = record.org == 0 ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(record.org);
  line["user"] = record.user.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(record.user);
  line["remote"] = record.remote_address;
  WriteLine(line);
}

prometheus::MetricFamily GaugeFamily(std::string name, std::string help, double value) {
  return OneValue(std::move(name), std::move(help), prometheus::MetricType::Gauge, value);
}

prometheus::MetricFamily CounterFamily(std::string name, std::string help, double value) {
  return OneValue(std::move(name), std::move(help), prometheus::MetricType::Counter, value);
}

}  // namespace klang::http
