// http/observe.h — what the server tells operators: one JSON line per request on stderr
// (spdlog, for journald) and Prometheus metrics (prometheus-cpp) served at GET /metrics to the
// addresses allowed (ServerOptions::metrics_allowed).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <prometheus/metric_family.h>

namespace klang::http {

// One request, once answered.
struct RequestRecord {
  std::string request_id;  // also sent back as X-Request-Id
  std::string method;
  std::string route;  // the route's pattern ("/api/v1/orgs/{org}/vouchers"), or "" if none matched
  std::string path;
  int status = 0;
  int64_t duration_us = 0;
  int64_t org = 0;    // the {org} of the path, 0 when none
  std::string user;   // the signed-in user, "" when none
  std::string remote_address;
};

class RequestObserver {
 public:
  virtual ~RequestObserver() = default;
  // Called on a worker thread after each request; must be thread-safe and must not throw.
  virtual void Observe(const RequestRecord& record) = 0;
};

// Requests counted and timed by route, method and status, plus what other parts add as
// sources read at each scrape (the ledger's group commits, the connection pool, replication).
class Metrics final : public RequestObserver {
 public:
  using Source = std::function<std::vector<prometheus::MetricFamily>()>;

  Metrics();
  ~Metrics() override;
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void Observe(const RequestRecord& record) override;
  // Register every source before the server starts.
  void AddSource(Source source);
  // The Prometheus text format (version 0.0.4).
  std::string Render() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Writes `line` with its "time" (UTC, milliseconds) as one JSON object on one line of stderr.
void LogLine(const nlohmann::ordered_json& fields);

// One JSON object per line on stderr: time, request_id, method, route, path, status,
// duration_ms, org, user, remote.
class AccessLog final : public RequestObserver {
 public:
  AccessLog();
  void Observe(const RequestRecord& record) override;
};

// Several observers as one.
class Observers final : public RequestObserver {
 public:
  void Add(RequestObserver* observer) { observers_.push_back(observer); }
  void Observe(const RequestRecord& record) override {
    for (RequestObserver* observer : observers_) observer->Observe(record);
  }

 private:
  std::vector<RequestObserver*> observers_;
};

// Helpers for sources: one gauge or counter family with one unlabelled value.
prometheus::MetricFamily GaugeFamily(std::string name, std::string help, double value);
prometheus::MetricFamily CounterFamily(std::string name, std::string help, double value);

}  // namespace klang::http
