#include "tally/core/config.hpp"

#include <charconv>
#include <cstdlib>
#include <functional>
#include <map>

#include <toml++/toml.h>

namespace tally::core {

namespace {

// One setting, reachable from TOML (key), the environment (env) and code (setter).
struct Setting {
    const char* key;
    const char* env;
    std::function<bool(Config&, const std::string&)> set;
};

bool set_int(int& out, const std::string& text) {
    int value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0) {
        return false;
    }
    out = value;
    return true;
}

bool set_size(std::size_t& out, const std::string& text) {
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value == 0) {
        return false;
    }
    out = value;
    return true;
}

bool set_bool(bool& out, const std::string& text) {
    if (text == "true" || text == "1") {
        out = true;
    } else if (text == "false" || text == "0") {
        out = false;
    } else {
        return false;
    }
    return true;
}

// "a, b ,c" as {"a", "b", "c"}; empty items are an error.
bool set_list(std::vector<std::string>& out, const std::string& text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    while (start <= text.size() && !text.empty()) {
        const auto end = std::min(text.find(',', start), text.size());
        auto item = text.substr(start, end - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (item.empty()) {
            return false;
        }
        items.push_back(std::move(item));
        start = end + 1;
    }
    out = std::move(items);
    return true;
}

const std::vector<Setting>& settings() {
    static const std::vector<Setting> all = {
        {"db", "TALLY_DB",
         [](Config& c, const std::string& v) {
             c.db = v;
             return !v.empty();
         }},
        {"listen", "TALLY_LISTEN",
         [](Config& c, const std::string& v) {
             c.listen = v;
             return parse_listen(v).has_value();
         }},
        {"io_threads", "TALLY_IO_THREADS",
         [](Config& c, const std::string& v) { return set_int(c.io_threads, v); }},
        {"workers", "TALLY_WORKERS",
         [](Config& c, const std::string& v) { return set_int(c.workers, v); }},
        {"db_pool", "TALLY_DB_POOL",
         [](Config& c, const std::string& v) { return set_int(c.db_pool, v); }},
        {"max_body_bytes", "TALLY_MAX_BODY_BYTES",
         [](Config& c, const std::string& v) { return set_size(c.max_body_bytes, v); }},
        {"max_connections", "TALLY_MAX_CONNECTIONS",
         [](Config& c, const std::string& v) {
             return set_int(c.max_connections, v) && c.max_connections > 0;
         }},
        {"request_timeout_s", "TALLY_REQUEST_TIMEOUT_S",
         [](Config& c, const std::string& v) {
             return set_int(c.request_timeout_s, v) && c.request_timeout_s > 0;
         }},
        {"idle_timeout_s", "TALLY_IDLE_TIMEOUT_S",
         [](Config& c, const std::string& v) { return set_int(c.idle_timeout_s, v); }},
        {"shutdown_grace_s", "TALLY_SHUTDOWN_GRACE_S",
         [](Config& c, const std::string& v) { return set_int(c.shutdown_grace_s, v); }},
        {"session_ttl_s", "TALLY_SESSION_TTL_S",
         [](Config& c, const std::string& v) { return set_int(c.session_ttl_s, v); }},
        {"web_root", "TALLY_WEB_ROOT",
         [](Config& c, const std::string& v) {
             c.web_root = v;
             return true;
         }},
        {"access_log", "TALLY_ACCESS_LOG",
         [](Config& c, const std::string& v) {
             c.access_log = v;
             return !v.empty();
         }},
        {"log_level", "TALLY_LOG_LEVEL",
         [](Config& c, const std::string& v) {
             c.log_level = v;
             return v == "trace" || v == "debug" || v == "info" || v == "warn" || v == "error";
         }},
        {"secure_cookies", "TALLY_SECURE_COOKIES",
         [](Config& c, const std::string& v) { return set_bool(c.secure_cookies, v); }},
        {"trusted_proxies", "TALLY_TRUSTED_PROXIES",
         [](Config& c, const std::string& v) { return set_list(c.trusted_proxies, v); }},
        {"allowed_origins", "TALLY_ALLOWED_ORIGINS",
         [](Config& c, const std::string& v) { return set_list(c.allowed_origins, v); }},
        {"password_cost", "TALLY_PASSWORD_COST",
         [](Config& c, const std::string& v) {
             c.password_cost = v;
             return v == "interactive" || v == "moderate" || v == "sensitive";
         }},
        {"secret_key", "TALLY_SECRET_KEY",
         [](Config& c, const std::string& v) {
             c.secret_key = v;
             return v.size() == 64 && v.find_first_not_of("0123456789abcdefABCDEF") == v.npos;
         }},
        {"job_threads", "TALLY_JOB_THREADS",
         [](Config& c, const std::string& v) { return set_int(c.job_threads, v); }},
        {"job_backoff_ms", "TALLY_JOB_BACKOFF_MS",
         [](Config& c, const std::string& v) {
             return set_int(c.job_backoff_ms, v) && c.job_backoff_ms > 0;
         }},
        {"shopify_timeout_s", "TALLY_SHOPIFY_TIMEOUT_S",
         [](Config& c, const std::string& v) {
             return set_int(c.shopify_timeout_s, v) && c.shopify_timeout_s > 0;
         }},
    };
    return all;
}

std::string node_text(const toml::node& node) {
    if (const auto* s = node.as_string()) {
        return s->get();
    }
    if (const auto* i = node.as_integer()) {
        return std::to_string(i->get());
    }
    if (const auto* b = node.as_boolean()) {
        return b->get() ? "true" : "false";
    }
    if (const auto* array = node.as_array()) {
        std::string joined;
        for (const auto& item : *array) {
            joined += (joined.empty() ? "" : ",") + node_text(item);
        }
        return joined;
    }
    return {};
}

}  // namespace

Status apply_toml(Config& config, const std::string& path) {
    toml::table table;
    try {
        table = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        return fail(ErrorCode::invalid_argument,
                    "cannot read config " + path + ": " + std::string(e.description()));
    }
    FieldErrors errors;
    for (const auto& [key, node] : table) {
        const std::string name(key.str());
        const Setting* setting = nullptr;
        for (const auto& s : settings()) {
            if (name == s.key) {
                setting = &s;
            }
        }
        if (setting == nullptr) {
            errors.add(name, "unknown setting");
        } else if (!setting->set(config, node_text(node))) {
            errors.add(name, "invalid value");
        }
    }
    if (!errors.empty()) {
        auto error = errors.to_error();
        error.error().message = "invalid config " + path;
        return error;
    }
    return {};
}

Status apply_environment(Config& config) {
    FieldErrors errors;
    for (const auto& s : settings()) {
        if (const char* value = std::getenv(s.env); value != nullptr) {
            if (!s.set(config, value)) {
                errors.add(s.env, "invalid value");
            }
        }
    }
    if (!errors.empty()) {
        auto error = errors.to_error();
        error.error().message = "invalid environment";
        return error;
    }
    return {};
}

Result<ListenAddress> parse_listen(const std::string& text) {
    std::size_t colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
        return invalid_field("listen", "expected HOST:PORT");
    }
    std::string host = text.substr(0, colon);
    if (host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    unsigned port = 0;
    const char* first = text.data() + colon + 1;
    const char* last = text.data() + text.size();
    const auto [end, ec] = std::from_chars(first, last, port);
    if (ec != std::errc{} || end != last || port > 65535) {
        return invalid_field("listen", "port must be a number from 0 to 65535");
    }
    return ListenAddress{host, static_cast<unsigned short>(port)};
}

}  // namespace tally::core
