// Request accessors: headers, parameters, content negotiation and form decoding.
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <optional>

#include <nlohmann/json.hpp>

#include "http/form.h"
#include "http/http.h"

namespace klang::http {
namespace {

// Whether `text` stays within kJsonDepthMax and kJsonElementsMax, counted on the bytes before
// anything is built: a body of 4 million "[" would otherwise become 4 million nested values.
// Structural characters inside strings do not count; malformed JSON is left to the parser.
bool JsonWithinBounds(std::string_view text) {
  size_t depth = 0;
  size_t elements = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    switch (c) {
      case '"':
        in_string = true;
        break;
      case '[':
      case '{':
        if (++depth > kJsonDepthMax) return false;
        [[fallthrough]];
      case ',':
        if (++elements > kJsonElementsMax) return false;
        break;
      case ']':
      case '}':
        if (depth > 0) --depth;
        break;
      default:
        break;
    }
  }
  return true;
}

std::string Lookup(const std::map<std::string, std::string>& map, std::string_view key) {
  const auto it = map.find(std::string(key));
  return it == map.end() ? std::string() : it->second;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// The q-value of one Accept media range ("text/html;q=0.9" → 0.9); malformed q counts as 1
// because browsers never send one and an API client that does should not be punished with HTML.
double QualityOf(std::string_view parameters) {
  while (!parameters.empty()) {
    const size_t semicolon = parameters.find(';');
    const std::string_view parameter = Trim(parameters.substr(0, semicolon));
    parameters =
        semicolon == std::string_view::npos ? std::string_view() : parameters.substr(semicolon + 1);
    if (parameter.size() > 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
        parameter[1] == '=') {
      const std::string value(parameter.substr(2));
      char* end = nullptr;
      const double q = std::strtod(value.c_str(), &end);
      if (end != value.c_str() && q >= 0.0 && q <= 1.0) return q;
    }
  }
  return 1.0;
}

}  // namespace

std::string Request::Header(std::string_view lower_name) const {
  return Lookup(headers, lower_name);
}

std::string Request::PathParam(std::string_view name) const { return Lookup(path_params, name); }

std::string Request::Cookie(std::string_view name) const { return Lookup(cookies, name); }

std::string Request::QueryParam(std::string_view name, std::string fallback) const {
  const auto it = query.find(std::string(name));
  return it == query.end() ? std::move(fallback) : it->second;
}

bool Request::WantsHtml() const {
  const std::string accept = Lower(Header("accept"));
  double html_quality = 0.0;
  double json_quality = 0.0;
  std::string_view ranges = accept;
  while (!ranges.empty()) {
    const size_t comma = ranges.find(',');
    const std::string_view range = Trim(ranges.substr(0, comma));
    ranges = comma == std::string_view::npos ? std::string_view() : ranges.substr(comma + 1);
    const size_t semicolon = range.find(';');
    const std::string_view type = Trim(range.substr(0, semicolon));
    const double quality =
        semicolon == std::string_view::npos ? 1.0 : QualityOf(range.substr(semicolon + 1));
    if (type == "text/html" || type == "application/xhtml+xml") {
      html_quality = std::max(html_quality, quality);
    } else if (type == "application/json" || type == "application/problem+json") {
      json_quality = std::max(json_quality, quality);
    }
  }
  // A tie goes to JSON: only browsers rank HTML first, and they never list JSON at all.
  return html_quality > 0.0 && html_quality > json_quality;
}

bool Request::IsHtmx() const { return Lower(Header("hx-request")) == "true"; }

struct Request::DecodedBody {
  std::optional<std::vector<std::pair<std::string, std::string>>> form;
  std::optional<nlohmann::json> json;
};

Request::DecodedBody& Request::Decoded() const {
  if (!decoded_) decoded_ = std::make_shared<DecodedBody>();
  return *decoded_;
}

const std::vector<std::pair<std::string, std::string>>& Request::FormFields() const {
  DecodedBody& decoded = Decoded();
  if (!decoded.form) {
    const std::string content_type = Lower(Header("content-type"));
    const std::string_view media_type =
        Trim(std::string_view(content_type)
                 .substr(0, std::min(content_type.size(), content_type.find(';'))));
    const bool form = media_type.empty() || media_type == "application/x-www-form-urlencoded";
    decoded.form = form ? ParseUrlEncoded(body) : std::vector<std::pair<std::string, std::string>>{};
  }
  return *decoded.form;
}

std::string Request::FormValue(std::string_view name) const {
  for (const auto& [field, value] : FormFields()) {
    if (field == name) return value;
  }
  return {};
}

std::vector<std::string> Request::FormValues(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [field, value] : FormFields()) {
    if (field == name) values.push_back(value);
  }
  return values;
}

const nlohmann::json& Request::JsonBody() const {
  DecodedBody& decoded = Decoded();
  if (!decoded.json) {
    decoded.json = JsonWithinBounds(body)
                       ? nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false)
                       : nlohmann::json(nlohmann::json::value_t::discarded);
  }
  return *decoded.json;
}

}  // namespace klang::http
