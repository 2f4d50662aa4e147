#include "tally/shipping/carrier_repo.hpp"

#include <map>
#include <string_view>

#include "tally/db/statement.hpp"

namespace tally::shipping {

namespace {

constexpr const char* kInsert =
    "INSERT INTO carriers (code, name, pickup_days, tracking_url, active, created_at, updated_at)"
    " VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
constexpr const char* kUpdate =
    "UPDATE carriers SET name = $1, pickup_days = $2, tracking_url = $3, active = $4,"
    " updated_at = $5 WHERE code = $6";
constexpr const char* kFind =
    "SELECT id, code, name, pickup_days, tracking_url, active, created_at, updated_at"
    " FROM carriers WHERE code = $1";
constexpr const char* kList =
    "SELECT id, code, name, pickup_days, tracking_url, active, created_at, updated_at"
    " FROM carriers ORDER BY code";
constexpr const char* kInsertService =
    "INSERT INTO carrier_services (carrier_id, code, name, service_level, active)"
    " VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr const char* kUpdateService =
    "UPDATE carrier_services SET name = $1, service_level = $2, active = $3 WHERE id = $4";
constexpr const char* kServices =
    "SELECT carrier_id, id, code, name, service_level, active FROM carrier_services"
    " WHERE carrier_id = $1 ORDER BY id";
constexpr const char* kAllServices =
    "SELECT carrier_id, id, code, name, service_level, active FROM carrier_services"
    " ORDER BY carrier_id, id";
constexpr const char* kRules =
    "SELECT r.priority, r.service_level, r.country, r.min_weight_g, r.max_weight_g,"
    " c.code AS carrier, s.code AS service, c.id AS carrier_id, c.name AS carrier_name,"
    " s.id AS service_id, s.name AS service_name, c.active AS carrier_active,"
    " s.active AS service_active FROM shipping_rules r"
    " JOIN carrier_services s ON s.id = r.carrier_service_id"
    " JOIN carriers c ON c.id = s.carrier_id ORDER BY r.priority";
constexpr const char* kDeleteRules = "DELETE FROM shipping_rules";
constexpr const char* kInsertRule =
    "INSERT INTO shipping_rules (priority, service_level, country, min_weight_g, max_weight_g,"
    " carrier_service_id) VALUES ($1, $2, $3, $4, $5, $6)";

// Pickup days are stored comma-separated: "mon,wed,fri".
std::string join_days(const std::vector<std::string>& days) {
    std::string out;
    for (const auto& day : days) {
        if (!out.empty()) {
            out += ',';
        }
        out += day;
    }
    return out;
}

std::vector<std::string> split_days(std::string_view text) {
    std::vector<std::string> days;
    while (!text.empty()) {
        const auto comma = text.find(',');
        if (const auto day = text.substr(0, comma); !day.empty()) {
            days.emplace_back(day);
        }
        if (comma == std::string_view::npos) {
            break;
        }
        text.remove_prefix(comma + 1);
    }
    return days;
}

// The columns of kFind and kList; services are read apart.
Carrier read_carrier(const db::Query& row) {
    return Carrier{.id = row.int64("id"),
                   .code = row.text("code"),
                   .name = row.text("name"),
                   .pickup_days = split_days(row.text("pickup_days")),
                   .tracking_url = row.text("tracking_url"),
                   .active = row.boolean("active"),
                   .services = {},
                   .created_at = row.int64("created_at"),
                   .updated_at = row.int64("updated_at")};
}

// The columns of kServices and kAllServices.
Service read_service(const db::Query& row) {
    return Service{.id = row.int64("id"),
                   .code = row.text("code"),
                   .name = row.text("name"),
                   .service_level = row.text("service_level"),
                   .active = row.boolean("active")};
}

std::optional<int> optional_int(const db::Query& row, std::string_view column) {
    const auto value = row.optional_int64(column);
    return value ? std::optional(static_cast<int>(*value)) : std::nullopt;
}

}  // namespace

std::int64_t CarrierRepo::insert(db::Tx& tx, const Carrier& carrier) {
    db::Query insert(tx, kInsert);
    insert.bind(carrier.code)
        .bind(carrier.name)
        .bind(join_days(carrier.pickup_days))
        .bind(carrier.tracking_url)
        .bind(carrier.active ? 1 : 0)
        .bind(carrier.created_at)
        .bind(carrier.updated_at);
    insert.next();
    return insert.int64("id");
}

bool CarrierRepo::update(db::Tx& tx, const Carrier& carrier) {
    db::Query update(tx, kUpdate);
    return update.bind(carrier.name)
               .bind(join_days(carrier.pickup_days))
               .bind(carrier.tracking_url)
               .bind(carrier.active ? 1 : 0)
               .bind(carrier.updated_at)
               .bind(carrier.code)
               .exec() == 1;
}

std::int64_t CarrierRepo::insert_service(db::Tx& tx, std::int64_t carrier_id,
                                         const Service& service) {
    db::Query insert(tx, kInsertService);
    insert.bind(carrier_id)
        .bind(service.code)
        .bind(service.name)
        .bind(service.service_level)
        .bind(service.active ? 1 : 0);
    insert.next();
    return insert.int64("id");
}

void CarrierRepo::update_service(db::Tx& tx, const Service& service) {
    db::Query update(tx, kUpdateService);
    update.bind(service.name)
        .bind(service.service_level)
        .bind(service.active ? 1 : 0)
        .bind(service.id)
        .exec();
}

std::optional<Carrier> CarrierRepo::find(db::Tx& tx, const std::string& code) {
    db::Query select(tx, kFind);
    select.bind(code);
    if (!select.next()) {
        return std::nullopt;
    }
    Carrier carrier = read_carrier(select);
    db::Query services(tx, kServices);
    services.bind(carrier.id);
    while (services.next()) {
        carrier.services.push_back(read_service(services));
    }
    return carrier;
}

std::vector<Carrier> CarrierRepo::list(db::Tx& tx) {
    std::vector<Carrier> out;
    std::map<std::int64_t, std::size_t> index;
    db::Query select(tx, kList);
    while (select.next()) {
        index[select.int64("id")] = out.size();
        out.push_back(read_carrier(select));
    }
    // All services in one query rather than one per carrier.
    db::Query services(tx, kAllServices);
    while (services.next()) {
        if (const auto it = index.find(services.int64("carrier_id")); it != index.end()) {
            out[it->second].services.push_back(read_service(services));
        }
    }
    return out;
}

std::vector<RuleTarget> CarrierRepo::rules(db::Tx& tx) {
    db::Query select(tx, kRules);
    std::vector<RuleTarget> out;
    while (select.next()) {
        out.push_back(
            {.rule = {.priority = static_cast<int>(select.int64("priority")),
                      .service_level = select.optional_text("service_level"),
                      .country = select.optional_text("country"),
                      .min_weight_g = optional_int(select, "min_weight_g"),
                      .max_weight_g = optional_int(select, "max_weight_g"),
                      .carrier = select.text("carrier"),
                      .service = select.text("service")},
             .service = {.carrier_id = select.int64("carrier_id"),
                         .carrier = select.text("carrier"),
                         .carrier_name = select.text("carrier_name"),
                         .service_id = select.int64("service_id"),
                         .service = select.text("service"),
                         .service_name = select.text("service_name")},
             .active = select.boolean("carrier_active") && select.boolean("service_active")});
    }
    return out;
}

void CarrierRepo::delete_rules(db::Tx& tx) {
    db::Query remove(tx, kDeleteRules);
    remove.exec();
}

void CarrierRepo::insert_rule(db::Tx& tx, const ShippingRule& rule, std::int64_t service_id) {
    db::Query insert(tx, kInsertRule);
    insert.bind(rule.priority)
        .bind(rule.service_level)
        .bind(rule.country)
        .bind(rule.min_weight_g)
        .bind(rule.max_weight_g)
        .bind(service_id)
        .exec();
}

}  // namespace tally::shipping
