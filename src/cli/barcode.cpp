#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "tally/catalog/gs1.hpp"

#include "cli/commands.hpp"

namespace tally::cli {

std::vector<Command> barcode_commands(CLI::App& cli, CommonOptions& /*common*/) {
    auto* barcode = cli.add_subcommand("barcode", "Read barcodes; needs no database");
    barcode->require_subcommand(1);
    auto* parse = barcode->add_subcommand(
        "parse", "Parse a GS1 element string, bracketed or as scanned; prints it as JSON");
    auto data = std::make_shared<std::string>();
    parse
        ->add_option("DATA", *data,
                     "e.g. '(01)09506000134352(17)261231(10)ABC123'; in the scanned form, "
                     "the group separator may be written <GS>")
        ->required();
    return {{parse, [data] {
                 const auto result = catalog::parse_gs1(*data);
                 if (!result.ok()) {
                     throw std::runtime_error(result.error);
                 }
                 std::cout << catalog::to_json(*result.data) << std::endl;
                 return 0;
             }}};
}

}  // namespace tally::cli
