-- wrk script: each request comes from a different client address, named by the trusted proxy
-- header, so the serve path does its full per-view work (address, country, record). It also
-- counts the requests it sent, since wrk's own total leaves out those still in flight when the
-- run ends, which the server may well have served and counted.
local counter = 0
local threads = {}

setup = function(thread)
  table.insert(threads, thread)
end

init = function()
  sent = 0
end

request = function()
  counter = counter + 1
  sent = sent + 1
  local address = string.format("198.51.%d.%d", math.floor(counter / 250) % 250, counter % 250 + 1)
  return wrk.format("GET", nil, { ["X-Forwarded-For"] = address })
end

done = function()
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("sent")
  end
  io.write(string.format("sent %d\n", total))
end
