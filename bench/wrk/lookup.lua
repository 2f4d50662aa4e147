-- wrk script for bench/run's lookup section: GET /api/v1/products?barcode=<GTIN> for random
-- products among BENCH_PRODUCTS, with the API token in BENCH_TOKEN. The GTINs are those the
-- section imported: "20" + the product number in 10 digits + the GS1 check digit.
dofile(os.getenv("BENCH_LUA_DIR") .. "/report.lua")

local token = os.getenv("BENCH_TOKEN")
local count = tonumber(os.getenv("BENCH_PRODUCTS") or "100000")

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
end

request = function()
   local path = "/api/v1/products?barcode=" .. gtin(math.random(1, count))
   return wrk.format("GET", path, { ["Authorization"] = "Bearer " .. token })
end
