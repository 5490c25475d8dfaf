// Client compatibility for OpenAI's Responses API (issue 13): the official `openai` Node SDK's
// responses.create / responses.stream against a real Switchyard and a mock backend, both started
// here as processes. "chat" is an OpenAI-compatible backend (translated); "native" speaks the
// Responses API in llama.cpp's shape, which Switchyard repairs. Run by ctest.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import OpenAI from 'openai';

const switchyard = process.env.SWITCHYARD_BINARY;
const mockBackend = join(process.env.SWITCHYARD_TEST_SUPPORT_DIR ?? '', 'mock-backend');
const masterKey = 'sk-node-responses';
const children = [];
let client;
let mockPort;

function startProcess(binary, args, pattern, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
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

// The mock's knobs for every request from now on (the gateway does not forward ours).
async function mockKnobs(knobs) {
  const r = await fetch(`http://127.0.0.1:${mockPort}/mock/config`, { method: 'POST', body: JSON.stringify({ reset: true, ...knobs }) });
  assert.equal(r.status, 200);
}

before(async () => {
  assert.ok(switchyard, 'SWITCHYARD_BINARY must point at the switchyard binary');
  mockPort = await startProcess(mockBackend, ['--port', '0'], /^LISTENING (\d+)/);
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-responses-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `
model_list:
  - model_name: chat
    litellm_params: {model: openai/backend-chat, api_base: "http://127.0.0.1:${mockPort}/v1", api_key: none, timeout: 5}
  - model_name: native
    litellm_params: {model: openai/backend-native, api_base: "http://127.0.0.1:${mockPort}/v1", api_key: none, timeout: 5}
    model_info: {dialects: [openai, responses]}
general_settings:
  master_key: ${masterKey}
gateway:
  host: 127.0.0.1
  port: 0
`);
  const port = await startProcess(switchyard, ['--headless', '--config', config], /listening on http:\/\/[^ ]+:(\d+)\/v1/,
    { SWITCHYARD_DATA_DIR: join(dir, 'data') });
  client = new OpenAI({ apiKey: masterKey, baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
});

after(() => {
  for (const child of children) child.kill('SIGTERM');
});

for (const model of ['chat', 'native']) {
  test(`${model}: responses.create`, async () => {
    await mockKnobs({});
    const response = await client.responses.create({ model, input: 'Say hi', instructions: 'Be brief.' });
    assert.equal(response.object, 'response');
    assert.equal(response.status, 'completed');
    assert.equal(response.model, model);
    assert.equal(response.output_text, 'tok0 tok1 tok2 tok3 tok4 ');
    assert.equal(response.usage.output_tokens, 5);
    assert.equal(response.usage.total_tokens, response.usage.input_tokens + 5);
  });

  test(`${model}: responses.create streaming, event by event`, async () => {
    await mockKnobs({});
    const stream = await client.responses.create({ model, input: 'Say hi', stream: true });
    const types = [];
    let text = '';
    let sequence = 0;
    let completed;
    for await (const event of stream) {
      assert.equal(event.sequence_number, sequence++);
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    assert.equal(types[0], 'response.created');
    assert.ok(types.includes('response.output_item.added'));
    assert.ok(types.includes('response.output_item.done'));
    assert.equal(types.at(-1), 'response.completed');
    assert.equal(text, 'tok0 tok1 tok2 tok3 tok4 ');
    assert.equal(completed.usage.output_tokens, 5);
    assert.equal(completed.model, model);
  });

  test(`${model}: responses.stream helper accumulates a final response`, async () => {
    await mockKnobs({});
    // The helper's accumulator throws on any event whose output_index or content_index it
    // cannot place: llama.cpp's own stream fails here without Switchyard's repairs.
    const stream = client.responses.stream({ model, input: 'Say hi' });
    let deltas = '';
    stream.on('response.output_text.delta', (event) => { deltas = event.snapshot; });
    const final = await stream.finalResponse();
    assert.equal(final.status, 'completed');
    assert.equal(final.output_text, 'tok0 tok1 tok2 tok3 tok4 ');
    assert.equal(deltas, 'tok0 tok1 tok2 tok3 tok4 ');
  });

  test(`${model}: function calling, then the tool's result`, async () => {
    await mockKnobs({ tool_calls: true, tokens: 2 });
    const tools = [{ type: 'function', name: 'get_weather', description: 'Weather for a city.',
      parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] }, strict: false }];
    const stream = client.responses.stream({ model, input: 'Weather in Paris?', tools });
    const first = await stream.finalResponse();
    const call = first.output.find((item) => item.type === 'function_call');
    assert.ok(call, JSON.stringify(first.output));
    assert.equal(call.name, 'get_weather');
    assert.ok(call.call_id);
    assert.ok(call.id);
    assert.deepEqual(JSON.parse(call.arguments), { text: 'tok0 tok1 ' });
    // The tool's output continues the stored conversation.
    const second = await client.responses.create({
      model, tools, previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call.call_id, output: '{"celsius": 21}' }],
    });
    assert.equal(second.status, 'completed');
    assert.equal(second.output_text, 'tok0 tok1 ');
  });
}

test('previous_response_id, retrieve, input items and delete', async () => {
  await mockKnobs({});
  const first = await client.responses.create({ model: 'chat', input: 'My name is Ada.' });
  const second = await client.responses.create({ model: 'chat', input: 'What is my name?', previous_response_id: first.id });
  assert.equal(second.previous_response_id, first.id);
  const retrieved = await client.responses.retrieve(first.id);
  assert.equal(retrieved.id, first.id);
  assert.equal(retrieved.output_text, first.output_text);
  const items = [];
  for await (const item of client.responses.inputItems.list(second.id, { order: 'asc' })) items.push(item);
  assert.equal(items.length, 3); // the first question, its answer, the second question
  assert.equal(items[0].content[0].text, 'My name is Ada.');
  assert.equal(items[1].role, 'assistant');
  await client.responses.delete(first.id);
  await assert.rejects(client.responses.retrieve(first.id), (err) => err instanceof OpenAI.NotFoundError);
  await assert.rejects(
    client.responses.create({ model: 'chat', input: 'x', previous_response_id: first.id }),
    (err) => err instanceof OpenAI.NotFoundError && err.param === 'previous_response_id',
  );
});

test('errors are the SDK\'s error classes', async () => {
  await assert.rejects(
    client.responses.create({ model: 'nope', input: 'x' }),
    (err) => err instanceof OpenAI.NotFoundError && err.code === 'model_not_found',
  );
  await assert.rejects(
    client.responses.create({ model: 'chat' }),
    (err) => err instanceof OpenAI.BadRequestError && err.param === 'input',
  );
});

test('a stream broken midway ends failed, never completed', async () => {
  await mockKnobs({ behavior: 'cut', cut_after: 3 });
  // Event by event: the text so far, then `error` and `response.failed`, as OpenAI ends a
  // response that fails.
  const stream = await client.responses.create({ model: 'chat', input: 'Say hi', stream: true });
  const events = [];
  for await (const event of stream) events.push(event);
  const types = events.map((e) => e.type);
  assert.ok(types.includes('response.output_text.delta'));
  assert.ok(!types.includes('response.completed'));
  assert.deepEqual(types.slice(-2), ['error', 'response.failed']);
  assert.equal(events.at(-2).code, 'upstream_connection_closed');
  const failed = events.at(-1).response;
  assert.equal(failed.status, 'failed');
  assert.equal(failed.error.code, 'upstream_connection_closed');
  events.forEach((e, i) => assert.equal(e.sequence_number, i));
  // The SDK's stream helper rejects on the `error` event, as it does with OpenAI's.
  const helper = client.responses.stream({ model: 'chat', input: 'Say hi' });
  const seen = [];
  helper.on('event', (event) => seen.push(event.type));
  await assert.rejects(helper.finalResponse(), (err) => err.type === 'error' && err.message.length > 0);
  assert.ok(!seen.includes('response.completed'));
  await mockKnobs({});
});
