#include "tally/core/config.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace tally::core {
namespace {

std::string write_temp(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() / name;
    std::ofstream(path) << text;
    return path.string();
}

TEST(ApplyToml, OverridesTheDefaults) {
    Config config;
    const auto path = write_temp("tally-config-ok.toml",
                                 "db = \"postgresql://tally@db/tally\"\nio_threads = 3\n"
                                 "listen = \"0.0.0.0:9000\"\nsecure_cookies = true\n");
    ASSERT_TRUE(apply_toml(config, path));
    EXPECT_EQ(config.db, "postgresql://tally@db/tally");
    EXPECT_EQ(config.io_threads, 3);
    EXPECT_EQ(config.listen, "0.0.0.0:9000");
    EXPECT_TRUE(config.secure_cookies);
}

TEST(ApplyToml, TakesListsAsArraysOrCommaSeparatedText) {
    Config config;
    const auto path = write_temp("tally-config-lists.toml",
                                 "trusted_proxies = [\"10.0.0.0/8\", \"::1\"]\n"
                                 "allowed_origins = \"https://a.example, https://b.example\"\n"
                                 "max_connections = 50\n");
    ASSERT_TRUE(apply_toml(config, path));
    EXPECT_EQ(config.trusted_proxies, (std::vector<std::string>{"10.0.0.0/8", "::1"}));
    EXPECT_EQ(config.allowed_origins,
              (std::vector<std::string>{"https://a.example", "https://b.example"}));
    EXPECT_EQ(config.max_connections, 50);
}

TEST(ApplyEnvironment, RefusesAnEmptyListItemAndNoConnections) {
    Config config;
    setenv("TALLY_TRUSTED_PROXIES", "10.0.0.1,,10.0.0.2", 1);
    setenv("TALLY_MAX_CONNECTIONS", "0", 1);
    const auto applied = apply_environment(config);
    unsetenv("TALLY_TRUSTED_PROXIES");
    unsetenv("TALLY_MAX_CONNECTIONS");
    ASSERT_FALSE(applied);
    ASSERT_EQ(applied.error().fields.size(), 2U);
    EXPECT_EQ(applied.error().fields[0].field, "TALLY_MAX_CONNECTIONS");
    EXPECT_EQ(applied.error().fields[1].field, "TALLY_TRUSTED_PROXIES");
}

TEST(ApplyToml, NamesUnknownAndInvalidKeys) {
    Config config;
    const auto path = write_temp("tally-config-bad.toml", "colour = \"red\"\nio_threads = -1\n");
    const auto result = apply_toml(config, path);
    ASSERT_FALSE(result);
    ASSERT_EQ(result.error().fields.size(), 2U);
    EXPECT_EQ(result.error().fields[0], (FieldError{"colour", "unknown setting"}));
    EXPECT_EQ(result.error().fields[1], (FieldError{"io_threads", "invalid value"}));
}

TEST(ApplyToml, ReportsASyntaxError) {
    Config config;
    const auto path = write_temp("tally-config-syntax.toml", "db = \n");
    EXPECT_FALSE(apply_toml(config, path));
}

TEST(ApplyEnvironment, TakesTallyVariables) {
    Config config;
    setenv("TALLY_LISTEN", "127.0.0.1:9999", 1);
    setenv("TALLY_WORKERS", "7", 1);
    const auto result = apply_environment(config);
    unsetenv("TALLY_LISTEN");
    unsetenv("TALLY_WORKERS");
    ASSERT_TRUE(result);
    EXPECT_EQ(config.listen, "127.0.0.1:9999");
    EXPECT_EQ(config.workers, 7);
}

TEST(ApplyEnvironment, NamesTheBadVariable) {
    Config config;
    setenv("TALLY_DB_POOL", "many", 1);
    const auto result = apply_environment(config);
    unsetenv("TALLY_DB_POOL");
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().fields.at(0).field, "TALLY_DB_POOL");
}

TEST(ParseListen, SplitsHostAndPort) {
    const auto v4 = parse_listen("127.0.0.1:8080");
    ASSERT_TRUE(v4);
    EXPECT_EQ(v4->host, "127.0.0.1");
    EXPECT_EQ(v4->port, 8080);
    const auto v6 = parse_listen("[::1]:0");
    ASSERT_TRUE(v6);
    EXPECT_EQ(v6->host, "::1");
    EXPECT_EQ(v6->port, 0);
}

TEST(ParseListen, RefusesMissingOrOutOfRangePorts) {
    EXPECT_FALSE(parse_listen("localhost"));
    EXPECT_FALSE(parse_listen("localhost:"));
    EXPECT_FALSE(parse_listen("localhost:65536"));
    EXPECT_FALSE(parse_listen(":80"));
}

}  // namespace
}  // namespace tally::core
