#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "tally/http/message.hpp"

namespace tally::http {

// Live updates for dashboards and stations: a bounded log of this node's recent events,
// which every server-sent-event subscriber reads from its own position. Thread-safe.
class EventHub {
  public:
    explicit EventHub(std::size_t capacity = 1024);

    // Appends an event; `data` is one line (JSON).
    void publish(std::string_view event, std::string data);

    // A stream of the events after `after_id` (a reconnecting client's Last-Event-ID,
    // while the hub still holds it), else of the events from now on.
    [[nodiscard]] std::shared_ptr<EventStream> subscribe(
        std::optional<std::uint64_t> after_id = {});

    [[nodiscard]] std::uint64_t last_id() const;

    // The events after `position` in server-sent-event format; moves `position` on.
    [[nodiscard]] std::string read_after(std::uint64_t& position) const;

  private:
    struct Entry {
        std::uint64_t id;
        std::string text;  // "id: ..\nevent: ..\ndata: ..\n\n"
    };
    std::size_t capacity_;
    mutable std::mutex mutex_;
    std::deque<Entry> entries_;
    std::uint64_t last_id_ = 0;
};

}  // namespace tally::http
