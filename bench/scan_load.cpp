// Scan latency under load. S pick stations each walk real jobs (scan the order, the bin, each
// unit, the next bin... then the next order), so every scan is a durable write through
// POST /api/v1/stations/{code}/scans. One thread drives every station over a libcurl multi
// handle, each station on its own keep-alive connection.
//   paced  every station scans `rate` times a second on a fixed schedule, the stations' phases
//          spread evenly over the period (open loop). Latency runs from the scheduled send
//          time, so an answer that comes late also counts against the scan queued behind it
//          (no coordinated omission); "service" latency runs from the actual send.
//   flat   every station sends its next scan as soon as its previous answer arrives; the run
//          ends after --seconds or when a station has no order left, whichever comes first.
//
// Usage: scan_load --url http://127.0.0.1:PORT --token T [--setup] [--mode paced|flat|both]
//        [--stations 200] [--rate 2] [--seconds 10] [--flat-orders-per-station 25]
//        [--products 200] [--bins 50] [--seed 1]
// --setup creates the warehouse first (bench/warehouse_setup.hpp); every run creates its
// stations (SL-1...) if missing and releases the orders they walk.
// Prints per mode: RESULT scan_load mode=<m> stations=<s> scans=<n> seconds=<d>
//   scans_per_s=<x> p50_ms=<x> p99_ms=<x> max_ms=<x> service_p50_ms=<x> service_p99_ms=<x>
//   refused=<n> errors=<n>
// Exits 0 when every scan was answered and accepted, 1 otherwise, 2 on bad arguments or a
// failed setup.

#include <csignal>
#include <cstdio>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "order_mix.hpp"
#include "warehouse_setup.hpp"

namespace {

using namespace tally::bench;

constexpr const char* kUsage =
    "scan_load --url http://127.0.0.1:PORT --token T [--setup] [--mode paced|flat|both] "
    "[--stations 200] [--rate 2] [--seconds 10] [--flat-orders-per-station 25] "
    "[--products 200] [--bins 50] [--seed 1]";

// Errors shown on stderr, to tell a bad request from a slow server.
constexpr int kErrorsShown = 3;
// Longest sleep between polls while a scan is due within the millisecond.
constexpr auto kFineSleep = std::chrono::microseconds(200);

struct Options {
    std::string url;
    std::string token;
    bool setup = false;
    std::string mode;
    int stations = 200;
    int rate = 2;
    int seconds = 10;
    int flat_orders = 25;
    int products = 200;
    int bins = 50;
    std::uint64_t seed = 1;
};

// One station: its connection, the orders it will pick, and the instruction in hand.
struct Station {
    std::string code;
    std::string endpoint;
    CURL* easy = nullptr;
    curl_slist* headers = nullptr;
    std::string body;
    std::string response;
    std::deque<std::int64_t> orders;
    std::string action = "done";  // the next instruction: scan_bin, scan_item, done
    std::string bin;
    std::string sku;
    bool busy = false;
    bool dry = false;    // no order left
    bool retry = false;  // send the same scan again (same scan_id)
    Clock::time_point scheduled;
    Clock::time_point sent;
    std::int64_t scans = 0;
};

struct Figures {
    std::vector<double> latency_ms;  // paced: from the scheduled send; flat: from the send
    std::vector<double> service_ms;  // from the send
    std::int64_t refused = 0;
    std::int64_t errors = 0;
    std::int64_t scans = 0;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
    auto* response = static_cast<std::string*>(out);
    if (response->size() < 65536) {
        response->append(data, size * count);
    }
    return size * count;
}

class Driver {
  public:
    Driver(const Options& options, const Model& model, std::vector<Station>& stations,
           std::string nonce)
        : options_(options), model_(model), stations_(stations), nonce_(std::move(nonce)) {
        multi_ = curl_multi_init();
        const auto connections = static_cast<long>(stations.size());
        curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, connections);
        curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, connections);
        const std::string auth = "Authorization: Bearer " + options.token;
        for (auto& s : stations_) {
            s.easy = curl_easy_init();
            s.endpoint = options.url + "/api/v1/stations/" + s.code + "/scans";
            for (const char* header : {auth.c_str(), "Content-Type: application/json", "Expect:"}) {
                s.headers = curl_slist_append(s.headers, header);
            }
            curl_easy_setopt(s.easy, CURLOPT_URL, s.endpoint.c_str());
            curl_easy_setopt(s.easy, CURLOPT_HTTPHEADER, s.headers);
            curl_easy_setopt(s.easy, CURLOPT_NOSIGNAL, 1L);
            curl_easy_setopt(s.easy, CURLOPT_TCP_NODELAY, 1L);
            curl_easy_setopt(s.easy, CURLOPT_TIMEOUT_MS, 30'000L);
            curl_easy_setopt(s.easy, CURLOPT_WRITEFUNCTION, collect);
            curl_easy_setopt(s.easy, CURLOPT_WRITEDATA, &s.response);
            curl_easy_setopt(s.easy, CURLOPT_PRIVATE, &s);
        }
    }
    ~Driver() {
        for (auto& s : stations_) {
            curl_easy_cleanup(s.easy);
            curl_slist_free_all(s.headers);
        }
        curl_multi_cleanup(multi_);
    }
    Driver(const Driver&) = delete;
    Driver& operator=(const Driver&) = delete;

    // Open loop: station i scans at t0 + i * period / S + k * period until --seconds.
    Figures paced() {
        Figures figures;
        const auto period = std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(1.0 / options_.rate));
        const auto t0 = Clock::now() + std::chrono::milliseconds(100);
        const auto deadline = t0 + std::chrono::seconds(options_.seconds);
        const auto count = static_cast<std::int64_t>(stations_.size());
        for (std::int64_t i = 0; i < count; ++i) {
            stations_[static_cast<std::size_t>(i)].scheduled = t0 + period * i / count;
        }
        int in_flight = 0;
        for (;;) {
            auto now = Clock::now();
            auto wake = deadline;
            for (auto& s : stations_) {
                if (s.busy || s.dry || s.scheduled >= deadline) {
                    continue;
                }
                if (s.scheduled <= now) {
                    in_flight += start(s, now, figures);
                } else {
                    wake = std::min(wake, s.scheduled);
                }
            }
            if (in_flight == 0 && wake >= deadline) {
                break;
            }
            const int answered = finish(figures, [&](Station& s, Clock::time_point done) {
                figures.latency_ms.push_back(ms_between(s.scheduled, done));
                s.scheduled += period;
            });
            in_flight -= answered;
            if (answered == 0) {
                wait_until(wake, in_flight);  // else a station may be due already
            }
        }
        figures.scans = static_cast<std::int64_t>(figures.latency_ms.size());
        seconds_ = options_.seconds;
        return figures;
    }

    // Closed loop: each station's next scan leaves as its previous answer arrives.
    Figures flat() {
        Figures figures;
        const auto t0 = Clock::now();
        const auto deadline = t0 + std::chrono::seconds(options_.seconds);
        bool sending = true;
        int in_flight = 0;
        auto last = t0;
        for (;;) {
            const auto now = Clock::now();
            sending = sending && now < deadline;
            if (sending) {
                for (auto& s : stations_) {
                    if (!s.busy && !s.dry) {
                        in_flight += start(s, now, figures);
                    }
                    if (s.dry) {
                        sending = false;  // the station ran out of orders: stop while all work
                    }
                }
            }
            if (in_flight == 0) {
                break;
            }
            in_flight -= finish(figures, [&](Station& s, Clock::time_point done) {
                figures.latency_ms.push_back(ms_between(s.sent, done));
                last = done;
            });
            if (in_flight > 0) {
                curl_multi_poll(multi_, nullptr, 0, 5, nullptr);
            }
        }
        if (Clock::now() < deadline) {
            std::fprintf(stderr, "scan_load: flat run ended early: a station had no order left\n");
        }
        figures.scans = static_cast<std::int64_t>(figures.latency_ms.size());
        seconds_ = std::chrono::duration<double>(last - t0).count();
        return figures;
    }

    [[nodiscard]] double seconds() const { return seconds_; }

  private:
    // The barcode the station's worker scans next, following the instruction in hand.
    std::optional<std::string> next_barcode(Station& s) {
        if (s.action == "scan_bin") {
            return model_.bin_barcode(s.bin);
        }
        if (s.action == "scan_item") {
            const SimProduct* p = model_.product(s.sku);
            if (p == nullptr) {
                return std::nullopt;
            }
            return s.scans % 2 == 0 ? p->sku : p->gtin;
        }
        if (s.orders.empty()) {
            return std::nullopt;
        }
        const auto order = s.orders.front();
        s.orders.pop_front();
        return "ORD-" + std::to_string(order);
    }

    // Sends the station's next scan; 1 when one left, 0 when the station has nothing to do.
    int start(Station& s, Clock::time_point now, Figures& figures) {
        if (!s.retry) {
            const auto barcode = next_barcode(s);
            if (!barcode) {
                s.dry = true;
                if (s.action != "done" && s.action != "scan_order") {
                    ++figures.errors;
                    std::fprintf(stderr, "scan_load: %s cannot follow action %s (sku %s)\n",
                                 s.code.c_str(), s.action.c_str(), s.sku.c_str());
                }
                return 0;
            }
            s.body = boost::json::serialize(boost::json::object{
                {"barcode", *barcode},
                {"scan_id", nonce_ + "-" + s.code + "-" + std::to_string(s.scans)}});
        }
        s.retry = false;
        s.response.clear();
        curl_easy_setopt(s.easy, CURLOPT_POSTFIELDS, s.body.c_str());
        curl_easy_setopt(s.easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(s.body.size()));
        s.busy = true;
        s.sent = now;
        curl_multi_add_handle(multi_, s.easy);
        return 1;
    }

    // Reads the answers that came in; `answered` records each. Returns how many finished.
    template <class F>
    int finish(Figures& figures, F answered) {
        int running = 0;
        curl_multi_perform(multi_, &running);
        int finished = 0;
        int queued = 0;
        while (CURLMsg* message = curl_multi_info_read(multi_, &queued)) {
            if (message->msg != CURLMSG_DONE) {
                continue;
            }
            const auto done = Clock::now();
            Station* s = nullptr;
            curl_easy_getinfo(message->easy_handle, CURLINFO_PRIVATE, &s);
            curl_multi_remove_handle(multi_, s->easy);
            s->busy = false;
            ++finished;
            long status = 0;
            if (message->data.result == CURLE_OK) {
                curl_easy_getinfo(s->easy, CURLINFO_RESPONSE_CODE, &status);
            }
            boost::system::error_code ec;
            const auto json =
                status == 200 ? boost::json::parse(s->response, ec) : boost::json::value();
            if (status != 200 || ec || !json.is_object()) {
                if (++figures.errors <= kErrorsShown) {
                    std::fprintf(stderr, "scan_load: %s: %s %s\n", s->code.c_str(),
                                 status != 0 ? std::to_string(status).c_str()
                                             : curl_easy_strerror(message->data.result),
                                 s->response.substr(0, 300).c_str());
                }
                // The same scan_id again: Tally answers a repeat with the first answer.
                s->retry = status == 0 || status >= 500 || status == 409;
                s->dry = s->dry || !s->retry;
                continue;
            }
            ++s->scans;
            figures.service_ms.push_back(ms_between(s->sent, done));
            answered(*s, done);
            const auto& answer = json.as_object();
            if (text_of(answer, "verdict") != "ok" && ++figures.refused <= kErrorsShown) {
                std::fprintf(stderr, "scan_load: %s refused: %s\n", s->code.c_str(),
                             s->response.substr(0, 300).c_str());
            }
            const auto& next = object_of(answer, "next");
            s->action = text_of(next, "action");
            s->bin = text_of(next, "bin");
            s->sku = text_of(next, "sku");
        }
        return finished;
    }

    // Polls the connections until `wake` (at most 5 ms), sleeping finely when it is close.
    void wait_until(Clock::time_point wake, int in_flight) {
        const auto left = wake - Clock::now();
        if (left <= Clock::duration::zero()) {
            return;
        }
        const auto whole_ms = std::chrono::duration_cast<std::chrono::milliseconds>(left).count();
        if (whole_ms >= 1) {
            if (in_flight > 0) {
                curl_multi_poll(multi_, nullptr, 0,
                                static_cast<int>(std::min<long long>(whole_ms, 5)), nullptr);
            } else {
                std::this_thread::sleep_for(
                    std::chrono::milliseconds(std::min<long long>(whole_ms, 5)));
            }
            return;
        }
        std::this_thread::sleep_for(
            std::min(std::chrono::duration_cast<std::chrono::microseconds>(left), kFineSleep));
    }

    const Options& options_;
    const Model& model_;
    std::vector<Station>& stations_;
    std::string nonce_;
    CURLM* multi_ = nullptr;
    double seconds_ = 0;
};

bool report(const char* mode, const Options& options, Figures& figures, double seconds) {
    const double max_ms =
        figures.latency_ms.empty() ? 0 : *std::ranges::max_element(figures.latency_ms);
    std::printf(
        "RESULT scan_load mode=%s stations=%d scans=%lld seconds=%.1f scans_per_s=%.1f "
        "p50_ms=%.3f p99_ms=%.3f max_ms=%.3f service_p50_ms=%.3f service_p99_ms=%.3f "
        "refused=%lld errors=%lld\n",
        mode, options.stations, static_cast<long long>(figures.scans), seconds,
        seconds > 0 ? static_cast<double>(figures.scans) / seconds : 0.0,
        percentile(figures.latency_ms, 50), percentile(figures.latency_ms, 99), max_ms,
        percentile(figures.service_ms, 50), percentile(figures.service_ms, 99),
        static_cast<long long>(figures.refused), static_cast<long long>(figures.errors));
    std::fflush(stdout);
    return figures.refused == 0 && figures.errors == 0 && figures.scans > 0;
}

int run_load(const Options& options) {
    const bool paced = options.mode == "paced" || options.mode == "both";
    const bool flat = options.mode == "flat" || options.mode == "both";
    const Model model = make_model(options.products, options.bins);
    Http http(options.url, options.token);
    std::string error;
    if (options.setup && !setup_model(http, model, 1'000'000, error)) {
        std::fprintf(stderr, "scan_load: setup: %s\n", error.c_str());
        return 2;
    }
    std::vector<Station> stations(static_cast<std::size_t>(options.stations));
    std::vector<std::string> codes;
    for (std::size_t i = 0; i < stations.size(); ++i) {
        stations[i].code = "SL-" + std::to_string(i + 1);
        codes.push_back(stations[i].code);
    }
    if (!create_stations(http, model, "pick", codes, error)) {
        std::fprintf(stderr, "scan_load: %s\n", error.c_str());
        return 2;
    }

    // Enough orders for every station: a pick job takes 3 scans or more (8.5 on average).
    const int per_station = (paced ? (options.rate * options.seconds + 3) / 4 + 2 : 0) +
                            (flat ? options.flat_orders : 0);
    const std::string nonce = run_nonce();
    std::mt19937_64 random(options.seed);
    std::vector<OrderPlan> plans;
    for (int i = 0; i < per_station * options.stations; ++i) {
        plans.push_back(random_order(random, model, "SL-" + nonce + "-" + std::to_string(i + 1)));
    }
    const auto started = Clock::now();
    const auto placed = place_orders(options.url, options.token, model, std::move(plans), 4, error);
    if (!placed) {
        std::fprintf(stderr, "scan_load: orders: %s\n", error.c_str());
        return 2;
    }
    for (std::size_t i = 0; i < placed->size(); ++i) {
        stations[i % stations.size()].orders.push_back((*placed)[i].id);
    }
    std::fprintf(stderr, "scan_load: %zu orders released for %d stations in %.1f s\n",
                 placed->size(), options.stations,
                 std::chrono::duration<double>(Clock::now() - started).count());

    bool clean = true;
    Driver driver(options, model, stations, nonce);
    if (paced) {
        auto figures = driver.paced();
        clean = report("paced", options, figures, driver.seconds()) && clean;
    }
    if (flat) {
        for (auto& s : stations) {
            s.dry = s.dry && s.orders.empty() && s.action == "done";
        }
        auto figures = driver.flat();
        clean = report("flat", options, figures, driver.seconds()) && clean;
    }
    return clean ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Flags flags(argc, argv, kUsage, {"--setup"});
    Options options{.url = flags.text("url", ""),
                    .token = flags.text("token", ""),
                    .setup = flags.on("setup"),
                    .mode = flags.text("mode", "both"),
                    .stations = static_cast<int>(flags.number("stations", 200)),
                    .rate = static_cast<int>(flags.number("rate", 2)),
                    .seconds = static_cast<int>(flags.number("seconds", 10)),
                    .flat_orders = static_cast<int>(flags.number("flat-orders-per-station", 25)),
                    .products = static_cast<int>(flags.number("products", 200)),
                    .bins = static_cast<int>(flags.number("bins", 50)),
                    .seed = static_cast<std::uint64_t>(flags.number("seed", 1))};
    flags.done();
    const bool paced = options.mode == "paced" || options.mode == "both";
    const bool flat = options.mode == "flat" || options.mode == "both";
    if (options.url.empty() || options.token.empty() || (!paced && !flat) || options.stations < 1 ||
        options.rate < 1 || options.seconds < 1 || options.products < 1 || options.bins < 1) {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int code = run_load(options);
    curl_global_cleanup();
    return code;
}
