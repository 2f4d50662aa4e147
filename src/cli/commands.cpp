#include "cli/commands.hpp"

#include <stdexcept>

#include "tally/app/app.hpp"
#include "tally/core/log.hpp"

namespace tally::cli {

void throw_error(const core::Error& error) {
    std::string text = error.message;
    for (const auto& field : error.fields) {
        text += "; " + field.field + " " + field.reason;
    }
    throw std::runtime_error(text);
}

core::Config resolve_config(const CommonOptions& common) {
    core::Config config;
    if (!common.config_path.empty()) {
        if (auto applied = core::apply_toml(config, common.config_path); !applied) {
            throw_error(applied.error());
        }
    }
    if (auto applied = core::apply_environment(config); !applied) {
        throw_error(applied.error());
    }
    if (common.db) {
        config.db = *common.db;
    }
    return config;
}

Services::Services(const core::Config& config)
    : db(app::open_database(config.db, 1, clock)),
      identity(*db, clock, {.password_cost = app::password_cost(config.password_cost)}),
      catalog(*db, clock),
      inventory(*db, clock, catalog, bus),
      orders(*db, clock, catalog) {
    app::connect_orders(bus, inventory, orders);
}

void add_db_option(CLI::App& sub, CommonOptions& common) {
    sub.add_option("--db", common.db,
                   "Database: sqlite:PATH or postgresql://USER@HOST/DB (env TALLY_DB)");
}

std::vector<Command> register_commands(CLI::App& cli, CommonOptions& common) {
    std::vector<Command> commands;
    commands.push_back(serve_command(cli, common));
    commands.push_back(migrate_command(cli, common));
    for (auto& command : user_commands(cli, common)) {
        commands.push_back(std::move(command));
    }
    for (auto& command : token_commands(cli, common)) {
        commands.push_back(std::move(command));
    }
    for (auto& command : barcode_commands(cli, common)) {
        commands.push_back(std::move(command));
    }
    commands.push_back(fsck_command(cli, common));
    for (auto& command : import_commands(cli, common)) {
        commands.push_back(std::move(command));
    }
    return commands;
}

}  // namespace tally::cli
