// tally: one binary, one subcommand per job. The command lines are a fixed contract.
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "tally/core/log.hpp"

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    CLI::App cli{"Tally: order management where every physical step is confirmed by a scan"};
    cli.set_version_flag("--version", std::string("tally ") + TALLY_VERSION);
    cli.require_subcommand(1);

    tally::cli::CommonOptions common;
    cli.add_option("--config", common.config_path, "TOML configuration file")
        ->check(CLI::ExistingFile);

    // Logs go to stderr, so commands like `token create` print only their result on stdout.
    tally::core::init_logging("info");
    auto commands = tally::cli::register_commands(cli, common);
    try {
        cli.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return cli.exit(e);
    }
    try {
        for (const auto& command : commands) {
            if (command.sub->parsed()) {
                return command.run();
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "tally: " << e.what() << "\n";
        return 1;
    }
    return 1;
}
