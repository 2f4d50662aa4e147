#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tally/catalog/catalog_service.hpp"
#include "tally/core/config.hpp"
#include "tally/events/bus.hpp"
#include "tally/identity/identity_service.hpp"
#include "tally/inventory/inventory_service.hpp"
#include "tally/orders/order_service.hpp"

namespace tally::cli {

// Options every subcommand shares; a subcommand that touches data also takes --db.
struct CommonOptions {
    std::string config_path;
    std::optional<std::string> db;
};

// The configuration in force: defaults, then the TOML file, then TALLY_* variables, then
// the flags given. Throws std::runtime_error naming the bad setting.
[[nodiscard]] core::Config resolve_config(const CommonOptions& common);

// The database and the services, for commands that work without the server.
struct Services {
    explicit Services(const core::Config& config);
    core::SystemClock clock;
    std::unique_ptr<db::Database> db;
    // The server's subscribers, so a change made here writes their jobs; the server runs them.
    events::Bus bus{clock};
    identity::IdentityService identity;
    catalog::CatalogService catalog;
    inventory::InventoryService inventory;
    orders::OrderService orders;
};

struct Command {
    CLI::App* sub = nullptr;
    std::function<int()> run;
};

// Adds serve, migrate, user, token, barcode; returns them with what each runs.
[[nodiscard]] std::vector<Command> register_commands(CLI::App& cli, CommonOptions& common);

void add_db_option(CLI::App& sub, CommonOptions& common);

// Throws std::runtime_error with the error's message and its field errors.
[[noreturn]] void throw_error(const core::Error& error);

[[nodiscard]] Command serve_command(CLI::App& cli, CommonOptions& common);
[[nodiscard]] Command migrate_command(CLI::App& cli, CommonOptions& common);
[[nodiscard]] std::vector<Command> user_commands(CLI::App& cli, CommonOptions& common);
[[nodiscard]] std::vector<Command> token_commands(CLI::App& cli, CommonOptions& common);
[[nodiscard]] Command fsck_command(CLI::App& cli, CommonOptions& common);
[[nodiscard]] std::vector<Command> import_commands(CLI::App& cli, CommonOptions& common);
// `barcode parse DATA`: a GS1 element string as JSON on stdout; needs no database.
[[nodiscard]] std::vector<Command> barcode_commands(CLI::App& cli, CommonOptions& common);

}  // namespace tally::cli
