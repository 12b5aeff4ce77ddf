-- GET /reactions: counts of one of 1,000 articles, as a widget reads them.
function request()
  return wrk.format("GET", string.format(
    "/api/v1/sites/bench/reactions?article=https%%3A%%2F%%2Fnews.example%%2Fbench%%2F%d",
    math.random(1000)), { ["Origin"] = "https://bench.example" })
end
