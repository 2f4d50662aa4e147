#pragma once

#include <string>

#include "tally/catalog/product.hpp"

namespace tally::catalog {

// A carton the packers can use: inside dimensions, weight empty, what it may carry.
struct BoxType {
    BoxTypeId id;
    std::string code;
    std::string name;
    Dimensions inner;
    int tare_g = 0;
    int max_load_g = 0;
    core::Money cost;
    std::string currency;
    bool active = true;
};

void validate_box_type(const BoxType& box, core::FieldErrors& errors);

}  // namespace tally::catalog
