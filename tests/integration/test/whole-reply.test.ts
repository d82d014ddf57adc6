import { invokeStream, type TokenPart } from '@sagestream/core';
import type { MockServer } from '@sagestream/mock-endpoint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, transports } from './helpers.js';

/** The parts of the containers' whole replies the test reads. */
type Whole = { generated_text: string }[] & { choices: { message: { content: string } }[] };

let mock: MockServer;
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => {
  await mock.close();
});

/** Requests without `"stream": true` to TGI and to the Messages API of TGI and LMI: the container answers with its whole (non-streaming) reply. */
const question = 'What is response streaming?';
const cases = [
  { endpointName: 'mock-tgi', body: { inputs: question, parameters: { max_new_tokens: 30 }, stream: false }, text: (reply: Whole) => reply[0]!.generated_text },
  { endpointName: 'mock-messages', body: { messages: [{ role: 'user', content: question }], max_tokens: 30 }, text: (reply: Whole) => reply.choices[0]!.message.content },
  { endpointName: 'mock-lmi-chat', body: { messages: [{ role: 'user', content: question }], max_tokens: 30 }, text: (reply: Whole) => reply.choices[0]!.message.content },
];

describe('a whole reply on the streaming operation (the request lacked "stream": true)', () => {
  for (const { endpointName, body, text } of cases) {
    it(`${endpointName}: the reply's text arrives as one delta through both transports, not an error and not lost`, async () => {
      const attributes = 'mock-seed=7';
      // What the container answers on the non-streaming operation, for the same request.
      const response = await fetch(`${mock.url}/endpoints/${endpointName}/invocations`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Amzn-SageMaker-Custom-Attributes': attributes },
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(200);
      const expected = text(await response.json());
      expect(expected.length).toBeGreaterThan(10);
      for (const { name, transport } of transports(mock)) {
        const stream = await invokeStream({ transport, request: { endpointName, body: JSON.stringify(body), customAttributes: attributes } });
        const parts: TokenPart[] = [];
        for await (const part of stream) parts.push(part);
        const deltas = parts.filter((part) => part.type === 'text-delta');
        expect(deltas.map((part) => part.text).join(''), name).toBe(expected);
        expect(parts.at(-1)?.type, name).toBe('message-end');
      }
    });
  }
});
