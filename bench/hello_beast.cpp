// Baseline for `make bench`: the smallest correct Boost.Beast HTTP/1.1 server, written like
// Beast's example/http/server/awaitable/http_server_awaitable.cpp. Every request gets
// 200 application/json {"status":"ok"}; connections are kept alive. Tally's GET /health
// figure is reported as a percentage of this server's figure, measured in the same run.
//
// Deliberately without idle timeouts (beast::tcp_stream's timer) or per-connection strands: with
// one coroutine per socket and no timer nothing runs concurrently on a connection, and the
// baseline stays the fastest plain Beast server (on a 2-core VM, re-arming the tcp_stream timer
// per request cost ~20 % of requests/s, a strand per connection on top of it ~10 % more).
//
// Usage: hello_beast HOST PORT THREADS. Exits 0 on SIGTERM or SIGINT.

#include <charconv>
#include <csignal>
#include <cstddef>
#include <exception>
#include <iostream>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kToken = asio::as_tuple(asio::use_awaitable);
constexpr std::string_view kBody = R"({"status":"ok"})";

// One coroutine per connection: reads a request, writes the answer, until the client is done.
asio::awaitable<void> session(tcp::socket stream) {
    beast::flat_buffer buffer;
    for (;;) {
        http::request<http::string_body> req;
        auto [read_ec, read_n] = co_await http::async_read(stream, buffer, req, kToken);
        if (read_ec) {
            break;  // end_of_stream or a malformed request: just drop the connection
        }

        http::response<http::string_body> res{http::status::ok, req.version()};
        res.set(http::field::content_type, "application/json");
        res.keep_alive(req.keep_alive());
        res.body() = kBody;
        res.prepare_payload();

        auto [write_ec, write_n] = co_await http::async_write(stream, res, kToken);
        if (write_ec || res.need_eof()) {
            break;
        }
    }
    beast::error_code ignored;
    stream.shutdown(tcp::socket::shutdown_send, ignored);
}

asio::awaitable<void> listen(tcp::acceptor& acceptor) {
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(kToken);
        if (ec) {
            if (ec == asio::error::operation_aborted) {
                co_return;
            }
            continue;  // e.g. EMFILE: keep serving the connections we already have
        }
        socket.set_option(tcp::no_delay{true}, ec);
        auto executor = socket.get_executor();
        asio::co_spawn(executor, session(std::move(socket)), asio::detached);
    }
}

bool parse_int(std::string_view text, int& out) {
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc{} && end == text.data() + text.size();
}

}  // namespace

int main(int argc, char* argv[]) {
    int port = 0;
    int threads = 0;
    if (argc != 4 || !parse_int(argv[2], port) || port < 0 || port > 65535 ||
        !parse_int(argv[3], threads) || threads < 1) {
        std::cerr << "usage: hello_beast HOST PORT THREADS\n";
        return 2;
    }

    try {
        const tcp::endpoint endpoint{asio::ip::make_address(argv[1]),
                                     static_cast<unsigned short>(port)};
        asio::io_context ioc{threads};
        tcp::acceptor acceptor{ioc, endpoint};  // throws here if the port is taken
        asio::co_spawn(ioc, listen(acceptor), asio::detached);

        asio::signal_set signals{ioc, SIGINT, SIGTERM};
        signals.async_wait([&ioc](const beast::error_code&, int) { ioc.stop(); });

        std::vector<std::jthread> workers;
        workers.reserve(static_cast<std::size_t>(threads - 1));
        for (int i = 1; i < threads; ++i) {
            workers.emplace_back([&ioc] { ioc.run(); });
        }
        ioc.run();
    } catch (const std::exception& e) {
        std::cerr << "hello_beast: " << e.what() << '\n';
        return 1;
    }
    return 0;
}
