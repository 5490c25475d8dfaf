-- path: /api/chat
-- expect: "done":true
-- wrk script for bench/run.sh: a small non-streaming Ollama /api/chat request, translated to the
-- mock's chat completions and back (see dialect-messages.lua).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "chat.lua")

wrk.body = '{"model":"bench-model","stream":false,"messages":[{"role":"user","content":"Say hello in five words."}],"options":{"num_predict":16}}'
