-- path: /v1/responses
-- expect: "object":"response"
-- wrk script for bench/run.sh: a small non-streaming OpenAI Responses request, translated to the
-- mock's chat completions and back (see dialect-messages.lua).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "chat.lua")

wrk.body = '{"model":"bench-model","max_output_tokens":16,"store":false,"input":"Say hello in five words."}'
