#include "tally/core/log.hpp"

#include <spdlog/async.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace tally::core {

namespace {
std::shared_ptr<spdlog::logger>& access_logger() {
    static std::shared_ptr<spdlog::logger> logger =
        std::make_shared<spdlog::logger>("access", std::make_shared<spdlog::sinks::null_sink_mt>());
    return logger;
}
}  // namespace

void init_logging(const std::string& level) {
    auto app = std::make_shared<spdlog::logger>("tally",
                                                std::make_shared<spdlog::sinks::stderr_sink_mt>());
    app->set_level(spdlog::level::from_str(level));
    app->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    spdlog::set_default_logger(app);
}

void init_access_log(const std::string& access_log) {
    // The access log is written by a background thread so a busy server never waits on it.
    spdlog::init_thread_pool(65536, 1);
    std::shared_ptr<spdlog::sinks::sink> sink;
    if (access_log == "off") {
        sink = std::make_shared<spdlog::sinks::null_sink_mt>();
    } else if (access_log == "-") {
        sink = std::make_shared<spdlog::sinks::stdout_sink_mt>();
    } else {
        sink = std::make_shared<spdlog::sinks::basic_file_sink_mt>(access_log);
    }
    auto logger = std::make_shared<spdlog::async_logger>(
        "access", sink, spdlog::thread_pool(), spdlog::async_overflow_policy::overrun_oldest);
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %v", spdlog::pattern_time_type::utc);
    // Written out once a second rather than a system call per request; spdlog flushes the
    // registered loggers on that schedule and at exit.
    logger->flush_on(spdlog::level::err);
    spdlog::drop("access");
    spdlog::register_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
    access_logger() = logger;
}

spdlog::logger& access_log() {
    return *access_logger();
}

}  // namespace tally::core
