#include "cli/serve_config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace klang::cli {
namespace {

class ServeConfigTest : public ::testing::Test {
 protected:
  Result<ServeSettings> Load(const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("klang-serve-config-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(path) << text;
    auto loaded = LoadServeConfig(path.string());
    std::filesystem::remove(path);
    return loaded;
  }
};

TEST_F(ServeConfigTest, EverySettingIsRead) {
  auto settings = Load(R"(
[store]
db = "postgresql://klang@127.0.0.1:25430/klang"
[http]
listen = "127.0.0.1:9090"
secure_cookies = true
connections_per_address = 0
connections_max = 2000
body_bytes_max = 4194304
trusted_proxies = ["127.0.0.1", "10.0.0.5"]
[log]
requests = false
[metrics]
allow = ["10.0.0.9"]
[sign_in]
config = "/etc/klang/auth.json"
)");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->location.db_url, "postgresql://klang@127.0.0.1:25430/klang");
  EXPECT_TRUE(settings->location.data_dir.empty());
  EXPECT_EQ(settings->listen, "127.0.0.1:9090");
  EXPECT_TRUE(settings->secure_cookies);
  EXPECT_EQ(settings->connections_per_address_max, 0u);
  EXPECT_EQ(settings->connections_max, 2000u);
  EXPECT_EQ(settings->body_bytes_max, 4194304u);
  EXPECT_EQ(settings->trusted_proxies, (std::vector<std::string>{"127.0.0.1", "10.0.0.5"}));
  EXPECT_FALSE(settings->access_log);
  EXPECT_EQ(settings->metrics_allowed, std::vector<std::string>{"10.0.0.9"});
  EXPECT_EQ(settings->auth_config, "/etc/klang/auth.json");
  EXPECT_FALSE(settings->edge.has_value());
}

TEST_F(ServeConfigTest, AnEdgeSectionMakesAnEdgeNode) {
  auto settings = Load(R"(
[store]
data = "/var/lib/klang"
[edge]
upstream = "http://centre:8080"
org = 3
credential_file = "/etc/klang/credential"
heartbeat_ms = 500
)");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  ASSERT_TRUE(settings->edge.has_value());
  EXPECT_EQ(settings->edge->upstream, "http://centre:8080");
  EXPECT_EQ(settings->edge->org, 3);
  EXPECT_EQ(settings->edge->heartbeat_ms, 500);
  EXPECT_EQ(settings->credential_file, "/etc/klang/credential");
  EXPECT_EQ(settings->metrics_allowed, std::vector<std::string>{"127.0.0.1"});  // the default
}

// After the first start the data folder remembers the upstream and credential: a bare [edge]
// must still make an edge node, never a centre over the edge's folder.
TEST_F(ServeConfigTest, AnEmptyEdgeSectionStillMakesAnEdgeNode) {
  auto settings = Load("[store]\ndata = \"/var/lib/klang\"\n[edge]\n");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_TRUE(settings->edge.has_value());
}

TEST_F(ServeConfigTest, TheExampleInDeployIsValid) {
  auto settings = LoadServeConfig(std::string(KLANG_SOURCE_DIR_DEFAULT) + "/deploy/klang.toml");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_FALSE(settings->location.db_url.empty());
  EXPECT_TRUE(settings->secure_cookies);
}

TEST_F(ServeConfigTest, TheWitnessSectionAndThePublicAddress) {
  auto settings = Load("[store]\ndata = \"/x\"\n[http]\npublic_url = \"https://klang.example\"\n[witness]\n"
                       "key = \"/etc/klang/node.key\"\nwitnesses = [\"http://w1:9090\", \"http://w2:9090\"]\n"
                       "trust = [\"/etc/klang/old.pub\"]\ninterval_s = 600\n");
  ASSERT_TRUE(settings.ok()) << settings.status().ToString();
  EXPECT_EQ(settings->public_url, "https://klang.example");
  EXPECT_EQ(settings->witness.key_file, "/etc/klang/node.key");
  EXPECT_EQ(settings->witness.witnesses, (std::vector<std::string>{"http://w1:9090", "http://w2:9090"}));
  EXPECT_EQ(settings->witness.trust, (std::vector<std::string>{"/etc/klang/old.pub"}));
  EXPECT_EQ(settings->witness.interval_s, 600);
  auto wrong = Load("[store]\ndata = \"/x\"\n[witness]\nwitnesses = \"http://w1:9090\"\n");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().stable_code(), "cli.config_type");
}

TEST_F(ServeConfigTest, AnUnknownKeyOrSectionIsRefusedByName) {
  auto key = Load("[store]\ndata = \"/x\"\n[http]\nlisten = \"127.0.0.1:1\"\nsecure_cookie = true\n");
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().stable_code(), "cli.config_key");
  EXPECT_EQ(key.status().field(), "http.secure_cookie");
  auto section = Load("[store]\ndata = \"/x\"\n[witnesses]\nurl = \"http://w\"\n");
  ASSERT_FALSE(section.ok());
  EXPECT_EQ(section.status().field(), "witnesses");
  auto witness_key = Load("[store]\ndata = \"/x\"\n[witness]\nurl = \"http://w\"\n");
  ASSERT_FALSE(witness_key.ok());
  EXPECT_EQ(witness_key.status().field(), "witness.url");
  auto top = Load("listen = \"127.0.0.1:1\"\n[store]\ndata = \"/x\"\n");
  ASSERT_FALSE(top.ok());
  EXPECT_EQ(top.status().field(), "listen");
}

TEST_F(ServeConfigTest, AWrongTypeOrAMissingStoreIsRefused) {
  auto type = Load("[store]\ndata = \"/x\"\n[http]\nconnections_max = \"many\"\n");
  ASSERT_FALSE(type.ok());
  EXPECT_EQ(type.status().stable_code(), "cli.config_type");
  EXPECT_EQ(type.status().field(), "http.connections_max");
  auto negative = Load("[store]\ndata = \"/x\"\n[http]\nconnections_max = -1\n");
  EXPECT_EQ(negative.status().stable_code(), "cli.config_type");
  auto list = Load("[store]\ndata = \"/x\"\n[metrics]\nallow = \"127.0.0.1\"\n");
  EXPECT_EQ(list.status().stable_code(), "cli.config_type");
  auto none = Load("[http]\nlisten = \"127.0.0.1:1\"\n");
  EXPECT_EQ(none.status().stable_code(), "cli.config_store");
  auto both = Load("[store]\ndata = \"/x\"\ndb = \"postgresql://h/d\"\n");
  EXPECT_EQ(both.status().stable_code(), "cli.config_store");
}

TEST_F(ServeConfigTest, NotTomlIsRefusedWithItsLine) {
  auto broken = Load("[store]\ndata = \"/x\n");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.status().stable_code(), "cli.config_read");
  EXPECT_NE(broken.status().detail_en().find(":2:"), std::string::npos) << broken.status().ToString();
}

}  // namespace
}  // namespace klang::cli
