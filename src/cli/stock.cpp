#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"

namespace tally::cli {

Command fsck_command(CLI::App& cli, CommonOptions& common) {
    auto* sub = cli.add_subcommand(
        "fsck", "Check that stock equals its ledger and reserved never exceeds on hand");
    add_db_option(*sub, common);
    return {sub, [&common] {
                Services services(resolve_config(common));
                auto issues = services.inventory.fsck();
                if (!issues) {
                    throw_error(issues.error());
                }
                for (const auto& issue : *issues) {
                    std::cout << issue << "\n";
                }
                if (!issues->empty()) {
                    std::cerr << "tally fsck: " << issues->size() << " problem"
                              << (issues->size() == 1 ? "" : "s") << " found" << std::endl;
                    return 1;
                }
                std::cout << "stock agrees with its ledger" << std::endl;
                return 0;
            }};
}

std::vector<Command> import_commands(CLI::App& cli, CommonOptions& common) {
    auto* import = cli.add_subcommand("import", "Load data from CSV files");
    import->require_subcommand(1);
    auto* products = import->add_subcommand(
        "products", "Create or replace products from a CSV file, all or nothing");
    add_db_option(*products, common);
    auto file = std::make_shared<std::string>();
    products->add_option("FILE", *file, "CSV with a header row (see GET /api/v1/products/export)")
        ->required()
        ->check(CLI::ExistingFile);
    return {{products, [&common, file] {
                 std::ifstream in(*file, std::ios::binary);
                 std::ostringstream text;
                 text << in.rdbuf();
                 Services services(resolve_config(common));
                 auto report = services.catalog.import_products_csv(identity::Principal::system(),
                                                                    text.str());
                 if (!report) {
                     throw_error(report.error());
                 }
                 std::cout << report->created << " created, " << report->updated << " updated"
                           << std::endl;
                 return 0;
             }}};
}

}  // namespace tally::cli
