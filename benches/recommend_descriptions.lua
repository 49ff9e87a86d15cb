-- wrk script: GET /api/v1/recommend with the descriptions of a file of
-- URL-encoded lines (DESCRIPTIONS, made by benches/recommend_http.sh),
-- one after the other, so no answer is ever the same request twice in a row.
local lines = {}
local file = os.getenv("DESCRIPTIONS")
for line in io.lines(file) do
  lines[#lines + 1] = line
end
local n = 0
request = function()
  n = n + 1
  local problem = lines[(n % #lines) + 1]
  return wrk.format("GET", "/api/v1/recommend?problem=" .. problem)
end
