#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace tally::core {

// A database id that cannot be mixed up with another kind of id or with an amount.
template <class Tag>
struct StrongId {
    std::int64_t value = 0;

    friend auto operator<=>(const StrongId&, const StrongId&) = default;
};

}  // namespace tally::core

template <class Tag>
struct std::hash<tally::core::StrongId<Tag>> {
    std::size_t operator()(const tally::core::StrongId<Tag>& id) const noexcept {
        return std::hash<std::int64_t>{}(id.value);
    }
};
