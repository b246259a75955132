#include "cli/serve_config.h"

#include <charconv>

#include <functional>
#include <string_view>

#include <toml++/toml.h>

namespace klang::cli {
namespace {

// What a value may be, and where it goes once checked.
struct Setting {
  std::string_view section;
  std::string_view key;
  std::function<Status(const toml::node&, ServeSettings&)> apply;
};

Status WrongType(std::string_view section, std::string_view key, std::string_view wanted) {
  const std::string name = std::string(section) + "." + std::string(key);
  return Status::InvalidInput("cli.config_type", "ค่าในแฟ้มตั้งค่าผิดชนิด: " + name,
                              name + " must be " + std::string(wanted), name);
}

// Setters for each kind of value.
Setting Text(std::string_view section, std::string_view key,
             std::function<void(ServeSettings&, std::string)> set) {
  return {section, key, [=](const toml::node& node, ServeSettings& settings) -> Status {
            auto value = node.value<std::string>();
            if (!node.is_string() || !value) return WrongType(section, key, "a string");
            set(settings, *value);
            return Status::Ok();
          }};
}

Setting Flag(std::string_view section, std::string_view key, std::function<void(ServeSettings&, bool)> set) {
  return {section, key, [=](const toml::node& node, ServeSettings& settings) -> Status {
            if (!node.is_boolean()) return WrongType(section, key, "true or false");
            set(settings, *node.value<bool>());
            return Status::Ok();
          }};
}

Setting Count(std::string_view section, std::string_view key, std::function<void(ServeSettings&, int64_t)> set) {
  return {section, key, [=](const toml::node& node, ServeSettings& settings) -> Status {
            if (!node.is_integer() || *node.value<int64_t>() < 0) {
              return WrongType(section, key, "a whole number, 0 or more");
            }
            set(settings, *node.value<int64_t>());
            return Status::Ok();
          }};
}

Setting Texts(std::string_view section, std::string_view key,
              std::function<void(ServeSettings&, std::vector<std::string>)> set) {
  return {section, key, [=](const toml::node& node, ServeSettings& settings) -> Status {
            const toml::array* array = node.as_array();
            if (array == nullptr) return WrongType(section, key, "a list of strings");
            std::vector<std::string> values;
            for (const toml::node& element : *array) {
              if (!element.is_string()) return WrongType(section, key, "a list of strings");
              values.push_back(*element.value<std::string>());
            }
            set(settings, std::move(values));
            return Status::Ok();
          }};
}

EdgeSettings& Edge(ServeSettings& settings) {
  if (!settings.edge) settings.edge = EdgeSettings{};
  return *settings.edge;
}

// Every key a file may hold: one table, the documentation's too (docs/operations.md).
const std::vector<Setting>& Settings() {
  static const std::vector<Setting> settings = {
      Text("store", "data", [](ServeSettings& s, std::string v) { s.location.data_dir = std::move(v); }),
      Text("store", "db", [](ServeSettings& s, std::string v) { s.location.db_url = std::move(v); }),
      Text("http", "listen", [](ServeSettings& s, std::string v) { s.listen = std::move(v); }),
      Flag("http", "secure_cookies", [](ServeSettings& s, bool v) { s.secure_cookies = v; }),
      Count("http", "connections_per_address",
            [](ServeSettings& s, int64_t v) { s.connections_per_address_max = static_cast<size_t>(v); }),
      Count("http", "connections_max", [](ServeSettings& s, int64_t v) { s.connections_max = static_cast<size_t>(v); }),
      Count("http", "body_bytes_max", [](ServeSettings& s, int64_t v) { s.body_bytes_max = static_cast<size_t>(v); }),
      Texts("http", "trusted_proxies", [](ServeSettings& s, std::vector<std::string> v) { s.trusted_proxies = std::move(v); }),
      Flag("log", "requests", [](ServeSettings& s, bool v) { s.access_log = v; }),
      Texts("metrics", "allow", [](ServeSettings& s, std::vector<std::string> v) { s.metrics_allowed = std::move(v); }),
      Text("sign_in", "config", [](ServeSettings& s, std::string v) { s.auth_config = std::move(v); }),
      Text("edge", "upstream", [](ServeSettings& s, std::string v) { Edge(s).upstream = std::move(v); }),
      Count("edge", "org", [](ServeSettings& s, int64_t v) { Edge(s).org = v; }),
      Text("edge", "credential_file", [](ServeSettings& s, std::string v) {
        Edge(s);
        s.credential_file = std::move(v);
      }),
      Count("edge", "heartbeat_ms", [](ServeSettings& s, int64_t v) { Edge(s).heartbeat_ms = v; }),
      Text("http", "public_url", [](ServeSettings& s, std::string v) { s.public_url = std::move(v); }),
      Text("witness", "key", [](ServeSettings& s, std::string v) { s.witness.key_file = std::move(v); }),
      Texts("witness", "witnesses", [](ServeSettings& s, std::vector<std::string> v) { s.witness.witnesses = std::move(v); }),
      Texts("witness", "trust", [](ServeSettings& s, std::vector<std::string> v) { s.witness.trust = std::move(v); }),
      Count("witness", "interval_s", [](ServeSettings& s, int64_t v) { s.witness.interval_s = v; }),
  };
  return settings;
}

Status UnknownKey(const std::string& name) {
  return Status::InvalidInput("cli.config_key", "แฟ้มตั้งค่ามีรายการที่ระบบไม่รู้จัก: " + name,
                              "unknown key " + name + " (docs/operations.md lists every key)", name);
}

Status ApplySection(const std::string& section, const toml::table& table, ServeSettings& settings) {
  for (auto&& [key, node] : table) {
    const Setting* found = nullptr;
    for (const Setting& setting : Settings()) {
      if (setting.section == section && setting.key == key.str()) found = &setting;
    }
    if (found == nullptr) return UnknownKey(section + "." + std::string(key.str()));
    if (Status applied = found->apply(node, settings); !applied.ok()) return applied;
  }
  return Status::Ok();
}

}  // namespace

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  const char* end = listen.c_str() + listen.size();
  const auto parsed = colon == std::string::npos ? std::from_chars_result{nullptr, std::errc::invalid_argument}
                                                 : std::from_chars(listen.c_str() + colon + 1, end, port);
  if (parsed.ec != std::errc() || parsed.ptr != end || port < 1 || port > 65535) {
    return Status::InvalidInput("cli.listen", "ที่อยู่สำหรับรับการเชื่อมต่อต้องเป็น address:port",
                                "listen must be address:port with a port 1-65535, not " + listen, "http.listen");
  }
  return std::make_pair(listen.substr(0, colon), static_cast<uint16_t>(port));
}

Result<ServeSettings> LoadServeConfig(const std::string& path) {
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    return Status::InvalidInput("cli.config_read", "อ่านแฟ้มตั้งค่าไม่ได้: " + path,
                                path + ":" + std::to_string(where.line) + ":" + std::to_string(where.column) +
                                    ": " + std::string(error.description()));
  }
  ServeSettings settings;
  for (auto&& [section, node] : root) {
    const std::string name(section.str());
    const toml::table* table = node.as_table();
    if (table == nullptr) return UnknownKey(name);
    bool known = false;
    for (const Setting& setting : Settings()) known = known || setting.section == name;
    if (!known) return UnknownKey(name);
    if (name == "edge") settings.edge = EdgeSettings{};  // the section alone makes an edge node
    if (Status applied = ApplySection(name, *table, settings); !applied.ok()) return applied;
  }
  if (settings.location.data_dir.empty() == settings.location.db_url.empty()) {
    return Status::InvalidInput("cli.config_store", "แฟ้มตั้งค่าต้องระบุที่เก็บข้อมูลหนึ่งแห่ง",
                                "exactly one of store.data and store.db", "store");
  }
  return settings;
}

}  // namespace klang::cli
