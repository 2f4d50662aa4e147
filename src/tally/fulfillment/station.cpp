#include "tally/fulfillment/station.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <utility>

#include "tally/fulfillment/count_flow.hpp"

namespace tally::fulfillment {

namespace {

constexpr std::array<std::pair<StationKind, std::string_view>, 4> kKindNames = {{
    {StationKind::pick, "pick"},
    {StationKind::pack, "pack"},
    {StationKind::load, "load"},
    {StationKind::count, "count"},
}};

constexpr std::array<std::pair<Verdict, std::string_view>, 20> kVerdictNames = {{
    {Verdict::ok, "ok"},
    {Verdict::wrong_item, "wrong_item"},
    {Verdict::wrong_bin, "wrong_bin"},
    {Verdict::wrong_lot, "wrong_lot"},
    {Verdict::expired_lot, "expired_lot"},
    {Verdict::wrong_order, "wrong_order"},
    {Verdict::over_quantity, "over_quantity"},
    {Verdict::weight_mismatch, "weight_mismatch"},
    {Verdict::weight_required, "weight_required"},
    {Verdict::unknown_barcode, "unknown_barcode"},
    {Verdict::unexpected_barcode, "unexpected_barcode"},
    {Verdict::wrong_carrier, "wrong_carrier"},
    {Verdict::already_loaded, "already_loaded"},
    {Verdict::not_packed, "not_packed"},
    {Verdict::manifest_incomplete, "manifest_incomplete"},
    {Verdict::no_carrier, "no_carrier"},
    {Verdict::duplicate_tracking, "duplicate_tracking"},
    {Verdict::supervisor_required, "supervisor_required"},
    {Verdict::reason_required, "reason_required"},
    {Verdict::count_short, "count_short"},
}};

constexpr std::array<std::pair<Entry, std::string_view>, 2> kEntryNames = {{
    {Entry::scan, "scan"},
    {Entry::keyed, "keyed"},
}};

constexpr std::array<std::pair<Step, std::string_view>, 9> kStepNames = {{
    {Step::scan_order, "scan_order"},
    {Step::scan_bin, "scan_bin"},
    {Step::scan_item, "scan_item"},
    {Step::weigh, "weigh"},
    {Step::scan_tracking, "scan_tracking"},
    {Step::scan_trailer, "scan_trailer"},
    {Step::scan_carton, "scan_carton"},
    {Step::count_units, "count_units"},
    {Step::count_carton, "count_carton"},
}};

constexpr std::array<std::pair<LabelKind, std::string_view>, 7> kPrefixes = {{
    {LabelKind::order, "ORD-"},
    {LabelKind::bin, "B:"},
    {LabelKind::batch, "BAT-"},
    {LabelKind::tote, "TOTE-"},
    {LabelKind::carton, "CTN-"},
    {LabelKind::trailer, "TRL-"},
    {LabelKind::command, "CMD-"},
}};

template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
    for (const auto& [v, name] : names) {
        if (v == value) {
            return name;
        }
    }
    return "unknown";
}

template <class E, std::size_t N>
std::optional<E> value_of(const std::array<std::pair<E, std::string_view>, N>& names,
                          std::string_view text) {
    for (const auto& [v, name] : names) {
        if (name == text) {
            return v;
        }
    }
    return std::nullopt;
}

std::optional<std::int64_t> positive(std::string_view text) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value <= 0) {
        return std::nullopt;
    }
    return value;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i] >= 'a' && text[i] <= 'z' ? static_cast<char>(text[i] - 32) : text[i];
        if (c != prefix[i]) {
            return false;
        }
    }
    return true;
}

std::string upper(std::string_view text) {
    std::string out(text);
    for (auto& c : out) {
        if (c >= 'a' && c <= 'z') {
            c = static_cast<char>(c - 32);
        }
    }
    return out;
}

Decision refuse(const StationState& state, Verdict verdict, std::string message) {
    return Decision{
        .verdict = verdict, .message = std::move(message), .effects = {}, .state = state};
}

Decision accept(StationState state, std::string message, std::vector<Effect> effects) {
    return Decision{.verdict = Verdict::ok,
                    .message = std::move(message),
                    .effects = std::move(effects),
                    .state = std::move(state)};
}

std::string units_text(std::int64_t n) {
    return std::to_string(n) + (n == 1 ? " unit" : " units");
}

// A known label of the wrong kind, or an unknown code, said plainly.
Decision not_this(const StationState& state, const Scan& scan, std::string_view wanted) {
    if (scan.what == Scan::What::unknown || scan.what == Scan::What::text) {
        return refuse(state, Verdict::unknown_barcode,
                      "Nothing in Tally has the code " + scan.barcode + ". Scan " +
                          std::string(wanted) + ".");
    }
    return refuse(state, Verdict::unexpected_barcode,
                  "That is not " + std::string(wanted) + ". Scan " + std::string(wanted) + ".");
}

const PickTask* current_task(const StationState& state, const PickView& view) {
    for (const auto& task : view.open) {
        if (task.id == state.task) {
            return &task;
        }
    }
    return nullptr;
}

const CartonView* current_carton(const StationState& state, const PackView& view) {
    for (const auto& carton : view.cartons) {
        if (carton.id == state.carton) {
            return &carton;
        }
    }
    return nullptr;
}

bool releasable(const std::string& status) {
    return status == "released" || status == "picking";
}

Decision judge_pick(std::int64_t warehouse_id, const StationState& state, const PickView& view,
                    const Scan& scan) {
    if (state.step == Step::scan_order) {
        const bool job = scan.what == Scan::What::order || scan.what == Scan::What::batch;
        if (!job) {
            return not_this(state, scan, "a pick ticket or a batch");
        }
        if (scan.warehouse_id != warehouse_id) {
            return refuse(state, Verdict::wrong_order,
                          "That order is not to be picked in this warehouse.");
        }
        if (scan.what == Scan::What::order && !releasable(scan.status)) {
            return refuse(state, Verdict::wrong_order,
                          "That order is " + scan.status + ", not released for picking.");
        }
        if (scan.held_elsewhere) {
            return refuse(state, Verdict::wrong_order, "That order is in hand at another station.");
        }
        if (scan.what == Scan::What::batch && scan.status == "done") {
            return refuse(state, Verdict::wrong_order, "That batch is picked already.");
        }
        StationState next;
        next.step = Step::scan_bin;
        next.batch = scan.what == Scan::What::batch ? scan.id : 0;
        next.orders = scan.what == Scan::What::batch ? scan.orders : std::vector{scan.id};
        return accept(std::move(next), "Picking started.",
                      {Effect{.kind = Effect::Kind::start_pick, .id = scan.id}});
    }
    const PickTask* task = current_task(state, view);
    if (task == nullptr) {
        return refuse(state, Verdict::unexpected_barcode, "Nothing is left to pick here.");
    }
    if (scan.what == Scan::What::command && scan.command == "SHORT") {
        if (scan.reason.find_first_not_of(" \t") == std::string::npos) {
            return refuse(state, Verdict::reason_required,
                          "Say why " + task->sku + " is short in bin " + task->bin_code +
                              ": not found, damaged, wrong quantity, or in your words.");
        }
        StationState next = state;
        return accept(std::move(next),
                      "Short pick recorded: " + units_text(task->remaining()) + " of " + task->sku +
                          " missing in bin " + task->bin_code + " (" + scan.reason + ").",
                      {Effect{.kind = Effect::Kind::short_task,
                              .id = task->id,
                              .quantity = task->remaining(),
                              .text = scan.reason}});
    }
    if (state.step == Step::scan_bin) {
        if (scan.what == Scan::What::bin) {
            if (scan.id != task->bin_id) {
                return refuse(state, Verdict::wrong_bin,
                              "Wrong bin. Go to bin " + task->bin_code + ".");
            }
            StationState next = state;
            next.step = Step::scan_item;
            next.bin = scan.id;
            return accept(std::move(next), "Bin " + task->bin_code + " confirmed.", {});
        }
        if (scan.what == Scan::What::product) {
            return refuse(state, Verdict::wrong_bin,
                          "Scan bin " + task->bin_code + " before the product.");
        }
        return not_this(state, scan, "bin " + task->bin_code);
    }
    // scan_item
    if (scan.what == Scan::What::bin) {
        if (scan.id == task->bin_id) {
            return accept(state, "Bin " + task->bin_code + " confirmed.", {});
        }
        return refuse(state, Verdict::wrong_bin,
                      "Wrong bin. Pick " + task->sku + " from bin " + task->bin_code + ".");
    }
    if (scan.what != Scan::What::product) {
        return not_this(state, scan, task->sku);
    }
    if (scan.id != task->product_id) {
        return refuse(state, Verdict::wrong_item,
                      "Wrong product. Pick " + task->sku + " (" + task->name + ").");
    }
    if (!task->lot.empty() && scan.lot && *scan.lot != task->lot) {
        return refuse(state, Verdict::wrong_lot,
                      "Wrong lot " + *scan.lot + ". Pick lot " + task->lot + ".");
    }
    // An expired lot never leaves the shelf: report it short (CMD-SHORT) to have it written
    // off and the units picked from another lot.
    if (task->expiry && !view.today.empty() && *task->expiry < view.today) {
        return refuse(
            state, Verdict::expired_lot,
            "Lot " + (task->lot.empty() ? std::string("in bin ") + task->bin_code : task->lot) +
                " expired on " + *task->expiry +
                ": do not pick it. Scan CMD-SHORT with the reason expired.");
    }
    if (scan.expiry && !view.today.empty() && *scan.expiry < view.today) {
        return refuse(state, Verdict::expired_lot,
                      "This unit expired on " + *scan.expiry +
                          ": do not pick it. Take one "
                          "that is in date or scan CMD-SHORT with the reason expired.");
    }
    if (scan.units > task->remaining()) {
        return refuse(state, Verdict::over_quantity,
                      "Too many: that scan counts " + units_text(scan.units) + ", only " +
                          std::to_string(task->remaining()) + " still to pick.");
    }
    return accept(
        state, "Picked " + units_text(scan.units) + " of " + task->sku + ".",
        {Effect{.kind = Effect::Kind::pick_units, .id = task->id, .quantity = scan.units}});
}

const PackLine* pack_line(const PackView& view, std::int64_t product) {
    for (const auto& line : view.lines) {
        if (line.product_id == product) {
            return &line;
        }
    }
    return nullptr;
}

Decision judge_pack(std::int64_t warehouse_id, const StationState& state, const PackView& view,
                    const Scan& scan) {
    if (state.step == Step::scan_order) {
        if (scan.what != Scan::What::order && scan.what != Scan::What::tote) {
            return not_this(state, scan, "an order or a tote");
        }
        if (scan.warehouse_id != warehouse_id) {
            return refuse(state, Verdict::wrong_order,
                          "That order is not to be packed in this warehouse.");
        }
        if (scan.held_elsewhere) {
            return refuse(state, Verdict::wrong_order, "That order is in hand at another station.");
        }
        if (scan.status != "picked" && scan.status != "packing") {
            return refuse(state, Verdict::wrong_order,
                          "That order is " + scan.status + ", not ready for packing.");
        }
        if (!scan.has_carrier) {
            return refuse(state, Verdict::no_carrier,
                          "No shipping rule gives this order a carrier service. Ask a manager to "
                          "add one.");
        }
        StationState next;
        next.step = Step::scan_item;
        next.orders = {scan.id};
        return accept(std::move(next), "Packing started.",
                      {Effect{.kind = Effect::Kind::start_pack, .id = scan.id}});
    }
    const CartonView* carton = current_carton(state, view);
    if (carton == nullptr) {
        return refuse(state, Verdict::unexpected_barcode, "No carton is open at this station.");
    }
    if (state.step == Step::scan_item) {
        if (scan.what != Scan::What::product) {
            return not_this(state, scan, "a unit of the order");
        }
        const PackLine* line = pack_line(view, scan.id);
        if (line == nullptr) {
            return refuse(state, Verdict::wrong_item, "That product is not in this order.");
        }
        if (line->packed + scan.units > line->to_pack) {
            return refuse(state, Verdict::over_quantity,
                          "All " + std::to_string(line->to_pack) + " of " + line->sku +
                              " are packed already.");
        }
        const auto here = std::ranges::find_if(
            carton->lines, [&](const CartonLine& l) { return l.product_id == scan.id; });
        if (here == carton->lines.end()) {
            return refuse(state, Verdict::wrong_item,
                          line->sku + " goes in another carton of this order, not this one.");
        }
        if (here->packed + scan.units > here->expected) {
            return refuse(
                state, Verdict::over_quantity,
                "This carton takes " + std::to_string(here->expected) + " of " + line->sku + ".");
        }
        return accept(
            state, "Packed " + units_text(scan.units) + " of " + line->sku + ".",
            {Effect{.kind = Effect::Kind::pack_unit, .id = scan.id, .quantity = scan.units}});
    }
    if (state.step == Step::weigh) {
        if (!scan.weight_g) {
            return refuse(state, Verdict::weight_required,
                          "Put the carton on the scale: its weight is needed.");
        }
        const auto weighing = weighing_of(*carton, view);
        const auto& range = weighing.range;
        if (!range.contains(*scan.weight_g)) {
            StationState kept = state;
            kept.refused_weight = *scan.weight_g;
            const bool light = *scan.weight_g < range.min_g;
            return Decision{
                .verdict = Verdict::weight_mismatch,
                .message = std::string("The carton weighs ") + std::to_string(*scan.weight_g) +
                           " g, expected " + std::to_string(range.min_g) + "-" +
                           std::to_string(range.max_g) + " g: " +
                           (light ? "a unit may be missing." : "an extra item may be inside.") +
                           " Check the carton and weigh again, or ask a supervisor.",
                .effects = {},
                .state = std::move(kept)};
        }
        StationState next = state;
        next.step = Step::scan_tracking;
        next.refused_weight.reset();
        if (weighing.count_required) {
            // The scale cannot see the lightest unit missing: the carton is packed once its
            // contents are counted too (judge_carton_count), with this weight.
            next.step = Step::count_carton;
            next.weighed = *scan.weight_g;
            next.counted.clear();
            return accept(std::move(next),
                          "Weight " + std::to_string(*scan.weight_g) +
                              " g is right, but the scale cannot tell its lightest unit: scan "
                              "each unit in the carton, then CMD-COUNTED.",
                          {});
        }
        return accept(std::move(next), "Weight " + std::to_string(*scan.weight_g) + " g is right.",
                      {Effect{.kind = Effect::Kind::accept_weight, .weight_g = *scan.weight_g}});
    }
    if (state.step == Step::count_carton) {
        return judge_carton_count(state, *carton, scan);
    }
    // scan_tracking
    if (scan.what != Scan::What::text) {
        return refuse(state, Verdict::unexpected_barcode,
                      "Scan the tracking number on the carrier's label.");
    }
    if (!plausible_tracking(scan.barcode)) {
        return refuse(state, Verdict::unknown_barcode,
                      "That is not a tracking number (6-40 letters and digits).");
    }
    if (scan.tracking_owner != 0 && scan.tracking_owner != carton->id) {
        return refuse(state, Verdict::duplicate_tracking,
                      "Tracking number " + scan.barcode + " is on another carton already.");
    }
    return accept(state, "Tracking number " + scan.barcode + " recorded.",
                  {Effect{.kind = Effect::Kind::set_tracking, .text = scan.barcode}});
}

Decision judge_load(std::int64_t warehouse_id, const StationState& state, const LoadView& view,
                    const Scan& scan) {
    if (state.step == Step::scan_trailer) {
        if (scan.what != Scan::What::trailer) {
            return not_this(state, scan, "a trailer");
        }
        if (scan.warehouse_id != warehouse_id || scan.status != "open") {
            return refuse(state, Verdict::unexpected_barcode,
                          "That trailer is not open for loading in this warehouse.");
        }
        StationState next;
        next.step = Step::scan_carton;
        next.manifest = scan.id;
        return accept(std::move(next), "Loading started.",
                      {Effect{.kind = Effect::Kind::start_load, .id = scan.id}});
    }
    const bool close = (scan.what == Scan::What::command && scan.command == "CLOSE") ||
                       (scan.what == Scan::What::trailer && scan.id == state.manifest);
    if (close) {
        if (!view.missing.empty()) {
            return refuse(state, Verdict::manifest_incomplete,
                          std::to_string(view.missing.size()) + " staged carton" +
                              (view.missing.size() == 1 ? " is" : "s are") +
                              " not on the trailer.");
        }
        return accept(state, "Trailer closed: " + std::to_string(view.loaded) + " cartons shipped.",
                      {Effect{.kind = Effect::Kind::close_manifest, .id = state.manifest}});
    }
    if (scan.what != Scan::What::carton) {
        return not_this(state, scan, "a carton");
    }
    if (scan.status == "loaded" || scan.status == "shipped") {
        return refuse(state, Verdict::already_loaded, "That carton is loaded already.");
    }
    if (scan.status != "staged" || scan.warehouse_id != warehouse_id) {
        return refuse(state, Verdict::not_packed, "That carton is not packed and staged here.");
    }
    if (scan.carrier_id != view.carrier_id) {
        return refuse(state, Verdict::wrong_carrier,
                      "That carton goes with another carrier, not " + view.carrier + ".");
    }
    return accept(state, "Carton loaded.",
                  {Effect{.kind = Effect::Kind::load_carton, .id = scan.id}});
}

}  // namespace

std::string_view to_string(StationKind kind) {
    return name_of(kKindNames, kind);
}

std::optional<StationKind> parse_station_kind(std::string_view text) {
    return value_of(kKindNames, text);
}

std::string_view to_string(Verdict verdict) {
    return name_of(kVerdictNames, verdict);
}

std::optional<Verdict> parse_verdict(std::string_view text) {
    return value_of(kVerdictNames, text);
}

std::string_view to_string(Entry entry) {
    return name_of(kEntryNames, entry);
}

std::optional<Entry> parse_entry(std::string_view text) {
    return value_of(kEntryNames, text);
}

std::string_view to_string(Step step) {
    return name_of(kStepNames, step);
}

std::optional<Step> parse_step(std::string_view text) {
    return value_of(kStepNames, text);
}

Step idle_step(StationKind kind) {
    switch (kind) {
        case StationKind::load:
            return Step::scan_trailer;
        case StationKind::count:
            return Step::scan_bin;
        default:
            return Step::scan_order;
    }
}

std::string label_text(LabelKind kind, std::int64_t id) {
    return std::string(name_of(kPrefixes, kind)) + std::to_string(id);
}

std::string tote_label(std::int64_t batch, int slot) {
    return "TOTE-" + std::to_string(batch) + "-" + std::to_string(slot);
}

std::optional<TallyLabel> parse_label(std::string_view text) {
    for (const auto& [kind, prefix] : kPrefixes) {
        if (!iequals_prefix(text, prefix)) {
            continue;
        }
        const auto rest = text.substr(prefix.size());
        if (kind == LabelKind::bin) {
            const auto colon = rest.find(':');
            if (colon == 0 || colon == std::string_view::npos || colon + 1 == rest.size()) {
                return std::nullopt;
            }
            return TallyLabel{.kind = kind,
                              .warehouse = upper(rest.substr(0, colon)),
                              .bin = std::string(rest.substr(colon + 1))};
        }
        if (kind == LabelKind::command) {
            if (rest.empty() || rest.size() > 16) {
                return std::nullopt;
            }
            return TallyLabel{.kind = kind, .id = 0, .slot = 0, .command = upper(rest)};
        }
        if (kind == LabelKind::tote) {
            const auto dash = rest.find('-');
            if (dash == std::string_view::npos) {
                return std::nullopt;
            }
            const auto batch = positive(rest.substr(0, dash));
            const auto slot = positive(rest.substr(dash + 1));
            if (!batch || !slot || *slot > 1000) {
                return std::nullopt;
            }
            return TallyLabel{.kind = kind, .id = *batch, .slot = static_cast<int>(*slot)};
        }
        if (const auto id = positive(rest)) {
            return TallyLabel{.kind = kind, .id = *id};
        }
        return std::nullopt;
    }
    return std::nullopt;
}

std::string encode_state(const StationState& state) {
    std::string out = "step=" + std::string(to_string(state.step));
    const auto field = [&out](std::string_view name, std::int64_t value) {
        if (value != 0) {
            out += ";" + std::string(name) + "=" + std::to_string(value);
        }
    };
    field("batch", state.batch);
    if (!state.orders.empty()) {
        out += ";orders=";
        for (std::size_t i = 0; i < state.orders.size(); ++i) {
            out += (i == 0 ? "" : ",") + std::to_string(state.orders[i]);
        }
    }
    field("task", state.task);
    field("bin", state.bin);
    field("carton", state.carton);
    if (state.refused_weight) {
        out += ";refused_weight=" + std::to_string(*state.refused_weight);
    }
    field("manifest", state.manifest);
    if (!state.counted.empty()) {
        out += ";counted=";
        for (std::size_t i = 0; i < state.counted.size(); ++i) {
            out += (i == 0 ? "" : ",") + std::to_string(state.counted[i].first) + ":" +
                   std::to_string(state.counted[i].second);
        }
    }
    if (state.weighed) {
        out += ";weighed=" + std::to_string(*state.weighed);
    }
    return out;
}

std::optional<StationState> decode_state(std::string_view text) {
    StationState state;
    bool has_step = false;
    while (!text.empty()) {
        const auto end = text.find(';');
        const auto part = text.substr(0, end);
        text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
        const auto eq = part.find('=');
        if (eq == std::string_view::npos) {
            return std::nullopt;
        }
        const auto name = part.substr(0, eq);
        const auto value = part.substr(eq + 1);
        if (name == "step") {
            const auto step = parse_step(value);
            if (!step) {
                return std::nullopt;
            }
            state.step = *step;
            has_step = true;
            continue;
        }
        if (name == "orders") {
            std::string_view list = value;
            while (!list.empty()) {
                const auto comma = list.find(',');
                const auto id = positive(list.substr(0, comma));
                if (!id) {
                    return std::nullopt;
                }
                state.orders.push_back(*id);
                list =
                    comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
            }
            continue;
        }
        if (name == "counted") {
            std::string_view list = value;
            while (!list.empty()) {
                const auto comma = list.find(',');
                const auto entry = list.substr(0, comma);
                const auto colon = entry.find(':');
                const auto product = positive(entry.substr(0, colon));
                const auto units = colon == std::string_view::npos
                                       ? std::nullopt
                                       : positive(entry.substr(colon + 1));
                if (!product || !units) {
                    return std::nullopt;
                }
                state.counted.emplace_back(*product, *units);
                list =
                    comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
            }
            continue;
        }
        if (name == "weighed" && value == "0") {
            state.weighed = 0;
            continue;
        }
        const auto number = positive(value);
        if (!number) {
            return std::nullopt;
        }
        if (name == "batch") {
            state.batch = *number;
        } else if (name == "task") {
            state.task = *number;
        } else if (name == "bin") {
            state.bin = *number;
        } else if (name == "carton") {
            state.carton = *number;
        } else if (name == "refused_weight") {
            state.refused_weight = static_cast<int>(*number);
        } else if (name == "manifest") {
            state.manifest = *number;
        } else if (name == "weighed") {
            state.weighed = static_cast<int>(*number);
        } else {
            return std::nullopt;
        }
    }
    return has_step ? std::optional(state) : std::nullopt;
}

int CartonView::contents_weight_g() const {
    std::int64_t total = 0;
    for (const auto& line : lines) {
        total += line.packed * line.unit_weight_g;
    }
    return static_cast<int>(total);
}

CartonWeighing weighing_of(const CartonView& carton, const PackView& view) {
    std::optional<int> lightest;
    for (const auto& line : carton.lines) {
        if (line.expected > 0) {
            lightest = std::min(lightest.value_or(line.unit_weight_g), line.unit_weight_g);
        }
    }
    return carton_weighing(carton.contents_weight_g() + carton.tare_g, lightest, view.tolerance,
                           view.scale_precision_g);
}

bool CartonView::filled() const {
    return std::ranges::all_of(lines, [](const CartonLine& l) { return l.packed >= l.expected; });
}

Decision judge(StationKind kind, std::int64_t warehouse_id, const StationState& state,
               const StationView& view, const Scan& scan, const EntryRules& rules) {
    if (scan.entry == Entry::keyed && rules.keyed_requires_supervisor && !scan.approved) {
        return refuse(state, Verdict::supervisor_required,
                      "A code typed by hand needs a supervisor's approval here: ask a supervisor "
                      "to sign it off, or scan the label.");
    }
    switch (kind) {
        case StationKind::pick:
            return judge_pick(warehouse_id, state, view.pick, scan);
        case StationKind::pack:
            return judge_pack(warehouse_id, state, view.pack, scan);
        case StationKind::load:
            return judge_load(warehouse_id, state, view.load, scan);
        case StationKind::count:
            return judge_count(warehouse_id, state, view.count, scan);
    }
    return refuse(state, Verdict::unexpected_barcode, "This station cannot take scans.");
}

Settled settle(StationKind kind, const StationState& state, const StationView& view) {
    StationState next = state;
    if (kind == StationKind::pick && state.step != Step::scan_order) {
        if (view.pick.open.empty()) {
            return Settled{StationState{.step = idle_step(kind)}, true};
        }
        if (current_task(state, view.pick) == nullptr) {
            // The task in hand is done (or short): the next one, without a new bin scan when
            // it is in the bin already confirmed.
            const auto& task = view.pick.open.front();
            next.task = task.id;
            if (task.bin_id == state.bin && state.bin != 0) {
                next.step = Step::scan_item;
            } else {
                next.step = Step::scan_bin;
                next.bin = 0;
            }
        }
        return Settled{next, false};
    }
    if (kind == StationKind::pack && state.step != Step::scan_order) {
        const CartonView* carton = current_carton(state, view.pack);
        if (carton == nullptr || (state.step == Step::scan_tracking && carton->tracking)) {
            const auto open = std::ranges::find_if(
                view.pack.cartons, [](const CartonView& c) { return c.status == "open"; });
            if (open == view.pack.cartons.end()) {
                return Settled{StationState{.step = idle_step(kind)}, true};
            }
            next.carton = open->id;
            next.step = Step::scan_item;
            carton = &*open;
        }
        if (next.step == Step::scan_item && carton->filled()) {
            next.step = Step::weigh;
        }
        return Settled{next, false};
    }
    if (kind == StationKind::load && state.step == Step::scan_carton && view.load.closed) {
        return Settled{StationState{.step = idle_step(kind)}, true};
    }
    return Settled{next, false};
}

Instruction instruction(StationKind kind, const StationState& state, const StationView& view) {
    Instruction next;
    next.action = std::string(to_string(state.step));
    if (kind == StationKind::pick && state.step != Step::scan_order) {
        if (const PickTask* task = current_task(state, view.pick)) {
            next.order = task->order_id;
            if (task->slot != 0) {
                next.tote = task->slot;
            }
            next.bin = task->bin_code;
            next.sku = task->sku;
            next.name = task->name;
            next.quantity = task->remaining();
            if (!task->lot.empty()) {
                next.lot = task->lot;
            }
            next.expiry = task->expiry;
            next.rotation_warning = task->near_expiry;
        }
    }
    if (kind == StationKind::pack && state.step != Step::scan_order) {
        if (const CartonView* carton = current_carton(state, view.pack)) {
            next.order = state.orders.empty() ? 0 : state.orders.front();
            next.carton = carton->id;
            next.sscc = carton->sscc;
            next.box = carton->box_code;
            const auto weighing = weighing_of(*carton, view.pack);
            next.weight = weighing.range;
            next.tolerance_g = weighing.tolerance_g;
            next.count_required = weighing.count_required;
            if (state.step == Step::count_carton) {
                for (const auto& line : carton->lines) {
                    next.counted.push_back({.sku = line.sku,
                                            .name = line.name,
                                            .counted = counted_of(state, line.product_id),
                                            .expected = line.packed});
                }
            }
            next.carrier = view.pack.carrier;
            next.service = view.pack.service;
            for (const auto& line : carton->lines) {
                if (line.packed < line.expected) {
                    next.sku = line.sku;
                    next.name = line.name;
                    next.quantity = line.expected - line.packed;
                    next.fragile = line.fragile;
                    break;
                }
            }
        }
    }
    if (kind == StationKind::load && state.step == Step::scan_carton) {
        next.carrier = view.load.carrier;
        next.missing = view.load.missing;
    }
    if (kind == StationKind::count) {
        return count_instruction(state, view.count);
    }
    return next;
}

Progress progress(StationKind kind, const StationState& state, const StationView& view) {
    Progress p;
    if (kind == StationKind::pick) {
        p.done = view.pick.units_done;
        p.total = view.pick.units_total;
    } else if (kind == StationKind::pack) {
        for (const auto& line : view.pack.lines) {
            p.done += line.packed;
            p.total += line.to_pack;
        }
        p.cartons = static_cast<int>(view.pack.cartons.size());
        for (const auto& carton : view.pack.cartons) {
            if (carton.id == state.carton) {
                p.carton = carton.seq;
            }
        }
    } else if (kind == StationKind::count) {
        p = count_progress(state, view.count);
    } else {
        p.done = view.load.loaded;
        p.total = view.load.loaded + static_cast<std::int64_t>(view.load.missing.size());
    }
    return p;
}

bool plausible_tracking(std::string_view text) {
    return text.size() >= 6 && text.size() <= 40 && std::ranges::all_of(text, [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
           });
}

}  // namespace tally::fulfillment
