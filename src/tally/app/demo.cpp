// Demo data for `tally serve --demo`: a merchant with three warehouses on three continents,
// a few hundred bins and products with believable weights and sizes, and stock on the
// shelves. Deterministic, so every demo looks the same.
#include <array>
#include <random>
#include <stdexcept>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "tally/app/app.hpp"
#include "tally/catalog/gs1.hpp"

namespace tally::app {

namespace {

struct Family {
    const char* sku;
    const char* name;
    int weight_g;
    catalog::Dimensions dims;
    std::int64_t cost;
    std::int64_t price;
    bool expiry;
    bool fragile;
    const char* storage;
    const char* hs_code;
    const char* origin;
};

// Product families; each becomes several products in different variants.
constexpr std::array kFamilies = {
    Family{"MUG",
           "Stoneware mug",
           350,
           {120, 90, 100},
           250,
           1299,
           false,
           true,
           "standard",
           "691200",
           "PT"},
    Family{"PLATE",
           "Dinner plate",
           620,
           {270, 270, 25},
           380,
           1899,
           false,
           true,
           "standard",
           "691200",
           "PT"},
    Family{"TEE",
           "Organic cotton T-shirt",
           180,
           {300, 250, 20},
           420,
           2499,
           false,
           false,
           "standard",
           "610910",
           "TR"},
    Family{"HOOD",
           "Fleece hoodie",
           640,
           {350, 300, 60},
           1250,
           5999,
           false,
           false,
           "standard",
           "611020",
           "PT"},
    Family{"BOOK",
           "Hardback cookbook",
           980,
           {250, 190, 30},
           900,
           3499,
           false,
           false,
           "standard",
           "490199",
           "DE"},
    Family{"CANDLE",
           "Soy candle",
           420,
           {90, 90, 110},
           310,
           1899,
           false,
           true,
           "standard",
           "340600",
           "PL"},
    Family{"BEANS",
           "Coffee beans 1 kg",
           1020,
           {250, 130, 80},
           950,
           2290,
           true,
           false,
           "standard",
           "090121",
           "CO"},
    Family{"TEA",
           "Loose leaf tea 250 g",
           280,
           {150, 80, 80},
           380,
           1190,
           true,
           false,
           "standard",
           "090230",
           "LK"},
    Family{"OIL",
           "Olive oil 750 ml",
           1250,
           {300, 75, 75},
           720,
           1690,
           true,
           true,
           "standard",
           "150920",
           "ES"},
    Family{"HEAD",
           "Wireless headphones",
           310,
           {200, 180, 90},
           3800,
           12900,
           false,
           true,
           "high_value",
           "851830",
           "CN"},
    Family{"CASE",
           "Phone case",
           60,
           {170, 90, 20},
           150,
           1999,
           false,
           false,
           "standard",
           "420232",
           "CN"},
    Family{"NOTE",
           "A5 notebook",
           240,
           {210, 148, 15},
           180,
           990,
           false,
           false,
           "standard",
           "482010",
           "IT"},
    Family{"PACK",
           "Travel backpack",
           1150,
           {500, 320, 180},
           2600,
           8900,
           false,
           false,
           "bulky",
           "420292",
           "VN"},
    Family{"LAMP",
           "Desk lamp",
           1600,
           {450, 200, 200},
           2100,
           6490,
           false,
           true,
           "bulky",
           "940520",
           "CN"},
    Family{"SOAP",
           "Olive oil soap",
           120,
           {80, 55, 30},
           90,
           590,
           true,
           false,
           "standard",
           "340111",
           "GR"},
};

constexpr std::array kVariants = {"BLUE", "RED",  "GREEN", "BLACK", "WHITE",
                                  "GREY", "SAND", "NAVY",  "OLIVE", "ROSE"};

struct Site {
    const char* code;
    const char* name;
    const char* city;
    const char* region;
    const char* postal_code;
    const char* country;
    const char* timezone;
    double latitude;
    double longitude;
};

constexpr std::array kSites = {
    Site{"BER", "Berlin fulfilment centre", "Berlin", "BE", "12529", "DE", "Europe/Berlin", 52.3667,
         13.5033},
    Site{"EWR", "Newark fulfilment centre", "Newark", "NJ", "07114", "US", "America/New_York",
         40.7357, -74.1724},
    Site{"SYD", "Sydney fulfilment centre", "Sydney", "NSW", "2020", "AU", "Australia/Sydney",
         -33.9399, 151.1753},
};

// A GTIN-13 from the restricted-circulation range (prefix 20-29: never a real product).
std::string demo_gtin13(int item) {
    std::string body = "2099000" + std::to_string(100000 + item).substr(1);
    return body + std::to_string(catalog::gs1_check_digit(body));
}

// Zone, aisle and level: "B-03-02".
std::string bin_code(char zone, int aisle, int level) {
    return fmt::format("{}-{:02}-{:02}", zone, aisle, level);
}

template <class T>
T need(core::Result<T> result, const char* what) {
    if (!result) {
        throw std::runtime_error(std::string("demo data: ") + what + ": " + result.error().message);
    }
    return std::move(*result);
}

struct Customer {
    const char* name;
    const char* email;
    const char* line1;
    const char* city;
    const char* postal_code;
    const char* country;
};

constexpr std::array kCustomers = {
    Customer{"Ada Lovelace", "ada@example.com", "Unter den Linden 1", "Berlin", "10117", "DE"},
    Customer{"Grace Hopper", "grace@example.com", "1 Navy Way", "Arlington", "22202", "US"},
    Customer{"Alan Turing", "alan@example.co.uk", "2 Bletchley Road", "Milton Keynes", "MK3 6EB",
             "GB"},
    Customer{"Katherine Johnson", "kj@example.com", "4 Langley Blvd", "Hampton", "23681", "US"},
    Customer{"Lise Meitner", "lise@example.at", "Ringstrasse 5", "Vienna", "1010", "AT"},
    Customer{"Ruby Payne-Scott", "ruby@example.com.au", "3 Harbour St", "Sydney", "2000", "AU"},
};

// A few dozen orders from every channel: allocated, backordered, released, held, cancelled.
template <class Random>
void load_demo_orders(App& app, const std::vector<std::pair<std::string, bool>>& skus,
                      Random& random) {
    const auto actor = identity::Principal::system();
    constexpr std::array kDemoChannels = {"shopify", "shopify", "api", "manual", "csv"};
    for (int n = 1; n <= 36; ++n) {
        const auto& customer = kCustomers[random() % kCustomers.size()];
        orders::OrderInput input{.channel = kDemoChannels[random() % kDemoChannels.size()],
                                 .external_id = fmt::format("DEMO-{:04}", 1000 + n),
                                 .currency = "EUR",
                                 .customer = {customer.name, customer.email, ""},
                                 .ship_to = {.name = customer.name,
                                             .line1 = customer.line1,
                                             .city = customer.city,
                                             .postal_code = customer.postal_code,
                                             .country = customer.country},
                                 .service_level = n % 7 == 0 ? "express" : "standard"};
        const int lines = 1 + static_cast<int>(random() % 3);
        for (int l = 0; l < lines; ++l) {
            input.lines.push_back({.sku = skus[random() % skus.size()].first,
                                   .quantity = 1 + static_cast<int>(random() % 3),
                                   .unit_price = 499 + static_cast<int>(random() % 4000)});
        }
        const auto order = need(app.orders().create(actor, {.input = input}), "order").order;
        if (n % 3 == 0 && order.status == orders::OrderStatus::allocated) {
            need(app.orders().release(actor, order.id), "release");
        } else if (n % 11 == 0) {
            need(app.orders().hold(actor, order.id, "address_check", "postcode unknown"), "hold");
        } else if (n % 13 == 0) {
            need(app.orders().cancel(actor, order.id, "customer changed their mind"), "cancel");
        }
    }
}

// Carriers, the rules that choose them, and a pick, pack and load station per warehouse.
void load_demo_floor(App& app) {
    const auto actor = identity::Principal::system();
    need(app.shipping().create_carrier(
             actor,
             {.code = "DHL",
              .name = "DHL Parcel",
              .pickup_days = {"mon", "tue", "wed", "thu", "fri"},
              .tracking_url = "https://www.dhl.com/track?id={tracking}",
              .services = {{"PAKET", "Paket", "standard"}, {"WARENPOST", "Warenpost", "economy"}}}),
         "carrier");
    need(app.shipping().create_carrier(
             actor, {.code = "UPS",
                     .name = "UPS",
                     .pickup_days = {"mon", "tue", "wed", "thu", "fri"},
                     .tracking_url = "https://www.ups.com/track?tracknum={tracking}",
                     .services = {{"EXPRESS", "Express Saver", "express"},
                                  {"NEXTDAY", "Next Day Air", "overnight"}}}),
         "carrier");
    need(app.shipping().create_carrier(actor, {.code = "FREIGHT",
                                               .name = "Spedition Nord",
                                               .pickup_days = {"tue", "thu"},
                                               .services = {{"LTL", "Pallet", "freight"}}}),
         "carrier");
    need(app.shipping().save_rules(
             actor, {{.service_level = "express", .carrier = "UPS", .service = "EXPRESS"},
                     {.service_level = "overnight", .carrier = "UPS", .service = "NEXTDAY"},
                     {.service_level = "freight", .carrier = "FREIGHT", .service = "LTL"},
                     {.service_level = "economy", .carrier = "DHL", .service = "WARENPOST"},
                     {.carrier = "DHL", .service = "PAKET"}}),
         "shipping rules");
    for (const auto& site : kSites) {
        for (const auto& [suffix, type] :
             {std::pair{"P1", "pick"}, {"K1", "pack"}, {"L1", "load"}}) {
            need(app.stations().create_station(
                     actor, {std::string(site.code) + "-" + suffix, type, std::string(site.code)}),
                 "station");
        }
    }
}

}  // namespace

bool load_demo_data(App& app) {
    auto created = app.identity().bootstrap_admin(kDemoAdmin, kDemoPassword);
    if (!created) {
        throw std::runtime_error("demo data: " + created.error().message);
    }
    if (!*created) {
        return false;  // the database already has users: it is not new, leave it alone
    }
    const auto actor = identity::Principal::system();
    auto& inventory = app.inventory();
    auto& catalog = app.catalog();

    for (const auto& site : kSites) {
        need(inventory.create_warehouse(actor, {.code = site.code,
                                                .name = site.name,
                                                .address = {.line1 = "1 Logistics Way",
                                                            .city = site.city,
                                                            .region = site.region,
                                                            .postal_code = site.postal_code,
                                                            .country = site.country},
                                                .timezone = site.timezone,
                                                .latitude = site.latitude,
                                                .longitude = site.longitude}),
             "warehouse");
        int sequence = 0;
        for (const char zone : {'A', 'B', 'C', 'D'}) {
            for (int aisle = 1; aisle <= 6; ++aisle) {
                for (int level = 1; level <= 5; ++level) {
                    const std::string code = bin_code(zone, aisle, level);
                    sequence += 10;
                    need(inventory.create_bin(actor, site.code,
                                              {.code = code,
                                               .zone = std::string(1, zone),
                                               .pick_sequence = sequence}),
                         "bin");
                }
            }
        }
        for (const auto& [code, kind] :
             {std::pair{"RECV-01", "receiving"}, std::pair{"STAGE-01", "staging"},
              std::pair{"DMG-01", "damage"}, std::pair{"RET-01", "returns"}}) {
            need(inventory.create_bin(actor, site.code, {.code = code, .zone = "X", .kind = kind}),
                 "bin");
        }
        for (int door = 1; door <= 4; ++door) {
            need(inventory.create_dock(actor, site.code,
                                       {.door = "D" + std::to_string(door),
                                        .kind = door <= 2 ? "inbound" : "outbound"}),
                 "dock");
        }
        // A label printer at the pack line; the address is a placeholder for the site's own.
        need(inventory.create_printer(actor, site.code,
                                      {.code = "PACK-1", .name = "Pack line", .host = "127.0.0.1"}),
             "printer");
    }

    for (const auto& [code, name, l, w, h, tare, max, cost] :
         {std::tuple{"S", "Small box", 200, 150, 100, 110, 5000, 35},
          std::tuple{"M", "Medium box", 300, 250, 150, 220, 12000, 60},
          std::tuple{"L", "Large box", 450, 350, 250, 420, 20000, 95},
          std::tuple{"XL", "Extra large box", 600, 400, 400, 650, 30000, 150}}) {
        need(catalog.create_box_type(actor, {.code = code,
                                             .name = name,
                                             .inner = {l, w, h},
                                             .tare_g = tare,
                                             .max_load_g = max,
                                             .cost = {cost},
                                             .currency = "EUR"}),
             "box type");
    }

    std::mt19937 random(20261126);
    int item = 0;
    std::vector<std::pair<std::string, bool>> skus;
    for (const auto& family : kFamilies) {
        for (int v = 0; v < 20; ++v) {
            ++item;
            const std::string variant = kVariants[static_cast<std::size_t>(v) % kVariants.size()];
            const std::string sku =
                std::string(family.sku) + "-" + variant + "-" + std::to_string(v / 10 + 1);
            catalog::ProductInput input{
                .sku = sku,
                .name = std::string(family.name) + ", " + variant + (v >= 10 ? " (large)" : ""),
                .barcodes = {demo_gtin13(item)},
                .weight_g = family.weight_g + (v >= 10 ? family.weight_g / 4 : 0),
                .dims = family.dims,
                .unit_cost = {family.cost},
                .price = {family.price},
                .currency = "EUR",
                .hs_code = family.hs_code,
                .country_of_origin = family.origin,
                .lot_tracked = family.expiry,
                .expiry_tracked = family.expiry,
                .fragile = family.fragile,
                .storage_class = family.storage};
            if (v % 4 == 0) {
                // A case of 12 with the indicator digit 1 in front of the unit GTIN.
                std::string body = "1" + input.barcodes.front().substr(0, 12);
                input.packagings.push_back(
                    {"case of 12", body + std::to_string(catalog::gs1_check_digit(body)), 12});
            }
            need(catalog.create_product(actor, input), "product");
            skus.emplace_back(sku, family.expiry);
        }
    }
    need(catalog.create_product(actor, {.sku = "GIFT-BREAKFAST",
                                        .name = "Breakfast gift set",
                                        .weight_g = 2500,
                                        .dims = {350, 300, 150},
                                        .unit_cost = {1900},
                                        .price = {4990},
                                        .currency = "EUR",
                                        .components = {{"MUG-BLUE-1", 2, {}},
                                                       {"BEANS-BLUE-1", 1, {}},
                                                       {"PLATE-BLUE-1", 2, {}}}}),
         "kit");

    // Stock: most products in two or three warehouses, one to three bins each, loaded as
    // one opening stock import.
    std::vector<inventory::StockImportRow> stock;
    for (const auto& [sku, expiry] : skus) {
        for (const auto& site : kSites) {
            if (random() % 4 == 0) {
                continue;
            }
            const int places = 1 + static_cast<int>(random() % 3);
            for (int p = 0; p < places; ++p) {
                inventory::StockImportRow row{
                    .warehouse = site.code,
                    .bin = bin_code("ABCD"[random() % 4], 1 + static_cast<int>(random() % 6),
                                    1 + static_cast<int>(random() % 5)),
                    .sku = sku,
                    .quantity = 5 + static_cast<int>(random() % 120)};
                if (expiry) {
                    const int month = 1 + static_cast<int>(random() % 12);
                    row.lot = "L2027" + std::to_string(100 + month);
                    row.expiry = fmt::format("2027-{:02}-28", month);
                }
                stock.push_back(std::move(row));
            }
            if (random() % 3 == 0) {
                need(inventory.save_threshold(actor, {.sku = sku,
                                                      .warehouse = site.code,
                                                      .reorder_point = 20,
                                                      .safety_stock = 5,
                                                      .lead_time_days = 10}),
                     "threshold");
            }
        }
    }
    need(inventory.import_stock(actor, stock, "DEMO-OPENING"), "stock");
    load_demo_floor(app);
    load_demo_orders(app, skus, random);
    spdlog::info("demo data: {} warehouses, {} products, stock received", kSites.size(),
                 skus.size() + 1);
    return true;
}

}  // namespace tally::app
