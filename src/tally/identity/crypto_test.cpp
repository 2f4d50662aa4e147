#include "tally/identity/crypto.hpp"

#include <gtest/gtest.h>

namespace tally::identity {
namespace {

TEST(PasswordHash, IsArgon2idAndVerifiesOnlyTheRightPassword) {
    const auto hash = hash_password("correct horse battery", PasswordCost::interactive);
    EXPECT_TRUE(hash.starts_with("$argon2id$"));
    EXPECT_TRUE(verify_password(hash, "correct horse battery"));
    EXPECT_FALSE(verify_password(hash, "correct horse batterY"));
    EXPECT_FALSE(verify_password("not a hash", "correct horse battery"));
}

TEST(PasswordHash, SaltsEachHash) {
    EXPECT_NE(hash_password("same password", PasswordCost::interactive),
              hash_password("same password", PasswordCost::interactive));
}

TEST(RandomSecret, HasThePrefixAnd256BitsOfBase64Url) {
    const auto secret = random_secret("tly_");
    EXPECT_TRUE(secret.starts_with("tly_"));
    EXPECT_EQ(secret.size(), 4U + 43U);
    EXPECT_EQ(secret.find_first_not_of(
                  "tly_ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-"),
              std::string::npos);
    EXPECT_NE(random_secret("tly_"), secret);
}

TEST(SecretDigest, IsSha256InHex) {
    EXPECT_EQ(secret_digest("abc"),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

}  // namespace
}  // namespace tally::identity
