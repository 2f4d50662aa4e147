#include "tally/http/server.hpp"

#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_set>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <fmt/compile.h>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace tally::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr auto kUseTuple = net::as_tuple(net::use_awaitable);
using Clock = std::chrono::steady_clock;
constexpr auto kIdleCloseDelay = std::chrono::milliseconds(500);

// 1xx, 204 and 304 answers carry no body, nor a Content-Length (RFC 9110 8.6, 15.4.5).
bool bodiless(int status) {
    return status / 100 == 1 || status == 204 || status == 304;
}

// One client connection. It lives on one single-threaded io_context, so its coroutines
// never run at the same time and need no strand.
struct Connection {
    explicit Connection(tcp::socket&& s) : socket(std::move(s)), watchdog(socket.get_executor()) {}
    tcp::socket socket;
    net::steady_timer watchdog;
    Clock::time_point deadline = Clock::time_point::max();
    bool idle = true;  // waiting for the first byte of a request
    bool done = false;
    bool counted = false;  // served, so counted against max_connections
};

Request to_request(bhttp::request<bhttp::string_body>& message, const std::string& remote) {
    Request request;
    request.method = std::string(message.method_string());
    request.target = std::string(message.target());
    request.headers.reserve(8);
    for (const auto& field : message) {
        std::string name(field.name_string());
        for (auto& c : name) {
            if (c >= 'A' && c <= 'Z') {
                c = static_cast<char>(c - 'A' + 'a');
            }
        }
        request.headers.emplace_back(std::move(name), std::string(field.value()));
    }
    request.body = std::move(message.body());
    request.client_address = remote;
    return request;
}

// The head of a response, written out by hand: the status line, Content-Type, the handler's
// fields, Content-Length, and Connection where keep-alive is not the version's default.
// Cheaper than Beast's fields and serializer, which allocate for every field.
std::string response_head(const Response& response, unsigned version, bool keep_alive) {
    std::string head;
    head.reserve(128 + response.headers.size() * 64);
    head += version == 10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    fmt::format_to(std::back_inserter(head), FMT_COMPILE("{} "), response.status);
    head += bhttp::obsolete_reason(static_cast<bhttp::status>(response.status));
    head += "\r\nContent-Type: ";
    head += response.content_type;
    head += "\r\n";
    for (const auto& [name, value] : response.headers) {
        head += name;
        head += ": ";
        head += value;
        head += "\r\n";
    }
    if (!bodiless(response.status)) {
        fmt::format_to(std::back_inserter(head), FMT_COMPILE("Content-Length: {}\r\n"),
                       response.body.size());
    }
    if (version == 10 && keep_alive) {
        head += "Connection: keep-alive\r\n";
    } else if (version != 10 && !keep_alive) {
        head += "Connection: close\r\n";
    }
    head += "\r\n";
    return head;
}

}  // namespace

std::chrono::milliseconds accept_backoff(int failures) {
    if (failures <= 0) {
        return std::chrono::milliseconds(0);
    }
    constexpr auto kFirst = std::chrono::milliseconds(10);
    constexpr auto kLongest = std::chrono::milliseconds(1000);
    return std::min(kLongest, kFirst * (1 << std::min(failures - 1, 7)));
}

// I/O runs on one single-threaded io_context per thread, connections spread round-robin:
// no thread wakes another to run a handler, which on two cores is most of the cost of a
// shared io_context. Timeouts are a per-connection watchdog that ticks once a second
// instead of a timer re-armed on every read and write.
struct Server::Impl {
    Impl(ServerOptions opts, Handler& h)
        : options(std::move(opts)),
          handler(h),
          workers(static_cast<std::size_t>(std::max(1, options.workers))) {
        if (options.read_workers > 0) {
            readers =
                std::make_unique<net::thread_pool>(static_cast<std::size_t>(options.read_workers));
        }
        for (int i = 0; i < std::max(1, options.io_threads); ++i) {
            contexts.push_back(std::make_unique<net::io_context>(1));
            guards.emplace_back(contexts.back()->get_executor());
        }
        acceptor = std::make_unique<tcp::acceptor>(*contexts.front());
        signals = std::make_unique<net::signal_set>(*contexts.front());
        grace_timer = std::make_unique<net::steady_timer>(*contexts.front());
        accept_timer = std::make_unique<net::steady_timer>(*contexts.front());
    }

    ServerOptions options;
    Handler& handler;
    std::vector<std::unique_ptr<net::io_context>> contexts;
    std::vector<net::executor_work_guard<net::io_context::executor_type>> guards;
    std::unique_ptr<tcp::acceptor> acceptor;
    std::unique_ptr<net::signal_set> signals;
    std::unique_ptr<net::steady_timer> grace_timer;
    std::unique_ptr<net::steady_timer> accept_timer;  // the back-off after accept errors
    net::thread_pool workers;
    std::unique_ptr<net::thread_pool> readers;  // GET and HEAD, when configured
    std::atomic<bool> stopping{false};
    std::size_t next_context = 0;
    std::mutex connections_mutex;
    std::unordered_set<std::shared_ptr<Connection>> connections;
    std::size_t serving = 0;  // connections counted against max_connections

    net::awaitable<void> accept_loop() {
        int failures = 0;
        while (true) {
            auto& context = *contexts[next_context++ % contexts.size()];
            auto [ec, socket] = co_await acceptor->async_accept(context, kUseTuple);
            if (ec) {
                if (stopping || ec == net::error::operation_aborted) {
                    co_return;
                }
                // Said once per episode: out of descriptors, every retry fails the same way.
                if (++failures == 1) {
                    spdlog::warn("accept failed: {}; backing off until it succeeds", ec.message());
                }
                accept_timer->expires_after(accept_backoff(failures));
                auto [wait_ec] = co_await accept_timer->async_wait(kUseTuple);
                if (wait_ec || stopping) {
                    co_return;
                }
                continue;
            }
            if (failures > 0) {
                spdlog::info("accepting again after {} failed attempts", failures);
                failures = 0;
            }
            socket.set_option(tcp::no_delay(true), ec);
            auto connection = std::make_shared<Connection>(std::move(socket));
            {
                std::lock_guard lock(connections_mutex);
                connections.insert(connection);
                connection->counted = serving < options.max_connections;
                serving += connection->counted ? 1 : 0;
            }
            net::co_spawn(context, watch(connection), net::detached);
            auto ended = [this, connection](std::exception_ptr e) {
                if (e) {
                    try {
                        std::rethrow_exception(e);
                    } catch (const std::exception& ex) {
                        spdlog::error("connection failed: {}", ex.what());
                    }
                }
                connection->done = true;
                connection->watchdog.cancel();
                forget(connection);
            };
            if (connection->counted) {
                net::co_spawn(context, serve(connection), std::move(ended));
            } else {
                net::co_spawn(context, turn_away(connection), std::move(ended));
            }
        }
    }

    // Closes the connection once its deadline passes; the pending read or write then fails.
    static net::awaitable<void> watch(std::shared_ptr<Connection> connection) {
        while (!connection->done) {
            connection->watchdog.expires_after(std::chrono::seconds(1));
            auto [ec] = co_await connection->watchdog.async_wait(kUseTuple);
            if (ec || connection->done) {
                co_return;
            }
            if (Clock::now() >= connection->deadline) {
                beast::error_code ignored;
                connection->socket.shutdown(tcp::socket::shutdown_both, ignored);
                connection->socket.close(ignored);
                co_return;
            }
        }
    }

    void forget(const std::shared_ptr<Connection>& connection) {
        std::lock_guard lock(connections_mutex);
        connections.erase(connection);
        serving -= connection->counted ? 1 : 0;
        if (stopping && connections.empty()) {
            net::post(*contexts.front(), [this] { grace_timer->cancel(); });
        }
    }

    std::string too_large() const {
        return "The body is larger than " + std::to_string(options.max_body_bytes) + " bytes.";
    }

    // Answers a request that could not be read, then lets the client finish sending so
    // the answer is not lost to a connection reset.
    net::awaitable<void> refuse(Connection& connection, beast::flat_buffer& buffer, int status,
                                const std::string& detail) {
        connection.deadline = Clock::now() + std::chrono::seconds(5);
        co_await write_response(connection, handler.protocol_error(status, detail), 11, false,
                                false);
        beast::error_code ec;
        connection.socket.shutdown(tcp::socket::shutdown_send, ec);
        std::size_t drained = 0;
        while (drained < 16 * options.max_body_bytes) {
            buffer.clear();
            auto [read_ec, n] =
                co_await connection.socket.async_read_some(buffer.prepare(64 * 1024), kUseTuple);
            if (read_ec) {
                break;
            }
            drained += n;
        }
    }

    // A connection past max_connections: a 503 and the close, after reading what the client
    // sent so the answer is not lost to a reset.
    net::awaitable<void> turn_away(std::shared_ptr<Connection> connection) {
        beast::flat_buffer buffer;
        co_await refuse(*connection, buffer, 503,
                        "The server has too many connections open; try again in a moment.");
    }

    // Writes the head and, unless the request was a HEAD or the status has none, the body.
    static net::awaitable<beast::error_code> write_response(Connection& connection,
                                                            Response response, unsigned version,
                                                            bool keep_alive, bool head_only) {
        const auto head = response_head(response, version, keep_alive);
        const bool with_body = !head_only && !bodiless(response.status);
        const std::array<net::const_buffer, 2> buffers{
            net::buffer(head), with_body ? net::buffer(response.body) : net::const_buffer()};
        auto [ec, written] = co_await net::async_write(connection.socket, buffers, kUseTuple);
        co_return ec;
    }

    net::awaitable<Response> on_workers(Request& request) {
        const bool read = request.method == "GET" || request.method == "HEAD";
        net::thread_pool& pool = readers && read ? *readers : workers;
        co_return co_await net::co_spawn(
            pool,
            [this, &request]() -> net::awaitable<Response> { co_return handler.handle(request); },
            net::use_awaitable);
    }

    net::awaitable<void> serve(std::shared_ptr<Connection> connection) {
        auto& socket = connection->socket;
        beast::error_code ec;
        const auto endpoint = socket.remote_endpoint(ec);
        const std::string remote = ec ? std::string() : endpoint.address().to_string();
        beast::flat_buffer buffer;
        while (true) {
            bhttp::request_parser<bhttp::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
            parser.body_limit(options.max_body_bytes);

            connection->idle = buffer.size() == 0;
            if (connection->idle && stopping) {
                break;
            }
            connection->deadline = Clock::now() + options.idle_timeout;
            if (connection->idle) {
                // Idle until the first byte; from then on the whole head must arrive within
                // the request timeout, so a client sending it slowly cannot hold the slot.
                auto [wait_ec] = co_await socket.async_wait(tcp::socket::wait_read, kUseTuple);
                if (wait_ec) {
                    break;
                }
            }
            connection->idle = false;
            connection->deadline = Clock::now() + options.request_timeout;
            auto [header_ec, header_n] =
                co_await bhttp::async_read_header(socket, buffer, parser, kUseTuple);
            if (header_ec == bhttp::error::end_of_stream ||
                header_ec == net::error::operation_aborted ||
                header_ec == net::error::connection_reset || header_ec == net::error::eof ||
                header_ec == net::error::bad_descriptor) {
                break;
            }
            // The parser refuses a Content-Length over the body limit with the header.
            if (header_ec == bhttp::error::body_limit) {
                co_await refuse(*connection, buffer, 413, too_large());
                break;
            }
            if (header_ec) {
                const int status = header_ec == bhttp::error::header_limit ? 431 : 400;
                co_await refuse(*connection, buffer, status,
                                "The request could not be read: " + header_ec.message() + ".");
                break;
            }
            if (!parser.is_done()) {
                if (parser.get()[bhttp::field::expect] == "100-continue") {
                    bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
                    co_await bhttp::async_write(socket, go_on, kUseTuple);
                }
                auto [body_ec, body_n] =
                    co_await bhttp::async_read(socket, buffer, parser, kUseTuple);
                if (body_ec == bhttp::error::body_limit) {
                    co_await refuse(*connection, buffer, 413, too_large());
                    break;
                }
                if (body_ec) {
                    break;  // the client went away, or the watchdog closed a slow request
                }
            }
            auto& message = parser.get();
            const unsigned version = message.version();
            const bool keep_alive = message.keep_alive();
            Request request = to_request(message, remote);
            // Not a conditional expression: GCC 12 mishandles temporaries around co_await there.
            Response response;
            if (auto answered = handler.answer_inline(request)) {
                response = std::move(*answered);
            } else {
                response = co_await on_workers(request);
            }
            if (response.stream) {
                co_await stream_events(*connection, std::move(response), version);
                break;
            }
            const bool keep = keep_alive && !stopping;
            connection->deadline = Clock::now() + options.request_timeout;
            const auto write_ec = co_await write_response(*connection, std::move(response), version,
                                                          keep, request.method == "HEAD");
            if (write_ec || !keep) {
                break;
            }
        }
        socket.shutdown(tcp::socket::shutdown_send, ec);
    }

    // Whether the stream's credential still holds, asked on the workers: it may read the
    // database. An error ends the stream too; the client reconnects and is answered anew.
    net::awaitable<bool> still_authorized(EventStream& stream) {
        co_return co_await net::co_spawn(
            workers,
            [&stream]() -> net::awaitable<bool> {
                try {
                    co_return stream.still_authorized();
                } catch (const std::exception& e) {
                    spdlog::warn("event stream: checking its credential failed: {}", e.what());
                    co_return false;
                }
            },
            net::use_awaitable);
    }

    // Server-sent events: the head, then whatever the stream has every kPollInterval, with
    // a comment line now and then so proxies and the client see the connection alive and a
    // client that went away is noticed. Ends when the server stops, or when the stream's
    // credential no longer holds (checked every kRecheck: a deactivated user, an ended
    // session, a revoked token).
    net::awaitable<void> stream_events(Connection& connection, Response response,
                                       unsigned version) {
        constexpr auto kPollInterval = std::chrono::milliseconds(200);
        constexpr auto kHeartbeat = std::chrono::seconds(15);
        constexpr auto kRecheck = std::chrono::seconds(2);
        bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(response.status),
                                                version};
        head.set(bhttp::field::content_type, response.content_type);
        for (const auto& [name, value] : response.headers) {
            head.insert(name, value);
        }
        head.keep_alive(false);
        head.chunked(true);
        bhttp::response_serializer<bhttp::empty_body> serializer{head};
        connection.deadline = Clock::now() + options.request_timeout;
        auto [head_ec, head_n] =
            co_await bhttp::async_write_header(connection.socket, serializer, kUseTuple);
        if (head_ec) {
            co_return;
        }
        net::steady_timer timer(connection.socket.get_executor());
        std::string pending = "retry: 2000\n\n";
        auto last_write = Clock::now();
        auto last_check = Clock::now();
        while (!stopping) {
            if (pending.empty() && Clock::now() - last_write >= kHeartbeat) {
                pending = ":\n\n";
            }
            if (!pending.empty()) {
                connection.deadline = Clock::now() + options.request_timeout;
                auto [write_ec, written] = co_await net::async_write(
                    connection.socket, bhttp::make_chunk(net::buffer(pending)), kUseTuple);
                if (write_ec) {
                    co_return;
                }
                pending.clear();
                last_write = Clock::now();
            }
            connection.deadline = Clock::time_point::max();
            timer.expires_after(kPollInterval);
            auto [timer_ec] = co_await timer.async_wait(kUseTuple);
            if (timer_ec) {
                co_return;
            }
            if (Clock::now() - last_check >= kRecheck) {
                if (!co_await still_authorized(*response.stream)) {
                    break;
                }
                last_check = Clock::now();
            }
            pending = response.stream->poll();
        }
        connection.deadline = Clock::now() + options.request_timeout;
        co_await net::async_write(connection.socket, bhttp::make_chunk_last(), kUseTuple);
    }

    void begin_stop() {
        if (stopping.exchange(true)) {
            return;
        }
        spdlog::info("stopping: finishing requests in flight");
        beast::error_code ec;
        acceptor->close(ec);
        accept_timer->cancel();
        signals->cancel(ec);
        guards.clear();  // each context ends once its connections have
        std::lock_guard lock(connections_mutex);
        for (const auto& connection : connections) {
            // An idle keep-alive connection may have a request on the wire already: give it
            // a moment to arrive (it is then answered with Connection: close) before the
            // watchdog closes the connection. Runs on the connection's own thread.
            net::post(connection->socket.get_executor(), [connection] {
                if (connection->idle) {
                    connection->deadline =
                        std::min(connection->deadline, Clock::now() + kIdleCloseDelay);
                }
            });
        }
        if (!connections.empty()) {
            grace_timer->expires_after(options.shutdown_grace);
            grace_timer->async_wait([this](beast::error_code wait_ec) {
                if (!wait_ec) {
                    spdlog::warn("stopping: grace period over, closing remaining connections");
                    for (auto& context : contexts) {
                        context->stop();
                    }
                }
            });
        }
    }
};

Server::Server(ServerOptions options, Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(options), handler)) {}

Server::~Server() = default;

unsigned short Server::listen() {
    auto& acceptor = *impl_->acceptor;
    const tcp::endpoint endpoint{net::ip::make_address(impl_->options.host), impl_->options.port};
    acceptor.open(endpoint.protocol());
    acceptor.set_option(net::socket_base::reuse_address(true));
    acceptor.bind(endpoint);
    acceptor.listen(net::socket_base::max_listen_connections);
    return acceptor.local_endpoint().port();
}

void Server::run(bool handle_signals) {
    Impl& impl = *impl_;
    if (handle_signals) {
        impl.signals->add(SIGTERM);
        impl.signals->add(SIGINT);
        impl.signals->async_wait([&impl](beast::error_code ec, int) {
            if (!ec) {
                impl.begin_stop();
            }
        });
    }
    net::co_spawn(*impl.contexts.front(), impl.accept_loop(), net::detached);
    std::vector<std::thread> threads;
    for (std::size_t i = 1; i < impl.contexts.size(); ++i) {
        threads.emplace_back([&impl, i] { impl.contexts[i]->run(); });
    }
    impl.contexts.front()->run();
    for (auto& thread : threads) {
        thread.join();
    }
    impl.workers.join();
    if (impl.readers) {
        impl.readers->join();
    }
}

void Server::stop() {
    net::post(*impl_->contexts.front(), [this] { impl_->begin_stop(); });
}

}  // namespace tally::http
