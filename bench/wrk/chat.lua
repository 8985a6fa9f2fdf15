-- One non-streaming chat completion per request, the same for the simulator, the gateway and the peer; the headers
-- (Authorization, and the peer's x-portkey-*) come from wrk's -H. At the end, the figures go to $BENCH_OUT as JSON.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"model":"' .. (os.getenv("BENCH_MODEL") or "openai/gpt-4o-mini")
  .. '","messages":[{"role":"user","content":"Say hello to the benchmark"}]}'

done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  local out = assert(io.open(os.getenv("BENCH_OUT"), "w"))
  out:write(string.format(
    '{"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d,"max_us":%d}\n',
    summary.requests, summary.duration, errors, summary.errors.status,
    latency:percentile(50), latency:percentile(99), latency.max))
  out:close()
end
