#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/error.hpp"
#include "tally/http/message.hpp"

namespace tally::http {

// The proxies whose X-Forwarded-For is believed: addresses and CIDR ranges, IPv4 and IPv6.
class TrustedProxies {
  public:
    TrustedProxies() = default;
    // invalid_argument naming `field` when an entry is not an address or a CIDR range.
    [[nodiscard]] static core::Result<TrustedProxies> parse(const std::vector<std::string>& entries,
                                                            std::string_view field);

    [[nodiscard]] bool trusts(std::string_view address) const;
    // The client a request comes from: the connection's peer, unless the peer is trusted;
    // then the right-most X-Forwarded-For address that is not itself trusted (or the
    // left-most, when all are). Only addresses that parse are believed.
    [[nodiscard]] std::string client_address(const Request& request) const;

  private:
    struct Range {
        bool v6 = false;
        std::array<std::uint8_t, 16> bytes{};
        int prefix = 0;
    };
    std::vector<Range> ranges_;
};

// Whether a write made with the session cookie comes from this site: its Origin (or, when
// a browser sent none, its Referer) names the request's Host or one of `allowed_origins`.
[[nodiscard]] bool same_origin(const Request& request,
                               const std::vector<std::string>& allowed_origins);

}  // namespace tally::http
