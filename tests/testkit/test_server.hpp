#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "tally/app/app.hpp"
#include "tally/identity/user.hpp"

#include "testkit/http_client.hpp"
#include "testkit/test_database.hpp"

namespace tally::testkit {

// A real Tally server on 127.0.0.1 and a free port, over a fresh test database.
class TestServer {
  public:
    explicit TestServer(db::Engine engine, core::Config config = {});
    ~TestServer();
    TestServer(const TestServer&) = delete;
    TestServer& operator=(const TestServer&) = delete;

    [[nodiscard]] std::string base_url() const;
    [[nodiscard]] unsigned short port() const { return port_; }
    [[nodiscard]] HttpClient client() const { return HttpClient(base_url()); }
    // A client that sends an API token of a new user with `role`.
    [[nodiscard]] HttpClient client_as(identity::Role role);
    // Creates a user with `role` and returns a fresh API token for them.
    [[nodiscard]] std::string token_for(identity::Role role);
    [[nodiscard]] app::App& app() { return *app_; }
    // Stops the server as `tally serve` stops on SIGTERM and starts a new one on the same
    // database and port: what a deploy or a crash-and-restart looks like from outside.
    // `before_run` changes the new app before it serves (say, subscribes another handler).
    void restart(const std::function<void(app::App&)>& before_run = {});
    [[nodiscard]] const TestDatabase& database() const { return database_; }

  private:
    void start(const std::function<void(app::App&)>& before_run = {});

    TestDatabase database_;
    core::Config config_;
    core::SystemClock clock_;
    std::unique_ptr<app::App> app_;
    unsigned short port_ = 0;
    std::thread thread_;
    int users_ = 0;
};

}  // namespace tally::testkit
