#include "tally/http/events.hpp"

#include <fmt/format.h>

namespace tally::http {

namespace {

class HubStream final : public EventStream {
  public:
    HubStream(const EventHub& hub, std::uint64_t position) : hub_(hub), position_(position) {}

    std::string poll() override { return hub_.read_after(position_); }

  private:
    const EventHub& hub_;
    std::uint64_t position_;
};

}  // namespace

EventHub::EventHub(std::size_t capacity) : capacity_(std::max<std::size_t>(1, capacity)) {}

void EventHub::publish(std::string_view event, std::string data) {
    std::lock_guard lock(mutex_);
    ++last_id_;
    entries_.push_back(
        {last_id_, fmt::format("id: {}\nevent: {}\ndata: {}\n\n", last_id_, event, data)});
    if (entries_.size() > capacity_) {
        entries_.pop_front();
    }
}

std::shared_ptr<EventStream> EventHub::subscribe(std::optional<std::uint64_t> after_id) {
    std::lock_guard lock(mutex_);
    std::uint64_t position = last_id_;
    if (after_id && *after_id <= last_id_ && !entries_.empty() &&
        *after_id + 1 >= entries_.front().id) {
        position = *after_id;
    }
    return std::make_shared<HubStream>(*this, position);
}

std::uint64_t EventHub::last_id() const {
    std::lock_guard lock(mutex_);
    return last_id_;
}

std::string EventHub::read_after(std::uint64_t& position) const {
    std::lock_guard lock(mutex_);
    std::string out;
    if (position >= last_id_) {
        return out;
    }
    // Entries are in id order; a reader that fell behind the buffer skips what was dropped.
    const auto first = entries_.empty() ? last_id_ + 1 : entries_.front().id;
    const auto start = position + 1 < first ? 0 : static_cast<std::size_t>(position + 1 - first);
    for (std::size_t i = start; i < entries_.size(); ++i) {
        out += entries_[i].text;
    }
    position = last_id_;
    return out;
}

}  // namespace tally::http
