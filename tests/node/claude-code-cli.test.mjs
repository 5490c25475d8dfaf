// Issue 12's "done when": Claude Code (npm @anthropic-ai/claude-code), pointed at Switchyard with
// ANTHROPIC_BASE_URL as the README's recipe says, runs on a local OpenAI-compatible model: its
// /v1/messages requests are translated to chat completions for the mock backend and back, its
// claude-* model names reach the local group through model_group_alias, and a tool it is asked
// to call runs and its result goes back to the model. Offline: an auth token needs no login.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mockStats, startMockBackend, startSwitchyard, stopAll } from './support.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const claude = join(here, 'node_modules', '.bin', 'claude');
const masterKey = 'sk-claude-code-test';
let port;
let mockPort;
let dir;

// Runs claude to its end; resolves with its exit code and output.
function runClaude(args) {
  const env = {
    PATH: process.env.PATH,
    HOME: join(dir, 'home'),
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${port}`,
    ANTHROPIC_AUTH_TOKEN: masterKey,
    ANTHROPIC_MODEL: 'local-coder',
    ANTHROPIC_SMALL_FAST_MODEL: 'local-coder',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
  };
  return new Promise((resolve) => {
    // stdin closed: claude -p would wait to read more of the prompt from it.
    const child = spawn(claude, args, { stdio: ['ignore', 'pipe', 'pipe'], env, cwd: join(dir, 'project') });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function mockConfig(knobs) {
  const response = await fetch(`http://127.0.0.1:${mockPort}/mock/config`, {
    method: 'POST',
    body: JSON.stringify({ reset: true, ...knobs }),
  });
  assert.equal(response.status, 200);
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchyard-claude-code-'));
  mkdirSync(join(dir, 'project'));
  mkdirSync(join(dir, 'home'));
  mockPort = await startMockBackend(['--models', 'qwen2.5-coder,qwen-any-claude']);
  // The README's recipe: the names Claude Code asks for become the local group.
  port = await startSwitchyard(`
model_list:
  - model_name: local-coder
    litellm_params: {model: openai/qwen2.5-coder, api_base: "http://127.0.0.1:${mockPort}/v1", api_key: none}
  - model_name: "claude-*"
    litellm_params: {model: openai/qwen-any-claude, api_base: "http://127.0.0.1:${mockPort}/v1", api_key: none}
router_settings:
  model_group_alias:
    claude-sonnet-4-5-20250929: local-coder
    claude-haiku-4-5-20251001: local-coder
    claude-3-5-haiku-20241022: local-coder
general_settings:
  master_key: ${masterKey}
gateway:
  host: 127.0.0.1
  port: 0
`);
});

after(stopAll);

test('claude -p answers through Switchyard on a local model', { timeout: 120000 }, async () => {
  await mockConfig({});
  // An aliased name: the alias wins over the claude-* pattern.
  const result = await runClaude(['-p', 'Say hi', '--model', 'claude-sonnet-4-5-20250929']);
  assert.equal(result.code, 0, `claude failed:\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  assert.match(result.stdout, /tok0 tok1 tok2 tok3 tok4/);
  // What the backend got: Claude Code's system prompt and the user's words, as chat completions.
  const stats = await mockStats(mockPort);
  assert.equal(stats.last_request.path, '/v1/chat/completions');
  const sent = JSON.parse(stats.last_request.body);
  assert.equal(sent.model, 'qwen2.5-coder');
  assert.equal(sent.messages[0].role, 'system');
  assert.ok(sent.messages.some((m) => m.role === 'user' && JSON.stringify(m.content).includes('Say hi')));
  assert.ok(sent.tools.length > 0, 'Claude Code\'s tools reach the model as functions');
});

test('a Claude name without an alias reaches the claude-* pattern', { timeout: 120000 }, async () => {
  await mockConfig({});
  const result = await runClaude(['-p', 'Say hi', '--model', 'claude-opus-4-1-20250805']);
  assert.equal(result.code, 0, `claude failed:\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  assert.match(result.stdout, /tok0 tok1 tok2 tok3 tok4/);
  const sent = JSON.parse((await mockStats(mockPort)).last_request.body);
  assert.equal(sent.model, 'qwen-any-claude');
});

test('claude -p runs a command the model calls for and sends back its output', { timeout: 120000 }, async () => {
  // The mock calls the first tool offered (Bash, the only one with --tools Bash) with
  // {"command":"ls"} until the conversation ends with a tool result: Claude Code runs `ls` in the
  // project and sends a tool_result block, which Switchyard translates to a tool message.
  writeFileSync(join(dir, 'project', 'hello-from-the-project.txt'), 'hi\n');
  await mockConfig({ tool_calls: true, tokens: 2, tool_arguments: '{"command":"ls"}' });
  const result = await runClaude(['-p', 'List the files', '--tools', 'Bash', '--allowedTools', 'Bash']);
  assert.equal(result.code, 0, `claude failed:\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  const sent = JSON.parse((await mockStats(mockPort)).last_request.body);
  assert.deepEqual(sent.tools.map((t) => t.function.name), ['Bash']);
  const last = sent.messages.at(-1);
  assert.equal(last.role, 'tool', JSON.stringify(sent.messages.slice(-3)));
  const call = sent.messages.at(-2).tool_calls[0];
  assert.equal(call.function.name, 'Bash');
  assert.equal(last.tool_call_id, call.id);
  assert.match(JSON.stringify(last.content), /hello-from-the-project\.txt/); // what `ls` printed
  assert.match(result.stdout, /tok0 tok1/);
});
