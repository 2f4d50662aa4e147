#pragma once

#include <string_view>
#include <vector>

namespace tally::core {

// A file compiled into the binary (migrations, the OpenAPI document, the index page).
struct EmbeddedFile {
    std::string_view name;
    std::string_view content;
};

}  // namespace tally::core
