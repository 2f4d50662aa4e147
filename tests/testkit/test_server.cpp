#include "testkit/test_server.hpp"

#include <stdexcept>

namespace tally::testkit {

TestServer::TestServer(db::Engine engine, core::Config config)
    : database_(engine), config_(std::move(config)) {
    config_.db = database_.url();
    config_.listen = "127.0.0.1:0";
    config_.io_threads = 2;
    config_.db_pool = 4;
    if (config_.job_threads == 0) {
        config_.job_threads = 2;
    }
    start();
}

void TestServer::start(const std::function<void(app::App&)>& before_run) {
    app_ = std::make_unique<app::App>(config_, clock_);
    if (before_run) {
        before_run(*app_);
    }
    port_ = app_->listen();
    config_.listen = "127.0.0.1:" + std::to_string(port_);
    thread_ = std::thread([this] { app_->run(false); });
}

void TestServer::restart(const std::function<void(app::App&)>& before_run) {
    app_->stop();
    thread_.join();
    app_.reset();
    start(before_run);
}

TestServer::~TestServer() {
    app_->stop();
    thread_.join();
}

std::string TestServer::base_url() const {
    return "http://127.0.0.1:" + std::to_string(port_);
}

std::string TestServer::token_for(identity::Role role) {
    const std::string name =
        std::string(identity::to_string(role)) + "-" + std::to_string(++users_);
    auto user = app_->identity().create_user(identity::Principal::system(),
                                             {.username = name,
                                              .password = "correct horse battery",
                                              .role = std::string(identity::to_string(role))});
    if (!user) {
        throw std::runtime_error("cannot create test user: " + user.error().message);
    }
    auto token = app_->identity().create_token(identity::Principal::system(), name, "test");
    if (!token) {
        throw std::runtime_error("cannot create test token: " + token.error().message);
    }
    return token->secret;
}

HttpClient TestServer::client_as(identity::Role role) {
    HttpClient http = client();
    http.set_header("Authorization: Bearer " + token_for(role));
    return http;
}

}  // namespace tally::testkit
