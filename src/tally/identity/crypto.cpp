#include "tally/identity/crypto.hpp"

#include <array>
#include <stdexcept>

#include <sodium.h>

namespace tally::identity {

namespace {

void ensure_sodium() {
    static const bool ready = sodium_init() >= 0;
    if (!ready) {
        throw std::runtime_error("libsodium failed to initialise");
    }
}

}  // namespace

std::string hash_password(std::string_view password, PasswordCost cost) {
    ensure_sodium();
    unsigned long long ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
    std::size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    if (cost == PasswordCost::moderate) {
        ops = crypto_pwhash_OPSLIMIT_MODERATE;
        mem = crypto_pwhash_MEMLIMIT_MODERATE;
    } else if (cost == PasswordCost::sensitive) {
        ops = crypto_pwhash_OPSLIMIT_SENSITIVE;
        mem = crypto_pwhash_MEMLIMIT_SENSITIVE;
    }
    std::array<char, crypto_pwhash_STRBYTES> out{};
    if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops, mem,
                              crypto_pwhash_ALG_ARGON2ID13) != 0) {
        throw std::runtime_error("out of memory while hashing a password");
    }
    return std::string(out.data());
}

bool verify_password(std::string_view hash, std::string_view password) {
    ensure_sodium();
    const std::string stored(hash);  // libsodium wants a NUL-terminated string
    return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

std::string random_secret(std::string_view prefix) {
    ensure_sodium();
    std::array<unsigned char, 32> bytes{};
    randombytes_buf(bytes.data(), bytes.size());
    std::array<char, sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)>
        encoded{};
    sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(),
                      sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return std::string(prefix) + encoded.data();
}

std::string secret_digest(std::string_view secret) {
    ensure_sodium();
    std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
    crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(secret.data()),
                       secret.size());
    std::array<char, crypto_hash_sha256_BYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    return std::string(hex.data());
}

SecretKey secret_cache_key(std::string_view secret) {
    static const auto key = [] {
        ensure_sodium();
        std::array<unsigned char, crypto_shorthash_siphashx24_KEYBYTES> made{};
        randombytes_buf(made.data(), made.size());
        return made;
    }();
    SecretKey out{};
    crypto_shorthash_siphashx24(out.data(), reinterpret_cast<const unsigned char*>(secret.data()),
                                secret.size(), key.data());
    return out;
}

}  // namespace tally::identity

namespace tally::identity {

core::Result<SecretBox> SecretBox::from_hex(std::string_view key, std::string_view field) {
    ensure_sodium();
    SecretBox box;
    std::size_t length = 0;
    if (key.size() != 64 ||
        sodium_hex2bin(box.key_.data(), box.key_.size(), key.data(), key.size(), nullptr, &length,
                       nullptr) != 0 ||
        length != box.key_.size()) {
        return core::invalid_field(std::string(field), "must be 64 hex digits (a 32-byte key)");
    }
    return box;
}

std::string SecretBox::generate_hex() {
    ensure_sodium();
    std::array<unsigned char, crypto_secretbox_KEYBYTES> key{};
    crypto_secretbox_keygen(key.data());
    std::array<char, crypto_secretbox_KEYBYTES * 2 + 1> hex{};
    sodium_bin2hex(hex.data(), hex.size(), key.data(), key.size());
    return std::string(hex.data());
}

std::string SecretBox::seal(std::string_view plain) const {
    ensure_sodium();
    std::string box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plain.size(), '\0');
    auto* bytes = reinterpret_cast<unsigned char*>(box.data());
    randombytes_buf(bytes, crypto_secretbox_NONCEBYTES);
    crypto_secretbox_easy(bytes + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char*>(plain.data()), plain.size(), bytes,
                          key_.data());
    std::string encoded(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL),
                        '\0');
    sodium_bin2base64(encoded.data(), encoded.size(), bytes, box.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    encoded.resize(std::char_traits<char>::length(encoded.c_str()));
    return encoded;
}

std::optional<std::string> SecretBox::open(std::string_view sealed) const {
    ensure_sodium();
    std::string box(sealed.size(), '\0');
    std::size_t length = 0;
    if (sodium_base642bin(reinterpret_cast<unsigned char*>(box.data()), box.size(), sealed.data(),
                          sealed.size(), nullptr, &length, nullptr,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
        return std::nullopt;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(box.data());
    std::string plain(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
    if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plain.data()),
                                   bytes + crypto_secretbox_NONCEBYTES,
                                   length - crypto_secretbox_NONCEBYTES, bytes, key_.data()) != 0) {
        return std::nullopt;
    }
    return plain;
}

}  // namespace tally::identity
