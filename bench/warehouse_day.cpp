// A day in a warehouse, driven through Tally's scan endpoint alone. W workers (threads), each
// with its own pick and pack station, take released orders wave by wave: they pick each order
// bin by bin, pack it carton by carton, weigh every carton on a scale that reads within ± its
// stated precision (Tally's setting scale_precision_g), count a carton's contents when Tally
// asks (its lightest unit is too light for the scale), and stage it in its carrier's lane. At
// the end of a wave one loader per carrier opens a trailer, scans every carton in its lane and
// closes the trailer (CMD-CLOSE), which ships the orders. Workers make mistakes at set rates,
// as people do:
//   wrong product   a pick scan of another product's barcode            (Tally: wrong_item)
//   wrong quantity  at an instruction's last unit, a pack of two taken  (Tally: over_quantity)
//   left-out unit   a carton weighed with one of its units still on the bench: the scale reads
//                   the carton without that unit       (Tally: weight_mismatch, count_short)
//   wrong carrier   a carton staged in another carrier's lane, scanned by that trailer's
//                   loader                                              (Tally: wrong_carrier)
// When Tally refuses, the worker puts it right (the right unit, one unit, the unit into the
// carton, the carton to its own lane) and scans again, as a real worker would.
//
// The simulation keeps the physical truth (what is in each tote and carton, what a carton
// weighs, which lane it stands in) and counts, per kind, the mistakes made, those Tally caught
// (the scan was refused) and those that reached a customer (the scan was accepted). A left-out
// unit can only be caught by weight when it weighs more than the carton's tolerance plus what
// the scale's own error may hide (its precision); Tally asks for a count when it cannot tell.
// Every left-out unit's reading is also judged by both weighing rules: the flat one Tally had
// before issue 16 (the larger of 5 % and 30 g) and the per-carton one
// (fulfillment/weight_tolerance.hpp), so one run shows what each would have let ship.
//
// Usage: warehouse_day --url http://127.0.0.1:PORT --token TOKEN --orders N [--workers 4]
//        [--seed 1] [--setup] [--products 200] [--bins 50] [--wave 100]
//        [--wrong-product-pct 2] [--wrong-quantity-pct 1] [--left-out-pct 1]
//        [--wrong-carrier-pct 0.5] [--scale-precision-g G] [--parallel-close]
// --setup first creates the warehouse SIM, its bins, products, box types, carriers, shipping
// rules, stock and stations; without it they must be there from an earlier run.
// --scale-precision-g gives the scale's precision and sets it in Tally (default: Tally's
// setting). Every run creates and releases its own N orders. The trailers of a wave close one
// after the other; --parallel-close closes them at once (on PostgreSQL they then deadlock in
// Tally and a close can fail with a 500 after Tally's own retries).
// Prints a table and a RESULT line. Exits 1 when a wrong product, a wrong quantity or a wrong
// carrier reached a customer, a left-out unit heavier than tolerance and scale error was
// missed, a left-out unit heavier than twice the scale's precision shipped (issue 16's goal:
// weighed out, or counted where the scale cannot tell it), an order did not ship, the stock books
// do not balance, or Tally answered something a worker could not follow; 2 on bad arguments or a
// failed setup.

#include <array>
#include <barrier>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "tally/fulfillment/weight_tolerance.hpp"

#include "order_mix.hpp"
#include "warehouse_setup.hpp"

namespace {

using namespace tally::bench;

constexpr const char* kUsage =
    "warehouse_day --url http://127.0.0.1:PORT --token TOKEN --orders N [--workers 4] "
    "[--seed 1] [--setup] [--products 200] [--bins 50] [--wave 100] [--wrong-product-pct 2] "
    "[--wrong-quantity-pct 1] [--left-out-pct 1] [--wrong-carrier-pct 0.5] "
    "[--scale-precision-g G] [--parallel-close]";

// Anomalies shown in full; the rest are counted.
constexpr std::size_t kAnomaliesShown = 20;
// Scans one job may take before the worker gives up on it.
constexpr int kMaxScansPerJob = 2000;
// Submits a count of a carton's contents (Tally's CMD-COUNTED).
constexpr std::string_view kCountedCommand = "CMD-COUNTED";

struct Options {
    std::string url;
    std::string token;
    int orders = 0;
    int workers = 4;
    std::uint64_t seed = 1;
    bool setup = false;
    int products = 200;
    int bins = 50;
    int wave = 100;
    double wrong_product_pct = 2;
    double wrong_quantity_pct = 1;
    double left_out_pct = 1;
    double wrong_carrier_pct = 0.5;
    int scale_precision_g = 0;  // 0: Tally's setting
    bool parallel_close = false;
};

enum class Mistake : std::size_t { wrong_product, wrong_quantity, left_out, wrong_carrier };
constexpr std::size_t kKinds = 4;

constexpr std::size_t at(Mistake mistake) {
    return static_cast<std::size_t>(mistake);
}

constexpr std::array<const char*, kKinds> kKindNames = {
    "wrong product (pick)", "wrong quantity (pick)", "left-out unit (pack)",
    "wrong carrier (load)"};
constexpr std::array<const char*, kKinds> kKindKeys = {"wrong_product", "wrong_quantity",
                                                       "left_out", "wrong_carrier"};

struct Count {
    std::int64_t made = 0;
    std::int64_t caught = 0;
    std::int64_t reached = 0;  // accepted: it would reach a customer
    void add(bool refused) {
        ++made;
        ++(refused ? caught : reached);
    }
    void merge(const Count& other) {
        made += other.made;
        caught += other.caught;
        reached += other.reached;
    }
};

// What one worker saw; merged at the end.
struct Tallies {
    std::array<Count, kKinds> kinds{};
    std::array<std::map<std::string, std::int64_t>, kKinds> verdicts{};  // of the mistakes
    Count left_out_above_tolerance;  // unit heavier than the tolerance
    Count left_out_detectable;       // heavier than the tolerance plus the scale's error
    Count left_out_visible;          // heavier than twice the scale's precision (issue 16's goal)
    // The same left-out units and readings judged by each weighing rule (caught: refused, or
    // a count asked for).
    Count left_out_flat_rule;
    Count left_out_carton_rule;
    Count left_out_visible_flat_rule;
    Count left_out_visible_carton_rule;
    std::int64_t counted_cartons = 0;  // cartons Tally asked to count
    std::int64_t scans = 0;
    std::int64_t refused = 0;
    std::int64_t cartons = 0;
    std::map<std::string, std::int64_t> boxes;  // cartons by box type, "" for own packaging
    std::int64_t split_orders = 0;              // orders packed into more than one carton
    std::int64_t jobs_failed = 0;
    std::vector<double> latencies_ms;
    std::int64_t anomalies = 0;
    std::vector<std::string> anomaly_texts;

    void anomaly(std::string text) {
        ++anomalies;
        if (anomaly_texts.size() < kAnomaliesShown) {
            anomaly_texts.push_back(std::move(text));
        }
    }
    void merge(Tallies& other) {
        for (std::size_t k = 0; k < kKinds; ++k) {
            kinds[k].merge(other.kinds[k]);
            for (const auto& [verdict, n] : other.verdicts[k]) {
                verdicts[k][verdict] += n;
            }
        }
        left_out_above_tolerance.merge(other.left_out_above_tolerance);
        left_out_detectable.merge(other.left_out_detectable);
        left_out_visible.merge(other.left_out_visible);
        left_out_flat_rule.merge(other.left_out_flat_rule);
        left_out_carton_rule.merge(other.left_out_carton_rule);
        left_out_visible_flat_rule.merge(other.left_out_visible_flat_rule);
        left_out_visible_carton_rule.merge(other.left_out_visible_carton_rule);
        counted_cartons += other.counted_cartons;
        scans += other.scans;
        refused += other.refused;
        cartons += other.cartons;
        for (const auto& [box, n] : other.boxes) {
            boxes[box] += n;
        }
        split_orders += other.split_orders;
        jobs_failed += other.jobs_failed;
        latencies_ms.insert(latencies_ms.end(), other.latencies_ms.begin(),
                            other.latencies_ms.end());
        anomalies += other.anomalies;
        for (auto& text : other.anomaly_texts) {
            if (anomaly_texts.size() < kAnomaliesShown) {
                anomaly_texts.push_back(std::move(text));
            }
        }
    }
};

struct CartonRecord {
    std::int64_t id = 0;
    std::string sscc;
    std::string carrier;  // the carrier on its label
    std::int64_t order = 0;
};

// What every worker shares: the orders, the lanes cartons are staged in, the wave barrier.
struct Shared {
    const Options& options;
    const Model& model;
    const std::vector<PlacedOrder>& orders;
    std::string nonce;
    int tolerance_percent = 5;
    int tolerance_min_g = 30;
    int scale_precision_g = 2;
    std::map<std::string, int> tares;        // box code → grams
    std::vector<std::string> load_stations;  // one per carrier, in Model::carriers order
    std::barrier<> barrier;
    std::vector<std::atomic<std::size_t>> wave_next;  // next order of each wave
    std::mutex lanes_mutex;
    std::map<std::string, std::vector<CartonRecord>> lanes;  // where cartons stand
    std::map<std::string, std::vector<CartonRecord>> moved;  // carried to their own lane
    // Trailers leave one after the other: two closing at once deadlock on PostgreSQL.
    std::mutex close_mutex;
};

// A job went wrong in a way the worker cannot follow; it moves on to the next one.
struct JobFailed {};

struct Answer {
    bool answered = false;  // a 200 with a verdict
    std::string verdict;
    std::string message;
    boost::json::object next;
    [[nodiscard]] bool ok() const { return answered && verdict == "ok"; }
    [[nodiscard]] bool refused() const { return answered && verdict != "ok"; }
    [[nodiscard]] std::string action() const { return text_of(next, "action"); }
};

class Worker {
  public:
    Worker(Shared& shared, int index)
        : shared_(shared),
          options_(shared.options),
          model_(shared.model),
          index_(index),
          http_(options_.url, options_.token),
          random_(options_.seed * 7919 + static_cast<std::uint64_t>(index)),
          pick_("WD-PICK-" + std::to_string(index + 1)),
          pack_("WD-PACK-" + std::to_string(index + 1)) {}

    void run() {
        const std::size_t total = shared_.orders.size();
        const auto wave = static_cast<std::size_t>(options_.wave);
        for (std::size_t start = 0, w = 0; start < total; start += wave, ++w) {
            const std::size_t end = std::min(total, start + wave);
            for (auto i = start + shared_.wave_next[w]++; i < end;
                 i = start + shared_.wave_next[w]++) {
                fulfil(shared_.orders[i]);
            }
            shared_.barrier.arrive_and_wait();
            for_my_carriers([this](std::size_t k) { load_lane(k); });
            shared_.barrier.arrive_and_wait();
            for_my_carriers([this](std::size_t k) { close_trailer(k); });
            shared_.barrier.arrive_and_wait();
        }
    }

    Tallies& tallies() { return tallies_; }

  private:
    bool chance(double percent) {
        return std::uniform_real_distribution<double>(0, 100)(random_) < percent;
    }

    template <class F>
    void for_my_carriers(F f) {
        const auto workers = static_cast<std::size_t>(options_.workers);
        for (std::size_t k = static_cast<std::size_t>(index_); k < model_.carriers.size();
             k += workers) {
            try {
                f(k);
            } catch (const JobFailed&) {
                ++tallies_.jobs_failed;
            }
        }
    }

    // One scan, with a scan_id so that a retry after a lost answer changes nothing.
    Answer scan(const std::string& station, const std::string& barcode,
                std::optional<int> weight = std::nullopt) {
        boost::json::object body{{"barcode", barcode},
                                 {"scan_id", shared_.nonce + "-" + std::to_string(index_) + "-" +
                                                 std::to_string(++scan_count_)}};
        if (weight) {
            body["weight_g"] = *weight;
        }
        const std::string text = boost::json::serialize(body);
        for (int attempt = 0; attempt < 3; ++attempt) {
            const auto reply = http_.post("/api/v1/stations/" + station + "/scans", text);
            if (reply.status == 200) {
                const auto json = reply.json();
                if (!json.is_object()) {
                    tallies_.anomaly(station + " " + barcode + ": not JSON: " + reply.describe());
                    return {};
                }
                ++tallies_.scans;
                tallies_.latencies_ms.push_back(reply.ms);
                Answer answer{.answered = true,
                              .verdict = text_of(json.as_object(), "verdict"),
                              .message = text_of(json.as_object(), "message"),
                              .next = object_of(json.as_object(), "next")};
                tallies_.refused += answer.verdict != "ok";
                return answer;
            }
            tallies_.anomaly("scan " + barcode + " at " + station + ": " + reply.describe());
            // A lost answer, a 5xx or a 409 (a race inside Tally): the same scan_id again is
            // safe, Tally answers a scan it already took with its first answer.
            if (reply.status != 0 && reply.status < 500 && reply.status != 409) {
                return {};
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        return {};
    }

    // A scan the worker made correctly: anything but ok is Tally going astray.
    Answer expect_ok(const std::string& station, const std::string& barcode,
                     std::optional<int> weight, const std::string& what) {
        auto answer = scan(station, barcode, weight);
        if (!answer.ok()) {
            if (answer.answered) {
                tallies_.anomaly(station + ": " + what + " (" + barcode +
                                 (weight ? " " + std::to_string(*weight) + " g" : "") +
                                 ") refused: " + answer.verdict + ": " + answer.message);
            }
            throw JobFailed{};
        }
        return answer;
    }

    void record(Mistake mistake, const Answer& answer) {
        if (!answer.answered) {
            throw JobFailed{};
        }
        tallies_.kinds[at(mistake)].add(answer.refused());
        ++tallies_.verdicts[at(mistake)][answer.verdict];
    }

    // The SKU text or the GTIN, as labels come.
    std::string unit_barcode(const SimProduct& p) { return chance(50) ? p.sku : p.gtin; }

    std::string carton_barcode(const CartonRecord& c) {
        switch (std::uniform_int_distribution<int>(0, 2)(random_)) {
            case 0:
                return "CTN-" + std::to_string(c.id);
            case 1:
                return "(00)" + c.sscc;
            default:
                return c.sscc;
        }
    }

    int scale_reading(int grams) {
        const int p = shared_.scale_precision_g;
        return std::max(0, grams + std::uniform_int_distribution<int>(-p, p)(random_));
    }

    void fulfil(const PlacedOrder& order) {
        std::map<std::string, int> tote;  // what the picker put in, by SKU
        try {
            pick(order, tote);
            pack(order, tote);
        } catch (const JobFailed&) {
            ++tallies_.jobs_failed;
        }
    }

    void pick(const PlacedOrder& order, std::map<std::string, int>& tote) {
        const std::string ticket = "ORD-" + std::to_string(order.id);
        auto a = expect_ok(pick_, ticket, std::nullopt, "pick ticket");
        for (int guard = 0; guard < kMaxScansPerJob; ++guard) {
            const auto action = a.action();
            if (action == "done") {
                return;
            }
            if (action == "scan_bin") {
                a = expect_ok(pick_, model_.bin_barcode(text_of(a.next, "bin")), std::nullopt,
                              "bin");
                continue;
            }
            const auto sku = text_of(a.next, "sku");
            const SimProduct* product = model_.product(sku);
            if (action != "scan_item" || product == nullptr) {
                tallies_.anomaly(pick_ + ": order " + std::to_string(order.id) +
                                 ": cannot follow " + boost::json::serialize(a.next));
                throw JobFailed{};
            }
            if (chance(options_.wrong_product_pct)) {
                const SimProduct* other = product;
                while (other == product) {
                    other = &model_.products[std::uniform_int_distribution<std::size_t>(
                        0, model_.products.size() - 1)(random_)];
                }
                auto r = scan(pick_, unit_barcode(*other));
                record(Mistake::wrong_product, r);
                if (!r.refused()) {
                    ++tote[other->sku];
                    a = std::move(r);
                    continue;
                }
            }
            if (int_of(a.next, "quantity") == 1 && chance(options_.wrong_quantity_pct)) {
                auto r = scan(pick_, product->pack_gtin);
                record(Mistake::wrong_quantity, r);
                if (!r.refused()) {
                    tote[sku] += 2;
                    a = std::move(r);
                    continue;
                }
            }
            a = expect_ok(pick_, unit_barcode(*product), std::nullopt, "a unit of " + sku);
            ++tote[sku];
        }
        tallies_.anomaly(pick_ + ": order " + std::to_string(order.id) + " never ends");
        throw JobFailed{};
    }

    void pack(const PlacedOrder& order, std::map<std::string, int>& tote) {
        const std::string ticket = "ORD-" + std::to_string(order.id);
        const std::string carrier = model_.carrier_for(order.plan.level);
        auto a = expect_ok(pack_, ticket, std::nullopt, "order at the pack bench");
        std::map<std::int64_t, std::vector<const SimProduct*>> contents;  // carton → its units
        std::set<std::int64_t> weight_checked;
        for (int guard = 0; guard < kMaxScansPerJob; ++guard) {
            const auto action = a.action();
            if (action == "done") {
                tallies_.split_orders += contents.size() > 1;
                for (const auto& [sku, left] : tote) {
                    if (left != 0) {
                        tallies_.anomaly(pack_ + ": order " + std::to_string(order.id) + ": " +
                                         std::to_string(left) + " of " + sku +
                                         " picked but never asked for at packing");
                    }
                }
                return;
            }
            const auto carton = int_of(a.next, "carton");
            if (action == "scan_item") {
                const auto sku = text_of(a.next, "sku");
                const SimProduct* product = model_.product(sku);
                if (product == nullptr || tote[sku] <= 0) {
                    tallies_.anomaly(pack_ + ": order " + std::to_string(order.id) +
                                     ": asked to pack " + sku + " that is not in the tote");
                    throw JobFailed{};
                }
                a = expect_ok(pack_, unit_barcode(*product), std::nullopt, "a unit of " + sku);
                --tote[sku];
                contents[carton].push_back(product);
                continue;
            }
            if (action == "weigh") {
                a = weigh(order, carton, a.next, contents[carton], weight_checked);
                continue;
            }
            if (action == "scan_tracking") {
                const CartonRecord record{.id = carton,
                                          .sscc = text_of(a.next, "sscc"),
                                          .carrier = text_of(a.next, "carrier"),
                                          .order = order.id};
                if (record.carrier != carrier) {
                    tallies_.anomaly(pack_ + ": carton " + std::to_string(carton) + " goes with " +
                                     record.carrier + ", the rules say " + carrier);
                }
                const std::string tracking = "TRK" + shared_.nonce + "W" + std::to_string(index_) +
                                             "N" + std::to_string(++tracking_count_);
                a = expect_ok(pack_, tracking, std::nullopt, "tracking number");
                stage(record);
                continue;
            }
            tallies_.anomaly(pack_ + ": order " + std::to_string(order.id) + ": cannot follow " +
                             boost::json::serialize(a.next));
            throw JobFailed{};
        }
        tallies_.anomaly(pack_ + ": order " + std::to_string(order.id) + " never ends");
        throw JobFailed{};
    }

    Answer weigh(const PlacedOrder& order, std::int64_t carton, const boost::json::object& next,
                 const std::vector<const SimProduct*>& inside, std::set<std::int64_t>& checked) {
        const auto box = text_of(next, "box");
        ++tallies_.cartons;
        ++tallies_.boxes[box];
        const auto tare = shared_.tares.find(box);
        if (!box.empty() && tare == shared_.tares.end()) {
            tallies_.anomaly(pack_ + ": unknown box " + box);
            throw JobFailed{};
        }
        int truth = box.empty() ? 0 : tare->second;
        std::optional<int> lightest;
        for (const auto* unit : inside) {
            truth += unit->weight_g;
            lightest = std::min(lightest.value_or(unit->weight_g), unit->weight_g);
        }
        const auto weight = object_of(next, "weight");
        const auto expected = int_of(weight, "expected_g", -1);
        if (expected != truth && checked.insert(carton).second) {
            tallies_.anomaly(pack_ + ": order " + std::to_string(order.id) + " carton " +
                             std::to_string(carton) + " should weigh " + std::to_string(truth) +
                             " g, Tally expects " + std::to_string(expected) + " g");
        }
        const int slack = static_cast<int>(int_of(weight, "max_g", expected)) - expected;
        const int precision = shared_.scale_precision_g;
        if (!inside.empty() && chance(options_.left_out_pct)) {
            const auto left =
                std::uniform_int_distribution<std::size_t>(0, inside.size() - 1)(random_);
            const int unit = inside[left]->weight_g;
            const int reading = scale_reading(truth - unit);
            judge_by_both_rules(truth, lightest, unit, reading);
            auto r = scan(pack_, "", reading);
            if (r.ok() && r.action() == "count_carton") {
                r = count_contents(inside, left);
            }
            record(Mistake::left_out, r);
            if (unit > slack) {
                tallies_.left_out_above_tolerance.add(r.refused());
            }
            if (unit > slack + precision) {
                tallies_.left_out_detectable.add(r.refused());
            }
            if (unit > 2 * precision) {
                tallies_.left_out_visible.add(r.refused());
            }
            if (!r.refused()) {
                return r;  // the carton ships a unit short
            }
            // The packer finds the unit on the bench and puts it in: counted, or weighed again.
            if (r.action() == "count_carton") {
                expect_ok(pack_, unit_barcode(*inside[left]), std::nullopt, "the unit found");
                return expect_ok(pack_, std::string(kCountedCommand), std::nullopt,
                                 "the count, complete");
            }
        }
        auto a = expect_ok(pack_, "", scale_reading(truth), "carton weight");
        if (a.action() == "count_carton") {
            a = count_contents(inside, std::nullopt);
            if (!a.ok()) {
                tallies_.anomaly(pack_ + ": carton " + std::to_string(carton) +
                                 " counted in full refused: " + a.verdict + ": " + a.message);
                throw JobFailed{};
            }
        }
        return a;
    }

    // Tally asks for the carton's contents to be counted: the packer scans each unit in it
    // (all but the one left on the bench, if any) and submits the count.
    Answer count_contents(const std::vector<const SimProduct*>& inside,
                          std::optional<std::size_t> missing) {
        ++tallies_.counted_cartons;
        for (std::size_t i = 0; i < inside.size(); ++i) {
            if (i != missing) {
                expect_ok(pack_, unit_barcode(*inside[i]), std::nullopt,
                          "a counted unit of " + inside[i]->sku);
            }
        }
        return scan(pack_, std::string(kCountedCommand));
    }

    // The reading of a carton without one unit, judged by the flat rule and the per-carton
    // rule alike: caught when refused or, per carton, when a count is asked for.
    void judge_by_both_rules(int truth, std::optional<int> lightest, int unit, int reading) {
        const tally::fulfillment::WeightTolerance flat{.percent = shared_.tolerance_percent,
                                                       .min_g = shared_.tolerance_min_g};
        const bool flat_caught = !tally::fulfillment::weight_range(truth, flat).contains(reading);
        const auto per_carton =
            tally::fulfillment::carton_weighing(truth, lightest, flat, shared_.scale_precision_g);
        const bool carton_caught = per_carton.count_required || !per_carton.range.contains(reading);
        tallies_.left_out_flat_rule.add(flat_caught);
        tallies_.left_out_carton_rule.add(carton_caught);
        if (unit > 2 * shared_.scale_precision_g) {
            tallies_.left_out_visible_flat_rule.add(flat_caught);
            tallies_.left_out_visible_carton_rule.add(carton_caught);
        }
    }

    void stage(const CartonRecord& carton) {
        std::string lane = carton.carrier;
        if (model_.carriers.size() > 1 && chance(options_.wrong_carrier_pct)) {
            while (lane == carton.carrier) {
                lane = model_
                           .carriers[std::uniform_int_distribution<std::size_t>(
                               0, model_.carriers.size() - 1)(random_)]
                           .code;
            }
        }
        const std::scoped_lock lock(shared_.lanes_mutex);
        shared_.lanes[lane].push_back(carton);
    }

    void open_trailer(std::size_t k) {
        const auto& carrier = model_.carriers[k].code;
        const auto created = http_.post_json(
            "/api/v1/manifests",
            boost::json::value{{"carrier", carrier}, {"warehouse", model_.warehouse}});
        const auto json = created.json();
        if (created.status != 201 || !json.is_object()) {
            tallies_.anomaly("trailer for " + carrier + ": " + created.describe());
            throw JobFailed{};
        }
        trailers_[k] = text_of(json.as_object(), "barcode");
        expect_ok(shared_.load_stations[k], trailers_[k], std::nullopt, "trailer");
    }

    // The loader of carrier k scans every carton standing in its lane.
    void load_lane(std::size_t k) {
        const auto& carrier = model_.carriers[k].code;
        const auto& station = shared_.load_stations[k];
        std::vector<CartonRecord> lane;
        {
            const std::scoped_lock lock(shared_.lanes_mutex);
            lane.swap(shared_.lanes[carrier]);
        }
        if (lane.empty()) {
            return;
        }
        open_trailer(k);
        for (const auto& carton : lane) {
            auto r = scan(station, carton_barcode(carton));
            if (carton.carrier != carrier) {
                record(Mistake::wrong_carrier, r);
                if (r.refused()) {
                    const std::scoped_lock lock(shared_.lanes_mutex);
                    shared_.moved[carton.carrier].push_back(carton);
                }
            } else if (!r.ok()) {
                tallies_.anomaly(station + ": carton " + std::to_string(carton.id) + " of " +
                                 carrier + " refused: " + r.verdict + ": " + r.message);
            }
        }
    }

    // The cartons carried over from other lanes go on, then the trailer closes.
    void close_trailer(std::size_t k) {
        const auto& carrier = model_.carriers[k].code;
        const auto& station = shared_.load_stations[k];
        std::vector<CartonRecord> moved;
        {
            const std::scoped_lock lock(shared_.lanes_mutex);
            moved.swap(shared_.moved[carrier]);
        }
        if (trailers_[k].empty() && moved.empty()) {
            return;
        }
        if (trailers_[k].empty()) {
            open_trailer(k);
        }
        for (const auto& carton : moved) {
            expect_ok(station, carton_barcode(carton), std::nullopt,
                      "carton " + std::to_string(carton.id) + " carried to its own lane");
        }
        std::unique_lock close(shared_.close_mutex, std::defer_lock);
        if (!options_.parallel_close) {
            close.lock();
        }
        auto r = scan(station, "CMD-CLOSE");
        if (r.verdict == "manifest_incomplete") {
            tallies_.anomaly(station + ": trailer " + trailers_[k] + " cannot close: " + r.message);
            if (const auto* missing = r.next.if_contains("missing");
                missing != nullptr && missing->is_array()) {
                for (const auto& sscc : missing->as_array()) {
                    if (sscc.is_string()) {
                        scan(station, "(00)" + std::string(sscc.as_string()));
                    }
                }
            }
            r = scan(station, "CMD-CLOSE");
        }
        if (!r.ok() || r.action() != "done") {
            tallies_.anomaly(station + ": trailer " + trailers_[k] +
                             " did not close: " + r.verdict + ": " + r.message);
        }
        trailers_[k].clear();
    }

    Shared& shared_;
    const Options& options_;
    const Model& model_;
    int index_;
    Http http_;
    std::mt19937_64 random_;
    std::string pick_;
    std::string pack_;
    std::map<std::size_t, std::string> trailers_;  // carrier → open trailer's barcode
    std::int64_t scan_count_ = 0;
    std::int64_t tracking_count_ = 0;
    Tallies tallies_;
};

double percent_flag(Flags& flags, const char* name, double fallback) {
    const std::string text = flags.text(name, "");
    if (text.empty()) {
        return fallback;
    }
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || value < 0 || value > 100) {
        std::fprintf(stderr, "--%s: not a percentage: %s\n", name, text.c_str());
        std::exit(2);
    }
    return value;
}

// Orders of this run (external_id prefix) that are shipped, counted page by page.
std::optional<std::int64_t> count_shipped(Http& http, const std::string& prefix) {
    std::int64_t shipped = 0;
    std::string cursor = "0";
    for (;;) {
        const auto page = http.get("/api/v1/orders?status=shipped&limit=500&cursor=" + cursor);
        const auto json = page.json();
        if (!page.ok() || !json.is_object()) {
            std::fprintf(stderr, "warehouse_day: listing shipped orders: %s\n",
                         page.describe().c_str());
            return std::nullopt;
        }
        for (const auto& item : json.at("items").as_array()) {
            shipped += text_of(item.as_object(), "external_id").starts_with(prefix);
        }
        const auto& next = json.at("next_cursor");
        if (!next.is_string()) {
            return shipped;
        }
        cursor = std::string(next.as_string());
    }
}

int run_day(const Options& options) {
    const auto started = Clock::now();

    const Model model = make_model(options.products, options.bins);
    Http http(options.url, options.token);
    std::string error;
    if (options.setup && !setup_model(http, model, 1'000'000, error)) {
        std::fprintf(stderr, "warehouse_day: setup: %s\n", error.c_str());
        return 2;
    }
    std::vector<std::string> picks;
    std::vector<std::string> packs;
    std::vector<std::string> loads;
    for (int w = 1; w <= std::max<int>(options.workers, static_cast<int>(model.carriers.size()));
         ++w) {
        if (w <= options.workers) {
            picks.push_back("WD-PICK-" + std::to_string(w));
            packs.push_back("WD-PACK-" + std::to_string(w));
        }
        loads.push_back("WD-LOAD-" + std::to_string(w));
    }
    if (!create_stations(http, model, "pick", picks, error) ||
        !create_stations(http, model, "pack", packs, error) ||
        !create_stations(http, model, "load", loads, error)) {
        std::fprintf(stderr, "warehouse_day: stations: %s\n", error.c_str());
        return 2;
    }

    if (options.scale_precision_g > 0) {
        const auto told =
            http.put_json("/api/v1/fulfillment/settings",
                          boost::json::value{{"scale_precision_g", options.scale_precision_g}});
        if (!told.ok()) {
            std::fprintf(stderr, "warehouse_day: scale precision: %s\n", told.describe().c_str());
            return 2;
        }
    }
    const auto settings = http.get("/api/v1/fulfillment/settings");
    const auto boxes = http.get("/api/v1/box-types");
    const auto settings_json = settings.json();
    const auto boxes_json = boxes.json();
    if (!settings.ok() || !boxes.ok() || !settings_json.is_object() || !boxes_json.is_object()) {
        std::fprintf(stderr, "warehouse_day: settings: %s %s\n", settings.describe().c_str(),
                     boxes.describe().c_str());
        return 2;
    }
    std::map<std::string, int> tares;
    for (const auto& box : boxes_json.at("items").as_array()) {
        tares[text_of(box.as_object(), "code")] =
            static_cast<int>(int_of(box.as_object(), "tare_g"));
    }

    // The orders: created and released before the day starts.
    const std::string nonce = run_nonce();
    const std::string prefix = "WD-" + nonce + "-";
    std::mt19937_64 random(options.seed);
    std::vector<OrderPlan> plans;
    for (int i = 0; i < options.orders; ++i) {
        plans.push_back(random_order(random, model, prefix + std::to_string(i + 1)));
    }
    const auto placed = place_orders(options.url, options.token, model, std::move(plans),
                                     std::min(options.workers, 8), error);
    if (!placed) {
        std::fprintf(stderr, "warehouse_day: orders: %s\n", error.c_str());
        return 2;
    }
    const double setup_s = std::chrono::duration<double>(Clock::now() - started).count();
    std::fprintf(stderr, "warehouse_day: %d orders released, setup %.1f s; the day starts\n",
                 options.orders, setup_s);

    Shared shared{
        .options = options,
        .model = model,
        .orders = *placed,
        .nonce = nonce,
        .tolerance_percent =
            static_cast<int>(int_of(settings_json.as_object(), "weight_tolerance_percent", 5)),
        .tolerance_min_g =
            static_cast<int>(int_of(settings_json.as_object(), "weight_tolerance_min_g", 30)),
        .scale_precision_g = static_cast<int>(int_of(settings_json.as_object(), "scale_precision_g",
                                                     tally::fulfillment::kDefaultScalePrecisionG)),
        .tares = tares,
        .load_stations = loads,
        .barrier = std::barrier<>(options.workers),
        .wave_next = std::vector<std::atomic<std::size_t>>(
            static_cast<std::size_t>(options.orders / options.wave + 1))};
    std::vector<std::unique_ptr<Worker>> workers;
    for (int w = 0; w < options.workers; ++w) {
        workers.push_back(std::make_unique<Worker>(shared, w));
    }
    const auto day_started = Clock::now();
    {
        std::vector<std::jthread> threads;
        for (auto& worker : workers) {
            threads.emplace_back([&worker] { worker->run(); });
        }
    }
    const double day_s = std::chrono::duration<double>(Clock::now() - day_started).count();
    Tallies total;
    for (auto& worker : workers) {
        total.merge(worker->tallies());
    }

    // What an operator would check afterwards: every order shipped, the books balance.
    const auto shipped = count_shipped(http, prefix);
    const auto fsck = http.get("/api/v1/inventory/fsck");
    const auto fsck_json = fsck.json();
    const auto* fsck_ok = fsck_json.is_object() ? fsck_json.as_object().if_contains("ok") : nullptr;
    const bool books_ok =
        fsck.ok() && fsck_ok != nullptr && fsck_ok->is_bool() && fsck_ok->as_bool();
    if (!books_ok) {
        std::fprintf(stderr, "warehouse_day: inventory fsck: %s\n", fsck.describe().c_str());
    }

    std::printf("warehouse_day: %d orders, %d workers, waves of %d, seed %llu\n", options.orders,
                options.workers, options.wave, static_cast<unsigned long long>(options.seed));
    std::printf("%-40s %8s %8s %17s\n", "mistake", "made", "caught", "reached customer");
    const auto row = [](const std::string& name, const Count& c) {
        std::printf("%-40s %8lld %8lld %17lld\n", name.c_str(), static_cast<long long>(c.made),
                    static_cast<long long>(c.caught), static_cast<long long>(c.reached));
    };
    for (std::size_t k = 0; k < kKinds; ++k) {
        row(kKindNames[k], total.kinds[k]);
        if (k == at(Mistake::left_out)) {
            row("  heavier than the tolerance", total.left_out_above_tolerance);
            row("  heavier than tolerance + scale error", total.left_out_detectable);
            row("  heavier than 2 x the scale's precision", total.left_out_visible);
        }
    }
    const std::string precision = std::to_string(shared.scale_precision_g);
    std::printf(
        "left-out units judged by each weighing rule (same units, same readings; "
        "scale ±%s g; cartons counted: %lld)\n",
        precision.c_str(), static_cast<long long>(total.counted_cartons));
    row("  flat rule, max(" + std::to_string(shared.tolerance_percent) + " %, " +
            std::to_string(shared.tolerance_min_g) + " g)",
        total.left_out_flat_rule);
    row("  per-carton rule", total.left_out_carton_rule);
    row("  heavier than " + std::to_string(2 * shared.scale_precision_g) + " g, flat rule",
        total.left_out_visible_flat_rule);
    row("  heavier than " + std::to_string(2 * shared.scale_precision_g) + " g, per-carton rule",
        total.left_out_visible_carton_rule);
    for (std::size_t k = 0; k < kKinds; ++k) {
        std::string verdicts;
        for (const auto& [verdict, n] : total.verdicts[k]) {
            verdicts += " " + verdict + ":" + std::to_string(n);
        }
        if (!verdicts.empty()) {
            std::printf("verdicts, %s:%s\n", kKindNames[k], verdicts.c_str());
        }
    }
    const double scans_per_s = day_s > 0 ? static_cast<double>(total.scans) / day_s : 0;
    const double p50 = percentile(total.latencies_ms, 50);
    const double p99 = percentile(total.latencies_ms, 99);
    const double max_ms =
        total.latencies_ms.empty() ? 0 : *std::ranges::max_element(total.latencies_ms);
    std::printf(
        "scans: %lld (%lld refused), %.1f scans/s, latency p50 %.2f ms, p99 %.2f ms, "
        "max %.2f ms\n",
        static_cast<long long>(total.scans), static_cast<long long>(total.refused), scans_per_s,
        p50, p99, max_ms);
    std::printf("orders shipped: %lld of %d; cartons: %lld; day %.1f s, setup %.1f s\n",
                static_cast<long long>(shipped.value_or(-1)), options.orders,
                static_cast<long long>(total.cartons), day_s, setup_s);
    std::string by_box;
    for (const auto& [box, n] : total.boxes) {
        by_box += (by_box.empty() ? "" : ", ") +
                  (box.empty() ? std::string("own packaging") : box) + " " + std::to_string(n);
    }
    std::printf("cartons by box: %s; orders in more than one carton: %lld\n", by_box.c_str(),
                static_cast<long long>(total.split_orders));
    std::printf("stock books (GET /api/v1/inventory/fsck): %s\n", books_ok ? "ok" : "NOT ok");
    if (total.anomalies > 0) {
        std::printf("anomalies: %lld (jobs abandoned: %lld)\n",
                    static_cast<long long>(total.anomalies),
                    static_cast<long long>(total.jobs_failed));
        for (const auto& text : total.anomaly_texts) {
            std::printf("  - %s\n", text.c_str());
        }
    }
    std::string result = "RESULT warehouse_day orders=" + std::to_string(options.orders) +
                         " shipped=" + std::to_string(shipped.value_or(-1)) +
                         " scans=" + std::to_string(total.scans) +
                         " refused=" + std::to_string(total.refused);
    char figures[160];
    std::snprintf(figures, sizeof figures,
                  " scans_per_s=%.1f p50_ms=%.3f p99_ms=%.3f max_ms=%.3f elapsed_s=%.2f",
                  scans_per_s, p50, p99, max_ms, day_s);
    result += figures;
    for (std::size_t k = 0; k < kKinds; ++k) {
        const std::string key = kKindKeys[k];
        result += " " + key + "_made=" + std::to_string(total.kinds[k].made) + " " + key +
                  "_caught=" + std::to_string(total.kinds[k].caught) + " " + key +
                  "_reached=" + std::to_string(total.kinds[k].reached);
    }
    result +=
        " left_out_detectable_made=" + std::to_string(total.left_out_detectable.made) +
        " left_out_detectable_missed=" + std::to_string(total.left_out_detectable.reached) +
        " left_out_visible_made=" + std::to_string(total.left_out_visible.made) +
        " left_out_visible_shipped=" + std::to_string(total.left_out_visible.reached) +
        " left_out_flat_rule_shipped=" + std::to_string(total.left_out_flat_rule.reached) +
        " left_out_carton_rule_shipped=" + std::to_string(total.left_out_carton_rule.reached) +
        " counted_cartons=" + std::to_string(total.counted_cartons) +
        " anomalies=" + std::to_string(total.anomalies) + " books=" + (books_ok ? "ok" : "bad");
    std::printf("%s\n", result.c_str());

    std::vector<std::string> failures;
    if (total.kinds[at(Mistake::wrong_product)].reached > 0) {
        failures.push_back("a wrong product reached a customer");
    }
    if (total.kinds[at(Mistake::wrong_quantity)].reached > 0) {
        failures.push_back("a wrong quantity reached a customer");
    }
    if (total.kinds[at(Mistake::wrong_carrier)].reached > 0) {
        failures.push_back("a carton went with the wrong carrier");
    }
    if (total.left_out_detectable.reached > 0) {
        failures.push_back("a left-out unit heavier than the tolerance was missed");
    }
    if (total.left_out_visible.reached > 0) {
        failures.push_back("a left-out unit heavier than twice the scale's precision shipped");
    }
    if (shipped.value_or(-1) != options.orders) {
        failures.push_back("not every order shipped");
    }
    if (!books_ok) {
        failures.push_back("the stock books do not balance");
    }
    if (total.anomalies > 0) {
        failures.push_back("Tally answered something the workers could not follow");
    }
    for (const auto& failure : failures) {
        std::printf("FAIL: %s\n", failure.c_str());
    }
    return failures.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    Flags flags(argc, argv, kUsage, {"--setup", "--parallel-close"});
    Options options{.url = flags.text("url", ""),
                    .token = flags.text("token", ""),
                    .orders = static_cast<int>(flags.number("orders", 0)),
                    .workers = static_cast<int>(flags.number("workers", 4)),
                    .seed = static_cast<std::uint64_t>(flags.number("seed", 1)),
                    .setup = flags.on("setup"),
                    .products = static_cast<int>(flags.number("products", 200)),
                    .bins = static_cast<int>(flags.number("bins", 50)),
                    .wave = static_cast<int>(flags.number("wave", 100)),
                    .wrong_product_pct = percent_flag(flags, "wrong-product-pct", 2),
                    .wrong_quantity_pct = percent_flag(flags, "wrong-quantity-pct", 1),
                    .left_out_pct = percent_flag(flags, "left-out-pct", 1),
                    .wrong_carrier_pct = percent_flag(flags, "wrong-carrier-pct", 0.5),
                    .scale_precision_g = static_cast<int>(flags.number("scale-precision-g", 0)),
                    .parallel_close = flags.on("parallel-close")};
    flags.done();
    if (options.url.empty() || options.token.empty() || options.orders < 1 || options.workers < 1 ||
        options.products < 2 || options.bins < 1 || options.wave < 1 ||
        options.scale_precision_g > tally::fulfillment::kMaxScalePrecisionG) {
        std::fprintf(stderr, "usage: %s\n", kUsage);
        return 2;
    }
    std::signal(SIGPIPE, SIG_IGN);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const int code = run_day(options);
    curl_global_cleanup();
    return code;
}
