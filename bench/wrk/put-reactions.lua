-- PUT /reactions: every request a new reader on one of 1,000 articles.
local counter = 0
local kinds = { "happy", "sad", "like", "meh" }

function setup(thread)
  thread:set("prefix", tostring(math.random(1e9)))
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"article":"https://news.example/bench/%d","reader":"bench-%s-%012d","reaction":"%s"}',
    math.random(1000), prefix, counter, kinds[math.random(4)])
  return wrk.format("PUT", "/api/v1/sites/bench/reactions",
    { ["Content-Type"] = "application/json", ["Origin"] = "https://bench.example" }, body)
end
