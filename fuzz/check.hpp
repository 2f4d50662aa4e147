#pragma once

// What every fuzz target asserts with: a broken invariant stops libFuzzer at once, leaving the
// input that broke it as the reproducer.
namespace tally::fuzz {

inline void check(bool condition) {
    if (!condition) {
        __builtin_trap();
    }
}

}  // namespace tally::fuzz
