#include "tally/identity/identity_service.hpp"

#include "tally/core/json_text.hpp"

namespace tally::identity {

namespace {

constexpr std::string_view kTokenPrefix = "tly_";
constexpr std::size_t kShownPrefixLength = 10;  // "tly_" and six characters of the secret

core::Error not_found_user(std::string_view username) {
    return {.code = core::ErrorCode::not_found,
            .message = "There is no user named '" + std::string(username) + "'."};
}

core::Error bad_credentials() {
    return {.code = core::ErrorCode::unauthenticated,
            .message = "The user name or password is wrong."};
}

}  // namespace

IdentityService::IdentityService(db::Database& db, const core::Clock& clock,
                                 IdentityOptions options)
    : db_(db),
      clock_(clock),
      options_(options),
      dummy_hash_(hash_password(random_secret(""), options.password_cost)) {}

core::Result<User> IdentityService::create_user(const Principal& actor,
                                                const CreateUserRequest& request) {
    if (auto scoped = require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    validate_username(request.username, "username", errors);
    validate_password(request.password, "password", errors);
    const auto role = parse_role(request.role);
    if (!role) {
        errors.add("role",
                   "must be one of admin, manager, picker, packer, loader, receiver, "
                   "support, viewer");
    }
    if (request.warehouse) {
        validate_warehouse_code(*request.warehouse, "warehouse", errors);
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    const std::string hash = hash_password(request.password, options_.password_cost);
    const auto now = clock_.now_ms();
    User user{.username = request.username,
              .role = *role,
              .warehouse = request.warehouse,
              .active = true,
              .created_at = now,
              .updated_at = now};
    auto created = db_.write([&](db::Tx& tx) -> core::Result<User> {
        user.id = UserRepo::insert(tx, user, hash);
        record_audit(tx, actor, now, "user.create", "user", user.username,
                     core::json_object({{"role", std::string(to_string(user.role))},
                                        {"warehouse", user.warehouse.value_or("")}}));
        return user;
    });
    return core::name_conflict(std::move(created), "username", "The user name is already taken.");
}

core::Result<User> IdentityService::update_user(const Principal& actor, std::string_view username,
                                                const UpdateUserRequest& request) {
    if (auto scoped = require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    core::FieldErrors errors;
    std::optional<Role> role;
    if (request.role) {
        role = parse_role(*request.role);
        if (!role) {
            errors.add("role",
                       "must be one of admin, manager, picker, packer, loader, receiver, "
                       "support, viewer");
        }
    }
    if (request.warehouse && !request.warehouse->empty()) {
        validate_warehouse_code(*request.warehouse, "warehouse", errors);
    }
    if (request.password) {
        validate_password(*request.password, "password", errors);
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    std::optional<std::string> hash;
    if (request.password) {
        hash = hash_password(*request.password, options_.password_cost);
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Result<User> {
        auto found = UserRepo::find(tx, username);
        if (!found) {
            return std::unexpected(not_found_user(username));
        }
        User user = found->user;
        const auto expected = user.updated_at;
        std::vector<std::pair<std::string, std::string>> changes;
        if (role) {
            user.role = *role;
            changes.emplace_back("role", std::string(to_string(*role)));
        }
        if (request.warehouse) {
            user.warehouse = request.warehouse->empty() ? std::nullopt : request.warehouse;
            changes.emplace_back("warehouse", *request.warehouse);
        }
        if (request.active) {
            user.active = *request.active;
            changes.emplace_back("active", *request.active ? "true" : "false");
        }
        // Keep updated_at strictly increasing so the compare-and-set below sees every change.
        user.updated_at = std::max(now, expected + 1);
        if (!UserRepo::update(tx, user, expected)) {
            return core::fail(core::ErrorCode::conflict,
                              "The user was changed by someone else; reload and try again.");
        }
        if (hash) {
            UserRepo::set_password(tx, user.id, *hash, user.updated_at);
            changes.emplace_back("password", "changed");
        }
        if (!user.active || hash) {
            // A deactivated user or a new password ends every open session.
            UserRepo::delete_user_sessions(tx, user.id);
        }
        record_audit(tx, actor, now, "user.update", "user", user.username,
                     core::json_object(changes));
        forget_all();  // a new role, scope or a deactivation applies at once on this node
        return user;
    });
}

core::Result<User> IdentityService::get_user(const Principal& actor, std::string_view username) {
    if (auto scoped = require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<User> {
        auto found = UserRepo::find(tx, username);
        if (!found) {
            return std::unexpected(not_found_user(username));
        }
        return found->user;
    });
}

core::Result<std::vector<User>> IdentityService::list_users(const Principal& actor,
                                                            std::int64_t after, int limit) {
    if (auto scoped = require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<User>> {
        return UserRepo::list(tx, after, limit);
    });
}

core::Result<LoginResult> IdentityService::login(const LoginRequest& request) {
    return check_password(request, true);
}

core::Result<User> IdentityService::verify_credentials(const LoginRequest& request) {
    auto checked = check_password(request, false);
    if (!checked) {
        return std::unexpected(checked.error());
    }
    return std::move(checked->user);
}

core::Result<LoginResult> IdentityService::check_password(const LoginRequest& request,
                                                          bool open_session) {
    core::FieldErrors errors;
    if (request.username.empty()) {
        errors.add("username", "is required");
    }
    if (request.password.empty()) {
        errors.add("password", "is required");
    }
    if (!errors.empty()) {
        return errors.to_error();
    }
    // Argon2 takes 64 MiB a check: past the bound, refuse at once rather than queue.
    if (checking_.fetch_add(1) >= std::max(1, options_.max_password_checks)) {
        --checking_;
        return std::unexpected(core::Error{.code = core::ErrorCode::rate_limited,
                                           .message = "Too many sign-ins at once; try again.",
                                           .retry_after_s = 1});
    }
    struct Release {
        std::atomic<int>& running;
        ~Release() { --running; }
    } release{checking_};

    const std::string user_key = "user:" + request.username;
    const std::string address_key = "addr:" + request.client_address;
    const auto now = clock_.now_ms();

    // Count the attempt first, in a short transaction whose conditional upserts decide, and
    // verify outside any transaction: Argon2 is slow on purpose, and a write transaction
    // held meanwhile would stall every other writer.
    struct Claim {
        std::optional<UserCredentials> credentials;
        int wait_s = 0;  // refused: seconds until the key may try again
    };
    auto claim = db_.write([&](db::Tx& tx) -> core::Result<Claim> {
        Claim c;
        const auto refused = [&](const std::string& key) {
            c.wait_s = std::max(1, throttle_wait_s(UserRepo::throttle(tx, key), now));
            return c;
        };
        if (!UserRepo::claim_attempt(tx, address_key, now, options_.address_throttle)) {
            return refused(address_key);
        }
        if (!UserRepo::claim_attempt(tx, user_key, now, options_.user_throttle)) {
            UserRepo::release_attempt(tx, address_key);
            return refused(user_key);
        }
        c.credentials = UserRepo::find(tx, request.username);
        return c;
    });
    if (!claim) {
        return std::unexpected(claim.error());
    }
    if (claim->wait_s > 0) {
        return std::unexpected(core::Error{.code = core::ErrorCode::rate_limited,
                                           .message = "Too many failed sign-ins; try again later.",
                                           .retry_after_s = claim->wait_s});
    }
    const auto& credentials = claim->credentials;
    ++password_checks_;
    const bool password_ok =
        verify_password(credentials ? credentials->password_hash : dummy_hash_, request.password);
    const bool ok = credentials && password_ok && credentials->user.active;

    LoginResult result;
    auto written = db_.write([&](db::Tx& tx) -> core::Result<bool> {
        if (!ok) {
            UserRepo::lock_if_exhausted(tx, user_key, now, options_.user_throttle);
            UserRepo::lock_if_exhausted(tx, address_key, now, options_.address_throttle);
            return false;
        }
        UserRepo::clear_throttle(tx, user_key);
        UserRepo::release_attempt(tx, address_key);
        result.user = credentials->user;
        if (!open_session) {
            return true;
        }
        UserRepo::purge_expired_sessions(tx, now);
        result.session_token = random_secret("");
        result.expires_at = now + options_.session_ttl_ms;
        UserRepo::insert_session(tx, secret_digest(result.session_token), result.user.id, now,
                                 result.expires_at);
        return true;
    });
    if (!written) {
        return std::unexpected(written.error());
    }
    if (!ok) {
        return std::unexpected(bad_credentials());
    }
    return result;
}

core::Status IdentityService::logout(const std::string& session_token) {
    forget(secret_cache_key(session_token));
    return db_.write([&](db::Tx& tx) -> core::Status {
        if (!UserRepo::delete_session(tx, secret_digest(session_token))) {
            return core::fail(core::ErrorCode::unauthenticated, "The session has ended.");
        }
        return {};
    });
}

std::optional<Principal> IdentityService::cached(const SecretKey& key, core::TimestampMs now) {
    std::lock_guard lock(cache_mutex_);
    const auto found = cache_.find(key);
    if (found == cache_.end() || found->second.until <= now) {
        return std::nullopt;
    }
    return found->second.principal;
}

void IdentityService::remember(const SecretKey& key, const Principal& principal,
                               core::TimestampMs now, core::TimestampMs ends) {
    if (options_.auth_cache_ms <= 0) {
        return;
    }
    constexpr std::size_t kMaxEntries = 100'000;
    std::lock_guard lock(cache_mutex_);
    if (cache_.size() >= kMaxEntries) {
        cache_.clear();
    }
    cache_[key] = Cached{principal, std::min(now + options_.auth_cache_ms, ends)};
}

void IdentityService::forget(const SecretKey& key) {
    std::lock_guard lock(cache_mutex_);
    cache_.erase(key);
}

void IdentityService::forget_all() {
    std::lock_guard lock(cache_mutex_);
    cache_.clear();
}

core::Result<Principal> IdentityService::authenticate_session(const std::string& session_token) {
    const auto key = secret_cache_key(session_token);
    const auto now = clock_.now_ms();
    if (auto principal = cached(key, now)) {
        return *principal;
    }
    const auto digest = secret_digest(session_token);
    auto session = db_.read([&](db::Tx& tx) -> core::Result<SessionPrincipal> {
        auto found = UserRepo::principal_by_session(tx, digest, now);
        if (!found) {
            return core::fail(core::ErrorCode::unauthenticated,
                              "The session has ended; sign in again.");
        }
        return *found;
    });
    if (!session) {
        return std::unexpected(session.error());
    }
    // Not a moment past its expiry, however recently it was checked.
    remember(key, session->principal, now, session->expires_at);
    return session->principal;
}

std::optional<Principal> IdentityService::authenticate_cached(std::string_view secret) {
    return cached(secret_cache_key(secret), clock_.now_ms());
}

core::Result<Principal> IdentityService::authenticate_token(const std::string& secret) {
    if (!secret.starts_with(kTokenPrefix)) {
        return core::fail(core::ErrorCode::unauthenticated, "The API token is not valid.");
    }
    const auto key = secret_cache_key(secret);
    const auto now = clock_.now_ms();
    if (auto principal = cached(key, now)) {
        return *principal;
    }
    const auto digest = secret_digest(secret);
    auto principal = db_.read([&](db::Tx& tx) -> core::Result<Principal> {
        auto found = UserRepo::principal_by_token(tx, digest);
        if (!found) {
            return core::fail(core::ErrorCode::unauthenticated, "The API token is not valid.");
        }
        return *found;
    });
    if (principal) {
        remember(key, *principal, now);
    }
    return principal;
}

core::Result<CreatedToken> IdentityService::create_token(const Principal& actor,
                                                         std::string_view username,
                                                         const std::string& name) {
    if (auto scoped = require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    if (name.size() > 100) {
        return core::invalid_field("name", "must be at most 100 characters");
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Result<CreatedToken> {
        auto found = UserRepo::find(tx, username);
        if (!found) {
            return std::unexpected(not_found_user(username));
        }
        CreatedToken created;
        created.secret = random_secret(kTokenPrefix);
        const std::string label = name.empty() ? "token" : name;
        const std::string prefix = created.secret.substr(0, kShownPrefixLength);
        const TokenId id = UserRepo::insert_token(tx, found->user.id, label, prefix,
                                                  secret_digest(created.secret), now);
        created.token = ApiToken{.id = id,
                                 .user_id = found->user.id,
                                 .username = found->user.username,
                                 .name = label,
                                 .prefix = prefix,
                                 .created_at = now};
        record_audit(tx, actor, now, "token.create", "api_token", std::to_string(id.value),
                     core::json_object({{"user", found->user.username}, {"name", label}}));
        return created;
    });
}

core::Result<std::vector<ApiToken>> IdentityService::list_tokens(const Principal& actor,
                                                                 std::string_view username) {
    if (auto scoped = require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<ApiToken>> {
        auto found = UserRepo::find(tx, username);
        if (!found) {
            return std::unexpected(not_found_user(username));
        }
        return UserRepo::list_tokens(tx, found->user.id);
    });
}

core::Status IdentityService::revoke_token(const Principal& actor, TokenId id) {
    if (auto scoped = require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    const auto now = clock_.now_ms();
    return db_.write([&](db::Tx& tx) -> core::Status {
        auto token = UserRepo::find_token(tx, id);
        if (!token) {
            return core::fail(core::ErrorCode::not_found,
                              "There is no API token " + std::to_string(id.value) + ".");
        }
        if (!UserRepo::revoke_token(tx, id, now)) {
            return core::fail(core::ErrorCode::conflict, "The API token is already revoked.");
        }
        forget_all();
        record_audit(tx, actor, now, "token.revoke", "api_token", std::to_string(id.value),
                     core::json_object({{"user", token->username}, {"name", token->name}}));
        return {};
    });
}

core::Result<std::vector<AuditEntry>> IdentityService::audit(const Principal& actor,
                                                             const AuditFilter& filter) {
    if (auto scoped = require_unscoped(actor); !scoped) {
        return std::unexpected(scoped.error());
    }
    return db_.read([&](db::Tx& tx) -> core::Result<std::vector<AuditEntry>> {
        return AuditRepo::list(tx, filter);
    });
}

core::Result<bool> IdentityService::bootstrap_admin(const std::string& username,
                                                    const std::string& password) {
    auto count = db_.read([&](db::Tx& tx) -> core::Result<int> { return UserRepo::count(tx); });
    if (!count) {
        return std::unexpected(count.error());
    }
    if (*count > 0) {
        return false;
    }
    auto created = create_user(Principal::system(),
                               {.username = username, .password = password, .role = "admin"});
    if (!created) {
        // Another node created the first user meanwhile: that is fine.
        if (created.error().code == core::ErrorCode::conflict) {
            return false;
        }
        return std::unexpected(created.error());
    }
    return true;
}

}  // namespace tally::identity
