// The tally binary's command lines, run as a user would run them.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "testkit/process.hpp"
#include "testkit/raw_socket.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kTally = TALLY_BINARY_PATH;

class CliTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    testkit::TestDatabase db_{GetParam()};

    testkit::ProcessResult tally(std::vector<std::string> args, const std::string& input = "",
                                 const std::vector<std::pair<std::string, std::string>>& env = {}) {
        args.insert(args.begin(), kTally);
        return testkit::run_process(args, input, env);
    }
};

TEST(Cli, PrintsItsVersion) {
    const auto result = testkit::run_process({kTally, "--version"});
    EXPECT_EQ(result.exit_code, 0);
    EXPECT_THAT(result.out, StartsWith("tally 0."));
}

TEST(Cli, RefusesAnUnknownSubcommand) {
    const auto result = testkit::run_process({kTally, "frobnicate"});
    EXPECT_NE(result.exit_code, 0);
}

TEST_P(CliTest, MigrateBringsTheDatabaseToTheCurrentVersion) {
    const auto result = tally({"migrate", "--db", db_.url()});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    EXPECT_THAT(result.out, HasSubstr("schema version 1"));
    EXPECT_EQ(tally({"migrate", "--db", db_.url()}).exit_code, 0);
}

TEST_P(CliTest, UserAddReadsThePasswordFromStdinAndTokenCreatePrintsOnlyTheToken) {
    const auto added =
        tally({"user", "add", "ana", "--role", "manager", "--warehouse", "BER", "--db", db_.url()},
              "correct horse battery\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;

    const auto token = tally({"token", "create", "--user", "ana", "--db", db_.url()});
    ASSERT_EQ(token.exit_code, 0) << token.err;
    EXPECT_THAT(token.out, ::testing::MatchesRegex("tly_[A-Za-z0-9_-]{43}\n"));
}

TEST_P(CliTest, UserAddNamesTheBadArgument) {
    const auto result =
        tally({"user", "add", "ana", "--role", "overlord", "--db", db_.url()}, "long enough pw\n");
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr("role"));
    const auto short_password =
        tally({"user", "add", "bob", "--role", "picker", "--db", db_.url()}, "short\n");
    EXPECT_EQ(short_password.exit_code, 1);
    EXPECT_THAT(short_password.err, HasSubstr("password"));
}

TEST_P(CliTest, TokenCreateForAnUnknownUserFails) {
    const auto result = tally({"token", "create", "--user", "nobody", "--db", db_.url()});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr("nobody"));
    EXPECT_TRUE(result.out.empty());
}

TEST_P(CliTest, ServeAnswersTokensAndFinishesARequestInFlightOnSigterm) {
    ASSERT_EQ(tally({"user", "add", "ana", "--role", "picker", "--db", db_.url()},
                    "correct horse battery\n")
                  .exit_code,
              0);
    const std::string token = tally({"token", "create", "--user", "ana", "--db", db_.url()}).out;
    const unsigned short port = testkit::free_port();
    testkit::BackgroundProcess server(
        {kTally, "serve", "--db", db_.url(), "--listen", "127.0.0.1:" + std::to_string(port)},
        {{"TALLY_ACCESS_LOG", "off"}});
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    ASSERT_TRUE(testkit::wait_for_http(base + "/health", 20000)) << server.err();

    testkit::HttpClient client(base);
    EXPECT_EQ(client.get("/api/v1/me").status, 401);
    const auto me = client.get("/api/v1/me", {"Authorization: Bearer " + token.substr(0, 47)});
    EXPECT_EQ(me.status, 200) << me.body;
    EXPECT_EQ(client.get("/api/v1/users", {"Authorization: Bearer " + token.substr(0, 47)}).status,
              403);

    // A request whose body is still arriving when SIGTERM comes must still be answered.
    const std::string body = R"({"username": "ana", "password": "correct horse battery"})";
    testkit::RawSocket socket(port);
    socket.send(
        "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10));
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    server.signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    socket.send(body.substr(10));
    const auto answer = socket.read_all(10000);
    EXPECT_THAT(answer, StartsWith("HTTP/1.1 201"));
    EXPECT_THAT(answer, HasSubstr("Connection: close"));
    EXPECT_EQ(server.wait(15000), 0) << server.err();
}

TEST_P(CliTest, ServeWithDemoPrintsTheSignInThatWorks) {
    const unsigned short port = testkit::free_port();
    testkit::BackgroundProcess server({kTally, "serve", "--demo", "--db", db_.url(), "--listen",
                                       "127.0.0.1:" + std::to_string(port)},
                                      {{"TALLY_ACCESS_LOG", "off"}});
    const std::string base = "http://127.0.0.1:" + std::to_string(port);
    ASSERT_TRUE(testkit::wait_for_http(base + "/health", 20000)) << server.err();
    EXPECT_THAT(server.out(), HasSubstr("serving on " + base));
    EXPECT_THAT(server.out(), HasSubstr("Demo sign-in: user admin, password tally-demo"));
    testkit::HttpClient client(base);
    EXPECT_EQ(client.post("/api/v1/sessions", R"({"username": "admin", "password": "tally-demo"})")
                  .status,
              201);
    server.signal(SIGTERM);
    EXPECT_EQ(server.wait(15000), 0) << server.err();
}

TEST(Cli, ConfigFileThenEnvironmentThenFlags) {
    const auto folder =
        std::filesystem::temp_directory_path() / ("tally-cli-config-" + std::to_string(getpid()));
    std::filesystem::create_directories(folder);
    const auto from_file = folder / "from-file.db";
    const auto from_env = folder / "from-env.db";
    const auto from_flag = folder / "from-flag.db";
    const auto config = folder / "tally.toml";
    std::ofstream(config) << "db = \"sqlite:" << from_file.string() << "\"\n";

    EXPECT_EQ(testkit::run_process({kTally, "--config", config.string(), "migrate"}).exit_code, 0);
    EXPECT_TRUE(std::filesystem::exists(from_file));

    EXPECT_EQ(testkit::run_process({kTally, "--config", config.string(), "migrate"}, "",
                                   {{"TALLY_DB", "sqlite:" + from_env.string()}})
                  .exit_code,
              0);
    EXPECT_TRUE(std::filesystem::exists(from_env));

    EXPECT_EQ(testkit::run_process({kTally, "--config", config.string(), "migrate", "--db",
                                    "sqlite:" + from_flag.string()},
                                   "", {{"TALLY_DB", "sqlite:" + from_env.string()}})
                  .exit_code,
              0);
    EXPECT_TRUE(std::filesystem::exists(from_flag));
    std::filesystem::remove_all(folder);
}

TEST(Cli, ABadConfigFileNamesTheKey) {
    const auto config = std::filesystem::temp_directory_path() /
                        ("tally-bad-" + std::to_string(getpid()) + ".toml");
    std::ofstream(config) << "listen = \"nowhere\"\n";
    const auto result = testkit::run_process({kTally, "--config", config.string(), "migrate"});
    EXPECT_EQ(result.exit_code, 1);
    EXPECT_THAT(result.err, HasSubstr("listen"));
    std::filesystem::remove(config);
}

INSTANTIATE_TEST_SUITE_P(Engines, CliTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

}  // namespace
}  // namespace tally
