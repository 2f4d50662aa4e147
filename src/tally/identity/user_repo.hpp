#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/db/database.hpp"
#include "tally/identity/user.hpp"

namespace tally::identity {

// A user with the stored password hash, for sign-in only.
struct UserCredentials {
    User user;
    std::string password_hash;
};

// An API token as listed: never the secret, only its first characters.
struct ApiToken {
    TokenId id;
    UserId user_id;
    std::string username;
    std::string name;
    std::string prefix;
    core::TimestampMs created_at = 0;
    std::optional<core::TimestampMs> revoked_at;
};

// A session's user, and when the session ends.
struct SessionPrincipal {
    Principal principal;
    core::TimestampMs expires_at = 0;
};

// All SQL for users, sessions, API tokens and sign-in throttling.
class UserRepo {
  public:
    [[nodiscard]] static UserId insert(db::Tx& tx, const User& user, const std::string& hash);
    [[nodiscard]] static std::optional<UserCredentials> find(db::Tx& tx, std::string_view username);
    // Users ordered by id, after `after` (0 for the first page).
    [[nodiscard]] static std::vector<User> list(db::Tx& tx, std::int64_t after, int limit);
    // Compare-and-set on updated_at so two admins editing at once cannot both win.
    [[nodiscard]] static bool update(db::Tx& tx, const User& user,
                                     core::TimestampMs expected_updated_at);
    static void set_password(db::Tx& tx, UserId id, const std::string& hash, core::TimestampMs now);
    [[nodiscard]] static int count(db::Tx& tx);

    static void insert_session(db::Tx& tx, const std::string& token_hash, UserId user,
                               core::TimestampMs now, core::TimestampMs expires_at);
    [[nodiscard]] static bool delete_session(db::Tx& tx, const std::string& token_hash);
    static void delete_user_sessions(db::Tx& tx, UserId user);
    static void purge_expired_sessions(db::Tx& tx, core::TimestampMs now);
    [[nodiscard]] static std::optional<SessionPrincipal> principal_by_session(
        db::Tx& tx, const std::string& token_hash, core::TimestampMs now);

    [[nodiscard]] static TokenId insert_token(db::Tx& tx, UserId user, const std::string& name,
                                              const std::string& prefix,
                                              const std::string& token_hash, core::TimestampMs now);
    [[nodiscard]] static std::optional<Principal> principal_by_token(db::Tx& tx,
                                                                     const std::string& token_hash);
    [[nodiscard]] static std::vector<ApiToken> list_tokens(db::Tx& tx, UserId user);
    [[nodiscard]] static std::optional<ApiToken> find_token(db::Tx& tx, TokenId id);
    [[nodiscard]] static bool revoke_token(db::Tx& tx, TokenId id, core::TimestampMs now);

    [[nodiscard]] static ThrottleState throttle(db::Tx& tx, const std::string& key);
    // Counts one sign-in attempt for `key` before its password is checked, in one
    // conditional upsert, so parallel attempts cannot all pass: false (nothing counted)
    // when the key is locked or has used the policy's attempts in its window.
    [[nodiscard]] static bool claim_attempt(db::Tx& tx, const std::string& key,
                                            core::TimestampMs now, const ThrottlePolicy& policy);
    // After a failed check: locks the key for the policy's lock time once its attempts
    // reached the maximum, and starts a new window when the lock ends.
    static void lock_if_exhausted(db::Tx& tx, const std::string& key, core::TimestampMs now,
                                  const ThrottlePolicy& policy);
    // Gives one claimed attempt back (the check passed, or another key refused it).
    static void release_attempt(db::Tx& tx, const std::string& key);
    static void clear_throttle(db::Tx& tx, const std::string& key);
};

}  // namespace tally::identity
