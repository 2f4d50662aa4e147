#pragma once

#include <chrono>
#include <expected>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "tally/core/clock.hpp"

namespace tally::integrations::shopify {

// Where and how to reach one shop's Admin API.
struct Connection {
    std::string base_url;  // https://{shop}.myshopify.com, or a test double's address
    std::string api_version;
    std::string access_token;
};

// Why a call did not give data.
struct CallError {
    enum class Kind {
        throttled,  // Shopify asked us to wait: retry_after_ms says how long
        transient,  // timeout, connection refused, 5xx, internal error: retry later
        permanent,  // the request or the credentials are wrong: a person must look
    };
    Kind kind = Kind::transient;
    std::string message;
    core::TimestampMs retry_after_ms = 0;
};

// The GraphQL Admin API over libcurl. Respects the rate limit: a throttled call waits for
// the points it needs (when that is short) and tries again; a call that leaves the bucket
// low waits before returning, so the next one fits.
class GraphqlClient {
  public:
    GraphqlClient(Connection connection, std::chrono::milliseconds timeout,
                  std::chrono::milliseconds max_wait = std::chrono::seconds(10));

    // The answer's `data`, or why there is none. userErrors are the caller's to read.
    [[nodiscard]] std::expected<boost::json::value, CallError> call(
        std::string_view query, const boost::json::object& variables);

  private:
    struct Http {
        long status = 0;
        std::string body;
        std::string retry_after;
        std::string error;  // the transport's, when there was no answer
    };
    [[nodiscard]] Http post(const std::string& body) const;

    Connection connection_;
    std::chrono::milliseconds timeout_;
    std::chrono::milliseconds max_wait_;
};

}  // namespace tally::integrations::shopify
