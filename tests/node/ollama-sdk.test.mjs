// Client compatibility: the official `ollama` npm library against a real Switchyard, over a mock
// backend that speaks Ollama's native API and one that speaks OpenAI's (as LM Studio, llama.cpp
// and vLLM do). All are started here as processes. Run by ctest (see tests/CMakeLists.txt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Ollama } from 'ollama';

const switchyard = process.env.SWITCHYARD_BINARY;
const mockBackend = join(process.env.SWITCHYARD_TEST_SUPPORT_DIR ?? '', 'mock-backend');
const masterKey = 'sk-ollama-js';
const children = [];
const mockPorts = {};
let host;
let ollama;

// Starts a process and resolves with the first stdout line matching `pattern`.
function startProcess(binary, args, pattern) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('exit', (code) => reject(new Error(`${binary} exited with ${code}: ${stderr}`)));
    const timer = setTimeout(() => reject(new Error(`${binary} did not start: ${stderr}`)), 10000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = line.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
}

// Starts Switchyard on `config` and resolves with the port of its second, Ollama listener
// (gateway.ollama_port), read from its log.
function startWithOllamaPort(config) {
  return new Promise((resolve, reject) => {
    const child = spawn(switchyard, ['--headless', '--config', config], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let stderr = '';
    child.on('exit', (code) => reject(new Error(`switchyard exited with ${code}: ${stderr}`)));
    const timer = setTimeout(() => reject(new Error(`no Ollama listener: ${stderr}`)), 10000);
    child.stderr.on('data', (d) => {
      stderr += d;
      const match = stderr.match(/Ollama API also listening on http:\/\/127\.0\.0\.1:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
}

// Sets a mock backend's knobs for every request until reset.
async function mockKnobs(group, knobs) {
  const response = await fetch(`http://127.0.0.1:${mockPorts[group]}/mock/config`, {
    method: 'POST',
    body: JSON.stringify({ reset: true, ...knobs }),
  });
  assert.equal(response.status, 200);
}

before(async () => {
  assert.ok(switchyard, 'SWITCHYARD_BINARY must point at the switchyard binary');
  mockPorts['llama3.2'] = await startProcess(mockBackend,
    ['--port', '0', '--id', 'ollama', '--models', 'llama3.2:latest'], /^LISTENING (\d+)/);
  mockPorts.qwen = await startProcess(mockBackend,
    ['--port', '0', '--id', 'studio', '--models', 'qwen2.5-7b-instruct'], /^LISTENING (\d+)/);
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-ollama-js-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `
model_list:
  - model_name: llama3.2
    litellm_params:
      model: ollama/llama3.2:latest
      api_base: http://127.0.0.1:${mockPorts['llama3.2']}
      timeout: 5
    model_info:
      max_input_tokens: 8192
  - model_name: qwen
    litellm_params:
      model: lm_studio/qwen2.5-7b-instruct
      api_base: http://127.0.0.1:${mockPorts.qwen}/v1
      timeout: 5
general_settings:
  master_key: ${masterKey}
gateway:
  host: 127.0.0.1
  port: 0
`);
  const port = await startProcess(switchyard, ['--headless', '--config', config], /listening on http:\/\/[^ ]+:(\d+)\/v1/);
  host = `http://127.0.0.1:${port}`;
  ollama = new Ollama({ host, headers: { Authorization: `Bearer ${masterKey}` } });
});

after(() => {
  for (const child of children) child.kill('SIGTERM');
});

test('version and list', async () => {
  const { version } = await ollama.version();
  assert.match(version, /^\d+\.\d+\.\d+$/);
  const { models } = await ollama.list();
  assert.deepEqual(models.map((m) => m.name), ['llama3.2', 'qwen']);
  assert.equal(models[0].model, 'llama3.2');
  assert.equal(typeof models[0].digest, 'string');
});

for (const group of ['llama3.2', 'qwen']) {
  const kind = group === 'qwen' ? 'OpenAI-compatible backend' : 'Ollama backend';

  test(`chat, ${kind}`, async () => {
    const response = await ollama.chat({ model: `${group}:latest`, messages: [{ role: 'user', content: 'Say hi' }] });
    assert.equal(response.model, `${group}:latest`);
    assert.equal(response.message.role, 'assistant');
    assert.equal(response.message.content, 'tok0 tok1 tok2 tok3 tok4 ');
    assert.equal(response.done, true);
    assert.equal(response.eval_count, 5);
  });

  test(`streaming chat, ${kind}`, async () => {
    const stream = await ollama.chat({ model: group, stream: true, messages: [{ role: 'user', content: 'Say hi' }] });
    let text = '';
    let parts = 0;
    let last;
    for await (const part of stream) {
      parts += 1;
      text += part.message.content;
      last = part;
    }
    assert.equal(text, 'tok0 tok1 tok2 tok3 tok4 ');
    assert.equal(parts, 6);
    assert.equal(last.done, true);
    assert.equal(last.done_reason, 'stop');
    assert.equal(last.prompt_eval_count, 2);
    assert.equal(last.eval_count, 5);
    assert.ok(last.total_duration >= last.eval_duration);
  });

  test(`chat with tools, ${kind}`, async () => {
    await mockKnobs(group, { tool_call: true });
    try {
      const response = await ollama.chat({
        model: group,
        messages: [{ role: 'user', content: 'Weather in Paris?' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
      });
      assert.equal(response.message.tool_calls.length, 1);
      assert.equal(response.message.tool_calls[0].function.name, 'get_weather');
      assert.deepEqual(response.message.tool_calls[0].function.arguments, { city: 'Paris' });
    } finally {
      await mockKnobs(group, {});
    }
  });

  test(`generate, ${kind}`, async () => {
    const response = await ollama.generate({ model: group, prompt: 'Say hi' });
    assert.equal(response.response, 'tok0 tok1 tok2 tok3 tok4 ');
    const stream = await ollama.generate({ model: group, prompt: 'Say hi', stream: true });
    let text = '';
    for await (const part of stream) text += part.response;
    assert.equal(text, 'tok0 tok1 tok2 tok3 tok4 ');
  });

  test(`embed, ${kind}`, async () => {
    const response = await ollama.embed({ model: group, input: ['one', 'two'] });
    assert.equal(response.embeddings.length, 2);
    assert.equal(response.embeddings[0].length, 8);
    const older = await ollama.embeddings({ model: group, prompt: 'one' });
    assert.deepEqual(older.embedding, response.embeddings[0]);
  });

  test(`show, ${kind}`, async () => {
    const response = await ollama.show({ model: group });
    assert.ok(response.capabilities.includes('completion'));
    const arch = response.model_info['general.architecture'];
    if (group === 'llama3.2') assert.equal(response.model_info[`${arch}.context_length`], 8192);
  });

  test(`a stream broken midway throws, ${kind}`, async () => {
    await mockKnobs(group, { behavior: 'cut', cut_after: 2 });
    try {
      const stream = await ollama.chat({ model: group, stream: true, messages: [{ role: 'user', content: 'x' }] });
      let text = '';
      await assert.rejects(async () => {
        for await (const part of stream) text += part.message.content;
      }, (err) => err instanceof Error && !err.message.includes('[object Object]'));
      assert.equal(text, 'tok0 tok1 ');
    } finally {
      await mockKnobs(group, {});
    }
  });
}

test('ps lists what the Ollama backend has loaded', async () => {
  // A cached view: the first call may predate the backends' answers.
  let models = [];
  for (let i = 0; i < 50 && models.length === 0; i += 1) {
    ({ models } = await ollama.ps());
    if (models.length === 0) await new Promise((r) => setTimeout(r, 200));
  }
  assert.equal(models[0].name, 'llama3.2');
  assert.ok(models[0].size_vram > 0);
});

test('OLLAMA_HOST: a keyless gateway on its Ollama port', async () => {
  // What OLLAMA_HOST-only clients do: a host and port, no scheme, no key. Switchyard needs no key
  // when it has no master_key, which it allows on loopback only.
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-ollama-host-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `
model_list:
  - model_name: llama3.2
    litellm_params:
      model: ollama/llama3.2
      api_base: http://127.0.0.1:${mockPorts['llama3.2']}
gateway:
  host: 127.0.0.1
  port: 0
  ollama_port: 0
`);
  const ollamaPort = await startWithOllamaPort(config);
  process.env.OLLAMA_HOST = `127.0.0.1:${ollamaPort}`;
  const client = new Ollama({ host: process.env.OLLAMA_HOST });
  const { models } = await client.list();
  assert.deepEqual(models.map((m) => m.name), ['llama3.2']);
  const response = await client.generate({ model: 'llama3.2:latest', prompt: 'Say hi' });
  assert.equal(response.response, 'tok0 tok1 tok2 tok3 tok4 ');
  const root = await fetch(`http://${process.env.OLLAMA_HOST}/`);
  assert.equal(await root.text(), 'Ollama is running');
});

test('errors are ResponseErrors with Ollama messages', async () => {
  await assert.rejects(
    ollama.chat({ model: 'mistral:7b', messages: [{ role: 'user', content: 'x' }] }),
    (err) => err.name === 'ResponseError' && err.status_code === 404 && err.error.includes('mistral:7b'),
  );
  const keyless = new Ollama({ host });
  await assert.rejects(
    keyless.list(),
    (err) => err.name === 'ResponseError' && err.status_code === 401 && err.error.includes('headers'),
  );
  await assert.rejects(
    ollama.pull({ model: 'llama3.2' }),
    (err) => err.name === 'ResponseError' && err.status_code === 404 && err.error.includes('pull'),
  );
});
