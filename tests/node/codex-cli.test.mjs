// Issue 13's "done when": the Codex CLI (npm @openai/codex), configured with a custom provider
// whose base_url is Switchyard's /v1 (wire_api = "responses") and whose model is a local
// OpenAI-compatible group, completes `codex exec` with no error. Switchyard translates Codex's
// Responses requests to chat completions for the mock backend and back. Offline: Codex needs no
// login with a provider that takes its key from an environment variable (env_key).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startMockBackend, startSwitchyard, stopAll } from './support.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const codex = join(here, 'node_modules', '.bin', 'codex');
const masterKey = 'sk-codex-test';
let port;
let mockPort;
let dir;

// Runs codex to its end; resolves with its exit code and output.
function runCodex(args, env) {
  return new Promise((resolve) => {
    // stdin closed: codex exec would wait to read more of the prompt from it.
    const child = spawn(codex, args, { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: join(dir, 'project') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  mockPort = await startMockBackend();
  dir = mkdtempSync(join(tmpdir(), 'switchyard-codex-'));
  mkdirSync(join(dir, 'project'));
  mkdirSync(join(dir, 'codex-home'));
  port = await startSwitchyard(`
model_list:
  - model_name: local-coder
    litellm_params: {model: openai/qwen2.5-coder, api_base: "http://127.0.0.1:${mockPort}/v1", api_key: none}
general_settings:
  master_key: ${masterKey}
gateway:
  host: 127.0.0.1
  port: 0
`);
  // The recipe in the README, as a user writes it.
  writeFileSync(join(dir, 'codex-home', 'config.toml'), `
model = "local-coder"
model_provider = "switchyard"

[model_providers.switchyard]
name = "Switchyard"
base_url = "http://127.0.0.1:${port}/v1"
env_key = "SWITCHYARD_API_KEY"
wire_api = "responses"
`);
});

after(stopAll);

test('codex exec completes through Switchyard', { timeout: 120000 }, async () => {
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    CODEX_HOME: join(dir, 'codex-home'),
    SWITCHYARD_API_KEY: masterKey,
    RUST_LOG: 'error',
  };
  await fetch(`http://127.0.0.1:${mockPort}/mock/config`, { method: "POST", body: JSON.stringify({ reset: true }) });
  const result = await runCodex(['exec', '--skip-git-repo-check', '--sandbox', 'read-only', 'Say hi'], env);
  assert.equal(result.code, 0, `codex failed:\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  assert.match(result.stdout, /tok0 tok1 tok2 tok3 tok4/);
  assert.doesNotMatch(result.stderr, /error/i);
  // What the backend got: Codex's instructions and prompt, as chat completions.
  const stats = await (await fetch(`http://127.0.0.1:${mockPort}/mock/stats`)).json();
  assert.equal(stats.last_request.path, '/v1/chat/completions');
  const sent = JSON.parse(stats.last_request.body);
  assert.equal(sent.model, 'qwen2.5-coder');
  assert.equal(sent.messages[0].role, 'system');
  assert.ok(sent.messages.some((m) => m.role === 'user' && JSON.stringify(m.content).includes('Say hi')));
  assert.ok(sent.tools.length > 0, 'Codex\'s function tools reach the model');
});

test('codex exec runs a command the model calls for and sends back its output', { timeout: 120000 }, async () => {
  // The mock calls Codex's first tool (exec_command) with {"cmd":"ls"} until the conversation
  // ends with a tool result: Codex runs `ls` in the project and sends a function_call_output,
  // which Switchyard translates to a tool message; then the mock answers in text.
  writeFileSync(join(dir, 'project', 'hello-from-the-project.txt'), 'hi\n');
  const knobs = await fetch(`http://127.0.0.1:${mockPort}/mock/config`, {
    method: 'POST',
    body: JSON.stringify({ reset: true, tool_calls: true, tokens: 2, tool_arguments: '{"cmd":"ls"}' }),
  });
  assert.equal(knobs.status, 200);
  const env = {
    PATH: process.env.PATH,
    HOME: dir,
    CODEX_HOME: join(dir, 'codex-home'),
    SWITCHYARD_API_KEY: masterKey,
    RUST_LOG: 'error',
  };
  // No sandbox for the command: Codex's Linux sandbox (bubblewrap, where installed) needs user
  // namespaces, which a CI chroot or container may not allow; what is tested is the gateway.
  const result = await runCodex(['exec', '--skip-git-repo-check', '--sandbox', 'danger-full-access', 'List the files'], env);
  assert.equal(result.code, 0, `codex failed:\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  const stats = await (await fetch(`http://127.0.0.1:${mockPort}/mock/stats`)).json();
  const sent = JSON.parse(stats.last_request.body);
  const last = sent.messages.at(-1);
  assert.equal(last.role, 'tool', JSON.stringify(sent.messages.slice(-3)));
  const call = sent.messages.at(-2).tool_calls[0];
  assert.equal(call.function.name, 'exec_command');
  assert.equal(last.tool_call_id, call.id);
  assert.match(last.content, /hello-from-the-project\.txt/); // what `ls` printed, run by Codex
  assert.match(result.stdout, /tok0 tok1/);
});
