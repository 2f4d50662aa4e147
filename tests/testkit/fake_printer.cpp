#include "testkit/fake_printer.hpp"

#include <stdexcept>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace tally::testkit {

FakePrinter::FakePrinter() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
        ::listen(fd_, 1) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        throw std::runtime_error("the fake printer could not listen");
    }
    port_ = ntohs(address.sin_port);
    received_ = std::async(std::launch::async, [fd = fd_, accepted = &accepted_] {
        const int client = ::accept(fd, nullptr, nullptr);
        std::string data;
        if (client < 0) {
            return data;
        }
        accepted->store(true);
        char buffer[4096];
        ssize_t n = 0;
        while ((n = ::recv(client, buffer, sizeof(buffer), 0)) > 0) {
            data.append(buffer, static_cast<std::size_t>(n));
        }
        ::close(client);
        return data;
    });
}

FakePrinter::~FakePrinter() {
    // Wakes the accept() of a printer nobody printed to.
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
}

bool FakePrinter::connected() const {
    pollfd waiting{.fd = fd_, .events = POLLIN, .revents = 0};
    return accepted_.load() || ::poll(&waiting, 1, 0) > 0;
}

std::string FakePrinter::received() {
    return received_.get();
}

}  // namespace tally::testkit
