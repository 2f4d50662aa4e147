-- wrk script for bench/run: after the run, prints one machine-readable line
--   RESULT requests_per_s=<float> p50_ms=<float> p99_ms=<float> errors=<int> requests=<int>
-- errors is the sum of wrk's connect, read, write, timeout and non-2xx/3xx status errors.
-- wrk reports durations and latencies in microseconds.

done = function(summary, latency, requests)
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.timeout + e.status
   local seconds = summary.duration / 1e6
   local rps = 0
   if seconds > 0 then
      rps = summary.requests / seconds
   end
   io.write(string.format(
      "RESULT requests_per_s=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d requests=%d\n",
      rps, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      errors, summary.requests))
end
