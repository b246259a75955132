// Router: a flat list of routes matched segment by segment. A few hundred routes scanned per
// request cost microseconds next to a database round trip, and a flat list keeps precedence
// rules easy to state and the authorisation matrix easy to enumerate.
#include <algorithm>
#include <set>

#include "core/assert.h"
#include "http/http.h"

namespace klang::http {
namespace {

// "/a/b" → {"a", "b"}; "/" → {}; "/a/" → {"a", ""}. `path` must start with '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  path.remove_prefix(1);
  if (path.empty()) return segments;
  while (true) {
    const size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool IsParameterName(std::string_view name) {
  if (name.empty()) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool Matches(const std::vector<std::string>& pattern,
             const std::vector<std::string_view>& segments) {
  if (pattern.size() != segments.size()) return false;
  for (size_t index = 0; index < pattern.size(); ++index) {
    if (IsParameter(pattern[index])) {
      if (segments[index].empty()) return false;
    } else if (pattern[index] != segments[index]) {
      return false;
    }
  }
  return true;
}

// True when `a` should win over `b` (both matched the same path): at the first segment where one
// has a literal and the other a parameter, the literal wins.
bool MoreSpecific(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  for (size_t index = 0; index < a.size() && index < b.size(); ++index) {
    const bool a_parameter = IsParameter(a[index]);
    if (a_parameter != IsParameter(b[index])) return !a_parameter;
  }
  return false;
}

// The pattern with parameter names erased: two routes of one method with the same shape would
// be ambiguous.
std::string Shape(const std::vector<std::string>& pattern) {
  std::string shape;
  for (const auto& segment : pattern) shape += "/" + (IsParameter(segment) ? "{}" : segment);
  return shape;
}

}  // namespace

void Router::Wrap(const std::function<Handler(const Route& route, Handler handler)>& wrap) {
  for (Route& route : routes_) route.handler = wrap(route, std::move(route.handler));
}

void Router::Add(std::string method, std::string pattern, Access access, Handler handler,
                 std::string module) {
  KLANG_ASSERT_MSG(!method.empty() && std::all_of(method.begin(), method.end(),
                                                  [](char c) { return c >= 'A' && c <= 'Z'; }),
                   "route method must be an upper-case token");
  KLANG_ASSERT_MSG(!pattern.empty() && pattern.front() == '/', "route pattern must start with /");
  KLANG_ASSERT_MSG(handler != nullptr, "route needs a handler");
  KLANG_ASSERT_MSG(!(access.public_route && !access.permission.empty()),
                   "a public route cannot require a permission");
  KLANG_ASSERT_MSG(!(access.public_route && !access.org_param.empty()),
                   "a public route cannot be scoped to an organisation");

  std::vector<std::string> segments;
  std::set<std::string, std::less<>> parameter_names;
  for (const std::string_view segment : SplitPath(pattern)) {
    if (IsParameter(segment)) {
      const std::string_view name = segment.substr(1, segment.size() - 2);
      KLANG_ASSERT_MSG(IsParameterName(name), "route parameter name must be [A-Za-z0-9_]+");
      KLANG_ASSERT_MSG(parameter_names.emplace(name).second, "route parameter named twice");
    } else {
      KLANG_ASSERT_MSG(segment.find_first_of("{}") == std::string_view::npos,
                       "a route segment is either a literal or a whole {parameter}");
    }
    segments.emplace_back(segment);
  }
  KLANG_ASSERT_MSG(access.org_param.empty() || parameter_names.count(access.org_param) == 1,
                   "org_param must name a parameter of the pattern");
  const std::string shape = Shape(segments);
  for (size_t index = 0; index < routes_.size(); ++index) {
    KLANG_ASSERT_MSG(routes_[index].method != method || Shape(segments_[index]) != shape,
                     "duplicate or ambiguous route");
  }

  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(access),
                          std::move(handler), std::move(module)});
  segments_.push_back(std::move(segments));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  const std::vector<std::string_view> segments = SplitPath(path);
  size_t best = routes_.size();
  bool path_matched = false;
  for (const std::string_view wanted : {method, std::string_view("GET")}) {
    for (size_t index = 0; index < routes_.size(); ++index) {
      if (!Matches(segments_[index], segments)) continue;
      path_matched = true;
      if (routes_[index].method != wanted) continue;
      if (best == routes_.size() || MoreSpecific(segments_[index], segments_[best])) best = index;
    }
    // HEAD is GET without the body (RFC 9110 §9.3.2), so a GET route answers it.
    if (best != routes_.size() || method != "HEAD") break;
  }
  if (best == routes_.size()) {
    match.method_mismatch = path_matched;
    return match;
  }
  match.route = &routes_[best];
  const auto& pattern = segments_[best];
  for (size_t index = 0; index < pattern.size(); ++index) {
    if (IsParameter(pattern[index])) {
      match.params.emplace(pattern[index].substr(1, pattern[index].size() - 2),
                           std::string(segments[index]));
    }
  }
  return match;
}

std::vector<std::string> Router::AllowedMethods(std::string_view path) const {
  if (path.empty() || path.front() != '/') return {};
  const std::vector<std::string_view> segments = SplitPath(path);
  std::set<std::string> methods;
  for (size_t index = 0; index < routes_.size(); ++index) {
    if (!Matches(segments_[index], segments)) continue;
    methods.insert(routes_[index].method);
    if (routes_[index].method == "GET") methods.insert("HEAD");
  }
  return {methods.begin(), methods.end()};
}

}  // namespace klang::http
