#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::core {

// A JSON string literal with quotes and escapes, for the few places outside the HTTP
// layer that write small JSON documents (audit details, outbox payloads).
[[nodiscard]] std::string json_quote(std::string_view text);

// {"k":"v",...} from string pairs, in the given order.
[[nodiscard]] std::string json_object(
    const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace tally::core
