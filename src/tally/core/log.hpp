#pragma once

#include <string>
#include <string_view>

#include <fmt/compile.h>
#include <fmt/format.h>

namespace tally::core {

// Sends the application log to stderr at `level` (trace, debug, info, warn, error).
void init_logging(const std::string& level);

// Opens the access log: "-" for stdout, "off", or a file path. Call once, from serve; lines
// written before it go nowhere. close_access_log writes out what is pending and stops.
void init_access_log(const std::string& target);
void close_access_log();

// Appends one line, prefixed with the UTC time to the millisecond. Lines are buffered in
// memory and written out by a background thread every 100 ms or every 64 KiB, so a request
// never waits on the disk nor wakes a thread of its own.
void write_access_line(std::string_view line);

// `format` is FMT_COMPILE("..."): the line is written by code made at compile time.
template <typename Format, typename... Args>
void log_access(const Format& format, const Args&... args) {
    fmt::memory_buffer line;
    fmt::format_to(std::back_inserter(line), format, args...);
    write_access_line({line.data(), line.size()});
}

}  // namespace tally::core
