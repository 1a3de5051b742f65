-- W5 reads: GET /api/v1/orders/{id}, rotating over the order ids in W5_ORDER_IDS (comma-
-- separated, created by bench/harness/w5.py beforehand). Every answer must be 200.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "w5_common.lua")

wrk.headers["Authorization"] = bench_authorization()

local ids = {}
for id in (os.getenv("W5_ORDER_IDS") or ""):gmatch("[^,]+") do
  table.insert(ids, id)
end
if #ids == 0 then
  error("set W5_ORDER_IDS to comma-separated order ids")
end

local next_id = 0

function request()
  next_id = next_id % #ids + 1
  return wrk.format("GET", "/api/v1/orders/" .. ids[next_id])
end
