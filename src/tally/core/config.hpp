#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "tally/core/error.hpp"

namespace tally::core {

// Everything `tally serve` and the other subcommands can be told. Sources, lowest first:
// built-in defaults, the TOML file (--config), TALLY_* environment variables, flags.
struct Config {
    std::string db = "sqlite:var/tally.db";
    std::string listen = "127.0.0.1:8080";
    int io_threads = 0;  // 0: one per core
    int workers = 0;     // 0: 64 on SQLite (group commit), the database pool on PostgreSQL
    int db_pool = 0;     // 0: 4 on SQLite, 16 on PostgreSQL
    std::size_t max_body_bytes = 1024 * 1024;
    // Open connections at most; one more is answered 503 and closed. Keep it below the
    // process's descriptor limit (ulimit -n), which the database and logs share.
    int max_connections = 1000;
    // Once a request's first byte has arrived, its head and body must arrive within this time.
    int request_timeout_s = 30;
    int idle_timeout_s = 60;  // a keep-alive connection waiting for its next request
    int shutdown_grace_s = 30;
    int session_ttl_s = 12 * 3600;
    std::string web_root;          // empty: the page built into the binary
    std::string access_log = "-";  // "-" stdout, "off", or a file path
    std::string log_level = "info";
    bool secure_cookies = false;
    // Proxies (addresses or CIDRs, IPv4 and IPv6) whose X-Forwarded-For is believed: the
    // client is the right-most address there that is not itself a trusted proxy. Empty:
    // the client is the peer of the connection. TOML: an array or "a, b"; env: "a,b".
    std::vector<std::string> trusted_proxies;
    // Origins ("https://tally.example.com") besides the request's own Host that may make
    // writes with the session cookie; each such write needs a matching Origin or Referer.
    std::vector<std::string> allowed_origins;
    // Argon2id cost: "interactive" (default) or "moderate"/"sensitive" for stronger hashes.
    std::string password_cost = "interactive";
    // 64 hex digits: seals secrets at rest (a shop's access token). Empty on SQLite: a key
    // is made once and kept in secret.key beside the database file.
    std::string secret_key;
    int job_threads = 0;        // 0: 16 on SQLite (group commit), 8 on PostgreSQL
    int job_backoff_ms = 2000;  // the first retry's wait; it doubles up to 30 minutes
    int shopify_timeout_s = 20;
};

// Applies a TOML document over `config`. Unknown keys are an error naming the key.
[[nodiscard]] Status apply_toml(Config& config, const std::string& path);

// Applies TALLY_DB, TALLY_LISTEN, TALLY_IO_THREADS, TALLY_WORKERS, TALLY_DB_POOL,
// TALLY_WEB_ROOT, TALLY_ACCESS_LOG, TALLY_LOG_LEVEL, TALLY_MAX_BODY_BYTES, TALLY_SECRET_KEY,
// TALLY_JOB_THREADS, TALLY_JOB_BACKOFF_MS, TALLY_SHOPIFY_TIMEOUT_S, TALLY_MAX_CONNECTIONS,
// TALLY_REQUEST_TIMEOUT_S, TALLY_TRUSTED_PROXIES and TALLY_ALLOWED_ORIGINS (comma-separated
// lists) and the rest by the same rule.
[[nodiscard]] Status apply_environment(Config& config);

// Splits "HOST:PORT" (IPv6 as "[::1]:8080").
struct ListenAddress {
    std::string host;
    unsigned short port = 0;
};
[[nodiscard]] Result<ListenAddress> parse_listen(const std::string& text);

}  // namespace tally::core
