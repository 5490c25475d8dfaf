-- wrk script for bench/run.sh: POSTs a small non-streaming Ollama /api/chat request, which
-- Switchyard translates to the mock's chat completions and back; prints the same BENCH_JSON line
-- as chat.lua (its done() is reused).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "chat.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer sk-bench"
wrk.body = '{"model":"bench-model","stream":false,"messages":[{"role":"user","content":"Say hello in five words."}],"options":{"num_predict":16}}'
