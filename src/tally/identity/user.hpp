#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/core/strong_id.hpp"

namespace tally::identity {

using UserId = core::StrongId<struct UserIdTag>;
using TokenId = core::StrongId<struct TokenIdTag>;

enum class Role { admin, manager, picker, packer, loader, receiver, support, viewer };

inline constexpr std::array kAllRoles = {Role::admin,  Role::manager,  Role::picker,  Role::packer,
                                         Role::loader, Role::receiver, Role::support, Role::viewer};

[[nodiscard]] std::string_view to_string(Role role);
[[nodiscard]] std::optional<Role> parse_role(std::string_view text);

// A user account. The password hash never leaves the identity module.
struct User {
    UserId id;
    std::string username;
    Role role = Role::viewer;
    std::optional<std::string> warehouse;  // a scope: the user works in this warehouse only
    bool active = true;
    core::TimestampMs created_at = 0;
    core::TimestampMs updated_at = 0;
};

enum class AuthKind { session, token };

// Who is making a request: the signed-in user, or the system itself (CLI, jobs).
struct Principal {
    UserId id;
    std::string username;
    Role role = Role::viewer;
    std::optional<std::string> warehouse;
    AuthKind kind = AuthKind::token;

    // The actor recorded for changes made by `tally` subcommands and background jobs.
    [[nodiscard]] static Principal system();
};

// A user limited to one warehouse may act only there: forbidden for any other warehouse.
// Every service checks this before it reads or changes anything of a warehouse.
[[nodiscard]] core::Status require_warehouse(const Principal& actor, std::string_view warehouse);
// Global settings (warehouses, shops, carriers) are for users without a warehouse scope.
[[nodiscard]] core::Status require_unscoped(const Principal& actor);

inline constexpr std::size_t kMinPasswordLength = 8;
inline constexpr std::size_t kMaxPasswordLength = 1024;

// User names: 1-64 of letters, digits, '.', '_', '-', '@'. Adds field errors named `field`.
void validate_username(std::string_view username, std::string_view field,
                       core::FieldErrors& errors);
void validate_password(std::string_view password, std::string_view field,
                       core::FieldErrors& errors);
void validate_warehouse_code(std::string_view code, std::string_view field,
                             core::FieldErrors& errors);

// Sign-in throttling, one record per key ("user:NAME", "addr:IP").
struct ThrottleState {
    int failures = 0;
    core::TimestampMs window_start = 0;
    core::TimestampMs locked_until = 0;
};

struct ThrottlePolicy {
    int max_failures = 5;  // within the window, before locking
    core::TimestampMs window_ms = 15 * 60'000;
    core::TimestampMs lock_ms = 15 * 60'000;
};

// Seconds until the key may try again, or 0 when it may try now.
[[nodiscard]] int throttle_wait_s(const ThrottleState& state, core::TimestampMs now);
// The state after one more failed attempt at `now`: the rule that UserRepo::claim_attempt
// and lock_if_exhausted apply atomically in the database.
[[nodiscard]] ThrottleState record_failure(ThrottleState state, core::TimestampMs now,
                                           const ThrottlePolicy& policy);

}  // namespace tally::identity
