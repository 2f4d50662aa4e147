#include "tally/http/api.hpp"

#include <chrono>
#include <random>

#include <boost/json.hpp>
#include <fmt/compile.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "tally/core/log.hpp"
#include "tally/http/problem.hpp"

namespace tally::http {

namespace {

bool valid_request_id(std::string_view id) {
    if (id.empty() || id.size() > 64) {
        return false;
    }
    for (const char c : id) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') {
            return false;
        }
    }
    return true;
}

bool is_api_path(std::string_view path) {
    return path.starts_with("/api/") || path == "/api" || path.starts_with("/webhooks/") ||
           path == "/metrics" || path == "/health" || path == "/ready";
}

bool unsafe_method(std::string_view method) {
    return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// An event stream that ends when the credential it was opened with no longer holds.
class CheckedStream final : public EventStream {
  public:
    CheckedStream(std::shared_ptr<EventStream> inner, identity::IdentityService& identity,
                  std::string secret, identity::AuthKind kind)
        : inner_(std::move(inner)), identity_(identity), secret_(std::move(secret)), kind_(kind) {}

    std::string poll() override { return inner_->poll(); }

    // Through the identity cache: the database only once its trust window is over, and at
    // once after a sign-out, revocation or deactivation on this node.
    bool still_authorized() override {
        const auto principal = kind_ == identity::AuthKind::token
                                   ? identity_.authenticate_token(secret_)
                                   : identity_.authenticate_session(secret_);
        return principal.has_value() && inner_->still_authorized();
    }

  private:
    std::shared_ptr<EventStream> inner_;
    identity::IdentityService& identity_;
    std::string secret_;
    identity::AuthKind kind_;
};

std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += ", ";
        }
        out += item;
    }
    return out;
}

}  // namespace

Api::Api(const Router& router, identity::IdentityService& identity, Metrics& metrics,
         StaticFiles static_files, EventHub& events, ApiOptions options)
    : router_(router),
      identity_(identity),
      metrics_(metrics),
      static_files_(std::move(static_files)),
      events_(events),
      options_(std::move(options)) {
    for (const auto& route : router_.routes()) {
        route_series_.push_back(metrics_.add_series(route.label()));
    }
    unmatched_series_ = metrics_.add_series("unmatched");
    static_series_ = metrics_.add_series("static");
    protocol_series_ = metrics_.add_series("unreadable");
    std::random_device random;
    id_prefix_ = fmt::format("{:06x}", random() & 0xffffff);
}

std::string Api::next_request_id() {
    return fmt::format(FMT_COMPILE("{}-{:x}"), id_prefix_,
                       id_counter_.fetch_add(1, std::memory_order_relaxed));
}

std::optional<Response> Api::answer_inline(Request& request) {
    std::string path;
    Fields query;
    if (!parse_target(request.target, path, query)) {
        return handle(request);  // a 400 at once
    }
    auto match = router_.match(request.method, path);
    if (match.kind != RouteMatch::Kind::found || match.route->inline_io) {
        return handle(request);
    }
    if (!match.route->fast) {
        return std::nullopt;
    }
    request.path = std::move(path);
    request.query = std::move(query);
    auto answered = fast(request, *match.route, match);
    if (!answered) {
        // The workers start over from the target.
        request.path.clear();
        request.query.clear();
        request.params.clear();
    }
    return answered;
}

Response Api::handle(Request& request) {
    const auto started = std::chrono::steady_clock::now();
    begin(request);
    std::size_t series = unmatched_series_;
    Response response;
    try {
        response = dispatch(request, series);
    } catch (const std::exception& e) {
        spdlog::error("request {} {} {} failed: {}", request.request_id, request.method,
                      request.target, e.what());
        response = problem(
            500, "Something went wrong on our side; the request id is " + request.request_id + ".");
    }
    finish(request, response, series, started);
    return response;
}

std::optional<Response> Api::fast(Request& request, const Route& route, RouteMatch& match) {
    const auto started = std::chrono::steady_clock::now();
    const auto secret = credentials(request);
    if (!secret) {
        return std::nullopt;
    }
    auto principal = identity_.authenticate_cached(*secret);
    if (!principal || !route.allows(principal->role)) {
        return std::nullopt;  // the workers check it against the database, or refuse it
    }
    request.params = std::move(match.params);
    RequestContext context;
    context.principal = std::move(*principal);
    auto response = route.fast(request, context);
    if (response) {
        begin(request);
        finish(request, *response,
               route_series_[static_cast<std::size_t>(&route - router_.routes().data())], started);
    }
    return response;
}

void Api::begin(Request& request) {
    request.client_address = options_.trusted_proxies.client_address(request);
    if (const auto given = request.header("x-request-id"); given && valid_request_id(*given)) {
        request.request_id = std::string(*given);
    } else {
        request.request_id = next_request_id();
    }
}

void Api::finish(const Request& request, Response& response, std::size_t series,
                 std::chrono::steady_clock::time_point started) {
    response.headers.emplace_back("X-Request-Id", request.request_id);
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
    metrics_.observe(series, response.status, micros);
    core::log_access(FMT_COMPILE("{} {} \"{} {}\" {} {} {}us"), request.request_id,
                     request.client_address, request.method, request.target, response.status,
                     response.body.size(), micros);
}

Response Api::dispatch(Request& request, std::size_t& series) {
    if (!parse_target(request.target, request.path, request.query)) {
        return problem(400, "The request target is not a valid URL.",
                       {{"target", "is not a valid origin-form URL"}});
    }
    auto match = router_.match(request.method, request.path);
    if (match.kind == RouteMatch::Kind::no_path) {
        if ((request.method == "GET" || request.method == "HEAD") && !is_api_path(request.path)) {
            series = static_series_;
            return static_files_.serve(request.path);
        }
        return problem(404, "There is no endpoint at " + request.path + ".");
    }
    if (match.kind == RouteMatch::Kind::wrong_method) {
        Response response = problem(405, request.path + " does not accept " + request.method +
                                             "; it accepts " + join(match.allowed_methods) + ".");
        response.headers.emplace_back("Allow", join(match.allowed_methods));
        return response;
    }
    const Route& route = *match.route;
    series = route_series_[static_cast<std::size_t>(&route - router_.routes().data())];
    request.params = std::move(match.params);

    RequestContext context;
    if (!route.is_public) {
        auto principal = authenticate(request);
        if (!principal) {
            return problem(principal.error());
        }
        // A browser sends the cookie with a request another site makes it send: a write
        // with the cookie must say it comes from this site.
        if (principal->kind == identity::AuthKind::session && unsafe_method(request.method) &&
            !same_origin(request, options_.allowed_origins)) {
            return problem(403,
                           "A change made with the session cookie needs an Origin or Referer of "
                           "this site.",
                           {{"origin", "is missing or names another site"}});
        }
        if (!route.allows(principal->role)) {
            return problem(403, "Your role (" + std::string(identity::to_string(principal->role)) +
                                    ") may not use " + route.label() + ".");
        }
        context.principal = std::move(*principal);
    }
    Response response = route.handler(request, context);
    if (response.stream && context.principal) {
        const auto secret = credentials(request);
        response.stream = std::make_shared<CheckedStream>(std::move(response.stream), identity_,
                                                          std::string(secret.value_or("")),
                                                          context.principal->kind);
    }
    if (request.method != "GET" && request.method != "HEAD" && response.status < 300) {
        boost::json::object params;
        for (const auto& [name, value] : request.params) {
            params[name] = value;
        }
        events_.publish("change",
                        boost::json::serialize(boost::json::object{{"route", route.label()},
                                                                   {"status", response.status},
                                                                   {"params", std::move(params)}}));
    }
    return response;
}

// The session cookie, or the token of an "Authorization: Bearer" header.
std::optional<std::string_view> Api::credentials(const Request& request) const {
    if (const auto authorization = request.header("authorization")) {
        constexpr std::string_view bearer = "Bearer ";
        if (!authorization->starts_with(bearer)) {
            return std::nullopt;
        }
        return authorization->substr(bearer.size());
    }
    return request.cookie(kSessionCookie);
}

core::Result<identity::Principal> Api::authenticate(const Request& request) {
    if (const auto authorization = request.header("authorization")) {
        constexpr std::string_view bearer = "Bearer ";
        if (!authorization->starts_with(bearer)) {
            return core::fail(core::ErrorCode::unauthenticated,
                              "The Authorization header must be 'Bearer <token>'.");
        }
        return identity_.authenticate_token(std::string(authorization->substr(bearer.size())));
    }
    if (auto session = request.cookie(kSessionCookie)) {
        return identity_.authenticate_session(std::string(*session));
    }
    return core::fail(core::ErrorCode::unauthenticated,
                      "Sign in, or send an API token as 'Authorization: Bearer <token>'.");
}

Response Api::protocol_error(int status, const std::string& detail) {
    metrics_.observe(protocol_series_, status, 0);
    core::log_access(FMT_COMPILE("- - \"unreadable request\" {} - 0us"), status);
    return problem(status, detail);
}

}  // namespace tally::http
