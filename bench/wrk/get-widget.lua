-- GET /widget: the bootstrap of one of the generated articles, as a widget
-- loads it (card, counts, first related page).
local count = tonumber(os.getenv("ARTICLES") or "100000")
function request()
  return wrk.format("GET", string.format(
    "/api/v1/sites/bench/widget?article=https%%3A%%2F%%2Fnews.example%%2Fbench%%2F%d",
    math.random(count) - 1), { ["Origin"] = "https://bench.example" })
end
