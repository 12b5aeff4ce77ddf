-- GET /related: the first page for one of the generated articles, as a widget
-- asks for it (the bootstrap's first page costs the same).
local count = tonumber(os.getenv("ARTICLES") or "100000")
function request()
  return wrk.format("GET", string.format(
    "/api/v1/sites/bench/related?article=https%%3A%%2F%%2Fnews.example%%2Fbench%%2F%d&limit=5",
    math.random(count) - 1), { ["Origin"] = "https://bench.example" })
end
