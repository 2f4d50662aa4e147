// The warehouse the scan benchmarks work in, shared by bench/warehouse_day and bench/scan_load:
// a blocking HTTP client over libcurl, a deterministic model of one warehouse (bins, products
// of 20 g to 3 kg in many sizes, three box types, three carriers and the shipping rules that
// spread the service levels over them), the calls that create it in Tally through the API,
// and released orders to work on.
//
// The model depends on its sizes only, never on --seed, so a run without --setup rebuilds the
// same products, bins and carriers that an earlier run with --setup created.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include <boost/json.hpp>
#include <curl/curl.h>
#include <unistd.h>

namespace tally::bench {

using Clock = std::chrono::steady_clock;

inline double ms_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double, std::milli>(to - from).count();
}

// The p-th percentile (0-100) of `values`, reordering them.
inline double percentile(std::vector<double>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

// --- HTTP ------------------------------------------------------------------------------------

struct Reply {
    long status = 0;  // 0: no answer (error says why)
    std::string body;
    std::string error;
    double ms = 0;

    [[nodiscard]] bool ok() const { return status >= 200 && status < 300; }
    // The body as JSON, or null when it is not JSON.
    [[nodiscard]] boost::json::value json() const {
        boost::system::error_code ec;
        auto value = boost::json::parse(body, ec);
        return ec ? boost::json::value() : value;
    }
    // "409 {...}" or the transport error, for messages.
    [[nodiscard]] std::string describe() const {
        return status != 0 ? std::to_string(status) + " " + body.substr(0, 400) : error;
    }
};

inline std::size_t collect_body(char* data, std::size_t size, std::size_t count, void* out) {
    static_cast<std::string*>(out)->append(data, size * count);
    return size * count;
}

// One keep-alive connection to Tally with an API token; one per thread.
class Http {
  public:
    Http(std::string base_url, std::string token)
        : base_(std::move(base_url)), auth_("Authorization: Bearer " + token) {
        easy_ = curl_easy_init();
        curl_easy_setopt(easy_, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy_, CURLOPT_TCP_NODELAY, 1L);
        curl_easy_setopt(easy_, CURLOPT_TIMEOUT_MS, 60'000L);
        curl_easy_setopt(easy_, CURLOPT_WRITEFUNCTION, collect_body);
    }
    ~Http() { curl_easy_cleanup(easy_); }
    Http(const Http&) = delete;
    Http& operator=(const Http&) = delete;

    Reply get(const std::string& path) { return send("GET", path, nullptr, ""); }
    Reply post(const std::string& path, const std::string& body,
               const char* type = "application/json") {
        return send("POST", path, &body, type);
    }
    Reply put(const std::string& path, const std::string& body) {
        return send("PUT", path, &body, "application/json");
    }
    Reply post_json(const std::string& path, const boost::json::value& body) {
        return post(path, boost::json::serialize(body));
    }
    Reply put_json(const std::string& path, const boost::json::value& body) {
        return put(path, boost::json::serialize(body));
    }
    [[nodiscard]] const std::string& base() const { return base_; }

  private:
    Reply send(const char* method, const std::string& path, const std::string* body,
               const char* type) {
        Reply reply;
        const std::string url = base_ + path;
        curl_slist* headers = curl_slist_append(nullptr, auth_.c_str());
        headers = curl_slist_append(headers, "Expect:");
        if (body != nullptr) {
            headers = curl_slist_append(headers, (std::string("Content-Type: ") + type).c_str());
        }
        curl_easy_setopt(easy_, CURLOPT_URL, url.c_str());
        curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, headers);
        curl_easy_setopt(easy_, CURLOPT_WRITEDATA, &reply.body);
        if (body != nullptr) {
            curl_easy_setopt(easy_, CURLOPT_POSTFIELDS, body->c_str());
            curl_easy_setopt(easy_, CURLOPT_POSTFIELDSIZE, static_cast<long>(body->size()));
            curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, method);
        } else {
            curl_easy_setopt(easy_, CURLOPT_HTTPGET, 1L);
            curl_easy_setopt(easy_, CURLOPT_CUSTOMREQUEST, nullptr);
        }
        const auto started = Clock::now();
        const CURLcode code = curl_easy_perform(easy_);
        reply.ms = ms_between(started, Clock::now());
        if (code == CURLE_OK) {
            curl_easy_getinfo(easy_, CURLINFO_RESPONSE_CODE, &reply.status);
        } else {
            reply.error = curl_easy_strerror(code);
        }
        curl_easy_setopt(easy_, CURLOPT_HTTPHEADER, nullptr);
        curl_slist_free_all(headers);
        return reply;
    }

    std::string base_;
    std::string auth_;
    CURL* easy_ = nullptr;
};

// --- JSON helpers ----------------------------------------------------------------------------

inline std::string text_of(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

inline std::int64_t int_of(const boost::json::object& o, std::string_view key,
                           std::int64_t fallback = 0) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_int64() ? v->as_int64() : fallback;
}

inline const boost::json::object& object_of(const boost::json::object& o, std::string_view key) {
    static const boost::json::object empty;
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_object() ? v->as_object() : empty;
}

// --- the model -------------------------------------------------------------------------------

// GS1 check digit of the digits in `data` (weights 3, 1, 3... from the right).
inline char gs1_check_digit(std::string_view data) {
    int sum = 0;
    int weight = 3;
    for (auto it = data.rbegin(); it != data.rend(); ++it) {
        sum += (*it - '0') * weight;
        weight = 4 - weight;
    }
    return static_cast<char>('0' + (10 - sum % 10) % 10);
}

struct SimProduct {
    std::string sku;
    std::string name;
    std::string gtin;       // GTIN-13 of one unit
    std::string pack_gtin;  // GTIN-14 of a pack of two
    int weight_g = 0;
    int length_mm = 0;
    int width_mm = 0;
    int height_mm = 0;
    bool fragile = false;
    std::string bin;
};

struct SimBox {
    std::string code;
    std::string name;
    int length_mm = 0;
    int width_mm = 0;
    int height_mm = 0;
    int tare_g = 0;
    int max_load_g = 0;
};

struct SimService {
    std::string code;
    std::string name;
    std::string level;
};

struct SimCarrier {
    std::string code;
    std::string name;
    std::vector<SimService> services;
};

// Which carrier service ships a service level, and how many orders ask for that level.
struct SimRule {
    std::string level;
    std::string carrier;
    std::string service;
    int percent = 0;
};

struct Model {
    std::string warehouse = "SIM";
    std::vector<std::string> bins;  // in walking order
    std::vector<SimProduct> products;
    std::vector<SimBox> boxes;
    std::vector<SimCarrier> carriers;
    std::vector<SimRule> rules;
    std::unordered_map<std::string, std::size_t> by_sku;

    [[nodiscard]] std::string bin_barcode(const std::string& bin) const {
        return "B:" + warehouse + ":" + bin;
    }
    [[nodiscard]] const SimProduct* product(const std::string& sku) const {
        const auto it = by_sku.find(sku);
        return it == by_sku.end() ? nullptr : &products[it->second];
    }
    [[nodiscard]] std::string carrier_for(const std::string& level) const {
        for (const auto& rule : rules) {
            if (rule.level == level) {
                return rule.carrier;
            }
        }
        return "";
    }
};

// `products` products (SIM-0001...) spread over `bins` bins (A-01... in walking order).
// Weights are log-uniform from 20 g to 3 kg; sizes follow the weight at densities from
// 0.15 to 1.5 g/cm³ with varied proportions, so that most units share a box and a few
// large ones fill one alone.
inline Model make_model(int products, int bins) {
    Model model;
    std::mt19937_64 random(20260921);
    for (int i = 0; i < bins; ++i) {
        char code[16];
        std::snprintf(code, sizeof code, "%c-%02d", 'A' + i / 20, i % 20 + 1);
        model.bins.emplace_back(code);
    }
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    for (int i = 0; i < products; ++i) {
        SimProduct p;
        char text[32];
        std::snprintf(text, sizeof text, "SIM-%04d", i + 1);
        p.sku = text;
        p.name = "Simulated product " + std::to_string(i + 1);
        std::snprintf(text, sizeof text, "21%010d", 70'000'000 + i);
        const std::string data(text);
        p.gtin = data + gs1_check_digit(data);
        p.pack_gtin = "1" + data + gs1_check_digit("1" + data);
        p.weight_g = static_cast<int>(std::lround(20.0 * std::pow(150.0, unit(random))));
        const double density = 0.15 + 1.35 * unit(random);  // g/cm³
        const double volume_mm3 = p.weight_g / density * 1000.0;
        const double flat = 0.25 + 0.75 * unit(random);  // height / side
        const double narrow = 0.4 + 0.6 * unit(random);  // width / length
        const double length = std::cbrt(volume_mm3 / (flat * narrow * narrow));
        p.length_mm = std::clamp(static_cast<int>(length), 20, 560);
        p.width_mm = std::clamp(static_cast<int>(length * narrow), 15, 420);
        p.height_mm = std::clamp(static_cast<int>(length * narrow * flat), 5, 380);
        p.fragile = unit(random) < 0.1;
        p.bin = model.bins[static_cast<std::size_t>(i % bins)];
        model.by_sku[p.sku] = model.products.size();
        model.products.push_back(std::move(p));
    }
    model.boxes = {{"SIM-S", "Small carton", 250, 200, 120, 140, 5000},
                   {"SIM-M", "Medium carton", 350, 250, 200, 290, 10000},
                   {"SIM-L", "Large carton", 500, 400, 300, 560, 20000}};
    model.carriers = {
        {"DHL", "DHL Paket", {{"STD", "Paket", "standard"}}},
        {"DPD", "DPD", {{"ECO", "Classic", "economy"}, {"STD", "Home", "standard"}}},
        {"UPS", "UPS", {{"EXP", "Express Saver", "express"}, {"NXT", "Next Day", "overnight"}}}};
    model.rules = {{"standard", "DHL", "STD", 45},
                   {"economy", "DPD", "ECO", 20},
                   {"express", "UPS", "EXP", 25},
                   {"overnight", "UPS", "NXT", 10}};
    return model;
}

// --- setup in Tally --------------------------------------------------------------------------

// A created thing, or one that was there already (409): both fine for a repeated setup.
inline bool created_or_there(const Reply& reply, const std::string& what, std::string& error) {
    if (reply.ok() || reply.status == 409) {
        return true;
    }
    error = what + ": " + reply.describe();
    return false;
}

// The warehouse, its bins, the products, box types, carriers, shipping rules and `stock`
// units of every product in its bin. Things already there are left as they are.
inline bool setup_model(Http& http, const Model& model, std::int64_t stock, std::string& error) {
    namespace json = boost::json;
    // Tally's order routing keeps the list of warehouses for a second: orders placed sooner
    // after the warehouse is created would not see it and wait as backordered.
    const auto routing_sees_warehouse = Clock::now() + std::chrono::milliseconds(1100);
    if (!created_or_there(
            http.post_json("/api/v1/warehouses", json::value{{"code", model.warehouse},
                                                             {"name", "Simulation DC"},
                                                             {"timezone", "Europe/Berlin"},
                                                             {"latitude", 52.52},
                                                             {"longitude", 13.40},
                                                             {"address",
                                                              {{"line1", "1 Logistics Way"},
                                                               {"city", "Berlin"},
                                                               {"postal_code", "10117"},
                                                               {"country", "DE"}}}}),
            "warehouse", error)) {
        return false;
    }
    // The outbound bin picked units wait in. Tally makes one on the first pick when there is
    // none, but two first picks at once then collide on PostgreSQL (a 409 for a valid scan).
    if (!created_or_there(
            http.post_json(
                "/api/v1/warehouses/" + model.warehouse + "/bins",
                boost::json::value{{"code", "OUTBOUND"}, {"zone", "SHIP"}, {"kind", "staging"}}),
            "bin OUTBOUND", error)) {
        return false;
    }
    for (std::size_t i = 0; i < model.bins.size(); ++i) {
        if (!created_or_there(http.post_json("/api/v1/warehouses/" + model.warehouse + "/bins",
                                             json::value{{"code", model.bins[i]},
                                                         {"zone", model.bins[i].substr(0, 1)},
                                                         {"pick_sequence", (i + 1) * 10}}),
                              "bin " + model.bins[i], error)) {
            return false;
        }
    }
    for (const auto& p : model.products) {
        const json::value body{
            {"sku", p.sku},
            {"name", p.name},
            {"barcodes", json::array{json::value(p.gtin)}},
            {"packagings",
             json::array{json::value{{"name", "2-pack"}, {"gtin", p.pack_gtin}, {"quantity", 2}}}},
            {"weight_g", p.weight_g},
            {"dims_mm", {{"length", p.length_mm}, {"width", p.width_mm}, {"height", p.height_mm}}},
            {"unit_cost", 500},
            {"price", 1500},
            {"currency", "EUR"},
            {"fragile", p.fragile}};
        if (!created_or_there(http.post_json("/api/v1/products", body), "product " + p.sku,
                              error)) {
            return false;
        }
    }
    for (const auto& b : model.boxes) {
        if (!created_or_there(
                http.post_json("/api/v1/box-types", json::value{{"code", b.code},
                                                                {"name", b.name},
                                                                {"inner_mm",
                                                                 {{"length", b.length_mm},
                                                                  {"width", b.width_mm},
                                                                  {"height", b.height_mm}}},
                                                                {"tare_g", b.tare_g},
                                                                {"max_load_g", b.max_load_g},
                                                                {"cost", 80},
                                                                {"currency", "EUR"}}),
                "box type " + b.code, error)) {
            return false;
        }
    }
    for (const auto& c : model.carriers) {
        json::array services;
        for (const auto& s : c.services) {
            services.push_back({{"code", s.code}, {"name", s.name}, {"service_level", s.level}});
        }
        if (!created_or_there(
                http.post_json(
                    "/api/v1/carriers",
                    json::value{{"code", c.code}, {"name", c.name}, {"services", services}}),
                "carrier " + c.code, error)) {
            return false;
        }
    }
    json::array rules;
    for (const auto& r : model.rules) {
        rules.push_back(
            {{"service_level", r.level}, {"carrier", r.carrier}, {"service", r.service}});
    }
    if (const auto saved = http.put_json("/api/v1/shipping-rules", json::value{{"rules", rules}});
        !saved.ok()) {
        error = "shipping rules: " + saved.describe();
        return false;
    }
    std::string csv = "warehouse,bin,sku,quantity\n";
    for (const auto& p : model.products) {
        csv += model.warehouse + "," + p.bin + "," + p.sku + "," + std::to_string(stock) + "\n";
    }
    if (const auto imported =
            http.post("/api/v1/inventory/import?reference=simulation", csv, "text/csv");
        !imported.ok()) {
        error = "stock import: " + imported.describe();
        return false;
    }
    std::this_thread::sleep_until(routing_sees_warehouse);
    return true;
}

// Stations of one type (pick, pack, load) in the model's warehouse; ones already there are
// kept.
inline bool create_stations(Http& http, const Model& model, const std::string& type,
                            const std::vector<std::string>& codes, std::string& error) {
    for (const auto& code : codes) {
        if (!created_or_there(
                http.post_json("/api/v1/stations",
                               boost::json::value{
                                   {"code", code}, {"type", type}, {"warehouse", model.warehouse}}),
                "station " + code, error)) {
            return false;
        }
    }
    return true;
}

// --- orders ----------------------------------------------------------------------------------

struct OrderLinePlan {
    std::size_t product = 0;  // index into Model::products
    int quantity = 0;
};

struct OrderPlan {
    std::string external_id;
    std::string level;
    std::vector<OrderLinePlan> lines;
};

struct PlacedOrder {
    std::int64_t id = 0;
    OrderPlan plan;
};

// 1 to 4 lines of different products, 1 to 3 units each, the service level drawn by the
// rules' shares.
inline OrderPlan random_order(std::mt19937_64& random, const Model& model,
                              std::string external_id) {
    OrderPlan plan{.external_id = std::move(external_id), .level = "standard", .lines = {}};
    int roll = std::uniform_int_distribution<int>(0, 99)(random);
    for (const auto& rule : model.rules) {
        if (roll < rule.percent) {
            plan.level = rule.level;
            break;
        }
        roll -= rule.percent;
    }
    const int count = std::uniform_int_distribution<int>(1, 4)(random);
    std::uniform_int_distribution<std::size_t> product(0, model.products.size() - 1);
    while (static_cast<int>(plan.lines.size()) < count &&
           plan.lines.size() < model.products.size()) {
        const auto chosen = product(random);
        if (std::ranges::none_of(plan.lines,
                                 [&](const OrderLinePlan& l) { return l.product == chosen; })) {
            plan.lines.push_back({chosen, std::uniform_int_distribution<int>(1, 3)(random)});
        }
    }
    return plan;
}

inline boost::json::value order_body(const Model& model, const OrderPlan& plan) {
    boost::json::array lines;
    for (const auto& line : plan.lines) {
        lines.push_back({{"sku", model.products[line.product].sku},
                         {"quantity", line.quantity},
                         {"unit_price", 1500}});
    }
    return {{"channel", "api"},
            {"external_id", plan.external_id},
            {"currency", "EUR"},
            {"service_level", plan.level},
            {"customer", {{"name", "Erika Mustermann"}, {"email", "erika@example.com"}}},
            {"ship_to",
             {{"name", "Erika Mustermann"},
              {"line1", "Unter den Linden 1"},
              {"city", "Berlin"},
              {"postal_code", "10117"},
              {"country", "DE"}}},
            {"lines", std::move(lines)}};
}

// Creates and releases the orders over `threads` connections. Returns them in plan order,
// or nothing with `error` set.
inline std::optional<std::vector<PlacedOrder>> place_orders(const std::string& url,
                                                            const std::string& token,
                                                            const Model& model,
                                                            std::vector<OrderPlan> plans,
                                                            int threads, std::string& error) {
    std::vector<PlacedOrder> placed(plans.size());
    std::atomic<std::size_t> next{0};
    std::atomic<bool> failed{false};
    std::mutex mutex;
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, threads); ++t) {
        pool.emplace_back([&] {
            Http http(url, token);
            for (auto i = next++; i < plans.size() && !failed; i = next++) {
                const auto created = http.post_json("/api/v1/orders", order_body(model, plans[i]));
                const auto order = created.json();
                std::string problem;
                if (created.status != 201 || !order.is_object()) {
                    problem = "order " + plans[i].external_id + ": " + created.describe();
                } else if (text_of(order.as_object(), "status") != "allocated") {
                    problem = "order " + plans[i].external_id + " is " +
                              text_of(order.as_object(), "status") + ", not allocated";
                } else {
                    const auto id = int_of(order.as_object(), "id");
                    const auto released = http.post(
                        "/api/v1/orders/" + std::to_string(id) + "/release", std::string());
                    if (!released.ok()) {
                        problem =
                            "release of order " + std::to_string(id) + ": " + released.describe();
                    }
                    placed[i] = PlacedOrder{id, std::move(plans[i])};
                }
                if (!problem.empty()) {
                    const std::scoped_lock lock(mutex);
                    failed = true;
                    error = problem;
                }
            }
        });
    }
    for (auto& t : pool) {
        t.join();
    }
    if (failed) {
        return std::nullopt;
    }
    return placed;
}

// Letters and digits from the clock and the process, so labels of two runs never collide.
inline std::string run_nonce() {
    auto value = static_cast<std::uint64_t>(std::chrono::system_clock::now().time_since_epoch() /
                                            std::chrono::milliseconds(1));
    value = value * 1000 + static_cast<std::uint64_t>(::getpid() % 1000);
    std::string out;
    constexpr std::string_view kDigits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    while (value > 0) {
        out.insert(out.begin(), kDigits[value % 36]);
        value /= 36;
    }
    return out;
}

}  // namespace tally::bench
