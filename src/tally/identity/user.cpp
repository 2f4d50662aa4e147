#include "tally/identity/user.hpp"

#include <algorithm>

namespace tally::identity {

std::string_view to_string(Role role) {
    switch (role) {
        case Role::admin:
            return "admin";
        case Role::manager:
            return "manager";
        case Role::picker:
            return "picker";
        case Role::packer:
            return "packer";
        case Role::loader:
            return "loader";
        case Role::receiver:
            return "receiver";
        case Role::support:
            return "support";
        case Role::viewer:
            return "viewer";
    }
    return "viewer";
}

std::optional<Role> parse_role(std::string_view text) {
    for (const Role role : kAllRoles) {
        if (to_string(role) == text) {
            return role;
        }
    }
    return std::nullopt;
}

Principal Principal::system() {
    return {.id = UserId{0}, .username = "system", .role = Role::admin, .warehouse = std::nullopt};
}

core::Status require_warehouse(const Principal& actor, std::string_view warehouse) {
    if (actor.warehouse && *actor.warehouse != warehouse) {
        return core::fail(core::ErrorCode::forbidden, "You work in warehouse " + *actor.warehouse +
                                                          ", not " + std::string(warehouse) + ".");
    }
    return {};
}

core::Status require_unscoped(const Principal& actor) {
    if (actor.warehouse) {
        return core::fail(core::ErrorCode::forbidden,
                          "You work in warehouse " + *actor.warehouse +
                              "; this is for users of every warehouse.");
    }
    return {};
}

void validate_username(std::string_view username, std::string_view field,
                       core::FieldErrors& errors) {
    if (username.empty() || username.size() > 64) {
        errors.add(std::string(field), "must be 1 to 64 characters");
        return;
    }
    const bool allowed = std::ranges::all_of(username, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               c == '.' || c == '_' || c == '-' || c == '@';
    });
    if (!allowed) {
        errors.add(std::string(field), "may contain only letters, digits, '.', '_', '-' and '@'");
    }
}

void validate_password(std::string_view password, std::string_view field,
                       core::FieldErrors& errors) {
    if (password.size() < kMinPasswordLength) {
        errors.add(std::string(field),
                   "must be at least " + std::to_string(kMinPasswordLength) + " characters");
    } else if (password.size() > kMaxPasswordLength) {
        errors.add(std::string(field),
                   "must be at most " + std::to_string(kMaxPasswordLength) + " characters");
    }
}

void validate_warehouse_code(std::string_view code, std::string_view field,
                             core::FieldErrors& errors) {
    const bool allowed =
        !code.empty() && code.size() <= 16 && std::ranges::all_of(code, [](char c) {
            return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
        });
    if (!allowed) {
        errors.add(std::string(field), "must be 1 to 16 of A-Z, 0-9, '-' and '_'");
    }
}

int throttle_wait_s(const ThrottleState& state, core::TimestampMs now) {
    if (state.locked_until <= now) {
        return 0;
    }
    return static_cast<int>((state.locked_until - now + 999) / 1000);
}

ThrottleState record_failure(ThrottleState state, core::TimestampMs now,
                             const ThrottlePolicy& policy) {
    if (now - state.window_start >= policy.window_ms) {
        state.failures = 0;
        state.window_start = now;
    }
    ++state.failures;
    if (state.failures >= policy.max_failures) {
        state.locked_until = now + policy.lock_ms;
        // A new window starts when the lock ends, so the next failure does not relock at once.
        state.failures = 0;
        state.window_start = state.locked_until;
    }
    return state;
}

}  // namespace tally::identity
