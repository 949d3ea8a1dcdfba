-- wrk script: every request POSTs one event shaped like the seed README's example, with a fresh random
-- session_id (UUID v4). A fresh id is what makes the comparison possible at all: the seed refuses a session id it
-- has stored (session_id is unique there), and The Eye stores identical events once (ids come from content).
--
--   wrk -t2 -c16 -d10s --latency -s tools/benchmarks/one-event.lua http://127.0.0.1:8000/api/v1/events/ [-- <application>]
--
-- done() prints one "one-event:" line of key=value pairs that tools/benchmarks/seed-compare reads.

local application = "0e302fce-66ad-4721-911e-0ab9d33697bf"

local body_template = [[{"session_id": "%s", "category": "page interaction", "name": "pageview", ]]
  .. [["data": {"host": "www.consumeraffairs.com", "path": "/"}, "timestamp": "2021-01-01 09:15:27.243860"}]]

-- Each wrk thread has its own Lua state, so each seeds its own generator; /dev/urandom keeps two threads (and two
-- runs) from producing the same sequence, which a seed from os.time() would not.
local function seed_from_urandom()
  local urandom = assert(io.open("/dev/urandom", "rb"))
  local bytes = urandom:read(4)
  urandom:close()
  local seed = 0
  for i = 1, #bytes do
    seed = seed * 256 + bytes:byte(i)
  end
  math.randomseed(seed)
end

-- RFC 9562 version 4: 122 random bits, version nibble 4, variant bits 10.
local function uuid4()
  local r16 = function() return math.random(0, 0xffff) end
  return string.format("%04x%04x-%04x-4%03x-%04x-%04x%04x%04x",
    r16(), r16(), r16(), math.random(0, 0xfff), 0x8000 + math.random(0, 0x3fff), r16(), r16(), r16())
end

function init(args)
  if args[1] then
    application = args[1]
  end
  seed_from_urandom()
  wrk.method = "POST"
  wrk.headers["application"] = application
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  return wrk.format(nil, nil, nil, string.format(body_template, uuid4()))
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    "one-event: requests=%d seconds=%.3f rps=%.1f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f "
      .. "non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
