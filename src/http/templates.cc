#include "http/templates.h"

#include <kainjow/mustache.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace klang::http {
namespace {

using Data = kainjow::mustache::data;

Data ToData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      Data out{Data::type::object};
      for (const auto& [key, item] : value.items()) {
        out.set(key, ToData(item));
        if (item.is_array()) {
          out.set(key + "_any", item.empty() ? Data{Data::type::bool_false} : Data{Data::type::bool_true});
        }
      }
      return out;
    }
    case nlohmann::json::value_t::array: {
      Data out{Data::type::list};
      for (const auto& item : value) out.push_back(ToData(item));
      return out;
    }
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? Data{Data::type::bool_true} : Data{Data::type::bool_false};
    case nlohmann::json::value_t::string:
      // An empty string is "absent" to {{#section}}, as a reader of the template expects.
      if (value.get_ref<const std::string&>().empty()) return Data{Data::type::bool_false};
      return Data{value.get<std::string>()};
    case nlohmann::json::value_t::null:
      return Data{Data::type::bool_false};
    default:
      return Data{value.dump()};
  }
}

}  // namespace

Templates::~Templates() = default;

Result<std::unique_ptr<Templates>> Templates::Load(const std::string& directory) {
  std::unique_ptr<Templates> templates(new Templates());
  std::error_code error;
  for (const auto& file : std::filesystem::directory_iterator(directory, error)) {
    if (file.path().extension() != ".html") continue;
    std::ifstream in(file.path());
    std::stringstream text;
    text << in.rdbuf();
    kainjow::mustache::mustache parsed(text.str());
    if (!parsed.is_valid()) {
      return Status::Internal("http.template", file.path().string() + ": " + parsed.error_message());
    }
    templates->sources_[file.path().stem().string()] = text.str();
  }
  if (error || !templates->sources_.contains("layout")) {
    return Status::Internal("http.templates_missing",
                            "no templates (layout.html) in '" + directory + "'");
  }
  return templates;
}

Result<std::string> Templates::Render(const std::string& name, const nlohmann::json& data,
                                      bool fragment) const {
  auto found = sources_.find(name);
  if (found == sources_.end()) return Status::Internal("http.template", "no template " + name);
  const Data context = ToData(data);
  // Parsed per render on purpose: kainjow's render() is non-const (it records errors in the
  // object), so one parsed template cannot be shared by the worker threads. Load() parsed each
  // once already to reject broken templates at start-up.
  kainjow::mustache::mustache page(found->second);
  std::string content = page.render(context);
  if (!page.error_message().empty()) return Status::Internal("http.template", page.error_message());
  if (fragment) return content;
  Data with_content = context;
  with_content.set("content", content);
  if (layout_data_) {
    const nlohmann::json extra = layout_data_(data);
    if (extra.is_object()) {
      for (const auto& [key, value] : extra.items()) with_content.set(key, ToData(value));
    }
  }
  kainjow::mustache::mustache layout(sources_.at("layout"));
  std::string html = layout.render(with_content);
  if (!layout.error_message().empty()) {
    return Status::Internal("http.template", layout.error_message());
  }
  return html;
}

void Templates::SetLayoutData(std::function<nlohmann::json(const nlohmann::json& page)> provider) {
  layout_data_ = std::move(provider);
}

}  // namespace klang::http
