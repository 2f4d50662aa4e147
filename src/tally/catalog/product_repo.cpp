#include "tally/catalog/product_repo.hpp"

#include <stdexcept>
#include <string>

#include "tally/db/statement.hpp"

namespace tally::catalog {

namespace {

constexpr const char* kInsert =
    "INSERT INTO products (sku, name, weight_g, length_mm, width_mm, height_mm, unit_cost, price,"
    " currency, hs_code, country_of_origin, lot_tracked, expiry_tracked, fragile, storage_class,"
    " is_kit, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
    " $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id";
constexpr const char* kReplace =
    "UPDATE products SET sku = $1, name = $2, weight_g = $3, length_mm = $4, width_mm = $5,"
    " height_mm = $6, unit_cost = $7, price = $8, currency = $9, hs_code = $10,"
    " country_of_origin = $11, lot_tracked = $12, expiry_tracked = $13, fragile = $14,"
    " storage_class = $15, is_kit = $16, active = $17, created_at = $18, updated_at = $19"
    " WHERE id = $20";
constexpr const char* kSetActive = "UPDATE products SET active = $1, updated_at = $2 WHERE id = $3";
constexpr const char* kCatalogVersion = "SELECT version FROM catalog_state WHERE id = 1";
constexpr const char* kBumpCatalogVersion =
    "UPDATE catalog_state SET version = version + 1 WHERE id = 1";
constexpr const char* kById =
    "SELECT id, sku, name, weight_g, length_mm, width_mm, height_mm, unit_cost, price, currency,"
    " hs_code, country_of_origin, lot_tracked, expiry_tracked, fragile, storage_class, active,"
    " created_at, updated_at, is_kit FROM products WHERE id = $1";
// The start of a filtered list: each filter asked for adds its condition with the next
// parameter number (so a filter keeps its index), and each combination is prepared once.
constexpr const char* kListAfter =
    "SELECT id, sku, name, weight_g, length_mm, width_mm, height_mm, unit_cost, price, currency,"
    " hs_code, country_of_origin, lot_tracked, expiry_tracked, fragile, storage_class, active,"
    " created_at, updated_at, is_kit FROM products WHERE id > $";
constexpr const char* kListActive = " AND active = 1";
constexpr const char* kListSku = " AND sku = $";
constexpr const char* kListBarcode =
    " AND id = (SELECT product_id FROM product_barcodes WHERE barcode = $";
constexpr const char* kListBarcodeEnd = ")";
// The SKU starts with the text, or the name contains it, ignoring case.
constexpr const char* kListSkuPrefix = " AND (sku LIKE $";
constexpr const char* kListNameWords = " OR LOWER(name) LIKE LOWER($";
constexpr const char* kListTextEnd = "))";
constexpr const char* kListOrder = " ORDER BY id LIMIT $";
constexpr const char* kIdBySku = "SELECT id FROM products WHERE sku = $1";
constexpr const char* kIsKit = "SELECT is_kit FROM products WHERE id = $1";
constexpr const char* kKitContaining =
    "SELECT p.sku FROM kit_components k JOIN products p ON p.id = k.kit_id"
    " WHERE k.component_id = $1 ORDER BY p.sku LIMIT 1";
constexpr const char* kBarcode =
    "SELECT product_id, quantity FROM product_barcodes WHERE barcode = $1";
constexpr const char* kBarcodeOwner = "SELECT product_id FROM product_barcodes WHERE barcode = $1";
constexpr const char* kCodesOf =
    "SELECT barcode, quantity, packaging FROM product_barcodes WHERE product_id = $1"
    " ORDER BY quantity, barcode";
constexpr const char* kComponentsOf =
    "SELECT p.sku, k.quantity, k.component_id FROM kit_components k"
    " JOIN products p ON p.id = k.component_id WHERE k.kit_id = $1 ORDER BY p.sku";
// The scanner's question, asked thousands of times a second: which product is this code?
constexpr const char* kByBarcode =
    "SELECT id, sku, name, weight_g, length_mm, width_mm, height_mm, unit_cost, price, currency,"
    " hs_code, country_of_origin, lot_tracked, expiry_tracked, fragile, storage_class, active,"
    " created_at, updated_at, is_kit FROM products"
    " WHERE id = (SELECT product_id FROM product_barcodes WHERE barcode = $1)";
constexpr const char* kDeleteCodes = "DELETE FROM product_barcodes WHERE product_id = $1";
constexpr const char* kDeleteComponents = "DELETE FROM kit_components WHERE kit_id = $1";
constexpr const char* kInsertCode =
    "INSERT INTO product_barcodes (barcode, product_id, kind, quantity, packaging)"
    " VALUES ($1, $2, $3, $4, $5)";
constexpr const char* kInsertComponent =
    "INSERT INTO kit_components (kit_id, component_id, quantity)"
    " SELECT $1, id, $2 FROM products WHERE sku = $3";

constexpr const char* kInsertBox =
    "INSERT INTO box_types (code, name, inner_length_mm, inner_width_mm, inner_height_mm, tare_g,"
    " max_load_g, cost, currency, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)"
    " RETURNING id";
constexpr const char* kUpdateBox =
    "UPDATE box_types SET name = $1, inner_length_mm = $2, inner_width_mm = $3,"
    " inner_height_mm = $4, tare_g = $5, max_load_g = $6, cost = $7, currency = $8, active = $9"
    " WHERE code = $10";
constexpr const char* kAllBoxes =
    "SELECT id, code, name, inner_length_mm, inner_width_mm, inner_height_mm, tare_g, max_load_g,"
    " cost, currency, active FROM box_types"
    " ORDER BY inner_length_mm * inner_width_mm * inner_height_mm, code";
constexpr const char* kActiveBoxes =
    "SELECT id, code, name, inner_length_mm, inner_width_mm, inner_height_mm, tare_g, max_load_g,"
    " cost, currency, active FROM box_types WHERE active = 1"
    " ORDER BY inner_length_mm * inner_width_mm * inner_height_mm, code";
constexpr const char* kBoxByCode =
    "SELECT id, code, name, inner_length_mm, inner_width_mm, inner_height_mm, tare_g, max_load_g,"
    " cost, currency, active FROM box_types WHERE code = $1";

int int_column(const db::Query& row, std::string_view name) {
    return static_cast<int>(row.int64(name));
}

// A product from the columns of kById, kListAfter and kByBarcode; its codes are read apart.
Product read_product(const db::Query& row) {
    Product p;
    p.id = ProductId{row.int64("id")};
    p.sku = row.text("sku");
    p.name = row.text("name");
    p.weight_g = int_column(row, "weight_g");
    p.dims = {int_column(row, "length_mm"), int_column(row, "width_mm"),
              int_column(row, "height_mm")};
    p.unit_cost = {row.int64("unit_cost")};
    p.price = {row.int64("price")};
    p.currency = row.text("currency");
    p.hs_code = row.optional_text("hs_code");
    p.country_of_origin = row.optional_text("country_of_origin");
    p.lot_tracked = row.boolean("lot_tracked");
    p.expiry_tracked = row.boolean("expiry_tracked");
    p.fragile = row.boolean("fragile");
    p.storage_class = row.text("storage_class");
    p.active = row.boolean("active");
    p.created_at = row.int64("created_at");
    p.updated_at = row.int64("updated_at");
    return p;
}

// Binds the product's columns in the order of kInsert and kReplace.
db::Query& bind_product(db::Query& q, const Product& p) {
    return q.bind(p.sku)
        .bind(p.name)
        .bind(p.weight_g)
        .bind(p.dims.length_mm)
        .bind(p.dims.width_mm)
        .bind(p.dims.height_mm)
        .bind(p.unit_cost.minor)
        .bind(p.price.minor)
        .bind(p.currency)
        .bind(p.hs_code)
        .bind(p.country_of_origin)
        .bind(p.lot_tracked ? 1 : 0)
        .bind(p.expiry_tracked ? 1 : 0)
        .bind(p.fragile ? 1 : 0)
        .bind(p.storage_class)
        .bind(p.is_kit() ? 1 : 0)
        .bind(p.active ? 1 : 0)
        .bind(p.created_at)
        .bind(p.updated_at);
}

BoxType read_box(const db::Query& row) {
    return {BoxTypeId{row.int64("id")},
            row.text("code"),
            row.text("name"),
            {int_column(row, "inner_length_mm"), int_column(row, "inner_width_mm"),
             int_column(row, "inner_height_mm")},
            int_column(row, "tare_g"),
            int_column(row, "max_load_g"),
            {row.int64("cost")},
            row.text("currency"),
            row.boolean("active")};
}

}  // namespace

ProductId ProductRepo::insert(db::Tx& tx, const Product& product) {
    Product stored = product;
    {
        db::Query insert(tx, kInsert);
        bind_product(insert, product).next();
        stored.id = ProductId{insert.int64("id")};
    }
    write_codes(tx, stored);
    return stored.id;
}

bool ProductRepo::replace(db::Tx& tx, const Product& product) {
    db::Query update(tx, kReplace);
    if (bind_product(update, product).bind(product.id.value).exec() != 1) {
        return false;
    }
    db::Query(tx, kDeleteCodes).bind(product.id.value).exec();
    db::Query(tx, kDeleteComponents).bind(product.id.value).exec();
    write_codes(tx, product);
    return true;
}

void ProductRepo::write_codes(db::Tx& tx, const Product& product) {
    for (const auto& code : product.barcodes) {
        const bool gtin =
            code.size() == 14 && code.find_first_not_of("0123456789") == std::string::npos;
        db::Query insert(tx, kInsertCode);
        insert.bind(code).bind(product.id.value).bind(gtin ? "gtin" : "code").bind(1).bind_null();
        insert.exec();
    }
    for (const auto& packaging : product.packagings) {
        db::Query insert(tx, kInsertCode);
        insert.bind(packaging.gtin)
            .bind(product.id.value)
            .bind("gtin")
            .bind(packaging.quantity)
            .bind(packaging.name)
            .exec();
    }
    for (const auto& component : product.components) {
        db::Query insert(tx, kInsertComponent);
        if (insert.bind(product.id.value).bind(component.quantity).bind(component.sku).exec() !=
            1) {
            // The service checked the components first; a concurrent delete lost the race.
            throw std::runtime_error("kit component " + component.sku + " disappeared");
        }
    }
}

void ProductRepo::load_codes(db::Tx& tx, Product& product, bool is_kit) {
    db::Query codes(tx, kCodesOf);
    codes.bind(product.id.value);
    while (codes.next()) {
        const int quantity = int_column(codes, "quantity");
        auto packaging = codes.optional_text("packaging");
        if (quantity == 1 && !packaging) {
            product.barcodes.push_back(codes.text("barcode"));
        } else {
            product.packagings.push_back(
                {std::move(packaging).value_or(""), codes.text("barcode"), quantity});
        }
    }
    if (!is_kit) {
        return;  // no bill of materials to read
    }
    db::Query components(tx, kComponentsOf);
    components.bind(product.id.value);
    while (components.next()) {
        product.components.push_back({components.text("sku"), int_column(components, "quantity"),
                                      ProductId{components.int64("component_id")}});
    }
}

void ProductRepo::set_active(db::Tx& tx, ProductId id, bool active, core::TimestampMs now) {
    db::Query update(tx, kSetActive);
    update.bind(active ? 1 : 0).bind(now).bind(id.value).exec();
}

std::int64_t ProductRepo::catalog_version(db::Tx& tx) {
    db::Query select(tx, kCatalogVersion);
    return select.next() ? select.int64("version") : 0;
}

void ProductRepo::bump_catalog_version(db::Tx& tx) {
    db::Query(tx, kBumpCatalogVersion).exec();
}

std::optional<Product> ProductRepo::find(db::Tx& tx, ProductId id) {
    Product product;
    bool kit = false;
    {
        db::Query select(tx, kById);
        select.bind(id.value);
        if (!select.next()) {
            return std::nullopt;
        }
        product = read_product(select);
        kit = select.boolean("is_kit");
    }
    load_codes(tx, product, kit);
    return product;
}

std::optional<ProductId> ProductRepo::find_id_by_sku(db::Tx& tx, std::string_view sku) {
    db::Query select(tx, kIdBySku);
    select.bind(sku);
    if (!select.next()) {
        return std::nullopt;
    }
    return ProductId{select.int64("id")};
}

bool ProductRepo::is_kit(db::Tx& tx, ProductId id) {
    db::Query q(tx, kIsKit);
    q.bind(id.value);
    return q.next() && q.boolean("is_kit");
}

std::optional<std::string> ProductRepo::kit_containing(db::Tx& tx, ProductId id) {
    db::Query q(tx, kKitContaining);
    q.bind(id.value);
    if (!q.next()) {
        return std::nullopt;
    }
    return q.text("sku");
}

std::optional<BarcodeHit> ProductRepo::find_barcode(db::Tx& tx, std::string_view code) {
    db::Query select(tx, kBarcode);
    select.bind(code);
    if (!select.next()) {
        return std::nullopt;
    }
    return BarcodeHit{ProductId{select.int64("product_id")}, int_column(select, "quantity")};
}

std::vector<std::string> ProductRepo::taken_barcodes(db::Tx& tx,
                                                     const std::vector<std::string>& codes,
                                                     ProductId except) {
    std::vector<std::string> taken;
    for (const auto& code : codes) {
        db::Query select(tx, kBarcodeOwner);
        select.bind(code);
        if (select.next() && select.int64("product_id") != except.value) {
            taken.push_back(code);
        }
    }
    return taken;
}

std::vector<Product> ProductRepo::list(db::Tx& tx, const ProductQuery& query) {
    std::vector<Product> products;
    std::vector<bool> kits;
    if (query.barcode && !query.sku && !query.text && query.after == 0 && query.limit > 0) {
        db::Query select(tx, kByBarcode);
        select.bind(*query.barcode);
        if (select.next() && (query.include_inactive || select.boolean("active"))) {
            products.push_back(read_product(select));
            kits.push_back(select.boolean("is_kit"));
        }
    } else {
        std::string sql;
        int parameters = 0;
        const auto add = [&](const char* condition, const char* end = "") {
            sql += condition;
            sql += std::to_string(++parameters);
            sql += end;
        };
        add(kListAfter);
        if (!query.include_inactive) {
            sql += kListActive;
        }
        if (query.sku) {
            add(kListSku);
        }
        if (query.barcode) {
            add(kListBarcode, kListBarcodeEnd);
        }
        if (query.text) {
            add(kListSkuPrefix);
            add(kListNameWords, kListTextEnd);
        }
        add(kListOrder);
        db::Query select(tx, sql.c_str());
        select.bind(query.after);
        if (query.sku) {
            select.bind(*query.sku);
        }
        if (query.barcode) {
            select.bind(*query.barcode);
        }
        if (query.text) {
            select.bind(*query.text + "%").bind("%" + *query.text + "%");
        }
        select.bind(query.limit);
        while (select.next()) {
            products.push_back(read_product(select));
            kits.push_back(select.boolean("is_kit"));
        }
    }
    for (std::size_t i = 0; i < products.size(); ++i) {
        load_codes(tx, products[i], kits[i]);
    }
    return products;
}

BoxTypeId ProductRepo::insert_box(db::Tx& tx, const BoxType& box) {
    db::Query insert(tx, kInsertBox);
    insert.bind(box.code)
        .bind(box.name)
        .bind(box.inner.length_mm)
        .bind(box.inner.width_mm)
        .bind(box.inner.height_mm)
        .bind(box.tare_g)
        .bind(box.max_load_g)
        .bind(box.cost.minor)
        .bind(box.currency)
        .bind(box.active ? 1 : 0)
        .next();
    return BoxTypeId{insert.int64("id")};
}

bool ProductRepo::update_box(db::Tx& tx, const BoxType& box) {
    db::Query update(tx, kUpdateBox);
    return update.bind(box.name)
               .bind(box.inner.length_mm)
               .bind(box.inner.width_mm)
               .bind(box.inner.height_mm)
               .bind(box.tare_g)
               .bind(box.max_load_g)
               .bind(box.cost.minor)
               .bind(box.currency)
               .bind(box.active ? 1 : 0)
               .bind(box.code)
               .exec() == 1;
}

std::vector<BoxType> ProductRepo::list_boxes(db::Tx& tx, bool include_inactive) {
    db::Query select(tx, include_inactive ? kAllBoxes : kActiveBoxes);
    std::vector<BoxType> boxes;
    while (select.next()) {
        boxes.push_back(read_box(select));
    }
    return boxes;
}

std::optional<BoxType> ProductRepo::find_box(db::Tx& tx, std::string_view code) {
    db::Query select(tx, kBoxByCode);
    select.bind(code);
    if (!select.next()) {
        return std::nullopt;
    }
    return read_box(select);
}

}  // namespace tally::catalog
