#pragma once

#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "tally/core/clock.hpp"
#include "tally/core/error.hpp"
#include "tally/db/database.hpp"
#include "tally/identity/audit.hpp"
#include "tally/identity/crypto.hpp"
#include "tally/identity/user.hpp"
#include "tally/identity/user_repo.hpp"

namespace tally::identity {

struct IdentityOptions {
    PasswordCost password_cost = PasswordCost::interactive;
    core::TimestampMs session_ttl_ms = 12 * 3600 * 1000LL;
    ThrottlePolicy user_throttle{};
    // Per client address: more attempts, since many people may share one address.
    ThrottlePolicy address_throttle{.max_failures = 50};
    // How long this node trusts a token or session it has checked, before asking the
    // database again. A revocation or sign-out made on this node applies at once; one made
    // on another node within this time. 0 checks the database on every request.
    core::TimestampMs auth_cache_ms = 5000;
    // Password checks running at once on this node (Argon2id takes 64 MiB each at the
    // interactive cost): one more sign-in is refused as rate_limited rather than queued.
    int max_password_checks = 4;
};

struct CreateUserRequest {
    std::string username;
    std::string password;
    std::string role;
    std::optional<std::string> warehouse;
};

// Fields left empty are not changed. `warehouse` set to an empty string clears the scope.
struct UpdateUserRequest {
    std::optional<std::string> role;
    std::optional<std::string> warehouse;
    std::optional<bool> active;
    std::optional<std::string> password;
};

struct LoginRequest {
    std::string username;
    std::string password;
    std::string client_address;
};

struct LoginResult {
    std::string session_token;  // the secret for the cookie; only its digest is stored
    User user;
    core::TimestampMs expires_at = 0;
};

struct CreatedToken {
    ApiToken token;
    std::string secret;  // shown once, never stored
};

// Users, sign-in, sessions, API tokens and the audit log. Managing users and tokens and reading
// the audit log is forbidden to a warehouse-scoped actor: it would reach every warehouse.
class IdentityService {
  public:
    IdentityService(db::Database& db, const core::Clock& clock, IdentityOptions options = {});

    // invalid_argument naming fields; conflict when the user name is taken.
    [[nodiscard]] core::Result<User> create_user(const Principal& actor,
                                                 const CreateUserRequest& request);
    // not_found; invalid_argument; conflict when changed concurrently.
    [[nodiscard]] core::Result<User> update_user(const Principal& actor, std::string_view username,
                                                 const UpdateUserRequest& request);
    [[nodiscard]] core::Result<User> get_user(const Principal& actor, std::string_view username);
    [[nodiscard]] core::Result<std::vector<User>> list_users(const Principal& actor,
                                                             std::int64_t after, int limit);

    // unauthenticated on a wrong name or password (the same answer for both);
    // rate_limited, with retry_after_s, after too many failures for the name or address
    // (each attempt is counted before its password is checked) or while
    // max_password_checks other checks are running.
    [[nodiscard]] core::Result<LoginResult> login(const LoginRequest& request);
    // Checks a user name and password without signing in: a supervisor approving something
    // on another user's device. Same answers and the same throttle as login().
    [[nodiscard]] core::Result<User> verify_credentials(const LoginRequest& request);
    [[nodiscard]] core::Status logout(const std::string& session_token);

    // unauthenticated when the secret is unknown, expired, revoked or its user inactive.
    [[nodiscard]] core::Result<Principal> authenticate_session(const std::string& session_token);
    [[nodiscard]] core::Result<Principal> authenticate_token(const std::string& secret);
    // The principal for a session or token checked within the trust window, from memory
    // alone (no database): nullopt when only the database can tell.
    [[nodiscard]] std::optional<Principal> authenticate_cached(std::string_view secret);

    [[nodiscard]] core::Result<CreatedToken> create_token(const Principal& actor,
                                                          std::string_view username,
                                                          const std::string& name);
    [[nodiscard]] core::Result<std::vector<ApiToken>> list_tokens(const Principal& actor,
                                                                  std::string_view username);
    // not_found; conflict when already revoked.
    [[nodiscard]] core::Status revoke_token(const Principal& actor, TokenId id);

    [[nodiscard]] core::Result<std::vector<AuditEntry>> audit(const Principal& actor,
                                                              const AuditFilter& filter);

    // Creates `username` as an admin when there are no users at all (demo and first start).
    // Returns true when it created the user.
    [[nodiscard]] core::Result<bool> bootstrap_admin(const std::string& username,
                                                     const std::string& password);

    // Passwords checked since this service started (Argon2id runs, the dummy hash too).
    [[nodiscard]] std::uint64_t password_checks() const { return password_checks_.load(); }

  private:
    [[nodiscard]] core::Result<LoginResult> check_password(const LoginRequest& request,
                                                           bool open_session);
    struct Cached {
        Principal principal;
        core::TimestampMs until = 0;
    };
    [[nodiscard]] std::optional<Principal> cached(const SecretKey& key, core::TimestampMs now);
    // Trusted until the cache time passes or `ends` (a session's expiry), if sooner.
    void remember(const SecretKey& key, const Principal& principal, core::TimestampMs now,
                  core::TimestampMs ends = std::numeric_limits<core::TimestampMs>::max());
    void forget(const SecretKey& key);
    void forget_all();

    db::Database& db_;
    const core::Clock& clock_;
    IdentityOptions options_;
    std::string dummy_hash_;  // verified against when the user does not exist, for even timing
    std::mutex cache_mutex_;
    std::unordered_map<SecretKey, Cached, SecretKeyHash> cache_;  // by secret_cache_key
    std::atomic<int> checking_{0};                                // password checks running now
    std::atomic<std::uint64_t> password_checks_{0};
};

}  // namespace tally::identity
