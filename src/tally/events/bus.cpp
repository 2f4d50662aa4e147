#include "tally/events/bus.hpp"

#include <exception>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "tally/db/job_queue.hpp"

namespace tally::events {

std::string Bus::job_kind(std::string_view event, std::string_view subscriber) {
    return std::string(event) + ":" + std::string(subscriber);
}

void Bus::claim_name(std::string_view event, std::type_index type) {
    const auto [known, added] = types_.try_emplace(std::string(event), type);
    if (!added && known->second != type) {
        throw std::logic_error("two event types are named " + std::string(event));
    }
}

void Bus::add(std::string event, std::string subscriber, jobs::Handler handler,
              SubscribeOptions options) {
    if (subscriber.empty() || subscriber.find(':') != std::string::npos) {
        throw std::logic_error("a subscriber of " + event + " needs a name without ':'");
    }
    for (const auto& s : subscriptions_) {
        if (s.event == event && s.subscriber == subscriber) {
            throw std::logic_error(subscriber + " subscribes to " + event + " twice");
        }
    }
    Subscription subscription{.event = event,
                              .subscriber = subscriber,
                              .kind = job_kind(event, subscriber),
                              .handler = std::move(handler),
                              .options = std::move(options)};
    if (runner_ != nullptr) {
        runner_->handle(subscription.kind, subscription.handler);
        for (const auto& kind : subscription.options.legacy_kinds) {
            runner_->handle(kind, subscription.handler);
        }
    }
    subscriptions_.push_back(std::move(subscription));
}

void Bus::attach(jobs::Runner& runner) {
    if (runner_ != nullptr) {
        throw std::logic_error("the event bus is attached to a runner already");
    }
    for (const auto& s : subscriptions_) {
        runner.handle(s.kind, s.handler);
        for (const auto& kind : s.options.legacy_kinds) {
            runner.handle(kind, s.handler);
        }
    }
    runner_ = &runner;
}

std::vector<std::string> Bus::subscribers(std::string_view event) const {
    std::vector<std::string> names;
    for (const auto& s : subscriptions_) {
        if (s.event == event) {
            names.push_back(s.subscriber);
        }
    }
    return names;
}

bool Bus::enqueue(db::Tx& tx, std::string_view event, const std::string& subject,
                  const std::string& payload, const std::optional<std::string>& key) {
    const auto now = clock_.now_ms();
    bool wrote = false;
    for (const auto& s : subscriptions_) {
        if (s.event != event) {
            continue;
        }
        wrote = db::JobQueue::enqueue(
                    tx,
                    {.kind = s.kind,
                     .subject = subject,
                     .payload = payload,
                     .dedupe_key = key ? std::optional(s.kind + ":" + *key) : std::nullopt,
                     .max_attempts = s.options.max_attempts},
                    now) ||
                wrote;
    }
    return wrote;
}

void Bus::notify(const std::vector<Observer>& observers, const void* event, std::string_view name) {
    for (const auto& observer : observers) {
        // The change is committed whatever an observer does: one that throws is a bug to log,
        // not a failure to report to the caller.
        try {
            observer(event);
        } catch (const std::exception& e) {
            spdlog::error("an observer of {} failed: {}", name, e.what());
        }
    }
}

void Bus::wake() const {
    if (runner_ != nullptr) {
        runner_->wake();
    }
}

}  // namespace tally::events
