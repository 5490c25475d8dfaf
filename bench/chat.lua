-- wrk script for bench/run.sh: POSTs a small non-streaming chat completion and, when the run
-- ends, prints one machine-readable line:  BENCH_JSON {...}
-- Latencies are in microseconds. "errors" counts socket errors (connect, read, write, timeout)
-- plus responses with status >= 400 (wrk's "Non-2xx or 3xx responses"); any error makes the
-- run invalid in the report.

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
-- run.sh passes the key requests carry (realistic mode: the virtual key it made).
wrk.headers["Authorization"] = "Bearer " .. (os.getenv("BENCH_KEY") or "sk-bench")
wrk.body = '{"model":"bench-model","messages":[{"role":"user","content":"Say hello in five words."}],"max_tokens":16}'

function done(summary, latency, requests)
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.status + e.timeout
   local seconds = summary.duration / 1e6
   io.write(string.format(
      'BENCH_JSON {"requests":%d,"duration_us":%d,"rps":%.1f,"bytes":%d,"errors":%d,' ..
      '"errors_detail":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"latency_us":{"p50":%.0f,"p90":%.0f,"p99":%.0f,"p999":%.0f,"mean":%.1f,"stdev":%.1f,"min":%.0f,"max":%.0f}}\n',
      summary.requests, summary.duration, summary.requests / seconds, summary.bytes, errors,
      e.connect, e.read, e.write, e.status, e.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
      latency.mean, latency.stdev, latency.min, latency.max))
end
