-- GET /related: the first page of a generated article, as a widget asks for it
-- (the bootstrap's first page costs the same). Articles: articles.lua.
dofile("bench/wrk/articles.lua")
function request()
  return wrk.format("GET", string.format(
    "/api/v1/sites/bench/related?article=https%%3A%%2F%%2Fnews.example%%2Fbench%%2F%d&limit=5",
    next_article()), { ["Origin"] = "https://bench.example" })
end
