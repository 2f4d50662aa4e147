#include "tally/integrations/raw_tcp_printer.hpp"

#include <cerrno>
#include <cstring>
#include <memory>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "tally/core/config.hpp"

namespace tally::integrations {

namespace {

core::Status unreachable(const std::string& address, const std::string& why) {
    return core::fail(core::ErrorCode::unavailable,
                      "The printer at " + address + " did not take the label: " + why + ".");
}

// Waits until `fd` is ready for `events` or `timeout` passes.
bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
    pollfd p{.fd = fd, .events = events, .revents = 0};
    int ready = 0;
    do {
        ready = ::poll(&p, 1, static_cast<int>(timeout.count()));
    } while (ready < 0 && errno == EINTR);
    return ready > 0 && (p.revents & (events | POLLERR | POLLHUP)) != 0;
}

struct Socket {
    int fd = -1;
    ~Socket() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
};

}  // namespace

core::Status RawTcpPrinter::print(const std::string& address, const std::string& zpl) {
    const auto parsed = core::parse_listen(address);
    if (!parsed) {
        return core::invalid_field("printer", "must be HOST:PORT, such as 10.0.0.7:9100");
    }
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    const auto port = std::to_string(parsed->port);
    if (::getaddrinfo(parsed->host.c_str(), port.c_str(), &hints, &found) != 0 || !found) {
        return unreachable(address, "the host name is not known");
    }
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(found, &::freeaddrinfo);

    Socket socket{::socket(found->ai_family, found->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                           found->ai_protocol)};
    if (socket.fd < 0) {
        return unreachable(address, std::strerror(errno));
    }
    if (::connect(socket.fd, found->ai_addr, found->ai_addrlen) != 0 && errno != EINPROGRESS) {
        return unreachable(address, std::strerror(errno));
    }
    if (!wait_for(socket.fd, POLLOUT, timeout_)) {
        return unreachable(address, "no answer within the time allowed");
    }
    int error = 0;
    socklen_t length = sizeof(error);
    ::getsockopt(socket.fd, SOL_SOCKET, SO_ERROR, &error, &length);
    if (error != 0) {
        return unreachable(address, std::strerror(error));
    }
    std::size_t sent = 0;
    while (sent < zpl.size()) {
        const auto n = ::send(socket.fd, zpl.data() + sent, zpl.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
        } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            if (!wait_for(socket.fd, POLLOUT, timeout_)) {
                return unreachable(address, "it stopped taking data");
            }
        } else {
            return unreachable(address, std::strerror(errno));
        }
    }
    ::shutdown(socket.fd, SHUT_WR);
    return {};
}

}  // namespace tally::integrations
