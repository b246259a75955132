// http/templates.h — server-rendered pages: Mustache templates (kainjow, HTML-escaping by
// default) filled from JSON data, each page wrapped in the shared layout.
// Thread-safe after construction (templates are parsed once, rendering is read-only).
// Mustache has no "list is non-empty" test ({{#rows.0}} does not work in kainjow): every list
// member `rows` of an object is also visible as `rows_any`, true when the list has an item, so a
// table's head and foot can be drawn only around rows that exist.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/status.h"

namespace klang::http {

class Templates {
 public:
  // Loads every *.html file in `directory`; the layout is "layout.html" with {{{content}}}.
  static Result<std::unique_ptr<Templates>> Load(const std::string& directory);
  ~Templates();
  // Renders template `name` (without ".html") with `data`; wraps it in the layout unless
  // `fragment` is true (htmx partials). `data` is also visible to the layout.
  Result<std::string> Render(const std::string& name, const nlohmann::json& data,
                             bool fragment = false) const;
  // More data for the layout of every full page, computed from the page's own data (e.g. a
  // status banner for the page's organisation). Set once, before serving.
  void SetLayoutData(std::function<nlohmann::json(const nlohmann::json& page)> provider);

 private:
  Templates() = default;
  std::map<std::string, std::string> sources_;
  std::function<nlohmann::json(const nlohmann::json& page)> layout_data_;
};

}  // namespace klang::http
