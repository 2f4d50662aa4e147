#pragma once

#include <string>
#include <string_view>

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

}  // namespace tally::identity
