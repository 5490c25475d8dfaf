// Client compatibility: the official @anthropic-ai/sdk against a real Switchyard, with a local
// OpenAI-compatible model (translated) and an Anthropic deployment (passed through), both played
// by the mock backend. Run by ctest (see tests/CMakeLists.txt).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startMockBackend, startSwitchyard, mockStats, stopAll } from './support.mjs';

const masterKey = 'sk-anthropic-sdk';
let client;
let mockPort;

async function setKnobs(knobs) {
  const response = await fetch(`http://127.0.0.1:${mockPort}/mock/config`, {
    method: 'POST',
    body: JSON.stringify({ reset: true, ...knobs }),
  });
  assert.equal(response.status, 200);
}

before(async () => {
  mockPort = await startMockBackend(['--models', 'backend-local']);
  const port = await startSwitchyard(`
model_list:
  - model_name: local
    litellm_params:
      model: openai/backend-local
      api_base: http://127.0.0.1:${mockPort}/v1
      timeout: 5
  - model_name: claude-3-5-sonnet
    litellm_params:
      model: anthropic/claude-3-5-sonnet-20241022
      api_base: http://127.0.0.1:${mockPort}
      api_key: sk-ant-backend
router_settings:
  model_group_alias: {claude-haiku-4-5: local}
general_settings:
  master_key: ${masterKey}
gateway:
  host: 127.0.0.1
  port: 0
`);
  client = new Anthropic({ apiKey: masterKey, baseURL: `http://127.0.0.1:${port}`, maxRetries: 0 });
});

beforeEach(() => setKnobs({}));
after(stopAll);

for (const model of ['local', 'claude-3-5-sonnet']) {
  test(`messages.create on ${model}`, async () => {
    await setKnobs({ tokens: 3 });
    const message = await client.messages.create({
      model,
      max_tokens: 64,
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Say three words' }],
    });
    assert.equal(message.type, 'message');
    assert.equal(message.role, 'assistant');
    assert.equal(message.model, model);
    assert.equal(message.content[0].type, 'text');
    assert.equal(message.content[0].text, 'tok0 tok1 tok2 ');
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.usage.output_tokens, 3);
  });

  test(`messages.stream on ${model}`, async () => {
    await setKnobs({ tokens: 4 });
    const stream = client.messages.stream({
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'Say four words' }],
    });
    let text = '';
    stream.on('text', (delta) => { text += delta; });
    const message = await stream.finalMessage();
    assert.equal(text, 'tok0 tok1 tok2 tok3 ');
    assert.equal(message.content[0].text, 'tok0 tok1 tok2 tok3 ');
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.usage.output_tokens, 4);
  });
}

test('tool use, streamed, from Anthropic', async () => {
  await setKnobs({ tokens: 2, tool_use: true });
  const stream = client.messages.stream({
    model: 'claude-3-5-sonnet',
    max_tokens: 256,
    tools: [{ name: 'get_weather', description: 'Weather', input_schema: { type: 'object', properties: { location: { type: 'string' } } } }],
    messages: [{ role: 'user', content: 'Weather in SF?' }],
  });
  const message = await stream.finalMessage();
  assert.equal(message.stop_reason, 'tool_use');
  const tool = message.content.find((block) => block.type === 'tool_use');
  assert.equal(tool.name, 'get_weather');
  assert.deepEqual(tool.input, { location: 'San Francisco, CA' });
});

test('a tool round trip on a local model', async () => {
  // The answer to a tool call goes back as tool_result; the local model gets OpenAI tool messages.
  const message = await client.messages.create({
    model: 'claude-haiku-4-5', // an alias of the local group, as Claude Code would ask
    max_tokens: 64,
    tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
    messages: [
      { role: 'user', content: 'Weather in SF?' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { location: 'SF' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'sunny' }] },
    ],
  });
  assert.equal(message.type, 'message');
  const forwarded = JSON.parse((await mockStats(mockPort)).last_request.body);
  assert.equal(forwarded.messages[1].tool_calls[0].id, 'toolu_1');
  assert.equal(forwarded.messages[2].role, 'tool');
  assert.equal(forwarded.messages[2].content, 'sunny');
});

test('countTokens', async () => {
  const local = await client.messages.countTokens({
    model: 'local',
    messages: [{ role: 'user', content: 'How many tokens is this?' }],
  });
  assert.ok(local.input_tokens > 0);
  const remote = await client.messages.countTokens({
    model: 'claude-3-5-sonnet',
    messages: [{ role: 'user', content: 'How many tokens is this?' }],
  });
  assert.equal(remote.input_tokens, 5); // the mock counts the words
});

test('a wrong key is an AuthenticationError', async () => {
  const bad = new Anthropic({ apiKey: 'sk-wrong', baseURL: client.baseURL, maxRetries: 0 });
  await assert.rejects(
    bad.messages.create({ model: 'local', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    (error) => error instanceof Anthropic.AuthenticationError && error.status === 401,
  );
});

test('an unknown model is a NotFoundError', async () => {
  await assert.rejects(
    client.messages.create({ model: 'no-such-model', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    (error) => error instanceof Anthropic.NotFoundError && /no-such-model/.test(error.message),
  );
});

test('a stream cut mid-way is an error, not a message', async () => {
  await setKnobs({ tokens: 6, behavior: 'cut', cut_after: 3 });
  const stream = client.messages.stream({
    model: 'local',
    max_tokens: 64,
    messages: [{ role: 'user', content: 'Say six words' }],
  });
  await assert.rejects(stream.finalMessage(), (error) => error instanceof Anthropic.APIError);
});
