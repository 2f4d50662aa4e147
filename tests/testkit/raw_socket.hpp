#pragma once

#include <string>

namespace tally::testkit {

// A plain TCP connection to 127.0.0.1, for sending what no HTTP client would send.
class RawSocket {
  public:
    explicit RawSocket(unsigned short port);
    ~RawSocket();
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    void send(const std::string& data);
    // Reads until the peer closes or `timeout_ms` passes without data.
    [[nodiscard]] std::string read_all(int timeout_ms);
    // Reads until what came so far holds `marker`, the peer closes, or `timeout_ms` passes
    // without data.
    [[nodiscard]] std::string read_until(const std::string& marker, int timeout_ms);

  private:
    int fd_ = -1;
};

}  // namespace tally::testkit
