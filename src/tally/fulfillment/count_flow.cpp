#include "tally/fulfillment/count_flow.hpp"

#include <algorithm>

namespace tally::fulfillment {

namespace {

Decision refused(const StationState& state, Verdict verdict, std::string message) {
    return Decision{
        .verdict = verdict, .message = std::move(message), .effects = {}, .state = state};
}

Decision accepted(StationState state, std::string message, std::vector<Effect> effects = {}) {
    return Decision{.verdict = Verdict::ok,
                    .message = std::move(message),
                    .effects = std::move(effects),
                    .state = std::move(state)};
}

std::string units(std::int64_t n) {
    return std::to_string(n) + (n == 1 ? " unit" : " units");
}

bool is_counted_command(const Scan& scan) {
    return scan.what == Scan::What::command && "CMD-" + scan.command == kCommandCounted;
}

}  // namespace

std::int64_t counted_of(const StationState& state, std::int64_t product) {
    const auto it = std::ranges::find_if(state.counted,
                                         [&](const auto& entry) { return entry.first == product; });
    return it == state.counted.end() ? 0 : it->second;
}

void add_counted(StationState& state, std::int64_t product, std::int64_t units) {
    const auto it = std::ranges::find_if(state.counted,
                                         [&](const auto& entry) { return entry.first == product; });
    if (it == state.counted.end()) {
        state.counted.emplace_back(product, units);
    } else {
        it->second += units;
    }
}

Decision judge_count(std::int64_t warehouse_id, const StationState& state, const CountView& view,
                     const Scan& scan) {
    if (state.step == Step::scan_bin) {
        if (scan.what != Scan::What::bin) {
            return refused(
                state, Verdict::unexpected_barcode,
                "Scan the label of the bin to count" +
                    (view.next_bin.empty() ? std::string(".") : " (next: " + view.next_bin + ")."));
        }
        if (scan.warehouse_id != warehouse_id) {
            return refused(state, Verdict::wrong_bin, "That bin is in another warehouse.");
        }
        if (std::ranges::find(view.open_bins, scan.id) == view.open_bins.end()) {
            return refused(state, Verdict::wrong_bin, "That bin has no count task open.");
        }
        StationState next;
        next.step = Step::count_units;
        next.bin = scan.id;
        return accepted(std::move(next), "Count every unit in the bin, then scan CMD-COUNTED.");
    }
    // count_units
    if (is_counted_command(scan)) {
        std::vector<Effect> effects;
        std::string summary;
        for (const auto& task : view.tasks) {
            const auto counted = counted_of(state, task.product_id);
            effects.push_back(
                Effect{.kind = Effect::Kind::record_count, .id = task.task, .quantity = counted});
            summary += (summary.empty() ? "" : ", ") + std::to_string(counted) + " " + task.sku;
        }
        StationState next;
        next.step = Step::scan_bin;
        return accepted(std::move(next),
                        "Counted " + view.bin_code + ": " +
                            (summary.empty() ? std::string("nothing") : summary) + ".",
                        std::move(effects));
    }
    if (scan.what == Scan::What::bin) {
        return refused(state, Verdict::wrong_bin,
                       scan.id == state.bin ? "Bin " + view.bin_code + " is being counted already."
                                            : "Finish the count of bin " + view.bin_code +
                                                  " first: scan CMD-COUNTED.");
    }
    if (scan.what != Scan::What::product) {
        return refused(state, Verdict::unexpected_barcode,
                       "Scan the units in bin " + view.bin_code + ", then CMD-COUNTED.");
    }
    const auto task = std::ranges::find_if(
        view.tasks, [&](const CountTaskLine& t) { return t.product_id == scan.id; });
    if (task == view.tasks.end()) {
        return refused(state, Verdict::wrong_item,
                       "That product is not counted in bin " + view.bin_code +
                           ": set it aside and tell a supervisor.");
    }
    if (counted_of(state, scan.id) + scan.units > inventory::kMaxCountedUnits) {
        return refused(state, Verdict::over_quantity, "That is more than a bin can hold.");
    }
    StationState next = state;
    add_counted(next, scan.id, scan.units);
    return accepted(std::move(next), "Counted " + units(scan.units) + " of " + task->sku + ".");
}

Instruction count_instruction(const StationState& state, const CountView& view) {
    Instruction next;
    next.action = std::string(to_string(state.step));
    if (state.step == Step::scan_bin) {
        if (!view.next_bin.empty()) {
            next.bin = view.next_bin;
        }
        return next;
    }
    next.bin = view.bin_code;
    for (const auto& task : view.tasks) {
        next.counted.push_back(
            {.sku = task.sku, .name = task.name, .counted = counted_of(state, task.product_id)});
    }
    return next;
}

Progress count_progress(const StationState& state, const CountView& view) {
    Progress p;
    if (state.step == Step::count_units) {
        p.total = static_cast<std::int64_t>(view.tasks.size());
        for (const auto& task : view.tasks) {
            p.done += counted_of(state, task.product_id) > 0 ? 1 : 0;
        }
    }
    return p;
}

Decision judge_carton_count(const StationState& state, const CartonView& carton, const Scan& scan) {
    if (is_counted_command(scan)) {
        for (const auto& line : carton.lines) {
            const auto counted = counted_of(state, line.product_id);
            if (counted != line.packed) {
                return refused(state, Verdict::count_short,
                               "Counted " + std::to_string(counted) + " of the " +
                                   std::to_string(line.packed) + " " + line.sku +
                                   " packed: a unit is missing from the carton. Find it, scan "
                                   "it, and submit the count again.");
            }
        }
        StationState next = state;
        next.step = Step::scan_tracking;
        next.counted.clear();
        const int weight = state.weighed.value_or(0);
        next.weighed.reset();
        return accepted(std::move(next), "The count matches: the carton is packed.",
                        {Effect{.kind = Effect::Kind::accept_weight, .weight_g = weight}});
    }
    if (scan.what != Scan::What::product) {
        return refused(state, Verdict::unexpected_barcode,
                       "Scan each unit in the carton, then CMD-COUNTED.");
    }
    const auto line = std::ranges::find_if(
        carton.lines, [&](const CartonLine& l) { return l.product_id == scan.id; });
    if (line == carton.lines.end()) {
        return refused(state, Verdict::wrong_item, "That product is not packed in this carton.");
    }
    if (counted_of(state, scan.id) + scan.units > line->packed) {
        return refused(state, Verdict::over_quantity,
                       "Only " + std::to_string(line->packed) + " of " + line->sku +
                           " are packed in this carton: that unit was counted already.");
    }
    StationState next = state;
    add_counted(next, scan.id, scan.units);
    return accepted(std::move(next), "Counted " + units(scan.units) + " of " + line->sku + ".");
}

}  // namespace tally::fulfillment
