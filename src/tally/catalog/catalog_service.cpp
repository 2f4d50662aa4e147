#include "tally/catalog/catalog_service.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <set>

#include <spdlog/spdlog.h>

#include "tally/catalog/gs1.hpp"
#include "tally/core/csv.hpp"
#include "tally/core/json_text.hpp"
#include "tally/identity/audit.hpp"

namespace tally::catalog {

namespace {

bool all_digits(std::string_view code) {
    return !code.empty() && std::ranges::all_of(code, [](char c) { return c >= '0' && c <= '9'; });
}

core::Error product_not_found(const std::string& what) {
    return {.code = core::ErrorCode::not_found, .message = "There is no product " + what + "."};
}

std::string flag(bool value) {
    return value ? "true" : "false";
}

}  // namespace

Product CatalogService::to_product(ProductInput&& input) {
    Product product;
    product.sku = std::move(input.sku);
    product.name = std::move(input.name);
    product.barcodes = std::move(input.barcodes);
    product.packagings = std::move(input.packagings);
    product.weight_g = input.weight_g;
    product.dims = input.dims;
    product.unit_cost = input.unit_cost;
    product.price = input.price;
    product.currency = std::move(input.currency);
    product.hs_code = std::move(input.hs_code);
    product.country_of_origin = std::move(input.country_of_origin);
    product.lot_tracked = input.lot_tracked;
    product.expiry_tracked = input.expiry_tracked;
    product.fragile = input.fragile;
    product.storage_class = std::move(input.storage_class);
    product.components = std::move(input.components);
    return product;
}

core::Status CatalogService::check_references(db::Tx& tx, const ProductInput& input, ProductId self,
                                              const std::string& prefix) {
    core::FieldErrors errors;
    std::vector<std::string> codes = input.barcodes;
    for (const auto& packaging : input.packagings) {
        codes.push_back(packaging.gtin);
    }
    for (const auto& taken : ProductRepo::taken_barcodes(tx, codes, self)) {
        for (std::size_t i = 0; i < input.barcodes.size(); ++i) {
            if (input.barcodes[i] == taken) {
                errors.add(prefix + "barcodes/" + std::to_string(i), "belongs to another product");
            }
        }
        for (std::size_t i = 0; i < input.packagings.size(); ++i) {
            if (input.packagings[i].gtin == taken) {
                errors.add(prefix + "packagings/" + std::to_string(i) + "/gtin",
                           "belongs to another product");
            }
        }
    }
    if (auto owner = ProductRepo::find_id_by_sku(tx, input.sku); owner && *owner != self) {
        errors.add(prefix + "sku", "is already taken");
    }
    // One level of kits: a kit is picked as its components, which must be stocked products.
    for (std::size_t i = 0; i < input.components.size(); ++i) {
        const auto component = ProductRepo::find_id_by_sku(tx, input.components[i].sku);
        if (!component) {
            errors.add(prefix + "components/" + std::to_string(i) + "/sku",
                       "is not the SKU of a product");
        } else if (ProductRepo::is_kit(tx, *component)) {
            errors.add(prefix + "components/" + std::to_string(i) + "/sku",
                       "is a kit itself: list its components instead");
        }
    }
    if (!input.components.empty() && self.value != 0) {
        if (auto kit = ProductRepo::kit_containing(tx, self)) {
            errors.add(prefix + "components",
                       "cannot be given: the product is a component of the kit " + *kit);
        }
    }
    if (errors.empty()) {
        return {};
    }
    auto error = errors.to_error();
    const bool all_taken = std::ranges::all_of(errors.list(), [](const core::FieldError& e) {
        return e.reason == "belongs to another product" || e.reason == "is already taken";
    });
    if (all_taken) {
        error.error().code = core::ErrorCode::conflict;
        error.error().message = "A SKU or barcode is already taken.";
    }
    return error;
}

core::Result<Product> CatalogService::create_product(const identity::Principal& actor,
                                                     ProductInput input) {
    core::FieldErrors errors;
    validate_product(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    return write_catalog([&](db::Tx& tx) -> core::Result<Product> {
        if (auto checked = check_references(tx, input, ProductId{0}, ""); !checked) {
            return std::unexpected(checked.error());
        }
        Product product = to_product(ProductInput(input));
        product.created_at = now;
        product.updated_at = now;
        product.id = ProductRepo::insert(tx, product);
        identity::record_audit(tx, actor, now, "product.create", "product", product.sku);
        return *ProductRepo::find(tx, product.id);
    });
}

core::Result<Product> CatalogService::replace_product(const identity::Principal& actor,
                                                      ProductId id, ProductInput input) {
    core::FieldErrors errors;
    validate_product(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    return write_catalog([&](db::Tx& tx) -> core::Result<Product> {
        auto existing = ProductRepo::find(tx, id);
        if (!existing) {
            return std::unexpected(product_not_found(std::to_string(id.value)));
        }
        if (auto checked = check_references(tx, input, id, ""); !checked) {
            return std::unexpected(checked.error());
        }
        Product product = to_product(ProductInput(input));
        product.id = id;
        product.active = existing->active;
        product.created_at = existing->created_at;
        product.updated_at = now;
        (void)ProductRepo::replace(tx, product);
        identity::record_audit(tx, actor, now, "product.update", "product", product.sku);
        return *ProductRepo::find(tx, id);
    });
}

core::Status CatalogService::set_product_active(const identity::Principal& actor, ProductId id,
                                                bool active) {
    const auto now = clock_.now_ms();
    return write_catalog([&](db::Tx& tx) -> core::Status {
        auto existing = ProductRepo::find(tx, id);
        if (!existing) {
            return std::unexpected(product_not_found(std::to_string(id.value)));
        }
        ProductRepo::set_active(tx, id, active, now);
        identity::record_audit(tx, actor, now, active ? "product.activate" : "product.deactivate",
                               "product", existing->sku);
        return {};
    });
}

core::Result<Product> CatalogService::get_product(ProductId id) {
    return db_.read([&](db::Tx& tx) -> core::Result<Product> {
        auto product = ProductRepo::find(tx, id);
        if (!product) {
            return std::unexpected(product_not_found(std::to_string(id.value)));
        }
        return *product;
    });
}

core::Result<Product> CatalogService::get_product_by_sku(std::string_view sku) {
    return db_.read([&](db::Tx& tx) -> core::Result<Product> {
        auto product = find_by_sku(tx, sku);
        if (!product) {
            return std::unexpected(product_not_found("with SKU " + std::string(sku)));
        }
        return std::move(*product);
    });
}

std::optional<Product> CatalogService::find_by_sku(db::Tx& tx, std::string_view sku) {
    const auto id = ProductRepo::find_id_by_sku(tx, sku);
    return id ? ProductRepo::find(tx, *id) : std::nullopt;
}

core::Result<std::vector<Product>> CatalogService::list_products(ProductQuery query) {
    if (query.barcode) {
        core::FieldErrors errors;
        auto code = normalize_barcode(*query.barcode, "barcode", errors);
        if (!code) {
            return errors.to_error();
        }
        query.barcode = code->value;
    }
    // A lookup by barcode alone is what scanners do all day: its answer is kept in memory.
    const bool by_barcode_only = query.barcode && !query.sku && !query.text &&
                                 !query.include_inactive && query.after == 0 && query.limit > 1;
    const auto asked_at = clock_.now_ms();
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Product>> {
        std::int64_t version = 0;
        if (by_barcode_only) {
            version = ProductRepo::catalog_version(tx);
            if (cache_.confirm(version, asked_at)) {
                start_filling(version);
            }
        }
        auto products = ProductRepo::list(tx, query);
        if (by_barcode_only && products.size() == 1) {
            cache_.put(*query.barcode, to_cached(products.front()), version);
        }
        return products;
    });
}

void CatalogService::start_filling(std::int64_t version) {
    // One fill at a time; a newer version is picked up by the next confirmation.
    filler_.start([this, version] {
        try {
            fill(version);
        } catch (const std::exception& e) {
            spdlog::warn("filling the barcode cache failed: {}", e.what());
        }
    });
}

void CatalogService::confirm_cache() {
    const auto asked_at = clock_.now_ms();
    const auto version = db_.read(
        [](db::Tx& tx) -> core::Result<std::int64_t> { return ProductRepo::catalog_version(tx); });
    if (version && cache_.confirm(*version, asked_at)) {
        start_filling(*version);
    }
}

void CatalogService::fill(std::int64_t version) {
    constexpr int kPage = 2000;
    const auto started = std::chrono::steady_clock::now();
    (void)db_.read([&](db::Tx& tx) -> core::Status {
        // One snapshot: the products are those of `version`, or the cache refuses them.
        if (ProductRepo::catalog_version(tx) != version) {
            return {};
        }
        std::size_t codes = 0;
        ProductQuery page{.after = 0, .limit = kPage};
        while (codes < cache_.capacity()) {
            const auto products = ProductRepo::list(tx, page);
            std::vector<ProductCache::Entry> entries;
            for (const auto& product : products) {
                const auto shared = to_cached(product);
                for (const auto& code : product.barcodes) {
                    entries.emplace_back(code, shared);
                }
                for (const auto& packaging : product.packagings) {
                    entries.emplace_back(packaging.gtin, shared);
                }
            }
            codes += entries.size();
            if (!cache_.put(std::move(entries), version)) {
                return {};  // the catalog moved on meanwhile
            }
            if (products.size() < static_cast<std::size_t>(kPage)) {
                break;
            }
            page.after = products.back().id.value;
        }
        spdlog::info("barcode cache: {} codes of catalog version {} in memory after {} ms", codes,
                     version,
                     std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count());
        return {};
    });
}

std::shared_ptr<const CachedProduct> CatalogService::to_cached(const Product& product) const {
    return std::make_shared<const CachedProduct>(
        CachedProduct{.product = product, .rendered = render_ ? render_(product) : std::string()});
}

void CatalogService::render_lookups_with(std::function<std::string(const Product&)> render) {
    render_ = std::move(render);
    cache_.invalidate();  // entries already in memory were written out without it
}

std::shared_ptr<const CachedProduct> CatalogService::cached_by_barcode(std::string_view code) {
    core::FieldErrors errors;
    const auto normalized = normalize_barcode(code, "barcode", errors);
    if (!normalized) {
        return nullptr;
    }
    auto found = cache_.find(normalized->value, clock_.now_ms());
    if (found.confirm_soon) {
        confirmer_.start([this] {
            try {
                confirm_cache();
            } catch (const std::exception& e) {
                spdlog::warn("confirming the barcode cache failed: {}", e.what());
            }
        });
    }
    return std::move(found.product);
}

core::Result<ResolvedScan> CatalogService::resolve_scan(std::string_view scanned) {
    if (scanned.empty()) {
        return core::invalid_field("barcode", "is empty");
    }
    // ]C0, ]d1, ]Q1, ]I0 and ]I1 only say the code is not GS1 data: what follows is the code.
    const std::string_view code = without_plain_data_identifier(scanned);
    std::optional<Gs1Data> gs1;
    if (looks_like_gs1(code)) {
        auto parsed = parse_gs1(code);
        if (!parsed.data) {
            return core::invalid_field("barcode", "is not a valid GS1 code: " + parsed.error);
        }
        gs1 = std::move(parsed.data);
    }
    return db_.read([&](db::Tx& tx) -> core::Result<ResolvedScan> {
        ResolvedScan scan;
        std::optional<BarcodeHit> hit;
        if (!gs1) {
            if (auto id = ProductRepo::find_id_by_sku(tx, code)) {
                hit = BarcodeHit{*id, 1};
                scan.matched_by = "sku";
            } else {
                // Digits refused here are a GTIN with a wrong check digit: a misread, not an
                // unknown code.
                core::FieldErrors errors;
                const auto normalized = normalize_barcode(code, "barcode", errors);
                if (!normalized && all_digits(code)) {
                    return errors.to_error();
                }
                hit = ProductRepo::find_barcode(tx,
                                                normalized ? normalized->value : std::string(code));
                scan.matched_by = "barcode";
                if (!hit && !(normalized && normalized->is_gtin) && all_digits(code)) {
                    // A raw element string with its identifier stripped: "0109506000134352...".
                    auto parsed = parse_gs1(code);
                    gs1 = std::move(parsed.data);
                }
            }
        }
        if (gs1) {
            const auto& gtin = gs1->content_gtin ? gs1->content_gtin : gs1->gtin;
            if (!gtin) {
                return core::invalid_field("barcode", "the GS1 code carries no product GTIN");
            }
            hit = ProductRepo::find_barcode(tx, *gtin);
            scan.matched_by = "gs1";
            scan.lot = gs1->lot;
            scan.expiry = gs1->expiry ? gs1->expiry : gs1->best_before;
            scan.serial = gs1->serial;
            if (hit) {
                const auto count = gs1->count ? gs1->count : gs1->variable_count;
                hit->quantity *= static_cast<int>(count.value_or(1));
            }
        }
        if (!hit) {
            return std::unexpected(
                core::Error{.code = core::ErrorCode::not_found,
                            .message = "No product has the code " + std::string(scanned) + "."});
        }
        scan.product = *ProductRepo::find(tx, hit->product_id);
        scan.quantity = hit->quantity;
        return scan;
    });
}

core::Result<ImportReport> CatalogService::import_products_csv(const identity::Principal& actor,
                                                               std::string_view csv) {
    auto inputs = product_rows_from_csv(csv);
    if (!inputs) {
        return std::unexpected(inputs.error());
    }
    const auto now = clock_.now_ms();
    ImportReport report;
    return write_catalog([&](db::Tx& tx) -> core::Result<ImportReport> {
        core::FieldErrors db_errors;
        for (auto& [row, input] : *inputs) {
            const std::string prefix = "rows/" + std::to_string(row) + "/";
            const auto existing_id = ProductRepo::find_id_by_sku(tx, input.sku);
            std::optional<Product> existing;
            if (existing_id) {
                existing = ProductRepo::find(tx, *existing_id);
                // The CSV has no packagings or kit components: keep the product's own.
                input.packagings = existing->packagings;
                input.components = existing->components;
            }
            if (auto checked =
                    check_references(tx, input, existing_id.value_or(ProductId{0}), prefix);
                !checked) {
                for (const auto& e : checked.error().fields) {
                    db_errors.add(e.field, e.reason);
                }
                continue;
            }
            Product product = to_product(ProductInput(input));
            product.updated_at = now;
            if (existing) {
                product.id = existing->id;
                product.active = existing->active;
                product.created_at = existing->created_at;
                (void)ProductRepo::replace(tx, product);
                ++report.updated;
            } else {
                product.created_at = now;
                (void)ProductRepo::insert(tx, product);
                ++report.created;
            }
        }
        if (!db_errors.empty()) {
            return db_errors.to_error();
        }
        identity::record_audit(tx, actor, now, "product.import", "product", "*",
                               core::json_object({{"created", std::to_string(report.created)},
                                                  {"updated", std::to_string(report.updated)}}));
        return report;
    });
}

core::Result<std::string> CatalogService::export_products_csv() {
    return db_.read([&](db::Tx& tx) -> core::Result<std::string> {
        std::vector<std::string> names(std::begin(kProductCsvColumns),
                                       std::end(kProductCsvColumns));
        std::string out = core::csv_line(names);
        ProductQuery query{.include_inactive = false, .limit = 1000};
        while (true) {
            const auto page = ProductRepo::list(tx, query);
            for (const auto& p : page) {
                std::string codes;
                for (const auto& code : p.barcodes) {
                    codes += (codes.empty() ? "" : "|") + code;
                }
                out += core::csv_line(
                    {p.sku, p.name, codes, std::to_string(p.weight_g),
                     std::to_string(p.dims.length_mm), std::to_string(p.dims.width_mm),
                     std::to_string(p.dims.height_mm), std::to_string(p.unit_cost.minor),
                     std::to_string(p.price.minor), p.currency, p.hs_code.value_or(""),
                     p.country_of_origin.value_or(""), flag(p.lot_tracked), flag(p.expiry_tracked),
                     flag(p.fragile), p.storage_class});
            }
            if (page.size() < static_cast<std::size_t>(query.limit)) {
                break;
            }
            query.after = page.back().id.value;
        }
        return out;
    });
}

core::Result<BoxType> CatalogService::create_box_type(const identity::Principal& actor,
                                                      BoxType box) {
    core::FieldErrors errors;
    validate_box_type(box, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    auto created = db_.write([&](db::Tx& tx) -> core::Result<BoxType> {
        box.id = ProductRepo::insert_box(tx, box);
        identity::record_audit(tx, actor, now, "box_type.create", "box_type", box.code);
        return box;
    });
    return core::name_conflict(std::move(created), "code", "The box type code is already taken.");
}

core::Result<BoxType> CatalogService::update_box_type(const identity::Principal& actor,
                                                      BoxType box) {
    core::FieldErrors errors;
    validate_box_type(box, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Result<BoxType> {
        if (!ProductRepo::update_box(tx, box)) {
            return core::fail(core::ErrorCode::not_found, "There is no box type " + box.code + ".");
        }
        identity::record_audit(tx, actor, now, "box_type.update", "box_type", box.code);
        return *ProductRepo::find_box(tx, box.code);
    });
}

core::Result<std::vector<BoxType>> CatalogService::list_box_types(bool include_inactive) {
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<BoxType>> {
        return ProductRepo::list_boxes(tx, include_inactive);
    });
}

}  // namespace tally::catalog
