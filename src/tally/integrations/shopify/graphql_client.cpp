#include "tally/integrations/shopify/graphql_client.hpp"

#include <algorithm>
#include <cctype>
#include <memory>
#include <thread>

#include <boost/json.hpp>
#include <curl/curl.h>

#include "tally/integrations/shopify/shopify.hpp"

namespace tally::integrations::shopify {

namespace json = boost::json;

namespace {

constexpr int kTries = 4;

std::size_t append_body(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

std::size_t read_header(char* data, std::size_t size, std::size_t count, void* out) {
    std::string_view line(data, size * count);
    constexpr std::string_view kName = "retry-after:";
    if (line.size() > kName.size()) {
        std::string name(line.substr(0, kName.size()));
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (name == kName) {
            auto value = line.substr(kName.size());
            while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) {
                value.remove_prefix(1);
            }
            while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) {
                value.remove_suffix(1);
            }
            *static_cast<std::string*>(out) = std::string(value);
        }
    }
    return size * count;
}

core::TimestampMs retry_after_ms(const std::string& header) {
    try {
        return static_cast<core::TimestampMs>(std::stod(header) * 1000.0);
    } catch (const std::exception&) {
        return 2000;  // Shopify's documented default
    }
}

// The first error's message and code of a GraphQL answer.
std::pair<std::string, std::string> first_error(const json::array& errors) {
    if (errors.empty() || !errors.front().is_object()) {
        return {"Shopify answered with an error.", ""};
    }
    const auto& error = errors.front().get_object();
    std::string message = error.contains("message") && error.at("message").is_string()
                              ? std::string(error.at("message").get_string())
                              : "Shopify answered with an error.";
    std::string code;
    if (const auto* ext = error.if_contains("extensions"); ext != nullptr && ext->is_object()) {
        if (const auto* c = ext->get_object().if_contains("code"); c != nullptr && c->is_string()) {
            code = std::string(c->get_string());
        }
    }
    return {message, code};
}

}  // namespace

GraphqlClient::GraphqlClient(Connection connection, std::chrono::milliseconds timeout,
                             std::chrono::milliseconds max_wait)
    : connection_(std::move(connection)), timeout_(timeout), max_wait_(max_wait) {}

GraphqlClient::Http GraphqlClient::post(const std::string& body) const {
    Http http;
    const std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(),
                                                                   curl_easy_cleanup);
    if (!curl) {
        http.error = "libcurl could not start";
        return http;
    }
    const auto url =
        connection_.base_url + "/admin/api/" + connection_.api_version + "/graphql.json";
    curl_slist* headers = nullptr;
    headers = curl_slist_append(headers, "Content-Type: application/json");
    headers = curl_slist_append(headers, "Accept: application/json");
    headers =
        curl_slist_append(headers, ("X-Shopify-Access-Token: " + connection_.access_token).c_str());
    headers = curl_slist_append(headers, "Expect:");
    curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout_.count()));
    curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<long long>(timeout_.count(), 10'000)));
    curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "Tally OMS");
    curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append_body);
    curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &http.body);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERFUNCTION, read_header);
    curl_easy_setopt(curl.get(), CURLOPT_HEADERDATA, &http.retry_after);
    const auto code = curl_easy_perform(curl.get());
    curl_slist_free_all(headers);
    if (code != CURLE_OK) {
        http.error = curl_easy_strerror(code);
        return http;
    }
    curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &http.status);
    return http;
}

std::expected<json::value, CallError> GraphqlClient::call(std::string_view query,
                                                          const json::object& variables) {
    const auto body = json::serialize(json::object{{"query", query}, {"variables", variables}});
    CallError last;
    for (int attempt = 0; attempt < kTries; ++attempt) {
        const auto http = post(body);
        core::TimestampMs wait = 0;
        if (!http.error.empty()) {
            return std::unexpected(
                CallError{CallError::Kind::transient, "Shopify did not answer: " + http.error});
        }
        if (http.status == 429) {
            wait = retry_after_ms(http.retry_after);
            last = {CallError::Kind::throttled, "Shopify asked to slow down (429).", wait};
        } else if (http.status == 401 || http.status == 403) {
            return std::unexpected(CallError{CallError::Kind::permanent,
                                             "Shopify refused the access token (" +
                                                 std::to_string(http.status) +
                                                 "): check the shop's token and its scopes."});
        } else if (http.status >= 500) {
            return std::unexpected(
                CallError{CallError::Kind::transient,
                          "Shopify answered " + std::to_string(http.status) + "."});
        } else if (http.status != 200) {
            return std::unexpected(CallError{CallError::Kind::permanent,
                                             "Shopify answered " + std::to_string(http.status) +
                                                 ": " + http.body.substr(0, 200)});
        } else {
            boost::system::error_code ec;
            auto answer = json::parse(http.body, ec);
            if (ec || !answer.is_object()) {
                return std::unexpected(
                    CallError{CallError::Kind::transient, "Shopify's answer is not JSON."});
            }
            const auto throttle = parse_throttle(answer);
            const auto* errors = answer.get_object().if_contains("errors");
            if (throttle && throttle->throttled) {
                wait = std::max<core::TimestampMs>(
                    wait_for_points(*throttle, std::max(throttle->requested, 1.0)), 100);
                last = {CallError::Kind::throttled, "Shopify throttled the call.", wait};
            } else if (errors != nullptr && errors->is_array() && !errors->get_array().empty()) {
                const auto [message, code] = first_error(errors->get_array());
                const bool transient = code == "INTERNAL_SERVER_ERROR" || code == "TIMEOUT" ||
                                       code == "SERVICE_UNAVAILABLE";
                return std::unexpected(
                    CallError{transient ? CallError::Kind::transient : CallError::Kind::permanent,
                              "Shopify: " + message + (code.empty() ? "" : " (" + code + ")")});
            } else {
                // Leave room in the bucket for the next call rather than be refused.
                if (throttle && throttle->maximum > 0) {
                    const auto pause = wait_for_points(*throttle, throttle->requested * 2);
                    if (pause > 0) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(
                            std::min<core::TimestampMs>(pause, max_wait_.count())));
                    }
                }
                auto* data = answer.get_object().if_contains("data");
                if (data == nullptr) {
                    return std::unexpected(
                        CallError{CallError::Kind::transient, "Shopify's answer has no data."});
                }
                return std::move(*data);
            }
        }
        if (wait > max_wait_.count()) {
            return std::unexpected(last);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(wait));
    }
    return std::unexpected(last);
}

}  // namespace tally::integrations::shopify
