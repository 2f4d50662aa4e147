// What an attacker or an unlucky deployment meets at the HTTP edge: paths out of the web
// root, too many connections, slow clients, descriptors running out, forged client
// addresses, cross-site writes, streams that outlive their user and files others could read.
#include <chrono>
#include <filesystem>
#include <fstream>

#include <boost/json.hpp>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testkit/raw_socket.hpp"
#include "testkit/test_server.hpp"

namespace tally {
namespace {

using identity::Role;
using ::testing::HasSubstr;
using SteadyClock = std::chrono::steady_clock;

constexpr const char* kPassword = "correct horse battery";

// How long a raw connection stays open while reading; the answer reads until the server
// closes it or `bound_ms` passes without data.
struct Read {
    std::string data;
    std::chrono::milliseconds took{};
};

Read read_until_closed(testkit::RawSocket& socket, int bound_ms) {
    const auto start = SteadyClock::now();
    Read read{.data = socket.read_all(bound_ms)};
    read.took = std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start);
    return read;
}

// Polls /health until it answers 200, for at most `bound`.
bool health_answers_within(const testkit::TestServer& server, std::chrono::milliseconds bound) {
    const auto until = SteadyClock::now() + bound;
    while (SteadyClock::now() < until) {
        if (server.client().get("/health").status == 200) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

class SecurityHttpTest : public ::testing::TestWithParam<db::Engine> {
  protected:
    // A user who signs in with a password, and the session cookie ("tally_session=...").
    std::string sign_in(testkit::TestServer& server, const std::string& name,
                        const std::string& role, const std::vector<std::string>& headers = {}) {
        EXPECT_TRUE(server.app().identity().create_user(
            identity::Principal::system(),
            {.username = name, .password = kPassword, .role = role}));
        const auto signed_in = server.client().post(
            "/api/v1/sessions",
            R"({"username": ")" + name + R"(", "password": ")" + kPassword + R"("})", headers);
        EXPECT_EQ(signed_in.status, 201) << signed_in.body;
        const auto cookie = signed_in.header("set-cookie").value_or("");
        return cookie.substr(0, cookie.find(';'));
    }
};

class WebRootTest : public SecurityHttpTest {
  protected:
    static core::Config with_web_root(const std::filesystem::path& root) {
        std::filesystem::create_directories(root / "assets");
        std::ofstream(root / "index.html") << "<!doctype html><title>Tally</title>";
        std::ofstream(root.parent_path() / "secret.txt") << "outside the root";
        core::Config config;
        config.web_root = root.string();
        return config;
    }

    std::filesystem::path base_ = std::filesystem::temp_directory_path() /
                                  ("tally-webroot-" + std::to_string(getpid()) + "-" +
                                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    testkit::TestServer server_{GetParam(), with_web_root(base_ / "site" / "web")};

    ~WebRootTest() override { std::filesystem::remove_all(base_); }
};

TEST_P(WebRootTest, DotDotSegmentsAreRefusedAndTheServerKeepsServing) {
    for (const std::string target :
         {"/..", "/../secret.txt", "/%2e%2e", "/%2E%2e/secret.txt", "/assets/..%2f..%2fsecret.txt",
          "/..%5csecret.txt", "/assets/%5c..%5c..%5csecret.txt"}) {
        testkit::RawSocket socket(server_.port());
        socket.send("GET " + target + " HTTP/1.1\r\nHost: tally\r\nConnection: close\r\n\r\n");
        const auto answer = read_until_closed(socket, 5000).data;
        EXPECT_THAT(answer, HasSubstr("HTTP/1.1 400 ")) << target;
        EXPECT_THAT(answer, HasSubstr("application/problem+json")) << target;
        EXPECT_THAT(answer, ::testing::Not(HasSubstr("outside the root"))) << target;
    }
    EXPECT_EQ(server_.client().get("/health").status, 200);
    EXPECT_EQ(server_.client().get("/console").status, 200);
}

TEST_P(WebRootTest, PagesForbidFramingAndSayWhereScriptsMayComeFrom) {
    const auto page = server_.client().get("/console/orders");
    ASSERT_EQ(page.status, 200);
    EXPECT_THAT(page.header("content-security-policy").value_or(""),
                HasSubstr("default-src 'self'; img-src 'self' data: blob:"));
    EXPECT_THAT(page.header("content-security-policy").value_or(""),
                HasSubstr("frame-ancestors 'none'"));
    EXPECT_EQ(page.header("x-frame-options"), "DENY");
    EXPECT_EQ(page.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(page.header("referrer-policy"), "same-origin");

    const auto health = server_.client().get("/health");
    EXPECT_EQ(health.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(server_.client().get("/api/v1/me").header("x-content-type-options"), "nosniff");
}

core::Config capped(int max_connections) {
    core::Config config;
    config.max_connections = max_connections;
    return config;
}

TEST_P(SecurityHttpTest, AConnectionPastTheCapGetsA503AndTheServerServesAgainOnceOthersClose) {
    testkit::TestServer server(GetParam(), capped(3));
    {
        std::vector<std::unique_ptr<testkit::RawSocket>> open;
        for (int i = 0; i < 3; ++i) {
            open.push_back(std::make_unique<testkit::RawSocket>(server.port()));
            open.back()->send("GET /health HTTP/1.1\r\nHost: tally\r\n\r\n");
            // Answered, and kept alive: the connection counts against the cap.
            ASSERT_THAT(open.back()->read_all(300), HasSubstr("HTTP/1.1 200 ")) << i;
        }

        testkit::RawSocket extra(server.port());
        extra.send("GET /health HTTP/1.1\r\nHost: tally\r\n\r\n");
        const auto refused = read_until_closed(extra, 5000);
        EXPECT_THAT(refused.data, HasSubstr("HTTP/1.1 503 "));
        EXPECT_THAT(refused.data, HasSubstr("application/problem+json"));
        EXPECT_THAT(refused.data, HasSubstr("Connection: close"));
        EXPECT_LT(refused.took, std::chrono::milliseconds(4000)) << "closed, not timed out";
    }
    EXPECT_TRUE(health_answers_within(server, std::chrono::seconds(5)));
}

core::Config quick_request_timeout() {
    core::Config config;
    config.request_timeout_s = 1;
    config.idle_timeout_s = 30;
    return config;
}

TEST_P(SecurityHttpTest, AClientSlowToSendItsHeadersIsCutAtTheRequestTimeout) {
    testkit::TestServer server(GetParam(), quick_request_timeout());
    testkit::RawSocket slow(server.port());
    slow.send("GET /health HTTP/1.1\r\nHost: tally\r\n");  // and the rest never comes

    const auto read = read_until_closed(slow, 10'000);

    EXPECT_LT(read.took, std::chrono::milliseconds(5000)) << "held for the idle timeout";
    EXPECT_EQ(server.client().get("/health").status, 200);
}

TEST_P(SecurityHttpTest, AnIdleConnectionIsStillGivenTheIdleTimeoutBeforeItsFirstByte) {
    testkit::TestServer server(GetParam(), quick_request_timeout());
    testkit::RawSocket idle(server.port());
    // Nothing sent for longer than the request timeout: the connection is still there.
    EXPECT_EQ(idle.read_all(2500), "");
    idle.send("GET /health HTTP/1.1\r\nHost: tally\r\nConnection: close\r\n\r\n");
    EXPECT_THAT(read_until_closed(idle, 5000).data, HasSubstr("HTTP/1.1 200 "));
}

// Collects what the server logs while it lives.
class LogCapture {
  public:
    LogCapture() : sink_(std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_)) {
        spdlog::default_logger()->sinks().push_back(sink_);
    }
    ~LogCapture() {
        auto& sinks = spdlog::default_logger()->sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
    }
    [[nodiscard]] int count(std::string_view text) {
        sink_->flush();
        const std::string all = lines_.str();
        int n = 0;
        for (auto at = all.find(text); at != std::string::npos; at = all.find(text, at + 1)) {
            ++n;
        }
        return n;
    }

  private:
    std::ostringstream lines_;
    std::shared_ptr<spdlog::sinks::ostream_sink_mt> sink_;
};

// With no descriptor left the acceptor cannot take the waiting connection: it backs off
// (one warning for the whole episode, not one per attempt) and serves it once descriptors
// are free again.
TEST_P(SecurityHttpTest, RunningOutOfDescriptorsBacksOffAndServesOnceTheyAreFree) {
    LogCapture log;
    testkit::TestServer server(GetParam());
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
    // Fill every descriptor below a lowered limit, so the server's accept fails.
    rlimit lowered = saved;
    lowered.rlim_cur = std::min<rlim_t>(saved.rlim_cur, 4096);
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &lowered), 0);
    std::vector<int> filler;
    while (true) {
        const int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            break;
        }
        filler.push_back(fd);
    }
    // The client's descriptor is the last one free; the server has none for its side.
    ::close(filler.back());
    filler.pop_back();
    auto blocked = std::make_unique<testkit::RawSocket>(server.port());
    blocked->send("GET /health HTTP/1.1\r\nHost: tally\r\nConnection: close\r\n\r\n");
    // Wait for the server to meet the exhaustion: its first warning.
    const auto until = SteadyClock::now() + std::chrono::seconds(10);
    while (log.count("accept failed") == 0 && SteadyClock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (const int fd : filler) {
        ::close(fd);
    }
    ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);

    const auto answer = read_until_closed(*blocked, 10'000).data;
    EXPECT_THAT(answer, HasSubstr("HTTP/1.1 200 "));
    EXPECT_EQ(server.client().get("/health").status, 200);
    EXPECT_EQ(log.count("accept failed"), 1) << "one warning per back-off";
}

core::Config behind_a_proxy(std::vector<std::string> proxies) {
    core::Config config;
    config.trusted_proxies = proxies;
    return config;
}

// Fails `count` sign-ins as different users (so no user's own throttle locks first).
void fail_sign_ins(testkit::TestServer& server, int count, const std::string& forwarded_for) {
    auto client = server.client();
    for (int i = 0; i < count; ++i) {
        const auto result = client.post(
            "/api/v1/sessions",
            R"({"username": "nobody-)" + std::to_string(i) + R"(", "password": "wrong password"})",
            {"X-Forwarded-For: " + forwarded_for});
        ASSERT_EQ(result.status, 401) << i << result.body;
    }
}

long sign_in_status(testkit::TestServer& server, const std::string& forwarded_for) {
    return server.client()
        .post("/api/v1/sessions", R"({"username": "someone", "password": "wrong password"})",
              {"X-Forwarded-For: " + forwarded_for})
        .status;
}

TEST_P(SecurityHttpTest, ClientsForwardedByATrustedProxyDoNotLockEachOtherOut) {
    testkit::TestServer server(GetParam(), behind_a_proxy({"10.9.0.0/16", "127.0.0.1"}));
    fail_sign_ins(server, 50, "203.0.113.7, 10.9.1.1");

    EXPECT_EQ(sign_in_status(server, "203.0.113.7"), 429);
    EXPECT_EQ(sign_in_status(server, "198.51.100.20"), 401) << "another client, not locked";
    // A client cannot step around its lock by claiming to be someone: the right-most
    // address the proxies did not add is the client.
    EXPECT_EQ(sign_in_status(server, "198.51.100.20, 203.0.113.7"), 429);
}

TEST_P(SecurityHttpTest, XForwardedForFromAnUntrustedPeerIsIgnored) {
    testkit::TestServer server(GetParam());
    fail_sign_ins(server, 50, "203.0.113.7");

    EXPECT_EQ(sign_in_status(server, "198.51.100.20"), 429) << "every request came from loopback";
}

TEST_P(SecurityHttpTest, CookieWritesNeedAnOriginOfThisServer) {
    testkit::TestServer server(GetParam());
    const auto cookie = sign_in(server, "ana", "admin");
    const std::string body =
        R"({"code": "BER", "name": "Berlin", "country": "DE", "timezone": "Europe/Berlin"})";
    auto client = server.client();
    const std::string host = "127.0.0.1:" + std::to_string(server.port());

    const auto no_origin = client.post("/api/v1/warehouses", body, {"Cookie: " + cookie});
    EXPECT_EQ(no_origin.status, 403) << no_origin.body;
    EXPECT_EQ(no_origin.header("content-type"), "application/problem+json");
    EXPECT_EQ(
        client
            .post("/api/v1/warehouses", body, {"Cookie: " + cookie, "Origin: https://evil.example"})
            .status,
        403);
    EXPECT_EQ(client
                  .post("/api/v1/warehouses", body,
                        {"Cookie: " + cookie, "Referer: http://evil.example/" + host + "/"})
                  .status,
              403);
    // Reading needs no Origin.
    EXPECT_EQ(client.get("/api/v1/me", {"Cookie: " + cookie}).status, 200);

    EXPECT_EQ(
        client.post("/api/v1/warehouses", body, {"Cookie: " + cookie, "Origin: http://" + host})
            .status,
        201);
    EXPECT_EQ(
        client
            .request("PUT", "/api/v1/warehouses/BER",
                     R"({"name": "Berlin Mitte", "country": "DE", "timezone": "Europe/Berlin"})",
                     {"Cookie: " + cookie, "Referer: http://" + host + "/console/warehouses"})
            .status,
        200);
    // An API token is not sent by browsers on their own: no Origin needed.
    EXPECT_EQ(server.client_as(Role::admin)
                  .post("/api/v1/warehouses", R"({"code": "EWR",)"
                                              R"( "name": "Newark", "country": "US",)"
                                              R"( "timezone": "America/New_York"})")
                  .status,
              201);
}

TEST_P(SecurityHttpTest, AllowedOriginsAreTrustedForCookieWrites) {
    core::Config config;
    config.allowed_origins = {"https://tally.example.com"};
    testkit::TestServer server(GetParam(), config);
    const auto cookie = sign_in(server, "ana", "admin");

    EXPECT_EQ(server.client()
                  .request("DELETE", "/api/v1/sessions/current", std::nullopt,
                           {"Cookie: " + cookie, "Origin: https://tally.example.com"})
                  .status,
              204);
}

TEST_P(SecurityHttpTest, AnEventStreamEndsWhenItsUserIsDeactivated) {
    testkit::TestServer server(GetParam());
    const auto cookie = sign_in(server, "viewer-1", "viewer");
    testkit::RawSocket stream(server.port());
    stream.send("GET /api/v1/events HTTP/1.1\r\nHost: tally\r\nCookie: " + cookie + "\r\n\r\n");
    ASSERT_THAT(stream.read_all(300), HasSubstr("200 OK"));

    ASSERT_EQ(server.client_as(Role::admin)
                  .request("PATCH", "/api/v1/users/viewer-1", R"({"active": false})")
                  .status,
              200);

    const auto rest = read_until_closed(stream, 10'000);
    EXPECT_THAT(rest.data, HasSubstr("0\r\n\r\n")) << "the last chunk: the stream ended";
    EXPECT_LT(rest.took, std::chrono::milliseconds(9000));
}

TEST_P(SecurityHttpTest, AnEventStreamEndsWhenItsTokenIsRevoked) {
    testkit::TestServer server(GetParam());
    auto admin = server.client_as(Role::admin);
    ASSERT_EQ(admin
                  .post("/api/v1/users", R"({"username": "wall", "password": "correct horse )"
                                         R"(battery", "role": "viewer"})")
                  .status,
              201);
    const auto token = admin.post("/api/v1/users/wall/tokens", R"({"name": "wallboard"})");
    ASSERT_EQ(token.status, 201) << token.body;
    testkit::RawSocket stream(server.port());
    stream.send("GET /api/v1/events HTTP/1.1\r\nHost: tally\r\nAuthorization: Bearer " +
                std::string(token.json().at("token").as_string()) + "\r\n\r\n");
    ASSERT_THAT(stream.read_all(300), HasSubstr("200 OK"));

    const auto id = token.json().at("id").as_int64();
    ASSERT_EQ(admin.request("DELETE", "/api/v1/tokens/" + std::to_string(id)).status, 204);

    const auto rest = read_until_closed(stream, 10'000);
    EXPECT_THAT(rest.data, HasSubstr("0\r\n\r\n"));
    EXPECT_LT(rest.took, std::chrono::milliseconds(9000));
}

INSTANTIATE_TEST_SUITE_P(Engines, SecurityHttpTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);
INSTANTIATE_TEST_SUITE_P(Engines, WebRootTest, ::testing::ValuesIn(testkit::enabled_engines()),
                         testkit::engine_name);

// Secrets at rest: the SQLite database, its WAL and shared-memory files and secret.key are
// for the server's user alone.
TEST(SecretsAtRest, TheDatabaseFilesAndTheSecretKeyAreMadeReadableByTheOwnerOnly) {
    const auto folder =
        std::filesystem::temp_directory_path() / ("tally-modes-" + std::to_string(getpid()));
    std::filesystem::remove_all(folder);
    core::Config config;
    config.db = "sqlite:" + (folder / "tally.db").string();
    config.listen = "127.0.0.1:0";
    config.io_threads = 1;
    config.job_threads = 1;
    core::SystemClock clock;
    {
        app::App app(config, clock);
        for (const auto* name : {"tally.db", "tally.db-wal", "tally.db-shm", "secret.key"}) {
            struct stat info {};
            ASSERT_EQ(::stat((folder / name).c_str(), &info), 0) << name;
            EXPECT_EQ(info.st_mode & 0777, 0600U) << name;
        }
    }
    std::filesystem::remove_all(folder);
}

}  // namespace
}  // namespace tally
