#include "tally/catalog/product_repo.hpp"

#include <soci/soci.h>

#include "tally/db/statement.hpp"

namespace tally::catalog {

namespace {

constexpr const char* kInsert =
    "INSERT INTO products (sku, name, weight_g, length_mm, width_mm, height_mm, unit_cost, price,"
    " currency, hs_code, country_of_origin, lot_tracked, expiry_tracked, fragile, storage_class,"
    " is_kit, active, created_at, updated_at) VALUES (:sku, :name, :weight, :length, :width,"
    " :height, :cost, :price, :currency, :hs, :origin, :lot, :expiry, :fragile, :class, :kit,"
    " :active, :created, :updated) RETURNING id";
constexpr const char* kReplace =
    "UPDATE products SET sku = :sku, name = :name, weight_g = :weight, length_mm = :length,"
    " width_mm = :width, height_mm = :height, unit_cost = :cost, price = :price,"
    " currency = :currency, hs_code = :hs, country_of_origin = :origin, lot_tracked = :lot,"
    " expiry_tracked = :expiry, fragile = :fragile, storage_class = :class, is_kit = :kit,"
    " active = :active, created_at = :created, updated_at = :updated WHERE id = :id";
constexpr const char* kSetActive =
    "UPDATE products SET active = :active, updated_at = :now WHERE id = :id";
constexpr const char* kCatalogVersion = "SELECT version FROM catalog_state WHERE id = 1";
constexpr const char* kBumpCatalogVersion =
    "UPDATE catalog_state SET version = version + 1 WHERE id = 1";
constexpr const char* kColumns =
    "SELECT id, sku, name, weight_g, length_mm, width_mm, height_mm, unit_cost, price, currency,"
    " hs_code, country_of_origin, lot_tracked, expiry_tracked, fragile, storage_class, active,"
    " created_at, updated_at, is_kit FROM products";
constexpr const char* kById = " WHERE id = :id";
constexpr const char* kIdBySku = "SELECT id FROM products WHERE sku = :sku";
constexpr const char* kIsKit = "SELECT is_kit FROM products WHERE id = $1";
constexpr const char* kKitContaining =
    "SELECT p.sku FROM kit_components k JOIN products p ON p.id = k.kit_id"
    " WHERE k.component_id = $1 ORDER BY p.sku LIMIT 1";
constexpr const char* kBarcode =
    "SELECT product_id, quantity FROM product_barcodes WHERE barcode = :code";
constexpr const char* kBarcodeOwner =
    "SELECT product_id FROM product_barcodes WHERE barcode = :code";
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
constexpr const char* kDeleteCodes = "DELETE FROM product_barcodes WHERE product_id = :id";
constexpr const char* kDeleteComponents = "DELETE FROM kit_components WHERE kit_id = :id";
constexpr const char* kInsertCode =
    "INSERT INTO product_barcodes (barcode, product_id, kind, quantity, packaging)"
    " VALUES (:code, :id, :kind, :quantity, :packaging)";
constexpr const char* kInsertComponent =
    "INSERT INTO kit_components (kit_id, component_id, quantity)"
    " SELECT :kit, id, :quantity FROM products WHERE sku = :sku";

constexpr const char* kInsertBox =
    "INSERT INTO box_types (code, name, inner_length_mm, inner_width_mm, inner_height_mm, tare_g,"
    " max_load_g, cost, currency, active) VALUES (:code, :name, :l, :w, :h, :tare, :max, :cost,"
    " :currency, :active) RETURNING id";
constexpr const char* kUpdateBox =
    "UPDATE box_types SET name = :name, inner_length_mm = :l, inner_width_mm = :w,"
    " inner_height_mm = :h, tare_g = :tare, max_load_g = :max, cost = :cost,"
    " currency = :currency, active = :active WHERE code = :code";
constexpr const char* kBoxColumns =
    "SELECT id, code, name, inner_length_mm, inner_width_mm, inner_height_mm, tare_g, max_load_g,"
    " cost, currency, active FROM box_types";

// The columns of kColumns, bound to one statement.
struct ProductRow {
    long long id = 0;
    std::string sku;
    std::string name;
    int weight = 0;
    int length = 0;
    int width = 0;
    int height = 0;
    long long cost = 0;
    long long price = 0;
    std::string currency;
    std::string hs;
    soci::indicator hs_ind = soci::i_null;
    std::string origin;
    soci::indicator origin_ind = soci::i_null;
    int lot = 0;
    int expiry = 0;
    int fragile = 0;
    std::string storage_class;
    int active = 1;
    long long created = 0;
    long long updated = 0;
    int kit = 0;

    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(sku));
        st.exchange(soci::into(name));
        st.exchange(soci::into(weight));
        st.exchange(soci::into(length));
        st.exchange(soci::into(width));
        st.exchange(soci::into(height));
        st.exchange(soci::into(cost));
        st.exchange(soci::into(price));
        st.exchange(soci::into(currency));
        st.exchange(soci::into(hs, hs_ind));
        st.exchange(soci::into(origin, origin_ind));
        st.exchange(soci::into(lot));
        st.exchange(soci::into(expiry));
        st.exchange(soci::into(fragile));
        st.exchange(soci::into(storage_class));
        st.exchange(soci::into(active));
        st.exchange(soci::into(created));
        st.exchange(soci::into(updated));
        st.exchange(soci::into(kit));
    }

    [[nodiscard]] Product to_product() const {
        Product p;
        p.id = ProductId{id};
        p.sku = sku;
        p.name = name;
        p.weight_g = weight;
        p.dims = {length, width, height};
        p.unit_cost = {cost};
        p.price = {price};
        p.currency = currency;
        p.hs_code = hs_ind == soci::i_ok ? std::optional(hs) : std::nullopt;
        p.country_of_origin = origin_ind == soci::i_ok ? std::optional(origin) : std::nullopt;
        p.lot_tracked = lot != 0;
        p.expiry_tracked = expiry != 0;
        p.fragile = fragile != 0;
        p.storage_class = storage_class;
        p.active = active != 0;
        p.created_at = created;
        p.updated_at = updated;
        return p;
    }
};

// Binds the product's columns in the order of kInsert and kReplace.
struct ProductValues {
    explicit ProductValues(const Product& p)
        : weight(p.weight_g),
          length(p.dims.length_mm),
          width(p.dims.width_mm),
          height(p.dims.height_mm),
          cost(p.unit_cost.minor),
          price(p.price.minor),
          hs(p.hs_code.value_or("")),
          hs_ind(p.hs_code ? soci::i_ok : soci::i_null),
          origin(p.country_of_origin.value_or("")),
          origin_ind(p.country_of_origin ? soci::i_ok : soci::i_null),
          lot(p.lot_tracked ? 1 : 0),
          expiry(p.expiry_tracked ? 1 : 0),
          fragile(p.fragile ? 1 : 0),
          kit(p.is_kit() ? 1 : 0),
          active(p.active ? 1 : 0),
          created(p.created_at),
          updated(p.updated_at) {}

    void bind(soci::statement& st, const Product& p) {
        st.exchange(soci::use(p.sku));
        st.exchange(soci::use(p.name));
        st.exchange(soci::use(weight));
        st.exchange(soci::use(length));
        st.exchange(soci::use(width));
        st.exchange(soci::use(height));
        st.exchange(soci::use(cost));
        st.exchange(soci::use(price));
        st.exchange(soci::use(p.currency));
        st.exchange(soci::use(hs, hs_ind));
        st.exchange(soci::use(origin, origin_ind));
        st.exchange(soci::use(lot));
        st.exchange(soci::use(expiry));
        st.exchange(soci::use(fragile));
        st.exchange(soci::use(p.storage_class));
        st.exchange(soci::use(kit));
        st.exchange(soci::use(active));
        st.exchange(soci::use(created));
        st.exchange(soci::use(updated));
    }

    int weight;
    int length;
    int width;
    int height;
    long long cost;
    long long price;
    std::string hs;
    soci::indicator hs_ind;
    std::string origin;
    soci::indicator origin_ind;
    int lot;
    int expiry;
    int fragile;
    int kit;
    int active;
    long long created;
    long long updated;
};

void run(soci::statement& st, const std::string& query) {
    st.alloc();
    st.prepare(query);
    st.define_and_bind();
    st.execute(true);
}

}  // namespace

ProductId ProductRepo::insert(db::Tx& tx, const Product& product) {
    long long id = 0;
    ProductValues values(product);
    soci::statement st(tx.sql());
    values.bind(st, product);
    st.exchange(soci::into(id));
    run(st, kInsert);
    Product stored = product;
    stored.id = ProductId{id};
    write_codes(tx, stored);
    return stored.id;
}

bool ProductRepo::replace(db::Tx& tx, const Product& product) {
    ProductValues values(product);
    long long id = product.id.value;
    soci::statement st(tx.sql());
    values.bind(st, product);
    st.exchange(soci::use(id));
    run(st, kReplace);
    if (st.get_affected_rows() != 1) {
        return false;
    }
    tx.sql() << kDeleteCodes, soci::use(id);
    tx.sql() << kDeleteComponents, soci::use(id);
    write_codes(tx, product);
    return true;
}

void ProductRepo::write_codes(db::Tx& tx, const Product& product) {
    long long id = product.id.value;
    for (const auto& code : product.barcodes) {
        const bool gtin =
            code.size() == 14 && code.find_first_not_of("0123456789") == std::string::npos;
        const std::string kind = gtin ? "gtin" : "code";
        int one = 1;
        soci::indicator no_packaging = soci::i_null;
        std::string packaging;
        tx.sql() << kInsertCode, soci::use(code), soci::use(id), soci::use(kind), soci::use(one),
            soci::use(packaging, no_packaging);
    }
    for (const auto& packaging : product.packagings) {
        const std::string kind = "gtin";
        tx.sql() << kInsertCode, soci::use(packaging.gtin), soci::use(id), soci::use(kind),
            soci::use(packaging.quantity), soci::use(packaging.name);
    }
    for (const auto& component : product.components) {
        soci::statement st = (tx.sql().prepare << kInsertComponent, soci::use(id),
                              soci::use(component.quantity), soci::use(component.sku));
        st.execute(true);
        if (st.get_affected_rows() != 1) {
            // The service checked the components first; a concurrent delete lost the race.
            throw std::runtime_error("kit component " + component.sku + " disappeared");
        }
    }
}

void ProductRepo::load_codes(db::Tx& tx, Product& product, bool is_kit) {
    db::Query codes(tx, kCodesOf);
    codes.bind(product.id.value);
    while (codes.next()) {
        const auto quantity = static_cast<int>(codes.int64(1));
        if (quantity == 1 && codes.is_null(2)) {
            product.barcodes.push_back(codes.text(0));
        } else {
            product.packagings.push_back(
                {codes.is_null(2) ? "" : codes.text(2), codes.text(0), quantity});
        }
    }
    if (!is_kit) {
        return;  // no bill of materials to read
    }
    db::Query components(tx, kComponentsOf);
    components.bind(product.id.value);
    while (components.next()) {
        product.components.push_back({components.text(0), static_cast<int>(components.int64(1)),
                                      ProductId{components.int64(2)}});
    }
}

namespace {

// A product from a db::Query over the columns of kColumns, in their order.
Product product_from(const db::Query& q) {
    Product p;
    p.id = ProductId{q.int64(0)};
    p.sku = q.text(1);
    p.name = q.text(2);
    p.weight_g = static_cast<int>(q.int64(3));
    p.dims = {static_cast<int>(q.int64(4)), static_cast<int>(q.int64(5)),
              static_cast<int>(q.int64(6))};
    p.unit_cost = {q.int64(7)};
    p.price = {q.int64(8)};
    p.currency = q.text(9);
    p.hs_code = q.is_null(10) ? std::nullopt : std::optional(q.text(10));
    p.country_of_origin = q.is_null(11) ? std::nullopt : std::optional(q.text(11));
    p.lot_tracked = q.int64(12) != 0;
    p.expiry_tracked = q.int64(13) != 0;
    p.fragile = q.int64(14) != 0;
    p.storage_class = q.text(15);
    p.active = q.int64(16) != 0;
    p.created_at = q.int64(17);
    p.updated_at = q.int64(18);
    return p;
}

}  // namespace

void ProductRepo::set_active(db::Tx& tx, ProductId id, bool active, core::TimestampMs now) {
    int flag = active ? 1 : 0;
    long long now_value = now;
    long long id_value = id.value;
    tx.sql() << kSetActive, soci::use(flag), soci::use(now_value), soci::use(id_value);
}

std::int64_t ProductRepo::catalog_version(db::Tx& tx) {
    long long version = 0;
    tx.sql() << kCatalogVersion, soci::into(version);
    return version;
}

void ProductRepo::bump_catalog_version(db::Tx& tx) {
    tx.sql() << kBumpCatalogVersion;
}

std::optional<Product> ProductRepo::find(db::Tx& tx, ProductId id) {
    ProductRow row;
    long long id_value = id.value;
    soci::statement st(tx.sql());
    row.bind(st);
    st.exchange(soci::use(id_value));
    run(st, std::string(kColumns) + kById);
    if (!st.got_data()) {
        return std::nullopt;
    }
    Product product = row.to_product();
    load_codes(tx, product, row.kit != 0);
    return product;
}

std::optional<ProductId> ProductRepo::find_id_by_sku(db::Tx& tx, std::string_view sku) {
    long long id = 0;
    const std::string value(sku);
    tx.sql() << kIdBySku, soci::into(id), soci::use(value);
    if (!tx.sql().got_data()) {
        return std::nullopt;
    }
    return ProductId{id};
}

bool ProductRepo::is_kit(db::Tx& tx, ProductId id) {
    db::Query q(tx, kIsKit);
    q.bind(id.value);
    return q.next() && q.int64(0) != 0;
}

std::optional<std::string> ProductRepo::kit_containing(db::Tx& tx, ProductId id) {
    db::Query q(tx, kKitContaining);
    q.bind(id.value);
    if (!q.next()) {
        return std::nullopt;
    }
    return q.text(0);
}

std::optional<BarcodeHit> ProductRepo::find_barcode(db::Tx& tx, std::string_view code) {
    long long id = 0;
    int quantity = 1;
    const std::string value(code);
    tx.sql() << kBarcode, soci::into(id), soci::into(quantity), soci::use(value);
    if (!tx.sql().got_data()) {
        return std::nullopt;
    }
    return BarcodeHit{ProductId{id}, quantity};
}

std::vector<std::string> ProductRepo::taken_barcodes(db::Tx& tx,
                                                     const std::vector<std::string>& codes,
                                                     ProductId except) {
    std::vector<std::string> taken;
    for (const auto& code : codes) {
        long long owner = 0;
        tx.sql() << kBarcodeOwner, soci::into(owner), soci::use(code);
        if (tx.sql().got_data() && owner != except.value) {
            taken.push_back(code);
        }
    }
    return taken;
}

std::vector<Product> ProductRepo::list(db::Tx& tx, const ProductQuery& query) {
    if (query.barcode && !query.sku && !query.text && query.after == 0 && query.limit > 0) {
        db::Query select(tx, kByBarcode);
        select.bind(*query.barcode);
        std::vector<Product> found;
        bool kit = false;
        if (select.next() && (query.include_inactive || select.int64(16) != 0)) {
            found.push_back(product_from(select));
            kit = select.int64(19) != 0;
        }
        for (auto& product : found) {
            load_codes(tx, product, kit);
        }
        return found;
    }
    ProductRow row;
    soci::statement st(tx.sql());
    row.bind(st);
    std::string sql = std::string(kColumns) + " WHERE id > :after";
    long long after = query.after;
    st.exchange(soci::use(after));
    if (!query.include_inactive) {
        sql += " AND active = 1";
    }
    if (query.sku) {
        sql += " AND sku = :sku";
        st.exchange(soci::use(*query.sku));
    }
    if (query.barcode) {
        sql += " AND id = (SELECT product_id FROM product_barcodes WHERE barcode = :code)";
        st.exchange(soci::use(*query.barcode));
    }
    std::string prefix;
    std::string words;
    if (query.text) {
        // The SKU starts with the text, or the name contains it, ignoring case.
        prefix = *query.text + "%";
        words = "%" + *query.text + "%";
        sql += " AND (sku LIKE :prefix OR LOWER(name) LIKE LOWER(:words))";
        st.exchange(soci::use(prefix));
        st.exchange(soci::use(words));
    }
    sql += " ORDER BY id LIMIT :limit";
    int limit = query.limit;
    st.exchange(soci::use(limit));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute();
    std::vector<Product> products;
    std::vector<bool> kits;
    while (st.fetch()) {
        products.push_back(row.to_product());
        kits.push_back(row.kit != 0);
    }
    for (std::size_t i = 0; i < products.size(); ++i) {
        load_codes(tx, products[i], kits[i]);
    }
    return products;
}

namespace {

struct BoxRow {
    long long id = 0;
    std::string code;
    std::string name;
    int l = 0;
    int w = 0;
    int h = 0;
    int tare = 0;
    int max = 0;
    long long cost = 0;
    std::string currency;
    int active = 1;

    void bind(soci::statement& st) {
        st.exchange(soci::into(id));
        st.exchange(soci::into(code));
        st.exchange(soci::into(name));
        st.exchange(soci::into(l));
        st.exchange(soci::into(w));
        st.exchange(soci::into(h));
        st.exchange(soci::into(tare));
        st.exchange(soci::into(max));
        st.exchange(soci::into(cost));
        st.exchange(soci::into(currency));
        st.exchange(soci::into(active));
    }

    [[nodiscard]] BoxType to_box() const {
        return {BoxTypeId{id}, code, name, {l, w, h}, tare, max, {cost}, currency, active != 0};
    }
};

}  // namespace

BoxTypeId ProductRepo::insert_box(db::Tx& tx, const BoxType& box) {
    long long id = 0;
    long long cost = box.cost.minor;
    const int active = box.active ? 1 : 0;
    tx.sql() << kInsertBox, soci::use(box.code), soci::use(box.name),
        soci::use(box.inner.length_mm), soci::use(box.inner.width_mm),
        soci::use(box.inner.height_mm), soci::use(box.tare_g), soci::use(box.max_load_g),
        soci::use(cost), soci::use(box.currency), soci::use(active), soci::into(id);
    return BoxTypeId{id};
}

bool ProductRepo::update_box(db::Tx& tx, const BoxType& box) {
    long long cost = box.cost.minor;
    const int active = box.active ? 1 : 0;
    soci::statement st =
        (tx.sql().prepare << kUpdateBox, soci::use(box.name), soci::use(box.inner.length_mm),
         soci::use(box.inner.width_mm), soci::use(box.inner.height_mm), soci::use(box.tare_g),
         soci::use(box.max_load_g), soci::use(cost), soci::use(box.currency), soci::use(active),
         soci::use(box.code));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

std::vector<BoxType> ProductRepo::list_boxes(db::Tx& tx, bool include_inactive) {
    BoxRow row;
    soci::statement st(tx.sql());
    row.bind(st);
    st.alloc();
    st.prepare(std::string(kBoxColumns) + (include_inactive ? "" : " WHERE active = 1") +
               " ORDER BY inner_length_mm * inner_width_mm * inner_height_mm, code");
    st.define_and_bind();
    st.execute();
    std::vector<BoxType> boxes;
    while (st.fetch()) {
        boxes.push_back(row.to_box());
    }
    return boxes;
}

std::optional<BoxType> ProductRepo::find_box(db::Tx& tx, std::string_view code) {
    BoxRow row;
    std::string value(code);
    soci::statement st(tx.sql());
    row.bind(st);
    st.exchange(soci::use(value));
    run(st, std::string(kBoxColumns) + " WHERE code = :code");
    if (!st.got_data()) {
        return std::nullopt;
    }
    return row.to_box();
}

}  // namespace tally::catalog
