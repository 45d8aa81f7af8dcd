-- Replays pre-signed Slack Events API deliveries against serve, for wrk:
--   wrk -t2 -c32 -d8s -s ingest-replay.lua http://127.0.0.1:PORT -- DIR
-- DIR holds requests-<thread>.tsv, one delivery a line: timestamp, signature, body (tab-separated),
-- written by the benchmark just before the run. Every thread replays its own file, so no
-- event id is sent twice; the Lua side does no signing and no JSON, only string handling.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  local dir = args[1]
  requests = {}
  for line in io.lines(dir .. "/requests-" .. id .. ".tsv") do
    local ts, sig, body = line:match("^(%d+)\t([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", "/slack/events", {
      ["Content-Type"] = "application/json",
      ["X-Slack-Request-Timestamp"] = ts,
      ["X-Slack-Signature"] = sig,
    }, body)
  end
  sent = 0
  wrapped = 0
end

function request()
  sent = sent + 1
  if sent > #requests then
    sent = 1
    wrapped = wrapped + 1
  end
  return requests[sent]
end

function done(summary, latency, requests)
  local w = 0
  for _, t in ipairs(threads) do
    w = w + (t:get("wrapped") or 0)
  end
  io.write(string.format("replay-wrapped: %d\n", w))
  for _, p in ipairs({ 50, 99 }) do
    io.write(string.format("latency-p%d-us: %d\n", p, latency:percentile(p)))
  end
  io.write(string.format("requests-total: %d\n", summary.requests))
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
  io.write(string.format("socket-errors: %d\n", summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
