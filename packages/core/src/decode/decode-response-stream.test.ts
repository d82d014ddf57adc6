import { describe, expect, it } from 'vitest';
import { concat } from '../../test/helpers/bytes.js';
import { encodeInternalStreamFailure, encodeModelStreamError, encodePayloadPart } from '../event-stream/sagemaker-event-encoder.js';
import { isSageStreamError } from '../errors.js';
import type { TokenPart } from '../formats/token-part.js';
import { decodePayloadStream, decodeResponseStream } from './decode-response-stream.js';

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

async function* chunks(...items: Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const item of items) yield item;
}

async function collect(source: AsyncIterable<TokenPart>): Promise<{ parts: TokenPart[]; error?: unknown }> {
  const parts: TokenPart[] = [];
  try {
    for await (const part of source) parts.push(part);
    return { parts };
  } catch (error) {
    return { parts, error };
  }
}

describe('decodeResponseStream', () => {
  const lmi = (text: string) => encodePayloadPart(encode(`{"token": {"id": 1, "text": "${text}", "log_prob": -0.1}}\n`));

  it('ends with the service error after the text received so far (ModelStreamError mid-stream)', async () => {
    const body = concat([lmi('Hello'), lmi(' wor'), encodePayloadPart(encode('{"token": {"id"')), encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: 'Your model primary did not complete sending the inference response in the allotted time.' })]);
    const { parts, error } = await collect(decodeResponseStream(chunks(body), { contentType: 'application/jsonlines' }));
    expect(error).toBeUndefined();
    expect(parts).toEqual([
      { type: 'text-delta', text: 'Hello', tokenId: 1, logprob: -0.1 },
      { type: 'text-delta', text: ' wor', tokenId: 1, logprob: -0.1 },
      {
        type: 'stream-error',
        source: 'service',
        errorType: 'ModelStreamError',
        code: 'ModelInvocationTimeExceeded',
        message: 'Your model primary did not complete sending the inference response in the allotted time.',
      },
    ]);
  });

  it('reports an InternalStreamFailure that arrives first', async () => {
    const { parts } = await collect(decodeResponseStream(chunks(encodeInternalStreamFailure({ message: 'Internal stream failure' }))));
    expect(parts).toEqual([{ type: 'stream-error', source: 'service', errorType: 'InternalStreamFailure', code: 'InternalStreamFailure', message: 'Internal stream failure' }]);
  });

  it('yields every part decoded before a truncated frame, then throws truncated-frame', async () => {
    const body = concat([lmi('A'), lmi('B')]);
    const cut = body.subarray(0, body.length - 3);
    const { parts, error } = await collect(decodeResponseStream(chunks(cut), { contentType: 'application/jsonlines' }));
    expect(parts.map((part) => part.type)).toEqual(['text-delta']);
    expect(isSageStreamError(error) && error.code).toBe('truncated-frame');
  });

  it('locates invalid JSON in the body: model-output offset plus the frame offset', async () => {
    const body = concat([lmi('A'), encodePayloadPart(encode('{"token": oops}\n'))]);
    const { error } = await collect(decodeResponseStream(chunks(body), { contentType: 'application/jsonlines' }));
    expect(isSageStreamError(error) && error.code).toBe('invalid-json');
    expect((error as Error).message).toContain(`frame at body byte ${lmi('A').length}`);
  });

  it('cancels a ReadableStream body when the consumer stops early', async () => {
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(lmi('tick'));
      },
      cancel() {
        cancelled = true;
      },
    });
    let seen = 0;
    for await (const part of decodeResponseStream(body, { contentType: 'application/jsonlines' })) {
      if (part.type === 'text-delta' && ++seen === 3) break;
    }
    expect(cancelled).toBe(true);
  });

  it('decodePayloadStream reads PayloadPart bytes as the AWS SDK hands them over', async () => {
    const { parts } = await collect(decodePayloadStream(chunks(encode('data:{"token":{"id":5,"text":"ok","logprob":0,"special":false},"generated_text":"ok","details":null}\n\n'))));
    expect(parts).toEqual([{ type: 'text-delta', text: 'ok', tokenId: 5, logprob: 0 }, { type: 'message-end', generatedText: 'ok' }]);
  });
});
