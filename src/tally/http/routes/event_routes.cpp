#include "tally/http/routes/event_routes.hpp"

#include <charconv>

namespace tally::http {

void register_event_routes(Router& router, EventHub& events) {
    router.add({.method = "GET",
                .pattern = "/api/v1/events",
                .roles = kAnyRole,
                .summary = "Live changes as server-sent events (text/event-stream)",
                .handler = [&events](Request& request, const RequestContext&) {
                    // EventSource sends the last id it saw when it reconnects.
                    std::optional<std::uint64_t> after;
                    if (const auto last = request.header("last-event-id")) {
                        std::uint64_t id = 0;
                        const auto [end, ec] =
                            std::from_chars(last->data(), last->data() + last->size(), id);
                        if (ec == std::errc() && end == last->data() + last->size()) {
                            after = id;
                        }
                    }
                    return Response{
                        .content_type = "text/event-stream",
                        .headers = {{"Cache-Control", "no-store"}, {"X-Accel-Buffering", "no"}},
                        .stream = events.subscribe(after)};
                }});
}

}  // namespace tally::http
