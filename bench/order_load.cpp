// HTTP load for order intake: POST /api/v1/orders over C keep-alive connections for a while,
// every order unique (external_id <prefix>-<connection>-<n>), 1-5 lines (3 on average) of
// random products. One thread drives every connection through a libcurl multi handle, so the
// generator takes little of the CPU it shares with the server it measures.
//
// With --acked FILE, each external_id answered 201 is appended to FILE as soon as the answer
// arrives: a crash test kills the server mid-run and then checks that every acked order exists
// exactly once. Failed connections are counted as errors and load goes on, until --seconds
// have passed or the server has answered nothing for 2 s.
//
// With --shopify-secret S --shopify-domain D, each order is instead a Shopify orders/create
// webhook (REST JSON, a unique 64-bit id, signed with S) posted to /webhooks/shopify, and an
// answer counts when it is 200 "accepted": the orders themselves are made by Tally's jobs.
//
// Usage: order_load --url http://127.0.0.1:PORT --token T [--connections 64] [--seconds 10]
//        [--products 10000] [--sku-format SKU-%06d] [--prefix RUN1] [--acked FILE]
//        [--idempotency] [--seed 1] [--shopify-secret S --shopify-domain D]
// Prints: RESULT order_load orders_per_s=<n> p50_ms=<x> p99_ms=<y> errors=<e> sent=<s>
// Exits 0 once the run is over, whatever the answers; 2 on bad arguments.

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <curl/curl.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <unistd.h>

#include "order_mix.hpp"

namespace {

using Clock = std::chrono::steady_clock;

constexpr const char* kUsage =
    "order_load --url http://127.0.0.1:PORT --token T [--connections 64] [--seconds 10] "
    "[--products 10000] [--sku-format SKU-%06d] [--prefix RUN1] [--acked FILE] "
    "[--idempotency] [--seed 1] [--shopify-secret S --shopify-domain D]";

// Without an answer from the server for this long, it is gone: the run ends.
constexpr auto kGoneAfter = std::chrono::seconds(2);
// A connection that failed waits this long before it tries again, instead of spinning.
constexpr auto kRetryPause = std::chrono::milliseconds(100);
// An order that takes longer counts as an error (a server stopped, not killed).
constexpr long kRequestTimeoutMs = 30'000;
// How many error answers to show on stderr, to tell a bad request from a slow server.
constexpr int kErrorsShown = 3;

struct Options {
    std::string url;
    std::string token;
    int connections = 64;
    int seconds = 10;
    int products = 10000;
    std::string sku_format;
    std::string prefix;
    std::string acked;
    bool idempotency = false;
    std::uint64_t seed = 1;
    std::string shopify_secret;  // set: Shopify webhooks instead of API orders
    std::string shopify_domain;
};

// One connection: its easy handle and the request in flight on it.
struct Slot {
    int index = 0;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::string body;
    std::string external_id;
    std::string response;
    std::int64_t sent = 0;
    bool busy = false;
    Clock::time_point started;
    Clock::time_point not_before;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
    auto* response = static_cast<std::string*>(out);
    if (response->size() < 4096) {
        response->append(data, size * count);
    }
    return size * count;
}

std::string order_json(const std::string& external_id, const Options& options,
                       tally::bench::OrderMix& mix) {
    const auto& to = mix.ship_to();
    std::string lines;
    for (const auto& line : mix.lines()) {
        lines += (lines.empty() ? "" : ",");
        lines += R"({"sku":")" + tally::bench::sku(options.sku_format, line.product) +
                 R"(","quantity":)" + std::to_string(line.quantity) + R"(,"unit_price":1299})";
    }
    return R"({"channel":"api","external_id":")" + external_id +
           R"(","currency":"EUR","customer":{"name":")" + to.name +
           R"(","email":"buyer@example.com","phone":"+49 30 1234567"},"ship_to":{"name":")" +
           to.name + R"(","line1":")" + to.line1 + R"(","line2":"","city":")" + to.city +
           R"(","region":")" + to.region + R"(","postal_code":")" + to.postal_code +
           R"(","country":")" + to.country + R"("},"lines":[)" + lines + "]}";
}

// The same order as Shopify's orders/create webhook sends it; prices as decimal strings.
std::string webhook_json(const std::string& id, const Options& options,
                         tally::bench::OrderMix& mix) {
    const auto& to = mix.ship_to();
    std::string lines;
    int n = 0;
    for (const auto& line : mix.lines()) {
        lines += (lines.empty() ? "" : ",");
        lines += R"({"id":)" + std::to_string(++n) + R"(,"sku":")" +
                 tally::bench::sku(options.sku_format, line.product) +
                 R"(","title":"Item","quantity":)" + std::to_string(line.quantity) +
                 R"(,"price":"12.99"})";
    }
    return R"({"id":)" + id + R"(,"name":"#)" + id.substr(id.size() - 6) +
           R"(","email":"buyer@example.com","currency":"EUR","updated_at":"2026-11-26T10:00:00Z",)"
           R"("cancelled_at":null,"tags":"bench","customer":{"first_name":"Bench","last_name":"Buyer"},)"
           R"("shipping_address":{"name":")" +
           to.name + R"(","address1":")" + to.line1 + R"(","city":")" + to.city +
           R"(","province_code":")" + to.region + R"(","zip":")" + to.postal_code +
           R"(","country_code":")" + to.country + R"("},"line_items":[)" + lines + "]}";
}

std::string hmac_base64(const std::string& secret, const std::string& body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
    std::string out(4 * ((length + 2) / 3) + 1, '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), digest,
                                        static_cast<int>(length));
    out.resize(static_cast<std::size_t>(written));
    return out;
}

void start(Slot& slot, CURLM* multi, const Options& options, tally::bench::OrderMix& mix) {
    slot.external_id =
        options.prefix + "-" + std::to_string(slot.index) + "-" + std::to_string(slot.sent++);
    const bool webhook = !options.shopify_secret.empty();
    if (webhook) {
        // A 64-bit id of its own per connection and order, above what 53-bit doubles hold.
        slot.external_id = std::to_string(
            9'000'000'000'000'000'000LL + static_cast<long long>(slot.index) * 1'000'000'000LL +
            slot.sent + std::hash<std::string>{}(options.prefix) % 1000 * 1'000'000LL);
        slot.body = webhook_json(slot.external_id, options, mix);
    } else {
        slot.body = order_json(slot.external_id, options, mix);
    }
    slot.response.clear();
    curl_slist_free_all(slot.headers);
    slot.headers = nullptr;
    // No "Expect: 100-continue": Tally answers the body, not an interim response.
    const std::vector<std::string> headers =
        webhook ? std::vector<std::string>{"Content-Type: application/json",
                                           "Expect:",
                                           "X-Shopify-Topic: orders/create",
                                           "X-Shopify-Shop-Domain: " + options.shopify_domain,
                                           "X-Shopify-Webhook-Id: " + slot.external_id,
                                           "X-Shopify-Hmac-Sha256: " +
                                               hmac_base64(options.shopify_secret, slot.body)}
                : std::vector<std::string>{"Content-Type: application/json",
                                           "Authorization: Bearer " + options.token, "Expect:"};
    for (const auto& header : headers) {
        slot.headers = curl_slist_append(slot.headers, header.c_str());
    }
    if (options.idempotency) {
        slot.headers =
            curl_slist_append(slot.headers, ("Idempotency-Key: " + slot.external_id).c_str());
    }
    curl_easy_setopt(slot.easy, CURLOPT_HTTPHEADER, slot.headers);
    curl_easy_setopt(slot.easy, CURLOPT_POSTFIELDS, slot.body.c_str());
    curl_easy_setopt(slot.easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(slot.body.size()));
    slot.busy = true;
    slot.started = Clock::now();
    curl_multi_add_handle(multi, slot.easy);
}

double percentile(std::vector<double>& values, double p) {
    if (values.empty()) {
        return 0;
    }
    const auto k = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size() - 1));
    std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
    return values[k];
}

}  // namespace

int main(int argc, char** argv) {
    tally::bench::Flags flags(argc, argv, kUsage, {"--idempotency"});
    Options options{.url = flags.text("url", ""),
                    .token = flags.text("token", ""),
                    .connections = static_cast<int>(flags.number("connections", 64)),
                    .seconds = static_cast<int>(flags.number("seconds", 10)),
                    .products = static_cast<int>(flags.number("products", 10000)),
                    .sku_format = flags.text("sku-format", "SKU-%06d"),
                    .prefix = flags.text("prefix", "RUN1"),
                    .acked = flags.text("acked", ""),
                    .idempotency = flags.on("idempotency"),
                    .seed = static_cast<std::uint64_t>(flags.number("seed", 1)),
                    .shopify_secret = flags.text("shopify-secret", ""),
                    .shopify_domain = flags.text("shopify-domain", "")};
    flags.done();
    if (options.url.empty() || options.connections < 1 || options.products < 1) {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return 2;
    }
    int acked = -1;
    if (!options.acked.empty()) {
        acked = ::open(options.acked.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (acked < 0) {
            std::perror(options.acked.c_str());
            return 2;
        }
    }
    std::signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);

    const bool webhook = !options.shopify_secret.empty();
    const std::string endpoint = options.url + (webhook ? "/webhooks/shopify" : "/api/v1/orders");
    CURLM* multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, static_cast<long>(options.connections));
    curl_multi_setopt(multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.connections));
    std::vector<Slot> slots(static_cast<std::size_t>(options.connections));
    for (int i = 0; i < options.connections; ++i) {
        auto& slot = slots[static_cast<std::size_t>(i)];
        slot.index = i;
        slot.easy = curl_easy_init();
        curl_easy_setopt(slot.easy, CURLOPT_URL, endpoint.c_str());
        curl_easy_setopt(slot.easy, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(slot.easy, CURLOPT_TCP_NODELAY, 1L);
        curl_easy_setopt(slot.easy, CURLOPT_TIMEOUT_MS, kRequestTimeoutMs);
        curl_easy_setopt(slot.easy, CURLOPT_WRITEFUNCTION, collect);
        curl_easy_setopt(slot.easy, CURLOPT_WRITEDATA, &slot.response);
        curl_easy_setopt(slot.easy, CURLOPT_PRIVATE, &slot);
    }

    tally::bench::OrderMix mix(options.products, 3, options.seed);
    std::vector<double> latencies_ms;
    std::map<long, std::int64_t> statuses;  // 0: no answer
    std::int64_t created = 0;
    std::int64_t errors = 0;
    std::int64_t sent = 0;
    const auto started = Clock::now();
    const auto deadline = started + std::chrono::seconds(options.seconds);
    auto last_answer = started;
    bool gone = false;
    int in_flight = 0;
    for (;;) {
        const auto now = Clock::now();
        const bool sending = now < deadline && !gone;
        if (sending) {
            for (auto& slot : slots) {
                if (!slot.busy && now >= slot.not_before) {
                    start(slot, multi, options, mix);
                    ++sent;
                    ++in_flight;
                }
            }
        }
        if (in_flight == 0) {
            if (!sending) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));  // all slots pausing
            continue;
        }
        int running = 0;
        curl_multi_perform(multi, &running);
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi, &queued)) {
            if (message->msg != CURLMSG_DONE) {
                continue;
            }
            Slot* slot = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &slot);
            const auto done = Clock::now();
            long status = 0;
            if (message->data.result == CURLE_OK) {
                curl_easy_getinfo(slot->easy, CURLINFO_RESPONSE_CODE, &status);
                last_answer = done;
                latencies_ms.push_back(
                    std::chrono::duration<double, std::milli>(done - slot->started).count());
            } else {
                slot->not_before = done + kRetryPause;
                gone = gone || done - last_answer > kGoneAfter;
            }
            ++statuses[status];
            if (status == (webhook ? 200 : 201) &&
                (!webhook || slot->response.find("accepted") != std::string::npos)) {
                ++created;
                if (acked >= 0) {
                    const std::string line = slot->external_id + "\n";
                    if (::write(acked, line.data(), line.size()) !=
                        static_cast<ssize_t>(line.size())) {
                        std::perror(options.acked.c_str());
                        return 1;
                    }
                }
            } else {
                // Every order is new, so anything but 201 is wrong, a replay (200) included.
                if (++errors <= kErrorsShown) {
                    std::fprintf(stderr, "order_load: %s: %s %s\n", slot->external_id.c_str(),
                                 status != 0 ? std::to_string(status).c_str()
                                             : curl_easy_strerror(message->data.result),
                                 slot->response.substr(0, 300).c_str());
                }
            }
            curl_multi_remove_handle(multi, slot->easy);
            slot->busy = false;
            --in_flight;
        }
        if (in_flight > 0) {
            curl_multi_poll(multi, nullptr, 0, 20, nullptr);
        }
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();

    for (auto& slot : slots) {
        curl_easy_cleanup(slot.easy);
        curl_slist_free_all(slot.headers);
    }
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    if (acked >= 0) {
        ::close(acked);
    }
    std::string breakdown;
    for (const auto& [status, count] : statuses) {
        breakdown += " " + (status == 0 ? std::string("failed") : std::to_string(status)) + ":" +
                     std::to_string(count);
    }
    std::fprintf(stderr, "order_load: %.1f s, answers%s%s\n", seconds, breakdown.c_str(),
                 gone ? " (server gone)" : "");
    std::printf(
        "RESULT order_load orders_per_s=%.1f p50_ms=%.3f p99_ms=%.3f errors=%lld sent=%lld\n",
        seconds > 0 ? static_cast<double>(created) / seconds : 0.0, percentile(latencies_ms, 50),
        percentile(latencies_ms, 99), static_cast<long long>(errors), static_cast<long long>(sent));
    return 0;
}
