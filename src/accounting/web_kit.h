// accounting/web_kit.h — what every feature module's handlers share: one handler serves a form
// post (a redirect, or the form again with the Thai error and what was typed) and the same call
// under /api/v1 (JSON, or problem+json); input read the same way from either; amounts shown the
// same way everywhere. Stateless; thread-safe.
#pragma once

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "accounting/document_kit.h"
#include "accounting/handlers.h"
#include "http/http.h"
#include "http/templates.h"

namespace klang::accounting {

// A request under /api/ (JSON in and out) rather than a page.
bool IsApi(const http::Request& request);
// A decimal integer; 0 when empty or not a number.
int64_t ToInt(const std::string& text);

// Input fields of a form post or of a JSON body, read the same way.
class Fields {
 public:
  explicit Fields(const http::Request& request) : request_(request) {
    if (IsApi(request_)) {
      body_ = nlohmann::json::parse(request_.body, nullptr, /*allow_exceptions=*/false);
      if (!body_.is_object()) body_ = nlohmann::json::object();
    }
  }
  std::string Text(const char* name) const {
    if (!IsApi(request_)) return request_.FormValue(name);
    auto found = body_.find(name);
    if (found == body_.end() || found->is_null()) return "";
    return found->is_string() ? found->get<std::string>() : found->dump();
  }
  int64_t Int(const char* name) const { return ToInt(Text(name)); }
  bool Flag(const char* name) const {
    const std::string value = Text(name);
    return value == "1" || value == "true" || value == "on";
  }
  std::vector<int64_t> Ints(const char* name) const {
    std::vector<int64_t> values;
    if (!IsApi(request_)) {
      for (const auto& value : request_.FormValues(name)) values.push_back(ToInt(value));
    } else if (body_.contains(name) && body_[name].is_array()) {
      for (const auto& value : body_[name]) {
        if (value.is_number_integer()) values.push_back(value.get<int64_t>());
      }
    }
    return values;
  }
  // Rows of a repeated group: form posts send parallel arrays (item=…&amount=…), JSON an array
  // of objects under `group`.
  std::vector<std::map<std::string, std::string>> Rows(const char* group,
                                                       std::vector<const char*> names) const {
    std::vector<std::map<std::string, std::string>> rows;
    if (!IsApi(request_)) {
      size_t count = 0;
      for (const char* name : names) count = std::max(count, request_.FormValues(name).size());
      count = std::min<size_t>(count, 100);
      for (size_t index = 0; index < count; ++index) {
        std::map<std::string, std::string> row;
        for (const char* name : names) {
          const auto values = request_.FormValues(name);
          row[name] = index < values.size() ? values[index] : "";
        }
        rows.push_back(std::move(row));
      }
      return rows;
    }
    if (!body_.contains(group) || !body_[group].is_array()) return rows;
    for (const auto& item : body_[group]) {
      if (!item.is_object() || rows.size() >= 100) continue;
      std::map<std::string, std::string> row;
      for (const char* name : names) {
        auto found = item.find(name);
        row[name] = found == item.end() || found->is_null() ? ""
                    : found->is_string()                    ? found->get<std::string>()
                                                            : found->dump();
      }
      rows.push_back(std::move(row));
    }
    return rows;
  }
  // The submitted values, for refilling a form after an error.
  nlohmann::json Echo() const {
    if (IsApi(request_)) return body_;
    nlohmann::json echo = nlohmann::json::object();
    for (const auto& [name, value] : request_.FormFields()) {
      if (name != "_csrf") echo[name] = value;
    }
    return echo;
  }

 private:
  const http::Request& request_;
  nlohmann::json body_;
};

// The signed-in user as the actor of a document.
Actor ActorOf(const http::Request& request);
// A date query parameter (ISO); nullopt when absent or invalid.
std::optional<Date> DateParam(const http::Request& request, const char* name);
// {"value": "1234.50", "text": "1,234.50", "blank": "1,234.50" or "" for zero}
nlohmann::json AmountJson(Money amount);
// After a successful post: the API gets the object (201), a form a redirect to `location`.
http::Response Done(const http::Request& request, const nlohmann::json& object,
                    const std::string& location);
// A refused post: the API gets problem+json; a form gets `page` again (HTTP 422) with the Thai
// error and the values typed (invalid input and conflicts), other errors the error page.
http::Response Refused(const http::Templates& templates, http::Request& request,
                       const Status& status,
                       const std::function<http::Response(nlohmann::json extra)>& page);
// A failed read: problem+json or the Thai error page.
http::Response Failed(const http::Templates& templates, http::Request& request,
                      const Status& status);
// The ?fy= query parameter (a BE year), or the current fiscal year when absent or implausible.
int FiscalYearParam(const http::Request& request, const Clock& clock);
// What a feature module's page shares beyond PageBase: its base path, today (ISO), the fiscal
// year asked for, and a fresh entry_id for the forms on it.
nlohmann::json ModulePage(const http::Request& request, WebContext& context,
                          const std::string& title, const std::string& base);
// An optional date as ISO (or null) and as a short Thai date (or "").
nlohmann::json OptionalDateJson(const std::optional<Date>& date);
std::string OptionalDateThai(const std::optional<Date>& date);
// Copies every key of `extra` into `data`.
void Merge(nlohmann::json& data, const nlohmann::json& extra);

}  // namespace klang::accounting
