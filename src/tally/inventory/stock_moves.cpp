#include "tally/inventory/stock_moves.hpp"

#include <algorithm>

#include "tally/inventory/stock_repo.hpp"

namespace tally::inventory {

namespace {

core::Status positive(std::int64_t quantity) {
    if (quantity < 1) {
        return core::invalid_field("quantity", "must be at least 1");
    }
    return {};
}

LedgerEntry entry(const StockNote& note, const StockKey& key, std::int64_t delta,
                  std::string kind) {
    return LedgerEntry{.at = note.at,
                       .key = key,
                       .delta = delta,
                       .kind = std::move(kind),
                       .reason = note.reason,
                       .reference = note.reference,
                       .actor = note.actor,
                       .actor_id = note.actor_id};
}

std::string units(std::int64_t quantity) {
    return std::to_string(quantity) + (quantity == 1 ? " unit" : " units");
}

core::Status relocate(db::Tx& tx, const StockKey& from, BinId to, std::int64_t quantity,
                      const StockNote& note, const char* kind) {
    if (auto valid = positive(quantity); !valid) {
        return valid;
    }
    if (!StockRepo::take(tx, from, quantity)) {
        return core::fail(core::ErrorCode::insufficient_stock,
                          "The bin holds fewer than " + units(quantity) + " of that lot.");
    }
    const StockKey into{from.product, from.warehouse, to, from.lot};
    if (!StockRepo::add_from(tx, from, to, note.at, quantity)) {
        return core::invalid_field("bin", "is not a bin of the stock's warehouse");
    }
    StockRepo::append_ledger(tx, entry(note, from, -quantity, kind));
    StockRepo::append_ledger(tx, entry(note, into, quantity, kind));
    return {};
}

// Out of the row and the warehouse's on hand together; the row's take is undone by the
// caller's rollback when the total refuses.
core::Status take_out(db::Tx& tx, const StockKey& key, std::int64_t quantity,
                      const std::string& what) {
    if (!StockRepo::take(tx, key, quantity)) {
        return core::fail(core::ErrorCode::insufficient_stock,
                          "The bin holds fewer than the " + units(quantity) + " " + what + ".");
    }
    if (!StockRepo::take_on_hand(tx, key.product, key.warehouse, quantity)) {
        return core::fail(core::ErrorCode::insufficient_stock,
                          "The " + units(quantity) + " " + what + " are reserved.");
    }
    return {};
}

}  // namespace

StockNote StockNote::by(const identity::Principal& actor, core::TimestampMs at,
                        std::string reference, std::optional<std::string> reason) {
    return StockNote{.at = at,
                     .actor = actor.username,
                     .actor_id = actor.id.value != 0 ? std::optional(actor.id) : std::nullopt,
                     .reference = std::move(reference),
                     .reason = std::move(reason)};
}

core::Status StockMoves::reserve(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                                 std::int64_t quantity) {
    if (auto valid = positive(quantity); !valid) {
        return valid;
    }
    if (!StockRepo::reserve(tx, product, warehouse, quantity)) {
        return core::fail(core::ErrorCode::insufficient_stock,
                          "Fewer than " + units(quantity) + " are available to reserve.");
    }
    return {};
}

core::Status StockMoves::unreserve(db::Tx& tx, catalog::ProductId product, WarehouseId warehouse,
                                   std::int64_t quantity) {
    if (auto valid = positive(quantity); !valid) {
        return valid;
    }
    if (!StockRepo::unreserve(tx, product, warehouse, quantity)) {
        return core::fail(core::ErrorCode::conflict,
                          "Fewer than " + units(quantity) + " are reserved to give back.");
    }
    return {};
}

std::vector<StockAvailability> StockMoves::available(db::Tx& tx, catalog::ProductId product,
                                                     bool lock) {
    return StockRepo::available(tx, product, lock);
}

core::Status StockMoves::pick(db::Tx& tx, const StockKey& from, BinId to, std::int64_t quantity,
                              const StockNote& note) {
    return relocate(tx, from, to, quantity, note, "pick");
}

core::Status StockMoves::move(db::Tx& tx, const StockKey& from, BinId to, std::int64_t quantity,
                              const StockNote& note) {
    return relocate(tx, from, to, quantity, note, "move");
}

core::Status StockMoves::ship(db::Tx& tx, const StockKey& key, std::int64_t quantity,
                              const StockNote& note) {
    if (auto valid = positive(quantity); !valid) {
        return valid;
    }
    if (auto taken = take_out(tx, key, quantity, "to ship"); !taken) {
        return taken;
    }
    StockRepo::append_ledger(tx, entry(note, key, -quantity, "ship"));
    return {};
}

core::Result<std::int64_t> StockMoves::write_off(db::Tx& tx, const StockKey& key,
                                                 std::int64_t at_most, const StockNote& note) {
    const auto booked = std::min(at_most, StockRepo::quantity(tx, key));
    if (booked <= 0) {
        return 0;
    }
    if (auto taken = take_out(tx, key, booked, "to write off"); !taken) {
        return std::unexpected(taken.error());
    }
    StockRepo::append_ledger(tx, entry(note, key, -booked, "adjustment"));
    return booked;
}

std::int64_t StockMoves::quantity(db::Tx& tx, const StockKey& key) {
    return StockRepo::quantity(tx, key);
}

std::vector<StockCandidate> StockMoves::candidates(db::Tx& tx, catalog::ProductId product,
                                                   WarehouseId warehouse) {
    return StockRepo::candidates(tx, product, warehouse);
}

std::vector<StockRow> StockMoves::rows(db::Tx& tx, const StockFilter& filter) {
    return StockRepo::rows(tx, filter);
}

}  // namespace tally::inventory
