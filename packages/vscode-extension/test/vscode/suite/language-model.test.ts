import assert from 'node:assert/strict';
import { startServer, type MockServer } from '@sagestream/mock-endpoint';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { SageStreamApi } from '../../../src/host/extension.js';
import { LONG_STORY } from './test-mock.js';
import { EXTENSION_ID, waitFor } from './vscode-helpers.js';

/** The caller extension (test/vscode/caller-extension), installed from its .vsix by run-tests.mjs. */
const CALLER_ID = 'sagestream-tests.lm-caller';
const VENDOR = 'sagestream';
const USER = vscode.ConfigurationTarget.Global;
const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('sagestream');

interface CallerPart {
  kind: 'text' | 'tool-call' | 'other';
  text?: string;
  name?: string;
}
interface CallerResult {
  parts: CallerPart[];
  tokens?: number;
  cancelled?: boolean;
  error?: { isLanguageModelError: boolean; isCancellation: boolean; code?: string; message: string };
}
interface CallerApi {
  models(selector: vscode.LanguageModelChatSelector): Promise<{ id: string; name: string; vendor: string; family: string; maxInputTokens: number }[]>;
  ask(options: { vendor: string; id: string; prompt: string; cancelAfterParts?: number; tools?: vscode.LanguageModelChatTool[] }): Promise<CallerResult>;
}

/** `major.minor` of the running VS Code, compared as numbers. */
function atLeast(version: string): boolean {
  const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
  const [wantedMajor = 0, wantedMinor = 0] = version.split('.').map(Number);
  return major > wantedMajor || (major === wantedMajor && minor >= wantedMinor);
}

describe("SageStream's endpoints as VS Code chat models (vscode.lm, called by another extension)", () => {
  let mock: MockServer;
  let caller: CallerApi;
  let api: SageStreamApi;

  before(async function () {
    this.timeout(60_000);
    const callerExtension = vscode.extensions.getExtension<CallerApi>(CALLER_ID);
    assert.ok(callerExtension, `${CALLER_ID} is not installed: run-tests.mjs installs it from test/vscode/caller-extension`);
    caller = await callerExtension.activate();
    mock = await startServer({
      port: 0,
      config: {
        seed: 9,
        endpoints: {
          'mock-messages': { latency: { timeToFirstToken: 80, interToken: 15 }, reply: { mode: 'scripted', rules: [{ match: 'long story', flags: 'i', reply: LONG_STORY }], fallback: 'corpus' } },
          // A container that fails: SageMaker answers ModelError (with the container's status and a log link).
          'mock-sglang': { fault: 'model-error' },
        },
      },
    });
    await settings().update('endpoints', undefined, USER);
    await settings().update('useMock', undefined, USER);
    await settings().update('mockUrl', mock.url, USER);
    const extension = vscode.extensions.getExtension<SageStreamApi>(EXTENSION_ID)!;
    api = extension.isActive ? extension.exports : await extension.activate();
    await waitFor(() => api.controller.endpoints.mode === 'mock' && api.controller.endpoints.mockUrl === mock.url, { what: 'the mock settings to reach the extension' });
  });

  after(async () => {
    await mock?.close();
  });

  it(`lists every endpoint of the panel as a model of vendor ${VENDOR}, named "<endpoint> (SageMaker)"`, async () => {
    const models = await caller.models({ vendor: VENDOR });
    assert.deepEqual(
      models.map((model) => model.id),
      api.controller.endpoints.profiles.map((profile) => profile.id),
    );
    const messages = models.find((model) => model.id === 'mock-messages');
    assert.ok(messages, 'no mock-messages model');
    assert.deepEqual({ name: messages.name, vendor: messages.vendor, family: messages.family }, { name: 'mock-messages (SageMaker)', vendor: VENDOR, family: 'sagemaker-messages' });
    assert.ok(messages.maxInputTokens > 0);
  });

  it('streams the reply from the mock to the caller in several LanguageModelTextParts; countTokens answers', async () => {
    const result = await caller.ask({ vendor: VENDOR, id: 'mock-messages', prompt: 'Tell me a long story' });
    assert.equal(result.error, undefined, result.error?.message);
    assert.ok(result.parts.length > 5, `only ${result.parts.length} part(s)`);
    assert.ok(result.parts.every((part) => part.kind === 'text'), 'a part that is not a LanguageModelTextPart');
    assert.equal(result.parts.map((part) => part.text).join(''), LONG_STORY);
    assert.ok(result.tokens! >= 4, `countTokens gave ${result.tokens}`);
  });

  it("offers the caller's tools to a Messages API endpoint and streams the call back as a LanguageModelToolCallPart", async () => {
    const tools = [{ name: 'get_weather', description: 'Current weather of a city', inputSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }];
    const result = await caller.ask({ vendor: VENDOR, id: 'mock-vllm', prompt: 'What is the weather in Paris?', tools });
    assert.equal(result.error, undefined, result.error?.message);
    assert.deepEqual(result.parts.filter((part) => part.kind === 'tool-call').map((part) => part.name), ['get_weather']);
    const entry = await mock.journal.waitFor((candidate) => candidate.body.includes('weather in Paris'), { timeoutMs: 5000 });
    assert.equal((JSON.parse(entry.body) as { tool_choice?: string }).tool_choice, 'required');
  });

  it('cancelling the request closes the SageMaker stream at once: the mock sees the client go away before the reply is done (VS Code ≥ 1.127)', async function () {
    // Before 1.127 a caller's cancellation does not reach the provider once streaming has started (microsoft/vscode#277872).
    if (!atLeast('1.127')) this.skip();
    const result = await caller.ask({ vendor: VENDOR, id: 'mock-messages', prompt: 'Tell me another long story', cancelAfterParts: 3 });
    assert.equal(result.cancelled, true);
    const entry = await mock.journal.waitFor((candidate) => candidate.body.includes('another long story') && candidate.clientWentAway, { timeoutMs: 10_000 });
    assert.equal(entry.outcome, 'client-disconnected');
    const received = result.parts.map((part) => part.text ?? '').join('');
    assert.ok(received.length < LONG_STORY.length / 2, `received ${received.length} of ${LONG_STORY.length} characters after cancelling`);
  });

  it("a ModelError reaches the caller as a LanguageModelError with the panel's message: original status and CloudWatch log link", async () => {
    const result = await caller.ask({ vendor: VENDOR, id: 'mock-sglang', prompt: 'Hello' });
    assert.ok(result.error, 'no error');
    assert.equal(result.error.isLanguageModelError, true, `not a LanguageModelError: ${JSON.stringify(result.error)}`);
    assert.match(result.error.message, /\(model-error\)/);
    assert.match(result.error.message, /Original status from the model container: \d{3}\./);
    assert.match(result.error.message, /(Fix|Container logs): .*https:\/\/[a-z0-9-]+\.console\.aws\.amazon\.com\/cloudwatch\//);
  });

  it('an endpoint SageMaker does not know is LanguageModelError.NotFound, with its message', async () => {
    // An AWS endpoint served by the mock (dummy keys from the environment: the mock checks no signatures).
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = 'AKIDSAGESTREAMTEST';
    process.env.AWS_SECRET_ACCESS_KEY = 'sagestream-test';
    try {
      await settings().update('endpoints', [{ label: 'Missing', endpointName: 'no-such-endpoint', region: 'us-east-1', endpointUrl: mock.url, format: 'messages' }], USER);
      await waitFor(() => api.controller.endpoints.mode === 'aws', { what: 'the AWS endpoint to reach the extension' });
      assert.deepEqual((await caller.models({ vendor: VENDOR })).map((model) => model.name), ['Missing (SageMaker)']);
      const result = await caller.ask({ vendor: VENDOR, id: 'Missing', prompt: 'Hello' });
      assert.equal(result.error?.isLanguageModelError, true, JSON.stringify(result.error));
      assert.equal(result.error.code, 'NotFound');
      assert.match(result.error.message, /Endpoint no-such-endpoint of account \d+ not found\./);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
      if (saved.id === undefined) delete process.env.AWS_ACCESS_KEY_ID;
      if (saved.secret === undefined) delete process.env.AWS_SECRET_ACCESS_KEY;
      await settings().update('endpoints', undefined, USER);
    }
  });
});
