#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "tally/core/csv.hpp"

#include "cli/commands.hpp"

namespace tally::cli {

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

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

    auto* stock = import->add_subcommand(
        "stock", "Receive opening stock from a CSV file into its bins, all or nothing");
    add_db_option(*stock, common);
    auto stock_file = std::make_shared<std::string>();
    auto reference = std::make_shared<std::string>();
    stock
        ->add_option("FILE", *stock_file,
                     "CSV with the columns warehouse,bin,sku,quantity,lot,expiry")
        ->required()
        ->check(CLI::ExistingFile);
    stock->add_option("--reference", *reference,
                      "What the ledger's receipts refer to (default: the file's name)");

    return {{products,
             [&common, file] {
                 const std::string text = read_file(*file);
                 Services services(resolve_config(common));
                 auto report =
                     services.catalog.import_products_csv(identity::Principal::system(), text);
                 if (!report) {
                     throw_error(report.error());
                 }
                 std::cout << report->created << " created, " << report->updated << " updated"
                           << std::endl;
                 return 0;
             }},
            {stock, [&common, stock_file, reference] {
                 auto rows = inventory::stock_rows_from_csv(read_file(*stock_file));
                 if (!rows) {
                     throw_error(rows.error());
                 }
                 Services services(resolve_config(common));
                 auto imported = services.inventory.import_stock(
                     identity::Principal::system(), *rows,
                     reference->empty() ? std::filesystem::path(*stock_file).filename().string()
                                        : *reference);
                 if (!imported) {
                     throw_error(imported.error());
                 }
                 std::cout << *imported << " rows imported" << std::endl;
                 return 0;
             }}};
}

}  // namespace tally::cli
