#include "web/kit/fields.h"

#include <algorithm>

#include "web/kit/page.h"
#include "web/kit/params.h"

namespace klang::web {
namespace {

using nlohmann::json;

// Spaces, tabs and line breaks around a text are not part of it: a text of blanks is missing.
// Zero-width spaces and byte-order marks (invisible, pasted along with Thai text) are dropped.
std::string Trimmed(std::string text) {
  for (const std::string_view invisible : {"\u200b", "\ufeff"}) {
    for (size_t at = text.find(invisible); at != std::string::npos; at = text.find(invisible, at)) {
      text.erase(at, invisible.size());
    }
  }
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  size_t end = text.size();
  while (end > 0 && blank(text[end - 1])) --end;
  size_t begin = 0;
  while (begin < end && blank(text[begin])) ++begin;
  return text.substr(begin, end - begin);
}

// JSON text as given; an integer (an id or amount may come as one) as its decimal digits. Other
// types never reach a handler: CheckJsonBody (input.h) refuses them first.
std::string TextOf(const json& value) {
  if (value.is_null()) return "";
  return Trimmed(value.is_string() ? value.get<std::string>() : value.dump());
}

bool IsBlank(const Fields::Row& row) {
  return std::all_of(row.begin(), row.end(),
                     [](const auto& field) { return field.second.empty(); });
}

}  // namespace

Fields::Fields(const http::Request& request)
    : request_(request), api_(IsApi(request)), body_(nullptr) {
  if (api_ && request_.JsonBody().is_object()) body_ = &request_.JsonBody();
}

const json* Fields::Member(std::string_view name) const {
  if (body_ == nullptr) return nullptr;
  auto found = body_->find(name);
  return found == body_->end() ? nullptr : &*found;
}

std::string Fields::Text(std::string_view name) const {
  if (!api_) return Trimmed(request_.FormValue(name));
  const json* value = Member(name);
  return value == nullptr ? "" : TextOf(*value);
}

int64_t Fields::Int(std::string_view name) const { return ToInt(Text(name)); }

bool Fields::Flag(std::string_view name) const {
  const std::string value = Text(name);
  return value == "1" || value == "true" || value == "on";
}

std::vector<int64_t> Fields::Ints(std::string_view name) const {
  std::vector<int64_t> values;
  if (!api_) {
    for (const auto& value : request_.FormValues(name)) values.push_back(ToInt(value));
    return values;
  }
  const json* array = Member(name);
  if (array == nullptr || !array->is_array()) return values;
  for (const auto& value : *array) {
    if (value.is_number_integer()) values.push_back(value.get<int64_t>());
  }
  return values;
}

std::vector<std::string> Fields::Texts(std::string_view name) const {
  if (!api_) return request_.FormValues(name);
  std::vector<std::string> values;
  const json* array = Member(name);
  if (array == nullptr || !array->is_array()) return values;
  for (const auto& value : *array) {
    if (value.is_string()) values.push_back(value.get<std::string>());
  }
  return values;
}

std::vector<Fields::Row> Fields::TypedRows(std::string_view group,
                                           const std::vector<std::string>& names) const {
  std::vector<Row> rows;
  if (!api_) {
    std::vector<std::vector<std::string>> columns;
    size_t count = 0;
    for (const auto& name : names) {
      columns.push_back(request_.FormValues(name));
      count = std::max(count, columns.back().size());
    }
    for (size_t index = 0; index < count; ++index) {
      Row row;
      for (size_t column = 0; column < names.size(); ++column) {
        row[names[column]] = index < columns[column].size() ? Trimmed(columns[column][index]) : "";
      }
      rows.push_back(std::move(row));
    }
  } else if (const json* items = Member(group); items != nullptr && items->is_array()) {
    for (const auto& item : *items) {
      if (!item.is_object()) continue;
      Row row;
      for (const auto& name : names) {
        auto found = item.find(name);
        row[name] = found == item.end() ? "" : TextOf(*found);
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

std::vector<std::string> Fields::Lines(std::string_view name) const {
  if (api_) return Texts(name);
  std::vector<std::string> lines;
  const std::string text = Text(name);
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

Result<std::vector<Fields::Row>> Fields::Rows(std::string_view group,
                                              const std::vector<std::string>& names,
                                              size_t rows_max) const {
  std::vector<Row> rows = TypedRows(group, names);
  const size_t counted = static_cast<size_t>(
      std::count_if(rows.begin(), rows.end(), [](const Row& row) { return !IsBlank(row); }));
  if (counted > rows_max) {
    return Status::InvalidInput("web.too_many_rows",
                                "มีรายการเกินกว่าที่บันทึกได้ในเอกสารเดียว (ไม่เกิน " +
                                    std::to_string(rows_max) + " รายการ) กรุณาแยกเป็นหลายเอกสาร",
                                std::string(group) + ": " + std::to_string(counted) +
                                    " rows, at most " + std::to_string(rows_max),
                                std::string(group));
  }
  return rows;
}

const json* Fields::Object(std::string_view name) const {
  const json* value = Member(name);
  return value != nullptr && value->is_object() ? value : nullptr;
}

json Fields::Echo() const {
  if (api_) return body_ != nullptr ? *body_ : json::object();
  json echo = json::object();
  for (const auto& [name, value] : request_.FormFields()) {
    if (name != "_csrf") echo[name] = value;
  }
  return echo;
}

}  // namespace klang::web
