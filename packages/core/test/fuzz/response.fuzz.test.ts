import { PassThrough } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runDecodeCommand } from '../../src/cli/decode-command.js';
import {
  createResponseDecoder,
  createTokenParser,
  encodeErrorFrame,
  encodeEventFrame,
  encodeInternalStreamFailure,
  encodeModelStreamError,
  encodePayloadPart,
  type TokenPart,
} from '../../src/index.js';
import { concat } from '../helpers/bytes.js';
import { containerOutput, summarize, type GeneratedOutput } from './container-output.js';
import { FUZZ_TIMEOUT, checkAsyncProperty, checkProperty, chunk, chunkSizes, drive, expectActionable, mutations, mutate, type Outcome } from './fuzz-harness.js';

const encoder = new TextEncoder();

type Ending = 'none' | 'model-stream-error' | 'internal-stream-failure' | 'error-frame';
const ending = fc.constantFrom<Ending>('none', 'none', 'model-stream-error', 'internal-stream-failure', 'error-frame');

/** A response body: the reply cut into PayloadParts at the given sizes, unknown events sprinkled in, an optional service exception last. */
function bodyOf(generated: GeneratedOutput, partSizes: number[], unknownEvery: number, end: Ending): Uint8Array {
  const frames = chunk(encoder.encode(generated.records.join('')), partSizes).map((part, i) =>
    unknownEvery > 0 && i % unknownEvery === 0 ? concat([encodeEventFrame({ eventType: 'FutureEvent', payload: part }), encodePayloadPart(part)]) : encodePayloadPart(part),
  );
  if (end === 'model-stream-error') frames.push(encodeModelStreamError({ errorCode: 'ModelInvocationTimeExceeded', message: 'timed out' }));
  if (end === 'internal-stream-failure') frames.push(encodeInternalStreamFailure({ message: 'Internal stream failure' }));
  if (end === 'error-frame') frames.push(encodeErrorFrame({ errorCode: 'ThrottlingException', message: 'slow down' }));
  return concat(frames);
}

/**
 * The parts the whole stack must yield: the container output parsed on its own (the format layer is
 * checked against the generators in formats.fuzz.test.ts), then — unless the reply already ended in
 * band — the service exception as the final stream-error.
 */
function expectedParts(generated: GeneratedOutput, end: Ending): TokenPart[] {
  const parts: TokenPart[] = [];
  const parser = createTokenParser({ contentType: generated.contentType, onPart: (part) => parts.push(part) });
  parser.feed(encoder.encode(generated.records.join('')));
  if (end === 'none') parser.end();
  else if (!parser.finished) {
    parts.push(
      end === 'model-stream-error'
        ? { type: 'stream-error', source: 'service', errorType: 'ModelStreamError', code: 'ModelInvocationTimeExceeded', message: 'timed out' }
        : end === 'internal-stream-failure'
          ? { type: 'stream-error', source: 'service', errorType: 'InternalStreamFailure', code: 'InternalStreamFailure', message: 'Internal stream failure' }
          : { type: 'stream-error', source: 'service', errorType: 'error', code: 'ThrottlingException', message: 'slow down' },
    );
  }
  return parts;
}

const decodeBody = (chunks: Uint8Array[], contentType: string | undefined) =>
  drive<TokenPart>(chunks, (onPart) => createResponseDecoder({ ...(contentType ? { contentType } : {}), maxLineBytes: 4096, onPart }));
const view = (outcome: Outcome<TokenPart>) => ({ ...summarize(outcome.items), error: outcome.error });
const partSizes = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 });

describe('fuzz: whole response decode (event stream → PayloadParts → framing → format)', () => {
  it('replies cut into PayloadParts anywhere (mid-character too), with unknown events and service exceptions, decode exactly', () => {
    checkProperty('response valid', 150, [containerOutput, partSizes, fc.nat({ max: 3 }), ending, chunkSizes], (generated, sizes, unknownEvery, end, httpSizes) => {
      const outcome = decodeBody(chunk(bodyOf(generated, sizes, unknownEvery, end), httpSizes), generated.contentType);
      expect(outcome.error).toBeUndefined();
      expect(outcome.items).toEqual(expectedParts(generated, end));
    });
  }, FUZZ_TIMEOUT);

  it('corrupted bodies give parts or one typed error, the same however the HTTP body is split', () => {
    checkProperty('response corrupted', 250, [containerOutput, partSizes, ending, mutations, chunkSizes], (generated, sizes, end, changes, httpSizes) => {
      const body = mutate(bodyOf(generated, sizes, 0, end), changes);
      const whole = decodeBody([body], generated.contentType);
      expectActionable(whole.thrown);
      if (!whole.error) expect(summarize(whole.items).terminals.length).toBeLessThanOrEqual(1);
      expect(view(decodeBody(chunk(body, httpSizes), generated.contentType))).toEqual(view(whole));
    });
  }, FUZZ_TIMEOUT);
});

describe('fuzz: sagestream decode (CLI path)', () => {
  it('prints exactly the decoded text and exits 0/1 with a "sagestream:" message, never a stack trace', async () => {
    await checkAsyncProperty('cli decode', 25, [containerOutput, partSizes, ending, fc.option(mutations, { nil: undefined })], async (generated, sizes, end, changes) => {
      const clean = bodyOf(generated, sizes, 0, end);
      const body = changes ? mutate(clean, changes) : clean;
      const reference = decodeBody([body], generated.contentType);
      const stdin = new PassThrough();
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.setEncoding('utf8').on('data', (data: string) => (out += data));
      stderr.setEncoding('utf8').on('data', (data: string) => (err += data));
      stdin.end(Buffer.from(body));
      const code = await runDecodeCommand({ contentType: generated.contentType, maxLineBytes: 4096 }, { stdin, stdout, stderr, env: {}, isTty: false });
      const { text, terminals } = summarize(reference.items);
      expect(out).toBe(text);
      const failed = reference.error !== undefined || terminals.some((part) => part.type === 'stream-error');
      expect(code).toBe(failed ? 1 : 0);
      if (failed) expect(err).toMatch(/^sagestream: /);
      else expect(err).toBe('');
      expect(err).not.toMatch(/TypeError|RangeError|call stack|\n\s+at /);
    });
  }, FUZZ_TIMEOUT);
});
