-- Shared by w5_create.lua and w5_read.lua (W5, run by bench/harness/w5.py): the bearer token
-- from the environment (never on the command line), a tally of response statuses per wrk
-- thread, and one W5_RESULT line of JSON after wrk's own report, which the harness parses.

function bench_authorization()
  local token = os.getenv("ORDERCAST_BENCH_TOKEN")
  if token == nil or token == "" then
    error("set ORDERCAST_BENCH_TOKEN to an ordercast token (ordercast token --sub bench --role admin)")
  end
  return "Bearer " .. token
end

-- wrk runs setup() and done() in its main Lua state and init(), request() and response() in
-- one state per thread; done() reads each thread's tally with thread:get().
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function status_tally()
  local total = {}
  for _, thread in ipairs(threads) do
    for status, n in pairs(thread:get("statuses") or {}) do
      total[status] = (total[status] or 0) + n
    end
  end
  local parts = {}
  for status, n in pairs(total) do
    table.insert(parts, string.format('"%d": %d', status, n))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'W5_RESULT {"requests": %d, "duration_us": %d, "statuses": %s, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, status_tally(),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
