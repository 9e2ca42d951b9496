-- wrk script: RFC 7662 introspection of the tokens in $LOAD_DIR/tokens.txt (90 % valid), with a
-- distinct introspector credential, the client address a resource server passes and a scope hint.
local dir = os.getenv("LOAD_DIR") or "/tmp/tq-load"
local tokens = {}
for line in io.lines(dir .. "/tokens.txt") do tokens[#tokens + 1] = line end
local introspector
for line in io.lines(dir .. "/introspector.txt") do introspector = line end
local i = 0

function setup(thread)
  thread:set("offset", math.random(1, #tokens))
end

request = function()
  i = i + 1
  local token = tokens[((offset or 0) + i) % #tokens + 1]
  return wrk.format("POST", "/v1/introspect", {
    ["Authorization"] = "Bearer " .. introspector,
    ["Content-Type"] = "application/x-www-form-urlencoded"
  }, "token=" .. token .. "&scope=billing:read&client_address=10.20." .. (i % 4) .. ".7")
end
