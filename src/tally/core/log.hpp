#pragma once

#include <memory>
#include <string>

#include <spdlog/logger.h>

namespace tally::core {

// Sends the application log to stderr at `level` (trace, debug, info, warn, error).
void init_logging(const std::string& level);

// Opens the access log: "-" for stdout, "off", or a file path. Call once, from serve.
void init_access_log(const std::string& target);

// The access log: one line per HTTP request. A null sink until init_access_log.
[[nodiscard]] spdlog::logger& access_log();

}  // namespace tally::core
