#include "tally/core/log.hpp"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>
#include <thread>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace tally::core {

namespace {

constexpr std::size_t kFlushBytes = 64 * 1024;
// A disk that cannot keep up loses lines beyond this rather than the server's memory.
constexpr std::size_t kMaxPendingBytes = 16 * 1024 * 1024;
constexpr auto kFlushEvery = std::chrono::milliseconds(100);

// "2026-11-26T14:54:49." for the second `seconds` since the epoch.
std::string second_prefix(std::time_t seconds) {
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[32];
    const auto size = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S.", &utc);
    return {text, size};
}

class AccessLog {
  public:
    AccessLog(std::FILE* out, bool owned) : out_(out), owned_(owned) {
        writer_ = std::jthread([this](std::stop_token stop) { run(stop); });
    }

    AccessLog(const AccessLog&) = delete;
    AccessLog& operator=(const AccessLog&) = delete;

    ~AccessLog() {
        writer_.request_stop();
        wake_.notify_one();
        writer_.join();
        if (owned_) {
            std::fclose(out_);
        }
    }

    void write(std::string_view line) {
        const auto now = std::chrono::system_clock::now().time_since_epoch();
        const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(now);
        const auto millis =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - seconds).count();
        std::unique_lock lock(mutex_);
        if (pending_.size() > kMaxPendingBytes) {
            ++dropped_;
            return;
        }
        if (seconds.count() != prefix_second_) {
            prefix_second_ = seconds.count();
            prefix_ = second_prefix(static_cast<std::time_t>(prefix_second_));
        }
        const auto before = pending_.size();
        pending_ += prefix_;
        pending_ += static_cast<char>('0' + millis / 100);
        pending_ += static_cast<char>('0' + millis / 10 % 10);
        pending_ += static_cast<char>('0' + millis % 10);
        pending_ += "Z ";
        pending_ += line;
        pending_ += '\n';
        // Only the write that crosses the mark wakes the writer; the others leave it asleep.
        const bool wake = before < kFlushBytes && pending_.size() >= kFlushBytes;
        lock.unlock();
        if (wake) {
            wake_.notify_one();
        }
    }

  private:
    void run(const std::stop_token& stop) {
        std::string writing;
        for (;;) {
            std::size_t dropped = 0;
            {
                std::unique_lock lock(mutex_);
                wake_.wait_for(lock, kFlushEvery, [&] {
                    return stop.stop_requested() || pending_.size() >= kFlushBytes;
                });
                writing.swap(pending_);
                std::swap(dropped, dropped_);
            }
            if (dropped > 0) {
                spdlog::warn("access log: {} lines dropped, the disk did not keep up", dropped);
            }
            if (!writing.empty()) {
                std::fwrite(writing.data(), 1, writing.size(), out_);
                std::fflush(out_);
                writing.clear();
            }
            if (stop.stop_requested()) {
                std::unique_lock lock(mutex_);
                if (pending_.empty()) {
                    return;
                }
            }
        }
    }

    std::FILE* out_;
    bool owned_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::string pending_;
    std::size_t dropped_ = 0;
    std::int64_t prefix_second_ = -1;
    std::string prefix_;
    std::jthread writer_;
};

std::unique_ptr<AccessLog>& access_log() {
    static std::unique_ptr<AccessLog> log;
    return log;
}

}  // namespace

void init_logging(const std::string& level) {
    auto app = std::make_shared<spdlog::logger>("tally",
                                                std::make_shared<spdlog::sinks::stderr_sink_mt>());
    app->set_level(spdlog::level::from_str(level));
    app->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %l %v", spdlog::pattern_time_type::utc);
    spdlog::set_default_logger(app);
}

void init_access_log(const std::string& target) {
    close_access_log();
    if (target == "off") {
        return;
    }
    if (target == "-") {
        access_log() = std::make_unique<AccessLog>(stdout, false);
        return;
    }
    std::FILE* file = std::fopen(target.c_str(), "a");
    if (file == nullptr) {
        throw std::runtime_error("cannot open the access log " + target);
    }
    access_log() = std::make_unique<AccessLog>(file, true);
}

void close_access_log() {
    access_log().reset();
}

void write_access_line(std::string_view line) {
    if (const auto& log = access_log()) {
        log->write(line);
    }
}

}  // namespace tally::core
