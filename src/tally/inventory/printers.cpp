// InventoryService's label printers: registered per warehouse by users of every warehouse,
// listed to the warehouse's own users.
#include "tally/identity/audit.hpp"
#include "tally/inventory/inventory_service.hpp"
#include "tally/inventory/printer_repo.hpp"

namespace tally::inventory {

namespace {

core::Error no_printer(const std::string& warehouse, const std::string& code) {
    return {.code = core::ErrorCode::not_found,
            .message = "There is no printer " + code + " in " + warehouse + "."};
}

}  // namespace

core::Result<Printer> InventoryService::create_printer(const identity::Principal& actor,
                                                       const std::string& warehouse,
                                                       const PrinterInput& input) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    validate_printer(input, errors);
    if (!errors.empty()) {
        return errors.to_error();
    }
    const auto now = clock_.now_ms();
    auto created = db_.write([&](db::Tx& tx) -> core::Result<Printer> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        const auto id = PrinterRepo::insert(tx, found->id, input, now);
        identity::record_audit(tx, actor, now, "printer.create", "printer",
                               found->code + "/" + input.code);
        return Printer{.id = id,
                       .warehouse = found->code,
                       .code = input.code,
                       .name = input.name,
                       .host = input.host,
                       .port = input.port};
    });
    return core::name_conflict(std::move(created), "code",
                               "The warehouse already has a printer with this code.");
}

core::Result<Printer> InventoryService::update_printer(const identity::Principal& actor,
                                                       const std::string& warehouse,
                                                       const std::string& code,
                                                       const PrinterChange& change) {
    if (auto scoped = identity::require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Result<Printer> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        auto printer = PrinterRepo::find(tx, found->id, code);
        if (!printer) {
            return std::unexpected(no_printer(warehouse, code));
        }
        printer->name = change.name.value_or(printer->name);
        printer->host = change.host.value_or(printer->host);
        printer->port = change.port.value_or(printer->port);
        printer->active = change.active.value_or(printer->active);
        core::FieldErrors errors;
        validate_printer({printer->code, printer->name, printer->host, printer->port}, errors);
        if (!errors.empty()) {
            return errors.to_error();
        }
        (void)PrinterRepo::update(tx, *printer, now);
        identity::record_audit(tx, actor, now, "printer.update", "printer",
                               printer->warehouse + "/" + printer->code);
        return *printer;
    });
}

core::Result<std::vector<Printer>> InventoryService::list_printers(const identity::Principal& actor,
                                                                   const std::string& warehouse) {
    if (auto scoped = identity::require_warehouse(actor, warehouse); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<Printer>> {
        auto found = find_warehouse(tx, warehouse);
        if (!found) {
            return std::unexpected(found.error());
        }
        return PrinterRepo::list(tx, found->id);
    });
}

}  // namespace tally::inventory
