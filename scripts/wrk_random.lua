-- wrk script: each request asks for a path with random entity ids, for read-latency runs
-- against a store made by `eventgraph bench-graph --keep PATH` (entity ids up to 100,000).
--   EVENTGRAPH_WRK_PATH='/v1/graph/contacts?entity=%d' wrk -t1 -c64 -d10s --latency -s scripts/wrk_random.lua http://127.0.0.1:8099
-- The path is a Lua format string; every %d gets its own random id.
local template = os.getenv("EVENTGRAPH_WRK_PATH") or "/v1/graph/contacts?entity=%d"
math.randomseed(7)
request = function()
  return wrk.format("GET", string.format(template, math.random(200, 100000), math.random(200, 100000)))
end
