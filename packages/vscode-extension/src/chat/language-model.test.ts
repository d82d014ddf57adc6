import { createFetchTransport } from '@sagestream/core';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EndpointProfile } from './endpoint-profile.js';
import { DEFAULT_MAX_INPUT_TOKENS, toLanguageModelInfo, toLanguageModelInfos } from './language-model-info.js';
import { estimateTokens, messageText, toChatMessages } from './language-model-messages.js';
import { mockProfiles } from './mock-profiles.js';
import { resolveEndpoints } from './resolve-endpoints.js';
import { describeError, failureKindOf, LanguageModelFailure, streamLanguageModelReply } from './stream-language-model-reply.js';

const LONG_STORY = Array.from({ length: 30 }, (_, index) => `Chapter ${index + 1}: the stream carried another token across the wire.`).join('\n\n');

let mock: MockServer;
beforeAll(async () => {
  mock = await startServer({
    port: 0,
    config: { latencyScale: 0.05, seed: 3, endpoints: { 'mock-messages': { reply: { mode: 'scripted', rules: [{ match: 'long story', flags: 'i', reply: LONG_STORY }], fallback: 'corpus' } } } },
  });
});
afterAll(async () => {
  await mock.close();
});

const profileOf = (id: string, extra: Partial<EndpointProfile> = {}): EndpointProfile => ({ ...mockProfiles({ mockUrl: mock.url }).find((profile) => profile.id === id)!, ...extra });

describe('chat models from the endpoint list', () => {
  it('lists every endpoint the panel lists, named "<endpoint> (SageMaker)", with limits from the settings', () => {
    const resolved = resolveEndpoints({ endpoints: [{ label: 'Prod', endpointName: 'prod-llm', region: 'eu-west-1', format: 'messages', maxInputTokens: 32_000, parameters: { maxTokens: 2048 } }, { endpointName: 'legacy', format: 'lmi-legacy' }] });
    const models = toLanguageModelInfos(resolved);
    expect(models.map((model) => [model.id, model.name, model.family, model.maxInputTokens, model.maxOutputTokens])).toEqual([
      ['Prod', 'Prod (SageMaker)', 'sagemaker-messages', 32_000, 2048],
      ['legacy', 'legacy (SageMaker)', 'sagemaker-lmi-legacy', DEFAULT_MAX_INPUT_TOKENS, 1024],
    ]);
    expect(models[0]!.tooltip).toContain('prod-llm');
    // Tool calling only where the body carries tools and the reply streams tool calls: the Messages API.
    expect(models.map((model) => model.capabilities)).toEqual([{ toolCalling: true, imageInput: false }, { toolCalling: false, imageInput: false }]);
  });

  it('with no endpoints configured, the models are the mock\'s, in the panel\'s order, with each mock endpoint\'s token limit', () => {
    const resolved = resolveEndpoints({ mockUrl: mock.url });
    const models = toLanguageModelInfos(resolved);
    expect(models.map((model) => model.id)).toEqual(resolved.profiles.map((profile) => profile.id));
    expect(models.find((model) => model.id === 'mock-lmi')).toMatchObject({ name: 'mock-lmi (SageMaker)', detail: 'local mock', maxOutputTokens: 1024 });
    expect(toLanguageModelInfo(profileOf('mock-ic/ic-qwen'))).toMatchObject({ version: 'ic-qwen', detail: 'local mock · component ic-qwen' });
  });

  it('rejects a maxInputTokens that is not a positive integer, saying so', () => {
    const resolved = resolveEndpoints({ endpoints: [{ endpointName: 'prod-llm', maxInputTokens: -3 }] });
    expect(resolved.problems).toEqual(['sagestream.endpoints[0]: "maxInputTokens" must be a positive integer; ignored.']);
    expect(toLanguageModelInfos(resolved)[0]!.maxInputTokens).toBe(DEFAULT_MAX_INPUT_TOKENS);
  });
});

describe("VS Code's messages as core's chat messages", () => {
  const text = (value: string) => ({ value });
  it('keeps roles and text parts in order; tool calls and results become explicit text; unknown roles and empty messages are dropped', () => {
    const messages = toChatMessages([
      { role: 3, content: [text('You are terse.')] },
      { role: 1, content: [text('What is 2+2? '), text('Answer briefly.')] },
      { role: 2, content: [text('Let me check.'), { callId: 'call_1', name: 'add', input: { a: 2, b: 2 } }] },
      { role: 1, content: [{ callId: 'call_1', content: [text('4')] }] },
      { role: 9, content: [text('ignored')] },
      { role: 1, content: [{ data: new Uint8Array([1]), mimeType: 'image/png' }] },
    ]);
    expect(messages).toEqual([
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'What is 2+2? Answer briefly.' },
      { role: 'assistant', content: 'Let me check.[tool call add (call_1): {"a":2,"b":2}]' },
      { role: 'user', content: '[tool result (call_1): 4]' },
    ]);
  });

  it('with tools (Messages API endpoints): tool calls on the assistant turn, each tool result its own message', () => {
    const messages = toChatMessages(
      [
        { role: 1, content: [text('Weather in Paris?')] },
        { role: 2, content: [{ callId: 'call_1', name: 'get_weather', input: { city: 'Paris' } }] },
        { role: 1, content: [{ callId: 'call_1', content: [text('18 °C')] }, text('And tomorrow?')] },
      ],
      { tools: true },
    );
    expect(messages).toEqual([
      { role: 'user', content: 'Weather in Paris?' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }] },
      { role: 'user', content: '18 °C', toolCallId: 'call_1' },
      { role: 'user', content: 'And tomorrow?' },
    ]);
  });

  it('estimates tokens honestly: about 4 characters a token, never fewer than words and marks', () => {
    expect(estimateTokens('')).toBe(0);
    expect(estimateTokens('a b c d e f g h')).toBe(8);
    expect(estimateTokens('internationalization')).toBe(5);
    expect(estimateTokens(messageText({ role: 1, content: [{ value: 'Hello, world!' }] }))).toBe(4);
  });
});

describe('streaming a chat-model reply from the mock', () => {
  it('streams the text in several parts as they arrive, then reports the stats', async () => {
    const parts: string[] = [];
    const result = await streamLanguageModelReply({ transport: createFetchTransport({ baseUrl: mock.url }), profile: profileOf('mock-messages'), messages: [{ role: 'user', content: 'Tell me a long story' }], signal: new AbortController().signal, onText: (part) => parts.push(part) });
    expect(parts.length).toBeGreaterThan(20);
    expect(parts.join('')).toBe(LONG_STORY);
    expect(result).toMatchObject({ status: 'complete', stats: { endpointLabel: 'mock-messages', finishReason: 'stop' } });
  });

  it('offers tools to a Messages API endpoint and streams the tool call back (mock-vllm)', async () => {
    const calls: { id: string; name: string; arguments: string }[] = [];
    const result = await streamLanguageModelReply({
      transport: createFetchTransport({ baseUrl: mock.url }),
      profile: profileOf('mock-vllm'),
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [{ name: 'get_weather', description: 'Current weather of a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      toolChoice: 'required',
      signal: new AbortController().signal,
      onText: () => {},
      onToolCall: (call) => calls.push(call),
    });
    expect(result.status).toBe('complete');
    expect(calls).toHaveLength(1);
    expect(calls[0]!.name).toBe('get_weather');
    expect(JSON.parse(calls[0]!.arguments)).toHaveProperty('city');
    const body = JSON.parse(mock.journal.entries().at(-1)!.body) as { tools: { function: { name: string } }[]; tool_choice: string };
    expect([body.tools.map((tool) => tool.function.name), body.tool_choice]).toEqual([['get_weather'], 'required']);
  });

  it('an abort closes the HTTP stream at once: the mock sees the client go away before the reply is done', async () => {
    const controller = new AbortController();
    const parts: string[] = [];
    const result = await streamLanguageModelReply({
      transport: createFetchTransport({ baseUrl: mock.url }),
      profile: profileOf('mock-messages'),
      messages: [{ role: 'user', content: 'Another long story, please' }],
      signal: controller.signal,
      onText: (part) => {
        parts.push(part);
        if (parts.length === 3) controller.abort();
      },
    });
    expect(result.status).toBe('stopped');
    const entry = await mock.journal.waitFor((candidate) => candidate.body.includes('Another long story'), { timeoutMs: 5000 });
    await expect.poll(() => mock.journal.entries().find((candidate) => candidate.id === entry.id)?.outcome).toBe('client-disconnected');
    expect(parts.join('').length).toBeLessThan(LONG_STORY.length / 2);
  });

  it('a ModelError fails with the panel\'s message: original status, fix and CloudWatch link', async () => {
    const failure = await streamLanguageModelReply({
      transport: createFetchTransport({ baseUrl: mock.url }),
      profile: profileOf('mock-messages', { customAttributes: 'mock-fault=model-error' }),
      messages: [{ role: 'user', content: 'Hi' }],
      signal: new AbortController().signal,
      onText: () => {},
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LanguageModelFailure);
    const { kind, info, message } = failure as LanguageModelFailure;
    expect(kind).toBe('unknown');
    expect(info.code).toBe('model-error');
    expect(message).toMatch(/\(model-error\)\nOriginal status from the model container: \d{3}\./);
    expect(message).toMatch(/\n(Fix|Container logs): .*https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/cloudwatch\//);
    expect(message.split(info.logUrl!).length).toBe(2);
  });

  it('maps errors to the kinds of LanguageModelError: credentials → NoPermissions, unknown endpoint → NotFound, throttling → Blocked', () => {
    expect(failureKindOf({ code: 'credentials-expired', message: 'The SSO session has expired.' })).toBe('no-permissions');
    expect(failureKindOf({ code: 'access-denied', message: 'Not authorized.' })).toBe('no-permissions');
    expect(failureKindOf({ code: 'validation-error', message: 'Endpoint prod of account 123456789012 not found.' })).toBe('not-found');
    expect(failureKindOf({ code: 'validation-error', message: 'Input is too long.' })).toBe('unknown');
    expect(failureKindOf({ code: 'throttling', message: 'Rate exceeded.' })).toBe('blocked');
    expect(describeError({ code: 'model-error', message: 'Failed.', logUrl: 'https://logs.example/x' })).toBe('Failed. (model-error)\nContainer logs: https://logs.example/x');
    expect(describeError({ code: 'credentials-expired', message: 'The SSO session has expired.', fix: 'Run `aws sso login --profile prod`.' })).toBe('The SSO session has expired. (credentials-expired)\nFix: Run `aws sso login --profile prod`.');
  });
});
