-- path: /v1/messages
-- expect: "type":"message"
-- wrk script for bench/run.sh: a small non-streaming Anthropic Messages request, which Switchyard
-- translates to the mock's chat completions and back. Prints the same BENCH_JSON line as
-- chat.lua (its done() is reused). Add a dialect with a file like this one: run.sh measures every
-- bench/dialect-*.lua, and skips one whose answer lacks the "expect" text (not translated by
-- this build).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "chat.lua")

wrk.headers["anthropic-version"] = "2023-06-01"
wrk.body = '{"model":"bench-model","max_tokens":16,"messages":[{"role":"user","content":"Say hello in five words."}]}'
