#include "tally/shipping/label_image.hpp"

#include <cstdint>
#include <memory>
#include <new>
#include <stdexcept>
#include <vector>

#include <zint.h>
#include <zlib.h>

namespace tally::shipping {

namespace {

constexpr std::size_t kMaxData = 4096;

using SymbolPtr = std::unique_ptr<zint_symbol, decltype(&ZBarcode_Delete)>;

bool digit(char c) {
    return c >= '0' && c <= '9';
}

// "(00)123..." as zint's GS1 mode wants it: "[00]123...". Only parentheses around 2 to 4
// digits are AIs; anything else is left for zint to judge.
std::string bracketed_ais(std::string_view data) {
    std::string out(data);
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] != '(') {
            continue;
        }
        std::size_t end = i + 1;
        while (end < out.size() && end - i <= 4 && digit(out[end])) {
            ++end;
        }
        if (end < out.size() && out[end] == ')' && end - i - 1 >= 2) {
            out[i] = '[';
            out[end] = ']';
            i = end;
        }
    }
    return out;
}

void put_u32(std::string& out, std::uint32_t value) {
    out.push_back(static_cast<char>((value >> 24) & 0xFF));
    out.push_back(static_cast<char>((value >> 16) & 0xFF));
    out.push_back(static_cast<char>((value >> 8) & 0xFF));
    out.push_back(static_cast<char>(value & 0xFF));
}

// One PNG chunk: length, type, data, and the CRC-32 of type and data.
void put_chunk(std::string& png, std::string_view type, std::string_view data) {
    put_u32(png, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = png.size();
    png += type;
    png += data;
    const auto crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(png.data() + start),
                           static_cast<uInt>(png.size() - start));
    put_u32(png, static_cast<std::uint32_t>(crc));
}

// zint's RGB bitmap as an 8-bit greyscale PNG file.
std::string png_from_rgb(const unsigned char* rgb, int width, int height) {
    // Each scanline: filter type 0 (none), then one byte per pixel.
    const auto w = static_cast<std::size_t>(width);
    const auto h = static_cast<std::size_t>(height);
    std::vector<unsigned char> raw;
    raw.reserve((w + 1) * h);
    for (std::size_t y = 0; y < h; ++y) {
        raw.push_back(0);
        for (std::size_t x = 0; x < w; ++x) {
            const unsigned char* p = rgb + (y * w + x) * 3;
            raw.push_back(
                static_cast<unsigned char>((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000));
        }
    }
    uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
    std::string packed(packed_size, '\0');
    if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packed_size, raw.data(),
                  static_cast<uLong>(raw.size()), Z_BEST_COMPRESSION) != Z_OK) {
        throw std::bad_alloc();  // zlib fails here only when out of memory
    }
    packed.resize(packed_size);

    std::string header;
    put_u32(header, static_cast<std::uint32_t>(width));
    put_u32(header, static_cast<std::uint32_t>(height));
    header += std::string_view("\x08\x00\x00\x00\x00", 5);  // 8 bits, greyscale, defaults

    std::string png("\x89PNG\r\n\x1a\n", 8);
    put_chunk(png, "IHDR", header);
    put_chunk(png, "IDAT", packed);
    put_chunk(png, "IEND", "");
    return png;
}

core::Error unencodable(std::string reason) {
    return core::Error{.code = core::ErrorCode::invalid_argument,
                       .message = "The data cannot be encoded as this barcode.",
                       .fields = {core::FieldError{"data", std::move(reason)}}};
}

}  // namespace

core::Result<std::string> barcode_png(std::string_view data, Symbology symbology) {
    if (data.size() > kMaxData) {
        return std::unexpected(unencodable("is longer than 4096 bytes"));
    }
    SymbolPtr symbol(ZBarcode_Create(), &ZBarcode_Delete);
    if (!symbol) {
        throw std::bad_alloc();
    }
    // A symbol zint would draw but calls non-compliant (a GS1 check digit that is wrong, a
    // month 13) is refused like one it cannot draw.
    symbol->warn_level = WARN_FAIL_ALL;
    std::string input(data);
    switch (symbology) {
        case Symbology::code128:
            symbol->symbology = BARCODE_CODE128;
            symbol->input_mode = DATA_MODE;
            break;
        case Symbology::gs1_128:
            symbol->symbology = BARCODE_GS1_128;
            symbol->input_mode = GS1_MODE;
            input = bracketed_ais(data);
            break;
        case Symbology::qr:
            symbol->symbology = BARCODE_QRCODE;
            symbol->input_mode = DATA_MODE;
            break;
    }
    const int status = ZBarcode_Encode_and_Buffer(
        symbol.get(), reinterpret_cast<const unsigned char*>(input.data()),
        static_cast<int>(input.size()), 0);
    if (status == ZINT_ERROR_MEMORY) {
        throw std::bad_alloc();
    }
    if (status >= ZINT_ERROR) {
        return std::unexpected(unencodable(symbol->errtxt));
    }
    if (symbol->bitmap == nullptr || symbol->bitmap_width <= 0 || symbol->bitmap_height <= 0) {
        return std::unexpected(unencodable("zint drew no image"));
    }
    return png_from_rgb(symbol->bitmap, symbol->bitmap_width, symbol->bitmap_height);
}

}  // namespace tally::shipping
