#include "tally/http/request_source.hpp"

#include <algorithm>
#include <charconv>

#include <arpa/inet.h>

namespace tally::http {

namespace {

struct Address {
    bool v6 = false;
    std::array<std::uint8_t, 16> bytes{};
};

std::string_view trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// "1.2.3.4", "::1", "[::1]", "1.2.3.4:5678", "[::1]:80"; an IPv4-mapped IPv6 address
// ("::ffff:1.2.3.4", what a dual-stack socket reports) is the IPv4 address.
std::optional<Address> parse_address(std::string_view text) {
    text = trim(text);
    if (text.starts_with('[')) {
        const auto close = text.find(']');
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        text = text.substr(1, close - 1);
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        text = text.substr(0, text.find(':'));  // IPv4 with a port
    }
    if (text.empty() || text.size() > 45) {
        return std::nullopt;
    }
    const std::string copy(text);
    Address address;
    if (inet_pton(AF_INET, copy.c_str(), address.bytes.data()) == 1) {
        return address;
    }
    if (inet_pton(AF_INET6, copy.c_str(), address.bytes.data()) != 1) {
        return std::nullopt;
    }
    constexpr std::array<std::uint8_t, 12> kMapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped.begin(), kMapped.end(), address.bytes.begin())) {
        std::copy(address.bytes.begin() + 12, address.bytes.end(), address.bytes.begin());
        std::fill(address.bytes.begin() + 4, address.bytes.end(), 0);
        return address;
    }
    address.v6 = true;
    return address;
}

std::string to_text(const Address& address) {
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(address.v6 ? AF_INET6 : AF_INET, address.bytes.data(), text, sizeof text);
    return text;
}

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

// "https://host:port" of an Origin, or of a Referer's URL; nullopt when it has no host.
std::optional<std::string_view> origin_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) {
        return std::nullopt;
    }
    const auto authority_end = url.find_first_of("/?#", scheme_end + 3);
    const auto origin = url.substr(0, authority_end);
    if (origin.size() == scheme_end + 3) {
        return std::nullopt;
    }
    return origin;
}

}  // namespace

core::Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& entries,
                                                   std::string_view field) {
    TrustedProxies proxies;
    for (const auto& entry : entries) {
        std::string_view text = trim(entry);
        int prefix = -1;
        if (const auto slash = text.find('/'); slash != std::string_view::npos) {
            const auto bits = text.substr(slash + 1);
            const auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
            if (ec != std::errc{} || end != bits.data() + bits.size() || bits.empty()) {
                return core::invalid_field(std::string(field),
                                           "'" + entry + "' is not an address or a CIDR range");
            }
            text = text.substr(0, slash);
        }
        const auto address =
            text.find_first_of("[]") == std::string_view::npos ? parse_address(text) : std::nullopt;
        const int most = address && address->v6 ? 128 : 32;
        if (!address || (text.find(':') != std::string_view::npos) != address->v6 ||
            prefix > most || prefix == 0 || prefix < -1) {
            return core::invalid_field(std::string(field),
                                       "'" + entry + "' is not an address or a CIDR range");
        }
        proxies.ranges_.push_back(
            {.v6 = address->v6, .bytes = address->bytes, .prefix = prefix < 0 ? most : prefix});
    }
    return proxies;
}

bool TrustedProxies::trusts(std::string_view text) const {
    const auto address = parse_address(text);
    if (!address) {
        return false;
    }
    return std::ranges::any_of(ranges_, [&](const Range& range) {
        if (range.v6 != address->v6) {
            return false;
        }
        const int whole = range.prefix / 8;
        if (!std::equal(range.bytes.begin(), range.bytes.begin() + whole, address->bytes.begin())) {
            return false;
        }
        const int rest = range.prefix % 8;
        if (rest == 0) {
            return true;
        }
        const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        return (range.bytes[whole] & mask) == (address->bytes[whole] & mask);
    });
}

std::string TrustedProxies::client_address(const Request& request) const {
    if (ranges_.empty() || !trusts(request.client_address)) {
        return request.client_address;
    }
    // Every X-Forwarded-For field, in order, as one list; each proxy appends its peer.
    std::vector<std::string_view> hops;
    for (const auto& [name, value] : request.headers) {
        if (name != "x-forwarded-for") {
            continue;
        }
        std::string_view rest = value;
        while (true) {
            const auto comma = rest.find(',');
            hops.push_back(trim(rest.substr(0, comma)));
            if (comma == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(comma + 1);
        }
    }
    std::string client = request.client_address;
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        const auto address = parse_address(*hop);
        if (!address) {
            break;  // not what a proxy writes: the last address believed stands
        }
        client = to_text(*address);
        if (!trusts(client)) {
            break;
        }
    }
    return client;
}

bool same_origin(const Request& request, const std::vector<std::string>& allowed_origins) {
    std::optional<std::string_view> origin;
    if (const auto given = request.header("origin")) {
        origin = origin_of(*given);  // "null" (a sandboxed or privacy-sensitive origin) has none
    } else if (const auto referer = request.header("referer")) {
        origin = origin_of(*referer);
    }
    if (!origin) {
        return false;
    }
    if (std::ranges::any_of(allowed_origins, [&](const std::string& allowed) {
            return iequals(allowed, *origin);
        })) {
        return true;
    }
    const auto host = request.header("host");
    return host && !host->empty() && iequals(origin->substr(origin->find("://") + 3), *host);
}

}  // namespace tally::http
