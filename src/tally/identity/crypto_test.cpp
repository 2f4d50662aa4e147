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

TEST(SecretCacheKey, IsTheSameForTheSameSecretAndDiffersOtherwise) {
    const auto key = secret_cache_key("tly_abc");
    EXPECT_EQ(secret_cache_key("tly_abc"), key);
    EXPECT_NE(secret_cache_key("tly_abd"), key);
    EXPECT_NE(secret_cache_key("tly_ab"), key);
    EXPECT_NE(secret_cache_key(""), key);
    EXPECT_NE(SecretKeyHash{}(key), SecretKeyHash{}(secret_cache_key("tly_abd")));
}

}  // namespace
}  // namespace tally::identity

namespace tally::identity {
namespace {

TEST(SecretBox, OpensWhatItSealedAndNothingTamperedWith) {
    const auto box = SecretBox::from_hex(SecretBox::generate_hex(), "secret_key");
    ASSERT_TRUE(box);
    const auto sealed = box->seal("shpat_0123456789abcdef");

    EXPECT_EQ(sealed.find("shpat"), std::string::npos);
    EXPECT_NE(sealed, box->seal("shpat_0123456789abcdef"));  // a fresh nonce each time
    EXPECT_EQ(box->open(sealed), "shpat_0123456789abcdef");
    auto tampered = sealed;
    tampered[tampered.size() / 2] = tampered[tampered.size() / 2] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(box->open(tampered));
    const auto other = SecretBox::from_hex(SecretBox::generate_hex(), "secret_key");
    EXPECT_FALSE(other->open(sealed));
}

TEST(SecretBox, RefusesAKeyThatIsNot64HexDigitsNamingTheField) {
    const auto box = SecretBox::from_hex("not-a-key", "secret_key");

    ASSERT_FALSE(box);
    EXPECT_EQ(box.error().fields.front().field, "secret_key");
}

}  // namespace
}  // namespace tally::identity
