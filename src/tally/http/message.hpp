#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tally::http {

using Fields = std::vector<std::pair<std::string, std::string>>;

// An HTTP request as handlers see it: no socket, no Beast types.
struct Request {
    std::string method;  // "GET", "POST", ...
    std::string target;  // as received: path and query
    std::string path;    // percent-decoded path
    Fields query;        // percent-decoded query parameters, in order
    Fields headers;      // names in lower case
    std::string body;
    std::string client_address;
    std::string request_id;
    Fields params;  // path parameters, set by the router

    [[nodiscard]] std::optional<std::string_view> header(std::string_view name) const;
    [[nodiscard]] std::optional<std::string_view> query_param(std::string_view name) const;
    [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const;
    [[nodiscard]] std::optional<std::string_view> cookie(std::string_view name) const;
};

// Splits a request target into its decoded path and query parameters. Returns false when
// the target is not a valid origin-form URL.
[[nodiscard]] bool parse_target(std::string_view target, std::string& path, Fields& query);

// A response body that goes on after the head: server-sent events. The server calls
// poll() on the connection's I/O thread a few times a second and writes what it returns,
// until the client goes away or the server stops; poll() must not block.
class EventStream {
  public:
    virtual ~EventStream() = default;
    [[nodiscard]] virtual std::string poll() = 0;
    // Whether the stream may go on (its credential still holds); false ends it. Called on
    // the worker pool every few seconds, so it may read the database.
    [[nodiscard]] virtual bool still_authorized() { return true; }
};

struct Response {
    int status = 200;
    std::string_view content_type = "application/json";  // static text: a literal, a table's
    Fields headers;
    std::string body;
    std::shared_ptr<EventStream> stream;  // set: `body` is ignored and the events follow
};

}  // namespace tally::http
