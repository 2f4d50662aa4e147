#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/core/money.hpp"
#include "tally/core/strong_id.hpp"

namespace tally::orders {

using OrderId = core::StrongId<struct OrderIdTag>;

// An order's life, in the order it is usually lived.
enum class OrderStatus {
    received,
    allocated,
    backordered,
    on_hold,
    released,
    picking,
    picked,
    packing,
    packed,
    staged,
    partially_shipped,  // some of its shipments have left, not all (or units still wait)
    shipped,
    delivered,
    cancelled,
    exception,
};

inline constexpr std::array kAllStatuses = {
    OrderStatus::received,  OrderStatus::allocated,         OrderStatus::backordered,
    OrderStatus::on_hold,   OrderStatus::released,          OrderStatus::picking,
    OrderStatus::picked,    OrderStatus::packing,           OrderStatus::packed,
    OrderStatus::staged,    OrderStatus::partially_shipped, OrderStatus::shipped,
    OrderStatus::delivered, OrderStatus::cancelled,         OrderStatus::exception,
};

[[nodiscard]] std::string_view to_string(OrderStatus status);
[[nodiscard]] std::optional<OrderStatus> parse_status(std::string_view text);

// The one table of allowed moves: true when an order in `from` may go to `to`.
[[nodiscard]] bool can_transition(OrderStatus from, OrderStatus to);
// Stock is reserved for the order in these states and is given back when it leaves them
// for cancelled.
[[nodiscard]] bool holds_reservations(OrderStatus status);

inline constexpr std::string_view kChannels[] = {"api",   "shopify", "csv",         "manual",
                                                 "phone", "email",   "marketplace", "pos"};
inline constexpr std::string_view kHoldReasons[] = {"address_check", "fraud", "manual", "payment"};
inline constexpr std::string_view kServiceLevels[] = {"standard", "express", "overnight", "economy",
                                                      "freight"};

struct Customer {
    std::string name;
    std::string email;
    std::string phone;
};

struct ShipTo {
    std::string name;
    std::string company;
    std::string line1;
    std::string line2;
    std::string city;
    std::string region;
    std::string postal_code;
    std::string country;  // ISO 3166 alpha-2
    std::string phone;
    std::optional<double> latitude;
    std::optional<double> longitude;
};

struct LineInput {
    std::optional<std::string> sku;
    std::optional<std::string> barcode;
    std::int64_t quantity = 0;
    std::int64_t unit_price = 0;  // minor units of the order's currency
};

struct OrderInput {
    std::string channel = "api";
    std::string external_id;
    std::string currency;
    Customer customer;
    ShipTo ship_to;
    std::string service_level = "standard";
    std::vector<LineInput> lines;
    std::string notes;
    std::vector<std::string> tags;
    std::optional<std::string> hold;  // a hold reason to take the order in on hold
};

inline constexpr std::size_t kMaxLines = 500;
inline constexpr std::int64_t kMaxLineQuantity = 1'000'000;
inline constexpr std::int64_t kMaxUnitPrice = core::kMaxUnitAmount;
inline constexpr std::int64_t kMaxOrderTotal = 1'000'000'000'000'000;
inline constexpr std::size_t kMaxTags = 50;

// Every bad field of an order at once ("lines/2/quantity", "ship_to/country", ...).
void validate_order(const OrderInput& input, core::FieldErrors& errors);
[[nodiscard]] bool plausible_email(std::string_view email);

// The sum of quantity times unit price over `lines` (`quantities` instead of the lines' own
// where given: a case barcode counts its pack size), or nothing when it is over
// kMaxOrderTotal. Checked: it never wraps.
[[nodiscard]] std::optional<core::Money> order_total(const std::vector<LineInput>& lines,
                                                     std::span<const std::int64_t> quantities = {});

struct OrderLine {
    std::int64_t id = 0;
    int line_no = 0;
    std::int64_t product_id = 0;
    std::string sku;
    std::string name;
    std::int64_t quantity = 0;
    std::int64_t unit_price = 0;
    std::int64_t allocated = 0;
    [[nodiscard]] std::int64_t backordered() const { return quantity - allocated; }
};

// Units of one line reserved in one warehouse. A kit line is reserved as its components:
// one allocation per component, whose product and SKU are the component's and whose
// quantity is the kits times `per_unit`, the units of it one kit holds.
struct Allocation {
    std::int64_t line_id = 0;
    std::int64_t product_id = 0;
    std::int64_t warehouse_id = 0;
    std::string warehouse;
    std::string sku;
    std::int64_t quantity = 0;
    std::int64_t per_unit = 1;
};

struct OrderEvent {
    core::TimestampMs at = 0;
    std::string actor;
    std::optional<std::string> from;
    std::string to;
    std::string reason;
};

// A side effect of the order that the outbox runs, such as telling its channel it shipped:
// the order shows each with its outcome.
struct OrderJob {
    std::int64_t id = 0;
    std::string kind;
    std::string status;  // pending, running, done, dead
    int attempts = 0;
    std::string last_error;
    std::string result;
    core::TimestampMs run_at = 0;
    core::TimestampMs updated_at = 0;
};

struct Order {
    OrderId id;
    std::string channel;
    std::string external_id;
    OrderStatus status = OrderStatus::received;
    std::string currency;
    Customer customer;
    ShipTo ship_to;
    std::string service_level;
    std::string notes;
    std::vector<std::string> tags;
    std::optional<std::string> hold_reason;
    std::string routing;  // why the allocation is what it is
    std::int64_t total = 0;
    core::TimestampMs created_at = 0;
    core::TimestampMs updated_at = 0;
    std::vector<OrderLine> lines;
    std::vector<Allocation> allocations;
    std::vector<OrderEvent> events;
    std::vector<OrderJob> jobs;  // filled by OrderService::get
};

// Comma-separated tags as stored, and back; blanks dropped.
[[nodiscard]] std::string join_tags(const std::vector<std::string>& tags);
[[nodiscard]] std::vector<std::string> split_tags(std::string_view text);

}  // namespace tally::orders
