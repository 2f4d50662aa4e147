#pragma once

#include <atomic>
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "tally/http/events.hpp"
#include "tally/http/metrics.hpp"
#include "tally/http/request_source.hpp"
#include "tally/http/router.hpp"
#include "tally/http/server.hpp"
#include "tally/http/static_files.hpp"
#include "tally/identity/identity_service.hpp"

namespace tally::http {

inline constexpr std::string_view kSessionCookie = "tally_session";

struct ApiOptions {
    TrustedProxies trusted_proxies;  // whose X-Forwarded-For names the client
    // Origins besides the request's own Host that may write with the session cookie.
    std::vector<std::string> allowed_origins;
};

// The request pipeline: request id, the client address, routing, authentication, the
// same-origin check of cookie writes, the role check, the call to the route's handler,
// problem+json for failures, change events, metrics and the access log.
class Api final : public Handler {
  public:
    // Every successful change (a route other than GET or HEAD answering 2xx) is published
    // to `events` as a "change" event naming the route and its path parameters.
    // An event stream ends once the credential that opened it no longer holds.
    Api(const Router& router, identity::IdentityService& identity, Metrics& metrics,
        StaticFiles static_files, EventHub& events, ApiOptions options = {});

    [[nodiscard]] std::optional<Response> answer_inline(Request& request) override;
    [[nodiscard]] Response handle(Request& request) override;
    [[nodiscard]] Response protocol_error(int status, const std::string& detail) override;

  private:
    [[nodiscard]] Response dispatch(Request& request, std::size_t& series);
    [[nodiscard]] std::optional<Response> fast(Request& request, const Route& route,
                                               RouteMatch& match);
    [[nodiscard]] core::Result<identity::Principal> authenticate(const Request& request);
    [[nodiscard]] std::optional<std::string_view> credentials(const Request& request) const;
    void begin(Request& request);
    void finish(const Request& request, Response& response, std::size_t series,
                std::chrono::steady_clock::time_point started);
    [[nodiscard]] std::string next_request_id();

    const Router& router_;
    identity::IdentityService& identity_;
    Metrics& metrics_;
    StaticFiles static_files_;
    EventHub& events_;
    ApiOptions options_;
    std::vector<std::size_t> route_series_;
    std::size_t unmatched_series_ = 0;
    std::size_t static_series_ = 0;
    std::size_t protocol_series_ = 0;
    std::string id_prefix_;
    std::atomic<std::uint64_t> id_counter_{0};
};

}  // namespace tally::http
