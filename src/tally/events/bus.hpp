#pragma once

#include <concepts>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <vector>

#include <boost/json.hpp>

#include "tally/core/clock.hpp"
#include "tally/db/database.hpp"
#include "tally/jobs/runner.hpp"

namespace tally::events {

// A domain event: a struct with a stable name ("order.shipped"), what it is about
// ("order:42", the jobs' subject) and Boost.JSON conversions (tag_invoke value_from and
// value_to) for its payload. It may also have key(): jobs of one subscriber with the same
// key are written once while one is pending (the same order on the same trailer).
template <class E>
concept DomainEvent = requires(const E& event, const boost::json::value& json) {
    { E::kName } -> std::convertible_to<std::string_view>;
    { event.subject() } -> std::convertible_to<std::string>;
    { boost::json::value_from(event) } -> std::same_as<boost::json::value>;
    { boost::json::value_to<E>(json) } -> std::same_as<E>;
};

struct SubscribeOptions {
    int max_attempts = 25;
    // Job kinds written before this subscriber had one of its own, with the same payload:
    // jobs of them already in a database (an upgrade) run through this subscriber too.
    std::vector<std::string> legacy_kinds;
};

// Events and who reacts to them. A change publishes its events in its own transaction: every
// subscriber gets an outbox job of its own (kind "<event>:<subscriber>"), so one that fails
// never blocks another, each retried with backoff until done or dead like any job. Observers
// are local: they run on the publishing node after the commit, for caches of that node.
// Subscribe and observe while the node starts, before it publishes or serves.
class Bus {
  public:
    explicit Bus(const core::Clock& clock) : clock_(clock) {}
    Bus(const Bus&) = delete;
    Bus& operator=(const Bus&) = delete;

    // The job kind of a subscriber: "order.shipped:shopify".
    [[nodiscard]] static std::string job_kind(std::string_view event, std::string_view subscriber);

    // A handler's outcome settles its job (done, retry, fail → dead). A payload that does not
    // decode as E fails its job. std::logic_error when `subscriber` already subscribes to E.
    template <DomainEvent E>
    void subscribe(std::string subscriber, std::function<jobs::Outcome(const E&)> handler,
                   SubscribeOptions options = {}) {
        claim_name<E>();
        add(std::string(E::kName), std::move(subscriber), decoder(std::move(handler)),
            std::move(options));
    }

    // Runs `observer` on this node after a transaction that published E commits.
    template <DomainEvent E>
    void observe(std::function<void(const E&)> observer) {
        claim_name<E>();
        observers_[std::string(E::kName)].push_back(
            [observer = std::move(observer)](const void* event) {
                observer(*static_cast<const E*>(event));
            });
    }

    // Writes one job per subscriber in `tx`; the observers run once it commits.
    template <DomainEvent E>
    void publish(db::Tx& tx, const E& event) {
        std::optional<std::string> key;
        if constexpr (requires { event.key(); }) {
            key = event.key();
        }
        const bool wrote = enqueue(tx, E::kName, event.subject(),
                                   boost::json::serialize(boost::json::value_from(event)), key);
        const auto observers = observers_.find(E::kName);
        if (observers == observers_.end() && !wrote) {
            return;
        }
        tx.after_commit([this, event, wrote,
                         list = observers == observers_.end() ? nullptr : &observers->second] {
            if (list != nullptr) {
                notify(*list, &event, E::kName);
            }
            if (wrote) {
                wake();
            }
        });
    }

    // Registers every subscriber's handler with `runner`, those to come as well, and wakes it
    // when a publication commits. Before runner.start().
    void attach(jobs::Runner& runner);

    // The subscribers of an event, by name, in the order they subscribed.
    [[nodiscard]] std::vector<std::string> subscribers(std::string_view event) const;

  private:
    using Observer = std::function<void(const void*)>;
    struct Subscription {
        std::string event;
        std::string subscriber;
        std::string kind;
        jobs::Handler handler;
        SubscribeOptions options;
    };

    template <DomainEvent E>
    static jobs::Handler decoder(std::function<jobs::Outcome(const E&)> handler) {
        return [handler = std::move(handler)](const db::JobRow& job) {
            std::optional<E> event;
            try {
                event = boost::json::value_to<E>(boost::json::parse(job.payload));
            } catch (const std::exception& e) {
                return jobs::Outcome::fail(std::string("the payload is not a ") +
                                           std::string(E::kName) + " event: " + e.what());
            }
            return handler(*event);
        };
    }
    template <DomainEvent E>
    void claim_name() {
        claim_name(E::kName, typeid(E));
    }
    void claim_name(std::string_view event, std::type_index type);
    void add(std::string event, std::string subscriber, jobs::Handler handler,
             SubscribeOptions options);
    // True when it wrote a job.
    bool enqueue(db::Tx& tx, std::string_view event, const std::string& subject,
                 const std::string& payload, const std::optional<std::string>& key);
    static void notify(const std::vector<Observer>& observers, const void* event,
                       std::string_view name);
    void wake() const;

    const core::Clock& clock_;
    std::vector<Subscription> subscriptions_;
    std::map<std::string, std::vector<Observer>, std::less<>> observers_;
    std::map<std::string, std::type_index, std::less<>> types_;
    jobs::Runner* runner_ = nullptr;
};

}  // namespace tally::events
