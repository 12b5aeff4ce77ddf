-- Shared by the GET scripts (dofile): which generated article a request asks
-- for. Each wrk thread walks its own stride of the ARTICLES, starting at
-- WRK_OFFSET (where the bench's earlier runs stopped), so no article is asked
-- for twice in a bench run and every answer is computed, not a cache hit: a
-- "cold" row. HOT=1 asks for article 0 every time: a "hot" row. done() prints
-- "articles reached N" for bench/lib.sh, which fails a cold row that ran out
-- of articles and starts the next run there.
local count = tonumber(os.getenv("ARTICLES") or "1000")
local offset = tonumber(os.getenv("WRK_OFFSET") or "0")
local stride = tonumber(os.getenv("WRK_THREADS") or "1")
local hot = os.getenv("HOT") == "1"
local threads = {}

function setup(thread)
  thread:set("index", #threads)
  thread:set("step", 0)
  table.insert(threads, thread)
end

function next_article()
  if hot then
    return 0
  end
  local n = offset + index + step * stride
  step = step + 1
  return n % count
end

function done()
  local reached = offset
  for _, thread in ipairs(threads) do
    local step = thread:get("step")
    if step > 0 then
      reached = math.max(reached, offset + thread:get("index") + (step - 1) * stride + 1)
    end
  end
  io.write(string.format("articles reached %d\n", reached))
end
