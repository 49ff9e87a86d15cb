-- wrk script for benches/search_http.sh: the same search with a different
-- page number on every request, so the per-snapshot result cache never
-- answers and every request runs the engine (the page is clamped to the
-- last one there is).
math.randomseed(os.time() + math.floor(os.clock() * 1e6))
request = function()
  return wrk.format(nil, "/nl-nl/search?q=creditcard%20geweigerd&page=" .. math.random(1, 1000000000))
end
