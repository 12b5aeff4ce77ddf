-- GET /widget: the bootstrap of a generated article, as a widget loads it
-- (card, counts, first related page). Articles: articles.lua.
dofile("bench/wrk/articles.lua")
function request()
  return wrk.format("GET", string.format(
    "/api/v1/sites/bench/widget?article=https%%3A%%2F%%2Fnews.example%%2Fbench%%2F%d",
    next_article()), { ["Origin"] = "https://bench.example" })
end
