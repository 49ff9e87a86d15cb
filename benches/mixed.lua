-- wrk script for benches/load.sh: cycles through a list of URLs (one path
-- per line, from the file given after `--`) and counts answers by status
-- class. To change the mix, change the list; nothing here needs to change.

local urls = {}
-- Global, so done() can read it from each thread.
counts = {}
local next_index = 1

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("id", #threads)
end

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do
    if line ~= "" then
      table.insert(urls, line)
    end
  end
  file:close()
  -- Threads start at different places in the list.
  next_index = (id or 1) * 7919 % #urls + 1
end

function request()
  local path = urls[next_index]
  next_index = next_index % #urls + 1
  return wrk.format("GET", path)
end

function response(status, headers, body)
  local key = math.floor(status / 100) .. "xx"
  counts[key] = (counts[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    local c = thread:get("counts")
    for key, n in pairs(c) do
      total[key] = (total[key] or 0) + n
    end
  end
  local keys = {}
  for key in pairs(total) do
    table.insert(keys, key)
  end
  table.sort(keys)
  io.write("answers by status class:\n")
  for _, key in ipairs(keys) do
    io.write(string.format("  %s %d\n", key, total[key]))
  end
  io.write(string.format("socket errors: connect %d, read %d, write %d, timeout %d\n",
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
end
