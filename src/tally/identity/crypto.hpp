#pragma once

#include <array>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

#include "tally/core/error.hpp"

namespace tally::identity {

enum class PasswordCost { interactive, moderate, sensitive };

// Argon2id, in libsodium's self-describing string form ($argon2id$v=19$m=...).
[[nodiscard]] std::string hash_password(std::string_view password, PasswordCost cost);
// Constant-time check of a password against a hash from hash_password.
[[nodiscard]] bool verify_password(std::string_view hash, std::string_view password);

// A secret with 256 random bits: prefix + 43 base64url characters.
[[nodiscard]] std::string random_secret(std::string_view prefix);

// Secrets are stored only as their SHA-256 (lower-case hex): random secrets need no
// slow hash, and a stolen table gives nothing to replay.
[[nodiscard]] std::string secret_digest(std::string_view secret);

// What a secret is known by in memory: SipHash-x-2-4 (128 bits) under a key made when the
// process starts. A hundredth of the cost of secret_digest, for a cache looked up on every
// request; maps compare these, never the secret itself.
using SecretKey = std::array<unsigned char, 16>;
[[nodiscard]] SecretKey secret_cache_key(std::string_view secret);

struct SecretKeyHash {
    std::size_t operator()(const SecretKey& key) const noexcept {
        std::size_t hash = 0;
        std::memcpy(&hash, key.data(), sizeof hash);  // already uniformly spread
        return hash;
    }
};

// Seals secrets kept at rest, such as a shop's access token (libsodium secretbox: XSalsa20
// and Poly1305). A sealed value is base64 of a fresh nonce and the ciphertext.
class SecretBox {
  public:
    // A 32-byte key written as 64 hex digits: invalid_argument naming `field` otherwise.
    [[nodiscard]] static core::Result<SecretBox> from_hex(std::string_view key,
                                                          std::string_view field);
    // A new random key as 64 hex digits.
    [[nodiscard]] static std::string generate_hex();

    [[nodiscard]] std::string seal(std::string_view plain) const;
    // nullopt when the value was tampered with or sealed with another key.
    [[nodiscard]] std::optional<std::string> open(std::string_view sealed) const;

  private:
    std::array<unsigned char, 32> key_{};
};

}  // namespace tally::identity
