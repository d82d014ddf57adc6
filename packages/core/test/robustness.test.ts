import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDecodeCommand } from '../src/cli/decode-command.js';
import {
  createEventStreamDecoder,
  createResponseDecoder,
  createSageMakerEventDecoder,
  createSseDecoder,
  createTokenParser,
  encodeEventStreamMessage,
  encodeHeaders,
  encodePayloadPart,
  isSageStreamError,
  parseHeaders,
  stringHeader,
  type EventStreamMessage,
  type MessageHeaders,
  type SageMakerStreamEvent,
  type SageStreamError,
  type TokenPart,
  type TokenParserOptions,
} from '../src/index.js';
import { concat } from './helpers/bytes.js';
import { rawFrame, stringHeaderBytes } from './helpers/raw-frame.js';
import { allSplits } from './helpers/splits.js';

const encode = (value: string): Uint8Array => new TextEncoder().encode(value);

/** Runs a push decoder over chunks; returns what it emitted and the typed error, rethrowing anything untyped. */
function run<T>(chunks: Uint8Array[], create: (emit: (item: T) => void) => { feed(bytes: Uint8Array): void; end(): void }) {
  const items: T[] = [];
  const decoder = create((item) => items.push(item));
  let error: SageStreamError | undefined;
  try {
    for (const chunk of chunks) decoder.feed(chunk);
    decoder.end();
  } catch (caught) {
    if (!isSageStreamError(caught)) throw caught;
    error = caught;
  }
  return { items, error };
}

const parseOutput = (output: string, options: Omit<TokenParserOptions, 'onPart'>) =>
  run<TokenPart>([encode(output)], (onPart) => createTokenParser({ ...options, onPart }));

const nested = (depth: number, open = '[', close = ']', inner = '') => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;

describe('deeply nested JSON records (were a bare "Maximum call stack size exceeded")', () => {
  const first = '{"outputs": ["ok"]}\n';

  it('fails with a typed invalid-json error at the line offset, keeping the text before it', () => {
    const { items, error } = parseOutput(`${first}${nested(100_000)}\n`, { contentType: 'application/jsonlines' });
    expect(items).toEqual([{ type: 'text-delta', text: 'ok' }]);
    expect(error?.code).toBe('invalid-json');
    expect(error?.byteOffset).toBe(first.length);
    expect(error?.expected).toBe('JSON nested at most 64 levels deep');
    expect(error?.message).toMatch(/at byte 20 nests deeper than 64 levels \(level 65 opens at character 64 of the record\).*raise maxJsonDepth/);
  });

  it('catches deep nesting inside an otherwise valid TGI record (its details would reach consumers)', () => {
    const deepDetails = `{"finish_reason":"length","x":${nested(5000, '{"a":', '}', '1')}}`;
    const output = `data:{"index":1,"token":{"id":1,"text":"Hi","logprob":0,"special":false},"generated_text":"Hi","details":${deepDetails}}\n\n`;
    const { items, error } = parseOutput(output, { contentType: 'text/event-stream' });
    expect(items).toEqual([]);
    expect(error?.code).toBe('invalid-json');
    expect(error?.byteOffset).toBe(0);
  });

  it('locates the record in the HTTP body when it arrives in PayloadPart frames', () => {
    const bytes = encode(`${first}${nested(3000, '{"k":', '}', 'null')}\n`);
    const body = concat([encodePayloadPart(bytes.subarray(0, 25)), encodePayloadPart(bytes.subarray(25))]);
    const { items, error } = run<TokenPart>([body], (onPart) => createResponseDecoder({ contentType: 'application/jsonlines', onPart }));
    expect(items).toEqual([{ type: 'text-delta', text: 'ok' }]);
    expect(error?.code).toBe('invalid-json');
    expect(error?.byteOffset).toBe(first.length);
    expect(error?.details).toMatchObject({ frameByteOffset: 130, maxJsonDepth: 64 });
  });

  it('takes the limit from maxJsonDepth: depth N passes at N, fails at N - 1', () => {
    const record = '{"token":{"id":1,"text":"a","log_prob":0,"x":{"y":[1]}}}\n'; // 4 levels
    expect(parseOutput(record, { contentType: 'application/jsonlines', maxJsonDepth: 4 }).error).toBeUndefined();
    const { error } = parseOutput(record, { contentType: 'application/jsonlines', maxJsonDepth: 3 });
    expect(error?.code).toBe('invalid-json');
    expect(error?.message).toContain(`level 4 opens at character ${record.indexOf('[')} `);
  });

  it('does not count brackets inside JSON strings (escaped quotes included)', () => {
    const text = `\\"${'['.repeat(500)}{{{`;
    const { items, error } = parseOutput(`{"outputs": ["${text}"]}\n`, { contentType: 'application/jsonlines' });
    expect(error).toBeUndefined();
    expect(items[0]).toEqual({ type: 'text-delta', text: `"${'['.repeat(500)}{{{` });
  });

  it('sagestream decode --json exits 1 with the typed message instead of overflowing the stack', async () => {
    const output = `{"token":{"id":1,"text":"Hi","log_prob":0},"generated_text":"Hi","details":${nested(20_000, '{"a":', '}', '1')}}\n`;
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (data: Buffer) => (out += data.toString()));
    stderr.on('data', (data: Buffer) => (err += data.toString()));
    stdin.end(Buffer.from(encodePayloadPart(encode(output))));
    const code = await runDecodeCommand({ json: true, contentType: 'application/jsonlines' }, { stdin, stdout, stderr, env: {}, isTty: false });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toMatch(/^sagestream: JSON in the model output at byte 0 nests deeper than 64 levels/);
    expect(err).not.toContain('call stack');
  });
});

describe('event-stream header names that are not valid UTF-8 (were a plain TypeError)', () => {
  const before = encodePayloadPart(encode('{"outputs": ["x"]}\n'));
  const bad = rawFrame(concat([stringHeaderBytes(':message-type', 'event'), stringHeaderBytes(Uint8Array.of(0x61, 0xff, 0xfe), 'x')]));

  it('fails with invalid-header at the name\'s byte offset, however the body is split', () => {
    const body = concat([before, bad]);
    const nameOffset = before.length + 12 + stringHeaderBytes(':message-type', 'event').length + 1;
    let variants = 0;
    for (const { name, chunks } of allSplits(body, 5)) {
      const { items, error } = run<EventStreamMessage>(chunks, (onMessage) => createEventStreamDecoder({ onMessage }));
      expect(items.length, name).toBe(1);
      expect(error?.code, name).toBe('invalid-header');
      expect(error?.byteOffset, name).toBe(nameOffset);
      expect(error?.message, name).toContain('header name (3 bytes) is not valid UTF-8');
      variants++;
    }
    expect(variants).toBe(body.length + 6);
  });

  it('parseHeaders reports the same, relative to the message offset it is given', () => {
    const block = stringHeaderBytes(Uint8Array.of(0xc3, 0x28), 'x'); // 0xc3 0x28: a broken 2-byte sequence
    let caught: unknown;
    try {
      parseHeaders(block, 0, block.length, 1000);
    } catch (error) {
      caught = error;
    }
    expect(isSageStreamError(caught) && caught.code).toBe('invalid-header');
    expect((caught as SageStreamError).byteOffset).toBe(1000 + 12 + 1);
  });
});

describe('a header named __proto__ (was silently lost)', () => {
  const headers: MessageHeaders = {
    ':event-type': stringHeader('PayloadPart'),
    ['__proto__']: stringHeader('kept'),
    constructor: { type: 'integer' as const, value: 7 },
    ':message-type': stringHeader('event'),
  };

  it('is decoded as an ordinary own header, next to the others', () => {
    const frame = encodeEventStreamMessage({ headers, payload: encode('hi') });
    const { items } = run<EventStreamMessage>([frame], (onMessage) => createEventStreamDecoder({ onMessage }));
    const decoded = items[0]!.headers;
    // Nothing is inherited: absent names are undefined, whatever Object.prototype holds.
    expect([decoded.toString, decoded.hasOwnProperty, decoded.valueOf]).toEqual([undefined, undefined, undefined]);
    expect(Object.keys(decoded)).toEqual([':event-type', '__proto__', 'constructor', ':message-type']);
    expect(decoded['__proto__']).toEqual({ type: 'string', value: 'kept' });
    expect(decoded.constructor).toEqual({ type: 'integer', value: 7 });
  });

  it('round-trips: the decoded headers encode to the same header block', () => {
    const block = encodeHeaders(headers);
    expect(encodeHeaders(parseHeaders(block, 0, block.length))).toEqual(block);
  });

  it('does not disturb SageMaker event classification', () => {
    const frame = encodeEventStreamMessage({ headers, payload: encode('hi') });
    const { items } = run<SageMakerStreamEvent>([frame, frame], (onEvent) => createSageMakerEventDecoder({ onEvent }));
    expect(items.map((event) => event.type)).toEqual(['payload-part', 'payload-part']);
  });

  it('a message without :message-type is still unrecognized, whatever Object.prototype holds', () => {
    const frame = rawFrame(stringHeaderBytes('toString', 'x'));
    const { error } = run<SageMakerStreamEvent>([frame], (onEvent) => createSageMakerEventDecoder({ onEvent }));
    expect(error?.code).toBe('unrecognized-message-type');
  });
});

describe('an SSE event over maxEventBytes (found by the fuzzer)', () => {
  it('is reported at the event\'s first byte whether its long line arrives whole or byte by byte', () => {
    const input = encode(`data:first\n${'x'.repeat(40)}\n\n`);
    for (const chunks of [[input], Array.from(input, (_, i) => input.subarray(i, i + 1))]) {
      const { error } = run<unknown>(chunks, (onEvent) => createSseDecoder({ maxEventBytes: 16, onEvent }));
      expect({ code: error?.code, byteOffset: error?.byteOffset }).toEqual({ code: 'event-too-large', byteOffset: 0 });
    }
  });
});
