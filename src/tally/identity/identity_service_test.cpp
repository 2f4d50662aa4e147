#include "tally/identity/identity_service.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "testkit/test_database.hpp"

namespace tally::identity {
namespace {

class IdentityServiceTest : public testkit::EngineTest {
  protected:
    IdentityService service_{*db_, clock_};
    Principal admin_ = Principal::system();

    User add(const std::string& name, const std::string& role = "picker") {
        auto user = service_.create_user(
            admin_, {.username = name, .password = "correct horse battery", .role = role});
        EXPECT_TRUE(user) << (user ? "" : user.error().message);
        return *user;
    }

    core::Result<LoginResult> login(const std::string& name, const std::string& password,
                                    const std::string& address = "10.0.0.1") {
        return service_.login({.username = name, .password = password, .client_address = address});
    }
};

TEST_P(IdentityServiceTest, CreatesAUserAndAuditsIt) {
    const User user = add("ana", "packer");
    EXPECT_GT(user.id.value, 0);
    EXPECT_EQ(user.role, Role::packer);

    const auto audit = service_.audit(admin_, {.entity_type = "user"});
    ASSERT_TRUE(audit);
    ASSERT_EQ(audit->size(), 1U);
    EXPECT_EQ(audit->front().action, "user.create");
    EXPECT_EQ(audit->front().entity_id, "ana");
    EXPECT_EQ(audit->front().actor, "system");
    EXPECT_EQ(audit->front().at, clock_.now_ms());
}

TEST_P(IdentityServiceTest, TheAuditLogFiltersByEntityAndActorAndPagesBackwards) {
    add("ana");
    add("bob");
    add("cyd");

    const auto bob = service_.audit(admin_, {.entity_type = "user", .entity_id = "bob"});
    const auto nobody = service_.audit(admin_, {.actor = "someone else"});
    const auto newest = service_.audit(admin_, {.actor = "system", .limit = 2});
    ASSERT_TRUE(bob && nobody && newest);
    ASSERT_EQ(bob->size(), 1U);
    EXPECT_EQ(bob->front().entity_id, "bob");
    EXPECT_FALSE(bob->front().actor_id);  // the system has no user id
    EXPECT_TRUE(nobody->empty());
    ASSERT_EQ(newest->size(), 2U);
    EXPECT_EQ(newest->front().entity_id, "cyd");
    const auto older = service_.audit(admin_, {.before_id = newest->back().id});
    ASSERT_TRUE(older);
    ASSERT_EQ(older->size(), 1U);
    EXPECT_EQ(older->front().entity_id, "ana");
}

TEST_P(IdentityServiceTest, NamesEveryBadFieldAtOnce) {
    const auto result = service_.create_user(
        admin_, {.username = "", .password = "short", .role = "boss", .warehouse = "ber"});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, core::ErrorCode::invalid_argument);
    std::vector<std::string> fields;
    for (const auto& f : result.error().fields) {
        fields.push_back(f.field);
    }
    EXPECT_EQ(fields, (std::vector<std::string>{"username", "password", "role", "warehouse"}));
}

TEST_P(IdentityServiceTest, RefusesATakenUserNameAsConflict) {
    add("ana");
    const auto again = service_.create_user(
        admin_, {.username = "ana", .password = "another password", .role = "viewer"});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, core::ErrorCode::conflict);
    EXPECT_EQ(again.error().fields.at(0).field, "username");
}

TEST_P(IdentityServiceTest, SignsInAndAuthenticatesTheSession) {
    add("ana");
    const auto signed_in = login("ana", "correct horse battery");
    ASSERT_TRUE(signed_in);
    const auto principal = service_.authenticate_session(signed_in->session_token);
    ASSERT_TRUE(principal);
    EXPECT_EQ(principal->username, "ana");
    EXPECT_EQ(principal->kind, AuthKind::session);
}

TEST_P(IdentityServiceTest, GivesTheSameAnswerForAWrongPasswordAndAnUnknownUser) {
    add("ana");
    const auto wrong = login("ana", "wrong password");
    const auto unknown = login("nobody", "wrong password");
    ASSERT_FALSE(wrong);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(wrong.error().code, core::ErrorCode::unauthenticated);
    EXPECT_EQ(wrong.error().message, unknown.error().message);
}

TEST_P(IdentityServiceTest, LocksAUserNameAfterFiveFailures) {
    add("ana");
    for (int i = 0; i < 5; ++i) {
        EXPECT_EQ(login("ana", "guess " + std::to_string(i)).error().code,
                  core::ErrorCode::unauthenticated);
    }
    const auto locked = login("ana", "correct horse battery");
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().code, core::ErrorCode::rate_limited);
    EXPECT_GT(locked.error().retry_after_s, 0);

    clock_.advance_ms(15 * 60'000 + 1);
    EXPECT_TRUE(login("ana", "correct horse battery"));
}

TEST_P(IdentityServiceTest, SessionsExpire) {
    add("ana");
    const auto signed_in = login("ana", "correct horse battery");
    ASSERT_TRUE(signed_in);
    clock_.advance_ms(12 * 3600 * 1000LL + 1);
    EXPECT_FALSE(service_.authenticate_session(signed_in->session_token));
}

TEST_P(IdentityServiceTest, SignOutEndsTheSession) {
    add("ana");
    const auto signed_in = login("ana", "correct horse battery");
    ASSERT_TRUE(service_.logout(signed_in->session_token));
    EXPECT_FALSE(service_.authenticate_session(signed_in->session_token));
}

TEST_P(IdentityServiceTest, TokensAuthenticateUntilRevoked) {
    add("scanner-7", "picker");
    const auto created = service_.create_token(admin_, "scanner-7", "handheld 7");
    ASSERT_TRUE(created);
    EXPECT_TRUE(created->secret.starts_with(created->token.prefix));
    const auto principal = service_.authenticate_token(created->secret);
    ASSERT_TRUE(principal);
    EXPECT_EQ(principal->role, Role::picker);

    ASSERT_TRUE(service_.revoke_token(admin_, created->token.id));
    EXPECT_FALSE(service_.authenticate_token(created->secret));
    EXPECT_EQ(service_.revoke_token(admin_, created->token.id).error().code,
              core::ErrorCode::conflict);
}

TEST_P(IdentityServiceTest, StoresNeitherTokenNorSessionSecrets) {
    add("ana");
    const auto created = service_.create_token(admin_, "ana", "");
    const auto signed_in = login("ana", "correct horse battery");
    const auto stored = db_->read([&](db::Tx& tx) -> core::Result<int> {
        int n = 0;
        tx.sql() << "SELECT (SELECT COUNT(*) FROM api_tokens WHERE token_hash = :a)"
                    " + (SELECT COUNT(*) FROM sessions WHERE token_hash = :b)",
            soci::use(created->secret), soci::use(signed_in->session_token), soci::into(n);
        return n;
    });
    EXPECT_EQ(*stored, 0);
}

TEST_P(IdentityServiceTest, DeactivatingAUserEndsTheirSessionsAndTokens) {
    add("ana");
    const auto signed_in = login("ana", "correct horse battery");
    const auto token = service_.create_token(admin_, "ana", "");
    ASSERT_TRUE(service_.update_user(admin_, "ana", {.active = false}));
    EXPECT_FALSE(service_.authenticate_session(signed_in->session_token));
    EXPECT_FALSE(service_.authenticate_token(token->secret));
    EXPECT_FALSE(login("ana", "correct horse battery"));
}

TEST_P(IdentityServiceTest, UpdatesRoleAndWarehouse) {
    add("ana");
    const auto updated =
        service_.update_user(admin_, "ana", {.role = "manager", .warehouse = "BER"});
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->role, Role::manager);
    EXPECT_EQ(updated->warehouse, "BER");
    const auto cleared = service_.update_user(admin_, "ana", {.warehouse = ""});
    EXPECT_FALSE(cleared->warehouse);
    EXPECT_EQ(service_.update_user(admin_, "nobody", {.role = "viewer"}).error().code,
              core::ErrorCode::not_found);
}

TEST_P(IdentityServiceTest, ListsUsersPageByPage) {
    for (int i = 0; i < 5; ++i) {
        add("user" + std::to_string(i));
    }
    const auto first = service_.list_users(admin_, 0, 3);
    ASSERT_EQ(first->size(), 3U);
    const auto second = service_.list_users(admin_, first->back().id.value, 3);
    ASSERT_EQ(second->size(), 2U);
    EXPECT_EQ(second->back().username, "user4");
}

TEST_P(IdentityServiceTest, BootstrapsTheFirstAdminOnlyOnce) {
    EXPECT_EQ(service_.bootstrap_admin("admin", "tally-demo"), true);
    EXPECT_EQ(service_.bootstrap_admin("admin", "tally-demo"), false);
    EXPECT_EQ(service_.get_user(admin_, "admin")->role, Role::admin);
}

TEST_P(IdentityServiceTest, TrustsACheckedTokenForAFewSecondsOnly) {
    add("scanner-7", "picker");
    const auto created = service_.create_token(admin_, "scanner-7", "");
    ASSERT_TRUE(service_.authenticate_token(created->secret));
    // Revoked behind this node's back (another node, or by hand in the database).
    ASSERT_TRUE(db_->write([](db::Tx& tx) -> core::Status {
        tx.sql() << "UPDATE api_tokens SET revoked_at = 1";
        return {};
    }));
    EXPECT_TRUE(service_.authenticate_token(created->secret)) << "still within the cache time";
    clock_.advance_ms(IdentityOptions{}.auth_cache_ms);
    EXPECT_FALSE(service_.authenticate_token(created->secret));
}

TEST_P(IdentityServiceTest, RefusesASessionFromTheMomentItExpiresEvenWhenItWasJustChecked) {
    add("ana");
    const auto signed_in = login("ana", "correct horse battery");
    ASSERT_TRUE(signed_in);
    clock_.set(signed_in->expires_at - 1);
    ASSERT_TRUE(service_.authenticate_session(signed_in->session_token));

    clock_.set(signed_in->expires_at);
    EXPECT_FALSE(service_.authenticate_session(signed_in->session_token));
    EXPECT_FALSE(service_.authenticate_cached(signed_in->session_token));
}

// Forty guesses at once: the attempt is counted before the password is checked, so no more
// than the policy's five checks run, and the rest are told to wait.
TEST_P(IdentityServiceTest, ParallelWrongGuessesGetNoMoreChecksThanThePolicyAllows) {
    add("ana");
    // Room for every guess to check at once: only the throttle's count holds them back.
    IdentityService service{*db_, clock_, {.max_password_checks = 64}};
    std::atomic<int> wrong{0};
    std::atomic<int> limited{0};
    std::atomic<int> other{0};
    std::vector<std::thread> guesses;
    for (int i = 0; i < 40; ++i) {
        guesses.emplace_back([&, i] {
            const auto result = service.login({.username = "ana",
                                               .password = "guess number " + std::to_string(i),
                                               .client_address = "10.0.0.1"});
            if (!result && result.error().code == core::ErrorCode::unauthenticated) {
                ++wrong;
            } else if (!result && result.error().code == core::ErrorCode::rate_limited) {
                ++limited;
            } else {
                ++other;
            }
        });
    }
    for (auto& guess : guesses) {
        guess.join();
    }

    EXPECT_EQ(wrong.load(), 5);
    EXPECT_EQ(limited.load(), 35);
    EXPECT_EQ(other.load(), 0);
    EXPECT_EQ(service.password_checks(), 5U);
    const auto locked = service.login(
        {.username = "ana", .password = "correct horse battery", .client_address = "10.0.0.1"});
    ASSERT_FALSE(locked);
    EXPECT_EQ(locked.error().code, core::ErrorCode::rate_limited);
}

// The attempt is counted before the check; a successful one is given back, so people who
// sign in from one address (an office behind NAT) do not lock it by signing in.
TEST_P(IdentityServiceTest, ASuccessfulSignInGivesBackItsAddressAttempt) {
    add("ana");
    IdentityService service{*db_, clock_, {.address_throttle = {.max_failures = 3}}};
    for (int i = 0; i < 4; ++i) {
        ASSERT_TRUE(service.login(
            {.username = "ana", .password = "correct horse battery", .client_address = "10.0.0.1"}))
            << i;
    }
}

INSTANTIATE_TEST_SUITE_P(Engines, IdentityServiceTest,
                         ::testing::ValuesIn(testkit::enabled_engines()), testkit::engine_name);

}  // namespace
}  // namespace tally::identity
