#include "tally/identity/user_repo.hpp"

#include <soci/soci.h>

namespace tally::identity {

namespace {

constexpr const char* kInsertUser =
    "INSERT INTO users (username, password_hash, role, warehouse_code, active, created_at,"
    " updated_at) VALUES (:username, :hash, :role, :warehouse, :active, :created, :updated)"
    " RETURNING id";
constexpr const char* kUserColumns =
    "SELECT id, username, role, warehouse_code, active, created_at, updated_at, password_hash"
    " FROM users";
constexpr const char* kFindUser = " WHERE username = :username";
constexpr const char* kListUsers = " WHERE id > :after ORDER BY id LIMIT :limit";
constexpr const char* kUpdateUser =
    "UPDATE users SET role = :role, warehouse_code = :warehouse, active = :active,"
    " updated_at = :now WHERE id = :id AND updated_at = :expected";
constexpr const char* kSetPassword =
    "UPDATE users SET password_hash = :hash, updated_at = :now WHERE id = :id";
constexpr const char* kCountUsers = "SELECT COUNT(*) FROM users";

constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at)"
    " VALUES (:hash, :user, :now, :expires)";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = :hash";
constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = :user";
constexpr const char* kPurgeSessions = "DELETE FROM sessions WHERE expires_at <= :now";
constexpr const char* kPrincipalBySession =
    "SELECT u.id, u.username, u.role, u.warehouse_code, s.expires_at FROM sessions s"
    " JOIN users u ON u.id = s.user_id"
    " WHERE s.token_hash = :hash AND s.expires_at > :now AND u.active = 1";

constexpr const char* kInsertToken =
    "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)"
    " VALUES (:user, :name, :prefix, :hash, :now) RETURNING id";
constexpr const char* kPrincipalByToken =
    "SELECT u.id, u.username, u.role, u.warehouse_code FROM api_tokens t"
    " JOIN users u ON u.id = t.user_id"
    " WHERE t.token_hash = :hash AND t.revoked_at IS NULL AND u.active = 1";
constexpr const char* kTokenColumns =
    "SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created_at, t.revoked_at"
    " FROM api_tokens t JOIN users u ON u.id = t.user_id";
constexpr const char* kTokensOfUser = " WHERE t.user_id = :user ORDER BY t.id";
constexpr const char* kTokenById = " WHERE t.id = :id";
constexpr const char* kRevokeToken =
    "UPDATE api_tokens SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL";

constexpr const char* kThrottle =
    "SELECT failures, window_start, locked_until FROM login_throttle WHERE throttle_key = :key";
// A window that began at or before :cutoff (now minus the window) is over: the attempt
// starts a new one. Rows affected: 1 when the attempt is counted, 0 when refused.
constexpr const char* kClaimAttempt =
    "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until)"
    " VALUES (:key, 1, :now, 0)"
    " ON CONFLICT (throttle_key) DO UPDATE SET"
    " failures = CASE WHEN login_throttle.window_start <= :cutoff THEN 1"
    " ELSE login_throttle.failures + 1 END,"
    " window_start = CASE WHEN login_throttle.window_start <= :cutoff_again THEN :now_again"
    " ELSE login_throttle.window_start END"
    " WHERE login_throttle.locked_until <= :now_unlocked"
    " AND (login_throttle.failures < :max OR login_throttle.window_start <= :cutoff_over)";
constexpr const char* kLockIfExhausted =
    "UPDATE login_throttle SET locked_until = :until, failures = 0, window_start = :until_again"
    " WHERE throttle_key = :key AND failures >= :max AND locked_until <= :now";
constexpr const char* kReleaseAttempt =
    "UPDATE login_throttle SET failures = failures - 1"
    " WHERE throttle_key = :key AND failures > 0";
constexpr const char* kClearThrottle = "DELETE FROM login_throttle WHERE throttle_key = :key";

// Columns of kUserColumns, bound once per statement.
struct UserRow {
    long long id = 0;
    std::string username;
    std::string role;
    std::string warehouse;
    soci::indicator warehouse_ind = soci::i_null;
    int active = 1;
    long long created_at = 0;
    long long updated_at = 0;
    std::string hash;

    [[nodiscard]] User to_user() const {
        return User{
            .id = UserId{id},
            .username = username,
            .role = parse_role(role).value_or(Role::viewer),
            .warehouse = warehouse_ind == soci::i_ok ? std::optional(warehouse) : std::nullopt,
            .active = active != 0,
            .created_at = created_at,
            .updated_at = updated_at};
    }
};

// The columns both principal queries select, in order.
struct PrincipalRow {
    long long id = 0;
    std::string username;
    std::string role;
    std::string warehouse;
    soci::indicator warehouse_ind = soci::i_null;

    [[nodiscard]] Principal to_principal(AuthKind kind) const {
        return Principal{
            .id = UserId{id},
            .username = username,
            .role = parse_role(role).value_or(Role::viewer),
            .warehouse = warehouse_ind == soci::i_ok ? std::optional(warehouse) : std::nullopt,
            .kind = kind};
    }
};

}  // namespace

UserId UserRepo::insert(db::Tx& tx, const User& user, const std::string& hash) {
    long long id = 0;
    const std::string role(to_string(user.role));
    const std::string warehouse = user.warehouse.value_or("");
    soci::indicator warehouse_ind = user.warehouse ? soci::i_ok : soci::i_null;
    const int active = user.active ? 1 : 0;
    long long created = user.created_at;
    long long updated = user.updated_at;
    tx.sql() << kInsertUser, soci::use(user.username), soci::use(hash), soci::use(role),
        soci::use(warehouse, warehouse_ind), soci::use(active), soci::use(created),
        soci::use(updated), soci::into(id);
    return UserId{id};
}

std::optional<UserCredentials> UserRepo::find(db::Tx& tx, std::string_view username) {
    UserRow row;
    const std::string name(username);
    tx.sql() << std::string(kUserColumns) + kFindUser, soci::into(row.id), soci::into(row.username),
        soci::into(row.role), soci::into(row.warehouse, row.warehouse_ind), soci::into(row.active),
        soci::into(row.created_at), soci::into(row.updated_at), soci::into(row.hash),
        soci::use(name);
    if (!tx.sql().got_data()) {
        return std::nullopt;
    }
    return UserCredentials{row.to_user(), row.hash};
}

std::vector<User> UserRepo::list(db::Tx& tx, std::int64_t after, int limit) {
    UserRow row;
    long long after_value = after;
    soci::statement st = (tx.sql().prepare << std::string(kUserColumns) + kListUsers,
                          soci::into(row.id), soci::into(row.username), soci::into(row.role),
                          soci::into(row.warehouse, row.warehouse_ind), soci::into(row.active),
                          soci::into(row.created_at), soci::into(row.updated_at),
                          soci::into(row.hash), soci::use(after_value), soci::use(limit));
    st.execute();
    std::vector<User> users;
    while (st.fetch()) {
        users.push_back(row.to_user());
    }
    return users;
}

bool UserRepo::update(db::Tx& tx, const User& user, core::TimestampMs expected_updated_at) {
    const std::string role(to_string(user.role));
    const std::string warehouse = user.warehouse.value_or("");
    soci::indicator warehouse_ind = user.warehouse ? soci::i_ok : soci::i_null;
    const int active = user.active ? 1 : 0;
    long long now = user.updated_at;
    long long id = user.id.value;
    long long expected = expected_updated_at;
    soci::statement st =
        (tx.sql().prepare << kUpdateUser, soci::use(role), soci::use(warehouse, warehouse_ind),
         soci::use(active), soci::use(now), soci::use(id), soci::use(expected));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

void UserRepo::set_password(db::Tx& tx, UserId id, const std::string& hash, core::TimestampMs now) {
    long long now_value = now;
    long long id_value = id.value;
    tx.sql() << kSetPassword, soci::use(hash), soci::use(now_value), soci::use(id_value);
}

int UserRepo::count(db::Tx& tx) {
    int n = 0;
    tx.sql() << kCountUsers, soci::into(n);
    return n;
}

void UserRepo::insert_session(db::Tx& tx, const std::string& token_hash, UserId user,
                              core::TimestampMs now, core::TimestampMs expires_at) {
    long long user_id = user.value;
    long long now_value = now;
    long long expires = expires_at;
    tx.sql() << kInsertSession, soci::use(token_hash), soci::use(user_id), soci::use(now_value),
        soci::use(expires);
}

bool UserRepo::delete_session(db::Tx& tx, const std::string& token_hash) {
    soci::statement st = (tx.sql().prepare << kDeleteSession, soci::use(token_hash));
    st.execute(true);
    return st.get_affected_rows() > 0;
}

void UserRepo::delete_user_sessions(db::Tx& tx, UserId user) {
    long long user_id = user.value;
    tx.sql() << kDeleteUserSessions, soci::use(user_id);
}

void UserRepo::purge_expired_sessions(db::Tx& tx, core::TimestampMs now) {
    long long now_value = now;
    tx.sql() << kPurgeSessions, soci::use(now_value);
}

std::optional<SessionPrincipal> UserRepo::principal_by_session(db::Tx& tx,
                                                               const std::string& token_hash,
                                                               core::TimestampMs now) {
    PrincipalRow row;
    long long expires_at = 0;
    long long now_value = now;
    tx.sql() << kPrincipalBySession, soci::into(row.id), soci::into(row.username),
        soci::into(row.role), soci::into(row.warehouse, row.warehouse_ind), soci::into(expires_at),
        soci::use(token_hash), soci::use(now_value);
    if (!tx.sql().got_data()) {
        return std::nullopt;
    }
    return SessionPrincipal{row.to_principal(AuthKind::session), expires_at};
}

TokenId UserRepo::insert_token(db::Tx& tx, UserId user, const std::string& name,
                               const std::string& prefix, const std::string& token_hash,
                               core::TimestampMs now) {
    long long id = 0;
    long long user_id = user.value;
    long long now_value = now;
    tx.sql() << kInsertToken, soci::use(user_id), soci::use(name), soci::use(prefix),
        soci::use(token_hash), soci::use(now_value), soci::into(id);
    return TokenId{id};
}

std::optional<Principal> UserRepo::principal_by_token(db::Tx& tx, const std::string& token_hash) {
    PrincipalRow row;
    tx.sql() << kPrincipalByToken, soci::into(row.id), soci::into(row.username),
        soci::into(row.role), soci::into(row.warehouse, row.warehouse_ind), soci::use(token_hash);
    if (!tx.sql().got_data()) {
        return std::nullopt;
    }
    return row.to_principal(AuthKind::token);
}

namespace {

struct TokenRow {
    long long id = 0;
    long long user_id = 0;
    std::string username;
    std::string name;
    std::string prefix;
    long long created_at = 0;
    long long revoked_at = 0;
    soci::indicator revoked_ind = soci::i_null;

    [[nodiscard]] ApiToken to_token() const {
        return ApiToken{
            .id = TokenId{id},
            .user_id = UserId{user_id},
            .username = username,
            .name = name,
            .prefix = prefix,
            .created_at = created_at,
            .revoked_at = revoked_ind == soci::i_ok ? std::optional(revoked_at) : std::nullopt};
    }
};

}  // namespace

std::vector<ApiToken> UserRepo::list_tokens(db::Tx& tx, UserId user) {
    TokenRow row;
    long long user_id = user.value;
    soci::statement st = (tx.sql().prepare << std::string(kTokenColumns) + kTokensOfUser,
                          soci::into(row.id), soci::into(row.user_id), soci::into(row.username),
                          soci::into(row.name), soci::into(row.prefix), soci::into(row.created_at),
                          soci::into(row.revoked_at, row.revoked_ind), soci::use(user_id));
    st.execute();
    std::vector<ApiToken> tokens;
    while (st.fetch()) {
        tokens.push_back(row.to_token());
    }
    return tokens;
}

std::optional<ApiToken> UserRepo::find_token(db::Tx& tx, TokenId id) {
    TokenRow row;
    long long id_value = id.value;
    tx.sql() << std::string(kTokenColumns) + kTokenById, soci::into(row.id),
        soci::into(row.user_id), soci::into(row.username), soci::into(row.name),
        soci::into(row.prefix), soci::into(row.created_at),
        soci::into(row.revoked_at, row.revoked_ind), soci::use(id_value);
    if (!tx.sql().got_data()) {
        return std::nullopt;
    }
    return row.to_token();
}

bool UserRepo::revoke_token(db::Tx& tx, TokenId id, core::TimestampMs now) {
    long long now_value = now;
    long long id_value = id.value;
    soci::statement st =
        (tx.sql().prepare << kRevokeToken, soci::use(now_value), soci::use(id_value));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

ThrottleState UserRepo::throttle(db::Tx& tx, const std::string& key) {
    int failures = 0;
    long long window_start = 0;
    long long locked_until = 0;
    tx.sql() << kThrottle, soci::into(failures), soci::into(window_start), soci::into(locked_until),
        soci::use(key);
    if (!tx.sql().got_data()) {
        return {};
    }
    return {failures, window_start, locked_until};
}

bool UserRepo::claim_attempt(db::Tx& tx, const std::string& key, core::TimestampMs now,
                             const ThrottlePolicy& policy) {
    long long now_value = now;
    long long cutoff = now - policy.window_ms;
    int max = policy.max_failures;
    soci::statement st = (tx.sql().prepare << kClaimAttempt, soci::use(key), soci::use(now_value),
                          soci::use(cutoff), soci::use(cutoff), soci::use(now_value),
                          soci::use(now_value), soci::use(max), soci::use(cutoff));
    st.execute(true);
    return st.get_affected_rows() == 1;
}

void UserRepo::lock_if_exhausted(db::Tx& tx, const std::string& key, core::TimestampMs now,
                                 const ThrottlePolicy& policy) {
    long long until = now + policy.lock_ms;
    long long now_value = now;
    int max = policy.max_failures;
    tx.sql() << kLockIfExhausted, soci::use(until), soci::use(until), soci::use(key),
        soci::use(max), soci::use(now_value);
}

void UserRepo::release_attempt(db::Tx& tx, const std::string& key) {
    tx.sql() << kReleaseAttempt, soci::use(key);
}

void UserRepo::clear_throttle(db::Tx& tx, const std::string& key) {
    tx.sql() << kClearThrottle, soci::use(key);
}

}  // namespace tally::identity
