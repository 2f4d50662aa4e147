#include "tally/identity/user_repo.hpp"

#include "tally/db/statement.hpp"

namespace tally::identity {

namespace {

constexpr const char* kInsertUser =
    "INSERT INTO users (username, password_hash, role, warehouse_code, active, created_at,"
    " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
constexpr const char* kFindUser =
    "SELECT id, username, role, warehouse_code, active, created_at, updated_at, password_hash"
    " FROM users WHERE username = $1";
constexpr const char* kListUsers =
    "SELECT id, username, role, warehouse_code, active, created_at, updated_at FROM users"
    " WHERE id > $1 ORDER BY id LIMIT $2";
constexpr const char* kUpdateUser =
    "UPDATE users SET role = $1, warehouse_code = $2, active = $3, updated_at = $4"
    " WHERE id = $5 AND updated_at = $6";
constexpr const char* kSetPassword =
    "UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3";
constexpr const char* kCountUsers = "SELECT COUNT(*) AS n FROM users";

constexpr const char* kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
constexpr const char* kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
constexpr const char* kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = $1";
constexpr const char* kPurgeSessions = "DELETE FROM sessions WHERE expires_at <= $1";
constexpr const char* kPrincipalBySession =
    "SELECT u.id, u.username, u.role, u.warehouse_code, s.expires_at FROM sessions s"
    " JOIN users u ON u.id = s.user_id"
    " WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1";

constexpr const char* kInsertToken =
    "INSERT INTO api_tokens (user_id, name, prefix, token_hash, created_at)"
    " VALUES ($1, $2, $3, $4, $5) RETURNING id";
constexpr const char* kPrincipalByToken =
    "SELECT u.id, u.username, u.role, u.warehouse_code FROM api_tokens t"
    " JOIN users u ON u.id = t.user_id"
    " WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1";
constexpr const char* kTokensOfUser =
    "SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created_at, t.revoked_at"
    " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.user_id = $1 ORDER BY t.id";
constexpr const char* kTokenById =
    "SELECT t.id, t.user_id, u.username, t.name, t.prefix, t.created_at, t.revoked_at"
    " FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = $1";
constexpr const char* kRevokeToken =
    "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL";

constexpr const char* kThrottle =
    "SELECT failures, window_start, locked_until FROM login_throttle WHERE throttle_key = $1";
// A window that began at or before $3 (now minus the window) is over: the attempt starts a
// new one. Rows affected: 1 when the attempt is counted, 0 when refused.
constexpr const char* kClaimAttempt =
    "INSERT INTO login_throttle (throttle_key, failures, window_start, locked_until)"
    " VALUES ($1, 1, $2, 0)"
    " ON CONFLICT (throttle_key) DO UPDATE SET"
    " failures = CASE WHEN login_throttle.window_start <= $3 THEN 1"
    " ELSE login_throttle.failures + 1 END,"
    " window_start = CASE WHEN login_throttle.window_start <= $3 THEN $2"
    " ELSE login_throttle.window_start END"
    " WHERE login_throttle.locked_until <= $2"
    " AND (login_throttle.failures < $4 OR login_throttle.window_start <= $3)";
constexpr const char* kLockIfExhausted =
    "UPDATE login_throttle SET locked_until = $1, failures = 0, window_start = $1"
    " WHERE throttle_key = $2 AND failures >= $3 AND locked_until <= $4";
constexpr const char* kReleaseAttempt =
    "UPDATE login_throttle SET failures = failures - 1 WHERE throttle_key = $1 AND failures > 0";
constexpr const char* kClearThrottle = "DELETE FROM login_throttle WHERE throttle_key = $1";

// The columns of kFindUser and kListUsers.
User read_user(const db::Query& row) {
    return User{.id = UserId{row.int64("id")},
                .username = row.text("username"),
                .role = parse_role(row.text("role")).value_or(Role::viewer),
                .warehouse = row.optional_text("warehouse_code"),
                .active = row.boolean("active"),
                .created_at = row.int64("created_at"),
                .updated_at = row.int64("updated_at")};
}

// The columns both principal queries select.
Principal read_principal(const db::Query& row, AuthKind kind) {
    return Principal{.id = UserId{row.int64("id")},
                     .username = row.text("username"),
                     .role = parse_role(row.text("role")).value_or(Role::viewer),
                     .warehouse = row.optional_text("warehouse_code"),
                     .kind = kind};
}

// The columns of kTokensOfUser and kTokenById.
ApiToken read_token(const db::Query& row) {
    return ApiToken{.id = TokenId{row.int64("id")},
                    .user_id = UserId{row.int64("user_id")},
                    .username = row.text("username"),
                    .name = row.text("name"),
                    .prefix = row.text("prefix"),
                    .created_at = row.int64("created_at"),
                    .revoked_at = row.optional_int64("revoked_at")};
}

}  // namespace

UserId UserRepo::insert(db::Tx& tx, const User& user, const std::string& hash) {
    db::Query insert(tx, kInsertUser);
    insert.bind(user.username)
        .bind(hash)
        .bind(std::string(to_string(user.role)))
        .bind(user.warehouse)
        .bind(user.active ? 1 : 0)
        .bind(user.created_at)
        .bind(user.updated_at);
    insert.next();
    return UserId{insert.int64("id")};
}

std::optional<UserCredentials> UserRepo::find(db::Tx& tx, std::string_view username) {
    db::Query select(tx, kFindUser);
    select.bind(username);
    if (!select.next()) {
        return std::nullopt;
    }
    return UserCredentials{read_user(select), select.text("password_hash")};
}

std::vector<User> UserRepo::list(db::Tx& tx, std::int64_t after, int limit) {
    db::Query select(tx, kListUsers);
    select.bind(after).bind(limit);
    std::vector<User> users;
    while (select.next()) {
        users.push_back(read_user(select));
    }
    return users;
}

bool UserRepo::update(db::Tx& tx, const User& user, core::TimestampMs expected_updated_at) {
    db::Query update(tx, kUpdateUser);
    return update.bind(std::string(to_string(user.role)))
               .bind(user.warehouse)
               .bind(user.active ? 1 : 0)
               .bind(user.updated_at)
               .bind(user.id.value)
               .bind(expected_updated_at)
               .exec() == 1;
}

void UserRepo::set_password(db::Tx& tx, UserId id, const std::string& hash, core::TimestampMs now) {
    db::Query update(tx, kSetPassword);
    update.bind(hash).bind(now).bind(id.value).exec();
}

int UserRepo::count(db::Tx& tx) {
    db::Query select(tx, kCountUsers);
    return select.next() ? static_cast<int>(select.int64("n")) : 0;
}

void UserRepo::insert_session(db::Tx& tx, const std::string& token_hash, UserId user,
                              core::TimestampMs now, core::TimestampMs expires_at) {
    db::Query insert(tx, kInsertSession);
    insert.bind(token_hash).bind(user.value).bind(now).bind(expires_at).exec();
}

bool UserRepo::delete_session(db::Tx& tx, const std::string& token_hash) {
    db::Query remove(tx, kDeleteSession);
    return remove.bind(token_hash).exec() > 0;
}

void UserRepo::delete_user_sessions(db::Tx& tx, UserId user) {
    db::Query remove(tx, kDeleteUserSessions);
    remove.bind(user.value).exec();
}

void UserRepo::purge_expired_sessions(db::Tx& tx, core::TimestampMs now) {
    db::Query remove(tx, kPurgeSessions);
    remove.bind(now).exec();
}

std::optional<SessionPrincipal> UserRepo::principal_by_session(db::Tx& tx,
                                                               const std::string& token_hash,
                                                               core::TimestampMs now) {
    db::Query select(tx, kPrincipalBySession);
    select.bind(token_hash).bind(now);
    if (!select.next()) {
        return std::nullopt;
    }
    return SessionPrincipal{read_principal(select, AuthKind::session), select.int64("expires_at")};
}

TokenId UserRepo::insert_token(db::Tx& tx, UserId user, const std::string& name,
                               const std::string& prefix, const std::string& token_hash,
                               core::TimestampMs now) {
    db::Query insert(tx, kInsertToken);
    insert.bind(user.value).bind(name).bind(prefix).bind(token_hash).bind(now);
    insert.next();
    return TokenId{insert.int64("id")};
}

std::optional<Principal> UserRepo::principal_by_token(db::Tx& tx, const std::string& token_hash) {
    db::Query select(tx, kPrincipalByToken);
    select.bind(token_hash);
    if (!select.next()) {
        return std::nullopt;
    }
    return read_principal(select, AuthKind::token);
}

std::vector<ApiToken> UserRepo::list_tokens(db::Tx& tx, UserId user) {
    db::Query select(tx, kTokensOfUser);
    select.bind(user.value);
    std::vector<ApiToken> tokens;
    while (select.next()) {
        tokens.push_back(read_token(select));
    }
    return tokens;
}

std::optional<ApiToken> UserRepo::find_token(db::Tx& tx, TokenId id) {
    db::Query select(tx, kTokenById);
    select.bind(id.value);
    if (!select.next()) {
        return std::nullopt;
    }
    return read_token(select);
}

bool UserRepo::revoke_token(db::Tx& tx, TokenId id, core::TimestampMs now) {
    db::Query update(tx, kRevokeToken);
    return update.bind(now).bind(id.value).exec() == 1;
}

ThrottleState UserRepo::throttle(db::Tx& tx, const std::string& key) {
    db::Query select(tx, kThrottle);
    select.bind(key);
    if (!select.next()) {
        return {};
    }
    return {static_cast<int>(select.int64("failures")), select.int64("window_start"),
            select.int64("locked_until")};
}

bool UserRepo::claim_attempt(db::Tx& tx, const std::string& key, core::TimestampMs now,
                             const ThrottlePolicy& policy) {
    db::Query claim(tx, kClaimAttempt);
    return claim.bind(key)
               .bind(now)
               .bind(now - policy.window_ms)
               .bind(policy.max_failures)
               .exec() == 1;
}

void UserRepo::lock_if_exhausted(db::Tx& tx, const std::string& key, core::TimestampMs now,
                                 const ThrottlePolicy& policy) {
    db::Query lock(tx, kLockIfExhausted);
    lock.bind(now + policy.lock_ms).bind(key).bind(policy.max_failures).bind(now).exec();
}

void UserRepo::release_attempt(db::Tx& tx, const std::string& key) {
    db::Query release(tx, kReleaseAttempt);
    release.bind(key).exec();
}

void UserRepo::clear_throttle(db::Tx& tx, const std::string& key) {
    db::Query clear(tx, kClearThrottle);
    clear.bind(key).exec();
}

}  // namespace tally::identity
