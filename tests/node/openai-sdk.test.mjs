// Client compatibility: the official `openai` Node SDK against a real Switchyard and a mock
// backend, both started here as processes. Run by ctest (see tests/CMakeLists.txt).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startMockBackend, startSwitchyard, stopAll, switchyardBinary } from './support.mjs';

const masterKey = 'sk-node-sdk';
let client;

before(async () => {
  assert.ok(switchyardBinary, 'SWITCHYARD_BINARY must point at the switchyard binary');
  const mockPort = await startMockBackend(['--models', 'backend-chat']);
  // Its key and usage database in the temp dir (startSwitchyard), never in the user's home.
  const port = await startSwitchyard(`
model_list:
  - model_name: chat
    litellm_params:
      model: openai/backend-chat
      api_base: http://127.0.0.1:${mockPort}/v1
      api_key: none
      timeout: 5
general_settings:
  master_key: ${masterKey}
gateway:
  host: 127.0.0.1
  port: 0
`);
  client = new OpenAI({ apiKey: masterKey, baseURL: `http://127.0.0.1:${port}/v1`, maxRetries: 0 });
});

after(stopAll);

test('chat completion', async () => {
  const completion = await client.chat.completions.create({
    model: 'chat',
    messages: [{ role: 'user', content: 'Say hi' }],
  });
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices[0].message.content, 'tok0 tok1 tok2 tok3 tok4 ');
  assert.equal(completion.usage.completion_tokens, 5);
});

test('streaming chat completion', async () => {
  const stream = await client.chat.completions.create({
    model: 'chat',
    stream: true,
    messages: [{ role: 'user', content: 'Say hi' }],
  });
  let text = '';
  let chunks = 0;
  for await (const chunk of stream) {
    chunks += 1;
    assert.ok(chunk.choices.length > 0, 'no usage-only chunk unless asked for');
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  assert.equal(text, 'tok0 tok1 tok2 tok3 tok4 ');
  assert.equal(chunks, 6);
});

test('streaming with include_usage gets the usage chunk', async () => {
  const stream = await client.chat.completions.create({
    model: 'chat',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Say hi' }],
  });
  let usage = null;
  for await (const chunk of stream) {
    if (chunk.usage) usage = chunk.usage;
  }
  assert.equal(usage?.completion_tokens, 5);
});

test('embeddings', async () => {
  const result = await client.embeddings.create({ model: 'chat', input: ['one', 'two'] });
  assert.equal(result.data.length, 2);
  assert.equal(result.data[0].embedding.length, 8);
});

test('models list', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.deepEqual(ids, ['chat']);
});

test('wrong key is an AuthenticationError', async () => {
  const bad = new OpenAI({ apiKey: 'sk-wrong', baseURL: client.baseURL, maxRetries: 0 });
  await assert.rejects(
    bad.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }] }),
    (err) => err instanceof OpenAI.AuthenticationError && err.status === 401,
  );
});

test('unknown model is a NotFoundError with code model_not_found', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'nope', messages: [{ role: 'user', content: 'x' }] }),
    (err) => err instanceof OpenAI.NotFoundError && err.code === 'model_not_found',
  );
});

test('backend failure is an APIError with the upstream status', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], mock: { status: 503 } }),
    (err) => err instanceof OpenAI.APIError && err.status === 503,
  );
  await assert.rejects(
    client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'x' }], mock: { behavior: 'hang' } }),
    (err) => err instanceof OpenAI.APIError && err.status === 504,
  );
});

test('a stream broken midway throws instead of ending quietly', async () => {
  const stream = await client.chat.completions.create({
    model: 'chat',
    stream: true,
    messages: [{ role: 'user', content: 'x' }],
    mock: { behavior: 'cut', cut_after: 2 },
  });
  let received = 0;
  await assert.rejects(async () => {
    for await (const chunk of stream) {
      if (chunk.choices?.length) received += 1;
    }
  }, (err) => err instanceof OpenAI.APIError);
  assert.equal(received, 2);
});
