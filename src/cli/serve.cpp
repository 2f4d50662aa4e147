#include <iostream>

#include <spdlog/spdlog.h>

#include "tally/app/app.hpp"
#include "tally/core/log.hpp"
#include "tally/db/migrations.hpp"

#include "cli/commands.hpp"

namespace tally::cli {

Command serve_command(CLI::App& cli, CommonOptions& common) {
    auto* sub = cli.add_subcommand("serve", "Serve the API and the web app, run background jobs");
    add_db_option(*sub, common);
    auto listen = std::make_shared<std::optional<std::string>>();
    auto demo = std::make_shared<bool>(false);
    sub->add_option("--listen", *listen, "HOST:PORT to listen on (env TALLY_LISTEN)");
    sub->add_flag("--demo", *demo, "Load demo data into an empty database");
    return {
        sub, [&common, listen, demo] {
            core::Config config = resolve_config(common);
            if (*listen) {
                config.listen = **listen;
                if (auto valid = core::parse_listen(config.listen); !valid) {
                    throw std::runtime_error("--listen: " + valid.error().fields.front().reason);
                }
            }
            core::init_logging(config.log_level);
            core::init_access_log(config.access_log);
            core::SystemClock clock;
            app::App app(config, clock);
            if (*demo && app::load_demo_data(app)) {
                spdlog::info("demo data loaded");
            }
            const auto port = app.listen();
            const auto address = core::parse_listen(config.listen);
            const std::string host = address->host.find(':') != std::string::npos
                                         ? "[" + address->host + "]"
                                         : address->host;
            std::cout << "Tally " << TALLY_VERSION << " serving on http://" << host << ":" << port
                      << "/" << std::endl;
            if (*demo) {
                std::cout << "Demo sign-in: user " << app::kDemoAdmin << ", password "
                          << app::kDemoPassword << std::endl;
            }
            app.run(true);
            spdlog::info("stopped");
            core::close_access_log();
            spdlog::shutdown();
            return 0;
        }};
}

Command migrate_command(CLI::App& cli, CommonOptions& common) {
    auto* sub = cli.add_subcommand("migrate", "Apply pending database migrations");
    add_db_option(*sub, common);
    return {sub, [&common] {
                core::Config config = resolve_config(common);
                core::SystemClock clock;
                auto db = app::open_database(config.db, 1, clock);
                const auto version = db::schema_version(*db);
                if (!version) {
                    throw std::runtime_error(version.error().message);
                }
                std::cout << "database is at schema version " << *version << std::endl;
                return 0;
            }};
}

}  // namespace tally::cli
