#include "testkit/process.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testkit/http_client.hpp"

extern char** environ;

namespace tally::testkit {

namespace {

std::vector<std::string> environment_with(
    const std::vector<std::pair<std::string, std::string>>& extra) {
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
        env.emplace_back(*e);
    }
    for (const auto& [name, value] : extra) {
        std::erase_if(env, [&](const std::string& entry) { return entry.starts_with(name + "="); });
        env.push_back(name + "=" + value);
    }
    return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (auto& s : strings) {
        out.push_back(s.data());
    }
    out.push_back(nullptr);
    return out;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

int decode_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

std::string temp_path(const std::string& tag) {
    static int counter = 0;
    return (std::filesystem::temp_directory_path() /
            ("tally-proc-" + std::to_string(getpid()) + "-" + std::to_string(++counter) + tag))
        .string();
}

pid_t spawn(const std::vector<std::string>& argv,
            const std::vector<std::pair<std::string, std::string>>& env, int in_fd,
            const std::string& out_path, const std::string& err_path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (in_fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, in_fd, STDIN_FILENO);
    } else {
        posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    }
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_path.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> args = argv;
    auto arg_ptrs = pointers(args);
    auto env_strings = environment_with(env);
    auto env_ptrs = pointers(env_strings);
    pid_t pid = -1;
    const int rc =
        posix_spawn(&pid, args[0].c_str(), &actions, nullptr, arg_ptrs.data(), env_ptrs.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
        throw std::runtime_error("cannot start " + argv[0]);
    }
    return pid;
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const std::string& input,
                          const std::vector<std::pair<std::string, std::string>>& env) {
    int pipe_fds[2];
    // Close-on-exec: the child must not hold the write end, or it never sees the end of input.
    if (pipe2(pipe_fds, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const std::string out_path = temp_path(".out");
    const std::string err_path = temp_path(".err");
    const pid_t pid = spawn(argv, env, pipe_fds[0], out_path, err_path);
    close(pipe_fds[0]);
    if (!input.empty()) {
        (void)!write(pipe_fds[1], input.data(), input.size());
    }
    close(pipe_fds[1]);
    int status = 0;
    waitpid(pid, &status, 0);
    ProcessResult result{decode_status(status), slurp(out_path), slurp(err_path)};
    std::filesystem::remove(out_path);
    std::filesystem::remove(err_path);
    return result;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const std::vector<std::pair<std::string, std::string>>& env)
    : out_path_(temp_path(".out")), err_path_(temp_path(".err")) {
    pid_ = spawn(argv, env, -1, out_path_, err_path_);
}

BackgroundProcess::~BackgroundProcess() {
    if (!exited_) {
        kill(pid_, SIGKILL);
        int status = 0;
        waitpid(pid_, &status, 0);
    }
    std::filesystem::remove(out_path_);
    std::filesystem::remove(err_path_);
}

void BackgroundProcess::signal(int signal_number) const {
    kill(pid_, signal_number);
}

int BackgroundProcess::wait(int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            exited_ = true;
            return decode_status(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

std::string BackgroundProcess::out() const {
    return slurp(out_path_);
}

std::string BackgroundProcess::err() const {
    return slurp(err_path_);
}

unsigned short free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
    close(fd);
    return ntohs(address.sin_port);
}

bool wait_for_http(const std::string& url, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    HttpClient client(url);
    while (std::chrono::steady_clock::now() < deadline) {
        try {
            if (client.get("").status == 200) {
                return true;
            }
        } catch (const std::exception&) {
            // not listening yet
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

}  // namespace tally::testkit
