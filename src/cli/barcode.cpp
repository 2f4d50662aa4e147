#include <fstream>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include "tally/catalog/gs1.hpp"
#include "tally/shipping/label_image.hpp"

#include "cli/commands.hpp"

namespace tally::cli {

namespace {

// The text escape "\x1d" (as a shell or a scanner set-up sheet writes it) as the group
// separator itself; no GS1 value may hold a backslash, so nothing else is changed.
std::string with_group_separators(std::string text) {
    for (std::size_t at = text.find("\\x1"); at != std::string::npos; at = text.find("\\x1", at)) {
        if (at + 3 < text.size() && (text[at + 3] == 'd' || text[at + 3] == 'D')) {
            text.replace(at, 4, 1, catalog::kGroupSeparator);
        }
        ++at;
    }
    return text;
}

}  // namespace

std::vector<Command> barcode_commands(CLI::App& cli, CommonOptions& /*common*/) {
    auto* barcode = cli.add_subcommand("barcode", "Read barcodes; needs no database");
    barcode->require_subcommand(1);
    auto* parse = barcode->add_subcommand(
        "parse",
        "Parse a scan: a GS1 element string, bracketed or as scanned, a plain GTIN or SSCC, with "
        "or without a symbology identifier (]C1, ]d2, ]Q3, ]e0, ]E0, ]E4, ...); prints it as JSON");
    auto data = std::make_shared<std::string>();
    parse
        ->add_option("DATA", *data,
                     "e.g. '(01)09506000134352(17)261231(10)ABC123', ']E05901234123457' or "
                     "'5901234123457'; in the scanned form, the group separator may be written "
                     "<GS>, {GS} or \\x1d")
        ->required();
    auto* png = barcode->add_subcommand(
        "png", "Draw a barcode as a PNG: a Tally label (ORD-12, TRL-3), an SSCC, any Code 128");
    struct PngOptions {
        std::string data;
        std::string out;
        std::string symbology = "code128";
    };
    auto options = std::make_shared<PngOptions>();
    png->add_option("DATA", options->data, "What the barcode holds, e.g. ORD-12 or (00)...")
        ->required();
    png->add_option("--out", options->out, "The PNG file to write")->required();
    png->add_option("--symbology", options->symbology, "code128 (default), gs1-128 or qr")
        ->check(CLI::IsMember({"code128", "gs1-128", "qr"}));
    return {{parse,
             [data] {
                 const auto result = catalog::parse_gs1(with_group_separators(*data));
                 if (!result.ok()) {
                     throw std::runtime_error(result.error);
                 }
                 std::cout << catalog::to_json(*result.data) << std::endl;
                 return 0;
             }},
            {png, [options] {
                 const auto symbology = options->symbology == "qr" ? shipping::Symbology::qr
                                        : options->symbology == "gs1-128"
                                            ? shipping::Symbology::gs1_128
                                            : shipping::Symbology::code128;
                 const auto image = shipping::barcode_png(options->data, symbology);
                 if (!image) {
                     throw_error(image.error());
                 }
                 std::ofstream file(options->out, std::ios::binary);
                 file << *image;
                 if (!file.flush()) {
                     throw std::runtime_error("cannot write " + options->out);
                 }
                 return 0;
             }}};
}

}  // namespace tally::cli
