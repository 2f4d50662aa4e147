#pragma once

#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace tally::testkit {

struct ProcessResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};

// Runs a program to completion with `input` on stdin and extra environment variables.
[[nodiscard]] ProcessResult run_process(
    const std::vector<std::string>& argv, const std::string& input = "",
    const std::vector<std::pair<std::string, std::string>>& env = {});

// A program left running in the background, its output going to files; killed with
// SIGKILL when still running at destruction.
class BackgroundProcess {
  public:
    explicit BackgroundProcess(const std::vector<std::string>& argv,
                               const std::vector<std::pair<std::string, std::string>>& env = {});
    ~BackgroundProcess();
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    void signal(int signal_number) const;
    // Waits up to `timeout_ms` for the exit; returns the exit code, or -1 on time-out, or
    // 128 + signal when killed by one.
    int wait(int timeout_ms);
    [[nodiscard]] std::string out() const;
    [[nodiscard]] std::string err() const;
    [[nodiscard]] pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    bool exited_ = false;
    std::string out_path_;
    std::string err_path_;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
[[nodiscard]] unsigned short free_port();

// Polls GET url until it answers 200 or `timeout_ms` passes.
[[nodiscard]] bool wait_for_http(const std::string& url, int timeout_ms);

}  // namespace tally::testkit
