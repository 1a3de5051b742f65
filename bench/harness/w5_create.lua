-- W5 creates: POST /api/v1/orders with the order in w5_order.json, as the admin whose token is
-- in ORDERCAST_BENCH_TOKEN. Every answer must be 201 (bench/harness/w5.py checks the tally).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "w5_common.lua")

local file = assert(io.open(here .. "w5_order.json", "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = bench_authorization()
