-- GET /reactions: the counts of an article, as a widget reads them. Articles:
-- articles.lua (counts are cached per article once read).
dofile("bench/wrk/articles.lua")
function request()
  return wrk.format("GET", string.format(
    "/api/v1/sites/bench/reactions?article=https%%3A%%2F%%2Fnews.example%%2Fbench%%2F%d",
    next_article()), { ["Origin"] = "https://bench.example" })
end
