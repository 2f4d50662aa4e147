#pragma once

#include <atomic>
#include <future>
#include <string>

namespace tally::testkit {

// A label printer stand-in: listens on 127.0.0.1 (a free port), accepts one connection
// and keeps everything sent on it until the sender closes.
class FakePrinter {
  public:
    FakePrinter();
    ~FakePrinter();
    FakePrinter(const FakePrinter&) = delete;
    FakePrinter& operator=(const FakePrinter&) = delete;

    [[nodiscard]] unsigned short port() const { return port_; }
    [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
    // What the printer received; waits for the sender to close.
    [[nodiscard]] std::string received();
    // Whether anyone connected so far: accepted, or waiting in the listen queue. A connect
    // that returned has its place in the queue, so this needs no waiting.
    [[nodiscard]] bool connected() const;

  private:
    int fd_ = -1;
    unsigned short port_ = 0;
    std::atomic<bool> accepted_{false};  // before received_: its thread sets this
    std::future<std::string> received_;
};

}  // namespace tally::testkit
