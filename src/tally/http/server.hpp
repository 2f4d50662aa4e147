#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tally/http/message.hpp"

namespace tally::http {

// What the server calls for each request. Implementations are thread-safe.
class Handler {
  public:
    virtual ~Handler() = default;
    // The answer on the I/O thread, when it needs no database: cheap routes, and routes
    // whose fast path finds the answer in memory. nullopt: call handle() on the workers.
    [[nodiscard]] virtual std::optional<Response> answer_inline(Request& request) = 0;
    [[nodiscard]] virtual Response handle(Request& request) = 0;
    // The answer to a request that could not be read (malformed, too large, timed out) or
    // was not read (503: too many connections).
    [[nodiscard]] virtual Response protocol_error(int status, const std::string& detail) = 0;
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    unsigned short port = 8080;  // 0: any free port
    int io_threads = 2;
    int workers = 4;
    // GET and HEAD on a pool of their own when above 0: reads do not queue behind writes
    // waiting for their commit, nor pay for a pool sized for write batches.
    int read_workers = 0;
    std::size_t max_body_bytes = 1024 * 1024;
    std::size_t max_header_bytes = 16 * 1024;
    // Open connections at most; one more is answered 503 and closed.
    std::size_t max_connections = 1000;
    // From a request's first byte to its last, and for writing its answer.
    std::chrono::seconds request_timeout{30};
    // A keep-alive connection's wait for the first byte of its next request.
    std::chrono::seconds idle_timeout{60};
    std::chrono::seconds shutdown_grace{30};
};

// How long the acceptor pauses after `failures` accept errors in a row (0: none): 10 ms,
// doubling up to a second. Running out of descriptors fails every accept at once, so
// retrying without a pause is a busy loop that starves the connections being served.
[[nodiscard]] std::chrono::milliseconds accept_backoff(int failures);

// An HTTP/1.1 server on Boost.Beast: keep-alive, body and header limits, timeouts, and a
// graceful stop that finishes requests in flight. The only place that knows Beast.
class Server {
  public:
    Server(ServerOptions options, Handler& handler);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds and listens; throws when the address cannot be bound. Returns the bound port.
    unsigned short listen();
    // Serves until stop() or SIGTERM/SIGINT (when handle_signals), then finishes the
    // requests in flight and returns.
    void run(bool handle_signals);
    // Starts a graceful stop; safe from any thread.
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tally::http
