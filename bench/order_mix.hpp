// The orders bench/run's orders section places, shared by the load generator and the two
// storage ceilings so that they measure the same work: 1 to 2 * lines - 1 lines (3 on
// average) of random products, 1 to 3 units each, shipped to Germany or the United States.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace tally::bench {

struct ShipTo {
    const char* name;
    const char* line1;
    const char* city;
    const char* region;
    const char* postal_code;
    const char* country;
};

inline constexpr ShipTo kShipTos[] = {
    {"Erika Mustermann", "Unter den Linden 1", "Berlin", "BE", "10117", "DE"},
    {"Max Weber", "Marienplatz 8", "München", "BY", "80331", "DE"},
    {"John Doe", "350 5th Ave", "New York", "NY", "10118", "US"},
    {"Jane Roe", "1 Market St", "San Francisco", "CA", "94105", "US"},
};

struct OrderLine {
    int product = 0;  // 1..products: the product's number in the SKU format
    int quantity = 0;
};

// Random orders over `products` products; one generator per thread.
class OrderMix {
  public:
    OrderMix(int products, int average_lines, std::uint64_t seed)
        : products_(products), max_lines_(2 * average_lines - 1), random_(seed) {}

    std::vector<OrderLine> lines() {
        std::uniform_int_distribution<int> count(1, max_lines_);
        std::uniform_int_distribution<int> product(1, products_);
        std::uniform_int_distribution<int> quantity(1, 3);
        std::vector<OrderLine> out(static_cast<std::size_t>(count(random_)));
        for (auto& line : out) {
            line = {product(random_), quantity(random_)};
        }
        return out;
    }
    const ShipTo& ship_to() {
        return kShipTos[std::uniform_int_distribution<std::size_t>(
            0, std::size(kShipTos) - 1)(random_)];
    }
    int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  private:
    int products_;
    int max_lines_;
    std::mt19937_64 random_;
};

// "SKU-%06d" and the like: the format holds exactly one integer conversion.
inline std::string sku(const std::string& format, int product) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, format.c_str(), product);
    return buffer;
}

// Command-line flags as "--name value" pairs; every flag takes a value except the switches
// named in `switches`. Unknown flags end the program with `usage`.
class Flags {
  public:
    Flags(int argc, char** argv, const char* usage, std::vector<std::string_view> switches = {}) {
        for (int i = 1; i < argc; ++i) {
            const std::string_view name = argv[i];
            bool is_switch = false;
            for (const auto s : switches) {
                is_switch = is_switch || s == name;
            }
            if (!name.starts_with("--") || (!is_switch && i + 1 >= argc)) {
                std::fprintf(stderr, "usage: %s\n", usage);
                std::exit(2);
            }
            values_.emplace_back(std::string(name.substr(2)), is_switch ? "1" : argv[++i]);
        }
        usage_ = usage;
    }

    std::string text(std::string_view name, std::string fallback) {
        for (auto& [key, value] : values_) {
            if (key == name) {
                used_.push_back(key);
                return value;
            }
        }
        return fallback;
    }
    std::int64_t number(std::string_view name, std::int64_t fallback) {
        const std::string value = text(name, std::to_string(fallback));
        std::int64_t out = 0;
        const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
        if (ec != std::errc() || end != value.data() + value.size() || out < 0) {
            std::fprintf(stderr, "--%s: not a whole number: %s\n", std::string(name).c_str(),
                         value.c_str());
            std::exit(2);
        }
        return out;
    }
    bool on(std::string_view name) { return text(name, "") == "1"; }

    // Ends the program when a flag was given that nobody asked for.
    void done() const {
        for (const auto& [key, value] : values_) {
            bool used = false;
            for (const auto& u : used_) {
                used = used || u == key;
            }
            if (!used) {
                std::fprintf(stderr, "unknown flag --%s\nusage: %s\n", key.c_str(), usage_);
                std::exit(2);
            }
        }
    }

  private:
    std::vector<std::pair<std::string, std::string>> values_;
    std::vector<std::string> used_;
    const char* usage_ = "";
};

}  // namespace tally::bench
