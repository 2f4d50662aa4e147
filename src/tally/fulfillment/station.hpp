#pragma once

// The station protocol's pure rules: Tally's own labels, what a scan means at each step of
// pick, pack and load, how the step moves on, and the instruction shown next. No database,
// no clock: the service looks up what a barcode names (a Scan) and what the job stands at (a
// StationView), applies the effects a Decision lists, and stores the new StationState.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tally/core/error.hpp"
#include "tally/core/strong_id.hpp"
#include "tally/fulfillment/cartonize.hpp"
#include "tally/fulfillment/weight_tolerance.hpp"

namespace tally::fulfillment {

using StationId = core::StrongId<struct StationIdTag>;

enum class StationKind { pick, pack, load, count };

[[nodiscard]] std::string_view to_string(StationKind kind);
[[nodiscard]] std::optional<StationKind> parse_station_kind(std::string_view text);

// What a scan was judged to be. Every verdict but `ok` refuses the scan and keeps the step.
enum class Verdict {
    ok,
    wrong_item,           // a product the step does not ask for
    wrong_bin,            // another bin than the one to pick from, or no bin scanned yet
    wrong_lot,            // the right product from another lot
    expired_lot,          // pick: the lot, or the GS1 code's expiry (AI 17), is before today
    wrong_order,          // an order (or batch, tote) this station cannot take now
    over_quantity,        // more units than the step still needs
    weight_mismatch,      // the carton weighs outside the expected range
    weight_required,      // the step needs a weight from the scale
    unknown_barcode,      // nothing in Tally has this code
    unexpected_barcode,   // a known code of the wrong kind for this step
    wrong_carrier,        // a carton for another carrier than the trailer's
    already_loaded,       // the carton is on a trailer already
    not_packed,           // the carton is not packed and staged here
    manifest_incomplete,  // the trailer cannot close: staged cartons are missing
    no_carrier,           // no shipping rule gives the order a carrier service
    duplicate_tracking,   // the tracking number is on another carton already
    supervisor_required,  // a code keyed by hand needs a supervisor's approval (a setting)
    reason_required,      // a short pick (CMD-SHORT) needs its reason
    count_short,          // a counted carton lacks a unit it was packed with
};

[[nodiscard]] std::string_view to_string(Verdict verdict);
[[nodiscard]] std::optional<Verdict> parse_verdict(std::string_view text);

// How a code came in: read by a scanner or the camera, or typed by hand.
enum class Entry { scan, keyed };

[[nodiscard]] std::string_view to_string(Entry entry);
[[nodiscard]] std::optional<Entry> parse_entry(std::string_view text);

// Where a station stands; each step names the scan it waits for.
enum class Step {
    scan_order,
    scan_bin,
    scan_item,
    weigh,
    scan_tracking,
    scan_trailer,
    scan_carton,
    count_units,   // count station: each unit in the bin, then CMD-COUNTED
    count_carton,  // pack: the scale cannot tell the lightest unit: count the carton's contents
};

[[nodiscard]] std::string_view to_string(Step step);
[[nodiscard]] std::optional<Step> parse_step(std::string_view text);
// The step of a station with no job.
[[nodiscard]] Step idle_step(StationKind kind);

// Tally prints its own Code 128 labels with a prefix per kind, so a scan is never ambiguous:
// ORD-12 (pick ticket), B:BER:A-01 (bin A-01 of warehouse BER, as inventory names it),
// BAT-3 (batch), TOTE-3-2 (batch 3, slot 2), CTN-40 (carton, which also carries its SSCC),
// TRL-5 (trailer manifest) and command cards (CMD-SHORT, CMD-CLOSE).
enum class LabelKind { order, bin, batch, tote, carton, trailer, command };

struct TallyLabel {
    LabelKind kind = LabelKind::order;
    std::int64_t id = 0;
    int slot = 0;           // totes
    std::string command;    // commands: SHORT, CLOSE
    std::string warehouse;  // bins: the warehouse code
    std::string bin;        // bins: the bin code
};

// The label of an order, batch, carton or trailer (bins: inventory::Bin::barcode()).
[[nodiscard]] std::string label_text(LabelKind kind, std::int64_t id);
[[nodiscard]] std::string tote_label(std::int64_t batch, int slot);
// The label a text names, or nothing when it is not one of Tally's (prefixes are matched
// without regard to case, since some scanners send lower case).
[[nodiscard]] std::optional<TallyLabel> parse_label(std::string_view text);

// Shown with a fragile unit at the pack bench.
inline constexpr std::string_view kFragileRules =
    "Fragile: wrap each unit, fill every gap, keep 5 cm from the walls, FRAGILE tape on two "
    "sides.";

inline constexpr std::string_view kCommandShort = "CMD-SHORT";
inline constexpr std::string_view kCommandClose = "CMD-CLOSE";
inline constexpr std::string_view kCommandCounted = "CMD-COUNTED";

// The reasons a station offers for a short pick; any other text up to kMaxShortReason
// characters is taken as well.
inline constexpr std::string_view kShortReasons[] = {"not_found", "damaged", "wrong_quantity",
                                                     "wrong_product", "other"};
inline constexpr std::size_t kMaxShortReason = 200;

// What the service found a barcode to name, with the facts the rules need about it.
struct Scan {
    enum class What { product, order, batch, tote, bin, carton, trailer, command, text, unknown };
    What what = What::unknown;
    std::string barcode;
    std::int64_t id = 0;     // the product, order, batch, bin, carton or manifest
    std::int64_t units = 1;  // a product scan counts this many (a case, a GS1 count)
    std::optional<std::string> lot;
    std::optional<std::string> expiry;  // YYYY-MM-DD, from a GS1 code's AI 17
    std::string command;                // SHORT, CLOSE
    std::optional<int> weight_g;        // from the scale
    std::string status;                 // of the order, carton or manifest
    std::int64_t warehouse_id =
        0;  // of the order, bin, carton or manifest (-1: an order split over several)
    std::int64_t carrier_id = 0;       // of the carton or manifest
    std::vector<std::int64_t> orders;  // a batch's or tote's orders
    std::int64_t tracking_owner = 0;   // text: the carton already carrying this tracking number
    bool has_carrier = false;          // order, tote: a shipping rule gives it a carrier service
    bool held_elsewhere = false;       // order, tote: in hand at another station
    Entry entry = Entry::scan;         // typed by hand or read by a scanner
    bool approved = false;             // keyed: a supervisor approved the entry
    std::string reason;                // commands: why the pick is short
};

// The station rules a fulfillment setting turns on.
struct EntryRules {
    bool keyed_requires_supervisor = false;
};

// A station's stored progress through its job. The job's details (tasks, cartons) live in
// their own tables; this says which of them is in hand.
struct StationState {
    Step step = Step::scan_order;
    std::int64_t batch = 0;             // pick: the batch being picked, 0 for one order
    std::vector<std::int64_t> orders;   // pick: the job's orders; pack: the order
    std::int64_t task = 0;              // pick: the instruction in hand
    std::int64_t bin = 0;               // pick: the bin scanned for it
    std::int64_t carton = 0;            // pack: the carton in hand
    std::optional<int> refused_weight;  // pack: the last weight refused, for an override
    std::int64_t manifest = 0;          // load: the trailer being loaded
    // count: units counted per product in the bin; pack: in the carton being counted
    std::vector<std::pair<std::int64_t, std::int64_t>> counted;
    std::optional<int> weighed;  // pack: the weight accepted before the carton's count

    friend bool operator==(const StationState&, const StationState&) = default;
};

// "step=scan_item;orders=4,5;task=9;bin=2": short, and readable in the database.
[[nodiscard]] std::string encode_state(const StationState& state);
// Nothing when the text is not an encoded state.
[[nodiscard]] std::optional<StationState> decode_state(std::string_view text);

struct PickTask {
    std::int64_t id = 0;
    std::int64_t order_id = 0;
    int slot = 0;  // the tote in a batch, 0 for one order
    std::int64_t product_id = 0;
    std::string sku;
    std::string name;
    std::int64_t bin_id = 0;
    std::string bin_code;
    std::string lot;
    std::optional<std::string> expiry;
    bool near_expiry = false;
    std::int64_t quantity = 0;
    std::int64_t picked = 0;
    [[nodiscard]] std::int64_t remaining() const { return quantity - picked; }
};

struct PickView {
    std::vector<PickTask> open;  // the job's open tasks in walking order
    std::string today;           // YYYY-MM-DD: a lot or code expiring before it is refused
    std::int64_t units_total = 0;
    std::int64_t units_done = 0;
};

struct CartonLine {
    std::int64_t product_id = 0;
    std::string sku;
    std::string name;
    std::int64_t expected = 0;
    std::int64_t packed = 0;
    int unit_weight_g = 0;
    bool fragile = false;
};

struct CartonView {
    std::int64_t id = 0;
    int seq = 0;
    std::string sscc;
    std::string box_code;
    int tare_g = 0;
    std::string status;  // open, packed, staged, loaded, shipped
    std::optional<std::string> tracking;
    std::vector<CartonLine> lines;
    [[nodiscard]] int contents_weight_g() const;
    [[nodiscard]] bool filled() const;  // every expected unit packed
};

struct PackLine {
    std::int64_t product_id = 0;
    std::string sku;
    std::int64_t to_pack = 0;  // picked for the order in this warehouse
    std::int64_t packed = 0;   // in any of its cartons
};

struct PackView {
    std::vector<CartonView> cartons;  // by seq
    std::vector<PackLine> lines;
    WeightTolerance tolerance;
    int scale_precision_g = kDefaultScalePrecisionG;
    std::string carrier;  // the carrier service's carrier, empty when none
    std::string service;
};

struct LoadView {
    std::string carrier;
    std::int64_t carrier_id = 0;
    std::int64_t loaded = 0;
    std::vector<std::string> missing;  // SSCCs staged for the carrier and not on the trailer
    bool closed = false;
};

// An open count task of the bin in hand.
struct CountTaskLine {
    std::int64_t task = 0;
    std::int64_t product_id = 0;
    std::string sku;
    std::string name;
    bool lot_tracked = false;
};

struct CountView {
    std::vector<std::int64_t> open_bins;  // bins of the warehouse with open count tasks
    std::string next_bin;                 // the oldest open task's bin code, for the idle step
    std::string bin_code;                 // the bin in hand
    std::vector<CountTaskLine> tasks;     // its open tasks, one per product
};

struct StationView {
    PickView pick;
    PackView pack;
    LoadView load;
    CountView count;
};

// The weighing of a pack station's carton: its tolerance from the scale's precision and the
// lightest unit in it (weight_tolerance.hpp).
[[nodiscard]] CartonWeighing weighing_of(const CartonView& carton, const PackView& view);

// A change the service makes when a scan is accepted.
struct Effect {
    enum class Kind {
        start_pick,      // the orders (state.orders / batch) start picking
        pick_units,      // `quantity` units of task `id` move from its bin to the outbound bin
        short_task,      // task `id` is short of what remains, for reason `text`
        start_pack,      // order `id` starts packing: cartons are planned
        pack_unit,       // `quantity` units of product `id` go into the carton in hand
        accept_weight,   // the carton in hand weighs `weight_g` and is packed
        set_tracking,    // the carton in hand gets tracking number `text`
        start_load,      // trailer `id` starts loading
        load_carton,     // carton `id` goes onto the trailer
        close_manifest,  // the trailer leaves: its orders ship
        record_count,    // count task `id` counted `quantity` units: the variance is adjusted
    };
    Kind kind = Kind::start_pick;
    std::int64_t id = 0;
    std::int64_t quantity = 0;
    int weight_g = 0;
    std::string text;
};

struct Decision {
    Verdict verdict = Verdict::ok;
    std::string message;
    std::vector<Effect> effects;
    StationState state;  // unchanged on a refusal
};

// Judges one scan at a station of `warehouse_id` against its state and its job's view.
// Never changes the state on a refusal. A keyed entry without approval is refused
// (supervisor_required) when the rules ask for one, before anything else is judged.
[[nodiscard]] Decision judge(StationKind kind, std::int64_t warehouse_id, const StationState& state,
                             const StationView& view, const Scan& scan,
                             const EntryRules& rules = {});

// What follows once the effects are applied and the view reloaded: the next task or carton,
// the weighing, or the end of the job (`finished`).
struct Settled {
    StationState state;
    bool finished = false;  // the job is done: the service completes it and the station idles
};
[[nodiscard]] Settled settle(StationKind kind, const StationState& state, const StationView& view);

// A product counted at a count station (blind: no books) or in a carton (with what it holds).
struct CountedLine {
    std::string sku;
    std::string name;
    std::int64_t counted = 0;
    std::optional<std::int64_t> expected;
};

// The instruction to show: what to scan next and the facts to show with it.
struct Instruction {
    std::string action;  // scan_order, scan_bin, scan_item, weigh, count_carton, scan_tracking,
                         // scan_trailer, scan_carton, count_units, done
    std::optional<std::int64_t> order;
    std::optional<int> tote;
    std::optional<std::string> bin;
    std::optional<std::string> sku;
    std::optional<std::string> name;
    std::optional<std::int64_t> quantity;  // still to scan
    std::optional<std::string> lot;
    std::optional<std::string> expiry;
    bool rotation_warning = false;  // the lot expires soon: pick it first, check the date
    bool fragile = false;
    std::optional<std::string> box;
    std::optional<std::int64_t> carton;
    std::optional<std::string> sscc;
    std::optional<WeightRange> weight;
    int tolerance_g = 0;          // pack: the carton's ± around the expected weight
    bool count_required = false;  // pack: the scale cannot tell its lightest unit: count it
    std::vector<CountedLine> counted;
    std::optional<std::string> carrier;
    std::optional<std::string> service;
    std::vector<std::string> missing;
};

[[nodiscard]] Instruction instruction(StationKind kind, const StationState& state,
                                      const StationView& view);

struct Progress {
    std::int64_t done = 0;
    std::int64_t total = 0;
    int carton = 0;   // pack: the carton in hand, 1-based
    int cartons = 0;  // pack: how many cartons
};
[[nodiscard]] Progress progress(StationKind kind, const StationState& state,
                                const StationView& view);

// A tracking number as carriers print them: 6 to 40 letters and digits.
[[nodiscard]] bool plausible_tracking(std::string_view text);

}  // namespace tally::fulfillment
