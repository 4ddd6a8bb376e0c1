-- wrk script: stop each thread after a bounded number of responses, count non-2xx/304 answers,
-- and print one JSON line with requests/s and p50/p95/p99 latency (microseconds).
local limit = tonumber(os.getenv("WRK_MAX_REQUESTS_PER_THREAD") or "10000")
local threads = {}
-- WRK_BODY: send it as a JSON POST (a GraphQL query) instead of a GET.
local body = os.getenv("WRK_BODY")
if body and body ~= "" then
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  responses = 0
  bad = 0
end

function response(status, headers, body)
  responses = responses + 1
  if status >= 400 then
    bad = bad + 1
  end
  if responses >= limit then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests)
  local bad_total = 0
  for _, thread in ipairs(threads) do
    bad_total = bad_total + (thread:get("bad") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.2f, "p50": %d, "p95": %d, "p99": %d, "max": %d, ' ..
    '"errors": %d, "bad_status": %d, "bytes": %d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    bad_total, summary.bytes))
end
