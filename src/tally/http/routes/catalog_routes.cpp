#include "tally/http/routes/catalog_routes.hpp"

#include <boost/json.hpp>

#include "tally/http/routes/route_helpers.hpp"

namespace tally::catalog {

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Packaging& p) {
    out = {{"name", p.name}, {"gtin", p.gtin}, {"quantity", p.quantity}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const KitComponent& c) {
    out = {{"sku", c.sku}, {"quantity", c.quantity}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const Product& p) {
    auto optional = [](const std::optional<std::string>& v) {
        return v ? boost::json::value(*v) : boost::json::value(nullptr);
    };
    out = {
        {"id", p.id.value},
        {"sku", p.sku},
        {"name", p.name},
        {"barcodes", boost::json::value_from(p.barcodes)},
        {"packagings", boost::json::value_from(p.packagings)},
        {"weight_g", p.weight_g},
        {"dims_mm",
         {{"length", p.dims.length_mm}, {"width", p.dims.width_mm}, {"height", p.dims.height_mm}}},
        {"unit_cost", p.unit_cost.minor},
        {"price", p.price.minor},
        {"currency", p.currency},
        {"hs_code", optional(p.hs_code)},
        {"country_of_origin", optional(p.country_of_origin)},
        {"lot_tracked", p.lot_tracked},
        {"expiry_tracked", p.expiry_tracked},
        {"fragile", p.fragile},
        {"storage_class", p.storage_class},
        {"is_kit", p.is_kit()},
        {"components", boost::json::value_from(p.components)},
        {"active", p.active},
        {"created_at", core::format_iso8601(p.created_at)},
        {"updated_at", core::format_iso8601(p.updated_at)}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ResolvedScan& s) {
    auto optional = [](const std::optional<std::string>& v) {
        return v ? boost::json::value(*v) : boost::json::value(nullptr);
    };
    out = {{"product", boost::json::value_from(s.product)},
           {"quantity", s.quantity},
           {"lot", optional(s.lot)},
           {"expiry", optional(s.expiry)},
           {"serial", optional(s.serial)},
           {"matched_by", s.matched_by}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const BoxType& b) {
    out = {{"id", b.id.value},
           {"code", b.code},
           {"name", b.name},
           {"inner_mm",
            {{"length", b.inner.length_mm},
             {"width", b.inner.width_mm},
             {"height", b.inner.height_mm}}},
           {"tare_g", b.tare_g},
           {"max_load_g", b.max_load_g},
           {"cost", b.cost.minor},
           {"currency", b.currency},
           {"active", b.active}};
}

void tag_invoke(boost::json::value_from_tag, boost::json::value& out, const ImportReport& r) {
    out = {{"created", r.created}, {"updated", r.updated}};
}

}  // namespace tally::catalog

namespace tally::http {

namespace {

constexpr int kMaxInt = 2'000'000'000;

catalog::Dimensions read_dims(JsonReader& reader, const char* key) {
    catalog::Dimensions dims;
    if (const auto* object = reader.optional_object(key)) {
        auto nested = reader.nested(*object, key);
        dims.length_mm = static_cast<int>(nested.int_in("length", 0, 0, kMaxInt));
        dims.width_mm = static_cast<int>(nested.int_in("width", 0, 0, kMaxInt));
        dims.height_mm = static_cast<int>(nested.int_in("height", 0, 0, kMaxInt));
    }
    return dims;
}

core::Result<catalog::ProductInput> read_product(const Request& request) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    catalog::ProductInput input;
    input.sku = reader.required_string("sku");
    input.name = reader.required_string("name");
    input.barcodes = reader.string_array("barcodes");
    if (const auto* packagings = reader.optional_array("packagings")) {
        for (std::size_t i = 0; i < packagings->size(); ++i) {
            const std::string path = "packagings/" + std::to_string(i);
            if (!(*packagings)[i].is_object()) {
                errors.add(path, "must be an object");
                continue;
            }
            auto nested = reader.nested((*packagings)[i].as_object(), path);
            input.packagings.push_back(
                {nested.required_string("name"), nested.required_string("gtin"),
                 static_cast<int>(nested.required_int("quantity", 2, 100'000))});
        }
    }
    if (const auto* components = reader.optional_array("components")) {
        for (std::size_t i = 0; i < components->size(); ++i) {
            const std::string path = "components/" + std::to_string(i);
            if (!(*components)[i].is_object()) {
                errors.add(path, "must be an object");
                continue;
            }
            auto nested = reader.nested((*components)[i].as_object(), path);
            input.components.push_back(
                {nested.required_string("sku"),
                 static_cast<int>(nested.required_int("quantity", 1, 10'000)),
                 {}});
        }
    }
    input.weight_g = static_cast<int>(reader.int_in("weight_g", 0, 0, kMaxInt));
    input.dims = read_dims(reader, "dims_mm");
    input.unit_cost.minor = reader.int_in("unit_cost", 0, 0, INT64_MAX);
    input.price.minor = reader.int_in("price", 0, 0, INT64_MAX);
    input.currency = reader.required_string("currency");
    input.hs_code = reader.optional_string("hs_code");
    input.country_of_origin = reader.optional_string("country_of_origin");
    input.lot_tracked = reader.optional_bool("lot_tracked").value_or(false);
    input.expiry_tracked = reader.optional_bool("expiry_tracked").value_or(false);
    input.fragile = reader.optional_bool("fragile").value_or(false);
    input.storage_class = reader.optional_string("storage_class").value_or("standard");
    if (!errors.empty()) {
        return errors.to_error();
    }
    return input;
}

core::Result<catalog::BoxType> read_box(const Request& request, std::optional<std::string> code) {
    auto body = parse_json_object(request);
    if (!body) {
        return std::unexpected(body.error());
    }
    core::FieldErrors errors;
    JsonReader reader(*body, errors);
    catalog::BoxType box;
    box.code = code ? *code : reader.required_string("code");
    box.name = reader.required_string("name");
    if (!reader.has("inner_mm")) {
        errors.add("inner_mm", "is required");
    }
    box.inner = read_dims(reader, "inner_mm");
    box.tare_g = static_cast<int>(reader.required_int("tare_g", 0, kMaxInt));
    box.max_load_g = static_cast<int>(reader.required_int("max_load_g", 1, kMaxInt));
    box.cost.minor = reader.int_in("cost", 0, 0, INT64_MAX);
    box.currency = reader.required_string("currency");
    box.active = reader.optional_bool("active").value_or(true);
    if (!errors.empty()) {
        return errors.to_error();
    }
    return box;
}

std::int64_t product_id(const catalog::Product& p) {
    return p.id.value;
}

}  // namespace

void register_catalog_routes(Router& router, catalog::CatalogService& catalog) {
    router.add({.method = "POST",
                .pattern = "/api/v1/products",
                .roles = kManagers,
                .summary = "Create a product",
                .handler = [&catalog](Request& request, const RequestContext& context) {
                    auto input = read_product(request);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(201, catalog.create_product(context.user(), *input));
                }});

    router.add(
        {.method = "GET",
         .pattern = "/api/v1/products",
         .roles = kAnyRole,
         .summary = "Find products by sku, barcode or text (q)",
         .handler =
             [&catalog](Request& request, const RequestContext&) {
                 const auto paging = page_request(request);
                 if (!paging) {
                     return problem(paging.error());
                 }
                 catalog::ProductQuery query{
                     .sku = query_string(request, "sku"),
                     .barcode = query_string(request, "barcode"),
                     .text = query_string(request, "q"),
                     .include_inactive = request.query_param("include_inactive") == "true",
                     .after = paging->cursor,
                     .limit = paging->limit};
                 auto products = catalog.list_products(query);
                 if (!products) {
                     return problem(products.error());
                 }
                 return page(*products, static_cast<std::size_t>(paging->limit), product_id);
             },
         // A scanner's lookup (?barcode= alone) is answered from memory when this node
         // has it: the same answer as above, written out once, without a trip to the workers.
         .fast = [&catalog](Request& request, const RequestContext&) -> std::optional<Response> {
             if (request.query.size() != 1 || request.query.front().first != "barcode") {
                 return std::nullopt;
             }
             const auto cached = catalog.cached_by_barcode(request.query.front().second);
             if (!cached || cached->rendered.empty()) {
                 return std::nullopt;
             }
             return Response{.body = cached->rendered};
         }});
    catalog.render_lookups_with([](const catalog::Product& product) {
        return page(std::vector<catalog::Product>{product}, kDefaultPageLimit, product_id).body;
    });

    router.add({.method = "GET",
                .pattern = "/api/v1/products/export",
                .roles = kAnyRole,
                .summary = "All active products as CSV (the import format)",
                .handler = [&catalog](Request&, const RequestContext&) {
                    auto csv = catalog.export_products_csv();
                    if (!csv) {
                        return problem(csv.error());
                    }
                    return csv_response(std::move(*csv), "products.csv");
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/products/import",
                .roles = kManagers,
                .summary = "Create or replace products from CSV, all or nothing",
                .handler = [&catalog](Request& request, const RequestContext& context) {
                    return from_result(200,
                                       catalog.import_products_csv(context.user(), request.body));
                }});

    router.add({.method = "GET",
                .pattern = "/api/v1/products/{id}",
                .roles = kAnyRole,
                .summary = "One product",
                .handler = [&catalog](Request& request, const RequestContext&) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    return from_result(200, catalog.get_product(catalog::ProductId{*id}));
                }});

    router.add({.method = "PUT",
                .pattern = "/api/v1/products/{id}",
                .roles = kManagers,
                .summary = "Replace a product",
                .handler = [&catalog](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    auto input = read_product(request);
                    if (!input) {
                        return problem(input.error());
                    }
                    return from_result(200, catalog.replace_product(
                                                context.user(), catalog::ProductId{*id}, *input));
                }});

    router.add({.method = "DELETE",
                .pattern = "/api/v1/products/{id}",
                .roles = kManagers,
                .summary = "Retire a product (it stays in history)",
                .handler = [&catalog](Request& request, const RequestContext& context) {
                    const auto id = id_param(request, "id");
                    if (!id) {
                        return problem(id.error());
                    }
                    return from_status(204, catalog.set_product_active(
                                                context.user(), catalog::ProductId{*id}, false));
                }});

    router.add(
        {.method = "GET",
         .pattern = "/api/v1/barcodes/resolve",
         .roles = kAnyRole,
         .summary = "What a scanned code is: product, units it counts, lot and expiry",
         .handler = [&catalog](Request& request, const RequestContext&) {
             const auto code = request.query_param("code");
             if (!code || code->empty()) {
                 return problem(400, "Say which code to resolve.", {{"code", "is required"}});
             }
             return from_result(200, catalog.resolve_scan(*code));
         }});

    router.add({.method = "GET",
                .pattern = "/api/v1/box-types",
                .roles = kAnyRole,
                .summary = "Box types, smallest first",
                .handler = [&catalog](Request& request, const RequestContext&) {
                    auto boxes =
                        catalog.list_box_types(request.query_param("include_inactive") == "true");
                    if (!boxes) {
                        return problem(boxes.error());
                    }
                    return json_response(
                        200, boost::json::object{{"items", boost::json::value_from(*boxes)}});
                }});

    router.add({.method = "POST",
                .pattern = "/api/v1/box-types",
                .roles = kManagers,
                .summary = "Create a box type",
                .handler = [&catalog](Request& request, const RequestContext& context) {
                    auto box = read_box(request, std::nullopt);
                    if (!box) {
                        return problem(box.error());
                    }
                    return from_result(201, catalog.create_box_type(context.user(), *box));
                }});

    router.add({.method = "PUT",
                .pattern = "/api/v1/box-types/{code}",
                .roles = kManagers,
                .summary = "Change a box type",
                .handler = [&catalog](Request& request, const RequestContext& context) {
                    auto box = read_box(request, path_param(request, "code"));
                    if (!box) {
                        return problem(box.error());
                    }
                    return from_result(200, catalog.update_box_type(context.user(), *box));
                }});
}

}  // namespace tally::http
