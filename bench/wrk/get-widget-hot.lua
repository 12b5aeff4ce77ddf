-- GET /widget of one hot article, as every page view of it loads the widget;
-- with IF_NONE_MATCH set, as a browser revalidates the answer it holds.
wrk.path = "/api/v1/sites/bench/widget?article=https%3A%2F%2Fnews.example%2Fbench%2F0"
wrk.headers["Origin"] = "https://bench.example"
wrk.headers["If-None-Match"] = os.getenv("IF_NONE_MATCH")
