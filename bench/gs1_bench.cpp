// GS1 parsing per scan: the bracketed form a person types, the raw form a scanner sends, and the
// GTIN check-digit test every plain barcode goes through.
#include <string>

#include <benchmark/benchmark.h>

#include "tally/catalog/gs1.hpp"

namespace {

constexpr int kYear = 2026;

void BM_ParseBracketed(benchmark::State& state) {
    const std::string input = "(01)09506000134352(17)261231(10)ABC123(21)SN-000042";
    for (auto _ : state) {
        auto result = tally::catalog::parse_gs1(input, kYear);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseBracketed);

void BM_ParseRawWithSymbologyIdentifier(benchmark::State& state) {
    const std::string input =
        "]d2"
        "0109506000134352"
        "17261231"
        "3103001250"
        "10ABC123\x1d"
        "21SN-000042";
    for (auto _ : state) {
        auto result = tally::catalog::parse_gs1(input, kYear);
        benchmark::DoNotOptimize(result);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseRawWithSymbologyIdentifier);

void BM_ValidGtin13(benchmark::State& state) {
    const std::string gtin = "4006381333931";
    for (auto _ : state) {
        benchmark::DoNotOptimize(gtin.data());
        bool valid = tally::catalog::valid_gtin(gtin);
        benchmark::DoNotOptimize(valid);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ValidGtin13);

}  // namespace
