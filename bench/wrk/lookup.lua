-- wrk script for bench/run's lookup section: GET /api/v1/products?barcode=<GTIN> for random
-- products among BENCH_PRODUCTS, with the API token in BENCH_TOKEN. The GTINs are those the
-- section imported: "20" + the product number in 10 digits + the GS1 check digit. Each wrk
-- thread writes every request out once in init(), so that request() costs wrk next to
-- nothing and the CPU it shares with the server goes to the server.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local token = os.getenv("BENCH_TOKEN")
local count = tonumber(os.getenv("BENCH_PRODUCTS") or "100000")
local requests = {}

local function gtin(i)
   local body = string.format("20%010d", i)
   local sum = 0
   for d = 12, 1, -1 do
      local weight = ((12 - d) % 2 == 0) and 3 or 1
      sum = sum + tonumber(body:sub(d, d)) * weight
   end
   return body .. tostring((10 - sum % 10) % 10)
end

init = function(args)
   math.randomseed(os.time() + math.floor(os.clock() * 1000000))
   local headers = { ["Authorization"] = "Bearer " .. token }
   for i = 1, count do
      requests[i] = wrk.format("GET", "/api/v1/products?barcode=" .. gtin(i), headers)
   end
end

request = function()
   return requests[math.random(1, count)]
end
