#include "tally/core/log.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace tally::core {
namespace {

std::vector<std::string> lines_of(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

class AccessLogTest : public ::testing::Test {
  protected:
    void TearDown() override {
        close_access_log();
        std::filesystem::remove(path_);
    }

    std::filesystem::path path_ = std::filesystem::temp_directory_path() /
                                  ("tally-access-" + std::to_string(::getpid()) + ".log");
};

TEST_F(AccessLogTest, EveryLineFromEveryThreadIsWrittenOnceWithItsTime) {
    init_access_log(path_.string());
    std::vector<std::jthread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([t] {
            for (int i = 0; i < 5000; ++i) {
                log_access(FMT_COMPILE("thread {} line {}"), t, i);
            }
        });
    }
    threads.clear();
    close_access_log();

    const auto lines = lines_of(path_);
    ASSERT_EQ(lines.size(), 20000U);
    std::vector<int> next(4, 0);
    for (const auto& line : lines) {
        // 2026-11-26T14:54:49.123Z thread 2 line 17
        ASSERT_GE(line.size(), 25U) << line;
        EXPECT_EQ(line[4], '-') << line;
        EXPECT_EQ(line[10], 'T') << line;
        EXPECT_EQ(line[19], '.') << line;
        EXPECT_EQ(line.substr(23, 2), "Z ") << line;
        int thread = -1;
        int number = -1;
        ASSERT_EQ(std::sscanf(line.c_str() + 25, "thread %d line %d", &thread, &number), 2) << line;
        ASSERT_TRUE(thread >= 0 && thread < 4) << line;
        // Each thread's lines keep their order.
        EXPECT_EQ(number, next[static_cast<std::size_t>(thread)]++) << line;
    }
}

TEST_F(AccessLogTest, ALineIsOnDiskWithinAFewTenthsOfASecondWithoutClosing) {
    init_access_log(path_.string());
    log_access(FMT_COMPILE("GET {}"), "/health");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    std::vector<std::string> lines;
    while (lines.empty() && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        lines = lines_of(path_);
    }
    ASSERT_EQ(lines.size(), 1U);
    EXPECT_TRUE(lines.front().ends_with("Z GET /health")) << lines.front();
}

TEST_F(AccessLogTest, OffWritesNothingAndReopeningAppends) {
    init_access_log("off");
    log_access(FMT_COMPILE("nowhere"));
    init_access_log(path_.string());
    log_access(FMT_COMPILE("first"));
    close_access_log();
    init_access_log(path_.string());
    log_access(FMT_COMPILE("second"));
    close_access_log();
    const auto lines = lines_of(path_);
    ASSERT_EQ(lines.size(), 2U);
    EXPECT_TRUE(lines[0].ends_with("Z first"));
    EXPECT_TRUE(lines[1].ends_with("Z second"));
}

}  // namespace
}  // namespace tally::core
