// A user's test file with node:test: the mock is started once for the file, its journal cleared
// before each test, and closed at the end. Run it where the packages are installed with
// `node --test node-test-fixture.test.mjs` (in this repository:
// `node --import tsx --conditions=source --test examples/node-test-fixture.test.mjs`).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { InvokeEndpointWithResponseStreamCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import { decodeResponseStream } from '@sagestream/core';
import { withMockEndpoint } from '@sagestream/mock-endpoint/testing';

const mock = withMockEndpoint({ before, after, beforeEach, config: { latencyScale: 0, endpoints: { 'my-endpoint': { profile: 'tgi', reply: { mode: 'echo' } } } } });

test('streams the reply through the official SDK', async () => {
  // The fixture set AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME, AWS_REGION and dummy keys: a client
  // built with no options, like the one in your application, finds the mock.
  const client = new SageMakerRuntimeClient({});
  const response = await client.send(
    new InvokeEndpointWithResponseStreamCommand({
      EndpointName: 'my-endpoint',
      ContentType: 'application/json',
      Body: JSON.stringify({ inputs: 'Bonjour, ça va ? 🚀', parameters: { max_new_tokens: 50 }, stream: true }),
    }),
  );
  const decoder = new TextDecoder();
  let sse = '';
  for await (const event of response.Body ?? []) sse += decoder.decode(event.PayloadPart?.Bytes, { stream: true });
  const tokens = sse.split('\n').filter((line) => line.startsWith('data:')).map((line) => JSON.parse(line.slice(5)).token);
  const text = tokens.filter((token) => !token.special).map((token) => token.text).join('');
  assert.equal(text, 'Bonjour, ça va ? 🚀');
  assert.equal(mock.journal.entries().length, 1);
});

test('starts every test with an empty journal; @sagestream/core decodes the raw stream', async () => {
  assert.equal(mock.journal.entries().length, 0);
  const response = await fetch(`${mock.url}/endpoints/my-endpoint/invocations-response-stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs: 'Hello again', parameters: { max_new_tokens: 50 }, stream: true }),
  });
  let text = '';
  for await (const part of decodeResponseStream(response.body, { contentType: response.headers.get('x-amzn-sagemaker-content-type') ?? undefined })) {
    if (part.type === 'text-delta') text += part.text;
  }
  assert.equal(text, 'Hello again');
  assert.equal(mock.journal.entries().length, 1);
});
