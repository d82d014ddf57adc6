import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseContainerError } from '../../src/formats/container-error.js';
import { DEFAULT_SPECIAL_TOKEN_TEXTS, isRecord, type RecordState } from '../../src/formats/record-state.js';
import { createTokenRecordReader } from '../../src/formats/token-record-reader.js';
import { emitToken, interpretTokenStream } from '../../src/formats/token-stream.js';
import type { TokenPart } from '../../src/formats/token-part.js';
import { FUZZ_TIMEOUT, checkProperty } from './fuzz-harness.js';

/*
 * The token parser reads plain TGI/LMI token records without JSON.parse (token-record-reader.ts).
 * The property: whenever the reader accepts a record, JSON.parse accepts it too and the format
 * interpreter, given the parsed object, emits exactly the part the reader's fields give — and does
 * nothing else (no end of message, no error). Records come from a generator of near-token-records:
 * known and unknown keys in any order, duplicated keys, values of every type and number form,
 * strings with every escape, JSON whitespace anywhere, and single-character corruptions; read in
 * sequences by one reader (its template path) and in place inside a longer string.
 */

const space = fc.constantFrom('', '', '', ' ', '  ', '\t', '\n', '\r\n');

const numberLiteral = fc.oneof(
  { weight: 3, arbitrary: fc.integer().map(String) },
  { weight: 3, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)) },
  {
    weight: 2,
    arbitrary: fc.constantFrom('-0', '-0.0', '0.0523', '-0.25', '1.50', '1E5', '1e+5', '2.5e-3', '0.1e-2', '1e400', '-1e-400', '123456789012345678', '9007199254740993', '0.30000000000000004'),
  },
  // Not JSON numbers.
  { weight: 1, arbitrary: fc.constantFrom('01', '1.', '.5', '-', '+1', '1e', '1e+', 'NaN', 'Infinity', '0x10', '1_000', '--1') },
);

const stringLiteral = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 8 }).map((text) => JSON.stringify(text)),
  fc.string({ unit: 'binary', maxLength: 16 }).map((text) => JSON.stringify(text)),
  // Every escape form, valid and (rarely) not.
  fc
    .array(
      fc.oneof(
        { weight: 12, arbitrary: fc.constantFrom('a', 'é', '日', '\\"', '\\\\', '\\/', '\\b', '\\f', '\\n', '\\r', '\\t', '\\u00e9', '\\uD83C\\uDF89', '\\u0041', '\\uffff') },
        { weight: 1, arbitrary: fc.constantFrom('\\x', '\\u12', '\\u00G0', '\t', '\u0000', '\u001f', '"', '\\') },
      ),
      { maxLength: 8 },
    )
    .map((pieces) => `"${pieces.join('')}"`),
);

const value = fc.oneof(
  { weight: 4, arbitrary: numberLiteral },
  { weight: 4, arbitrary: stringLiteral },
  { weight: 2, arbitrary: fc.constantFrom('true', 'false', 'null', 'tru', '{}', '[]', '{"a":1}') },
);

const tokenKeys = ['id', 'text', 'logprob', 'log_prob', 'special', 'special_token'];
const topKeys = ['index', 'generated_text', 'details'];

/** A value that fits the key (most of the time), or any value. */
function valueFor(key: string): fc.Arbitrary<string> {
  const fitting =
    key === 'text' ? stringLiteral : key.startsWith('special') ? fc.constantFrom('true', 'false') : key === 'generated_text' || key === 'details' ? fc.constant('null') : numberLiteral;
  return fc.oneof({ weight: 12, arbitrary: fitting }, { weight: 1, arbitrary: value });
}

/** `{ key: value, … }` with arbitrary whitespace; keys may repeat, be unknown or be escaped. */
function object(keys: fc.Arbitrary<string[]>, valueOf: (key: string) => fc.Arbitrary<string>): fc.Arbitrary<string> {
  return keys.chain((list) =>
    fc
      .tuple(fc.tuple(...list.map((key) => fc.tuple(space, space, space, valueOf(key), space))), space, fc.integer({ min: 0, max: 19 }).map((n) => n === 0))
      .map(([members, end, trailingComma]) => {
        const body = members.map(([a, b, c, member, d], i) => `${a}${JSON.stringify(list[i])}${b}:${c}${member}${d}`).join(',');
        return `{${body}${trailingComma && list.length > 0 ? ',' : ''}${end}}`;
      }),
  );
}

/** Known keys in any order, mostly once each; sometimes one repeated or an unknown one added. */
const keyList = (known: string[]) =>
  fc
    .tuple(
      fc.shuffledSubarray(known),
      fc.oneof(
        { weight: 6, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.constantFrom(...known).map((key) => [key]) },
        { weight: 1, arbitrary: fc.constantFrom('error_msg', 'extra', 'tok\u0065n', '', 'Text').map((key) => [key]) },
      ),
      fc.nat(),
    )
    .map(([keys, extra, at]) => {
      const list = [...keys];
      if (extra.length > 0) list.splice(at % (list.length + 1), 0, extra[0]!);
      return list;
    });

const tokenObject = object(keyList(tokenKeys), valueFor);

const record = fc
  .tuple(keyList(topKeys), tokenObject, fc.nat(), space, space)
  .chain(([keys, token, at, before, after]) => {
    const list = [...keys];
    list.splice(at % (list.length + 1), 0, 'token');
    return object(fc.constant(list), (key) => (key === 'token' ? fc.oneof({ weight: 20, arbitrary: fc.constant(token) }, { weight: 1, arbitrary: value }) : valueFor(key))).map(
      (text) => `${before}${text}${after}`,
    );
  });

/** A single-character corruption (one record in four), or none. */
const corruption = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom('delete', 'insert', 'replace'), fc.constantFrom('"', '\\', ',', ':', '{', '}', '0', '-', '.', 'e', ' ', 'x', '\u0001')) },
);

function corrupt(text: string, change: [number, string, string] | null): string {
  if (change === null || text.length === 0) return text;
  const [position, kind, character] = change;
  const at = position % text.length;
  if (kind === 'delete') return text.slice(0, at) + text.slice(at + 1);
  if (kind === 'insert') return text.slice(0, at) + character + text.slice(at);
  return text.slice(0, at) + character + text.slice(at + 1);
}

function newState(parts: TokenPart[]): RecordState {
  return {
    options: { includeSpecialTokens: false, specialTokenTexts: new Set(DEFAULT_SPECIAL_TOKEN_TEXTS) },
    emit: (part) => parts.push(part),
    end: {},
    finished: false,
    specialTokensSkipped: 0,
  };
}

/** What the JSON.parse path does with a record: its parts, and whether it ended the message; undefined if it is not JSON. */
function slowPath(text: string): { parts: TokenPart[]; skipped: number; finished: boolean; matched: boolean } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parts: TokenPart[] = [];
  const state = newState(parts);
  if (!isRecord(parsed) || parseContainerError(parsed)) return { parts, skipped: 0, finished: true, matched: false };
  const matched = interpretTokenStream(parsed, state);
  return { parts, skipped: state.specialTokensSkipped, finished: state.finished, matched };
}

describe('fuzz: the token record reader agrees with JSON.parse', () => {
  it('a record the reader accepts is valid JSON, and the interpreter emits exactly what the reader read, nothing more', () => {
    const entry = fc.tuple(record, corruption, fc.string({ maxLength: 4 }), fc.string({ maxLength: 4 }));
    checkProperty('token records vs JSON.parse', 400, [fc.array(entry, { minLength: 1, maxLength: 5 })], (entries) => {
      const reader = createTokenRecordReader();
      for (const [generated, change, prefix, suffix] of entries) {
        const text = corrupt(generated, change);
        // Read in place inside a longer string, as the framing hands records over.
        const source = `${prefix}${text}${suffix}`;
        const accepted = reader.read(source, prefix.length, prefix.length + text.length);
        const slow = slowPath(text);
        if (!accepted) continue;
        expect(slow, `accepted invalid JSON: ${text}`).toBeDefined();
        const fast: TokenPart[] = [];
        const state = newState(fast);
        emitToken(state, reader.text, reader.id, reader.logprob, reader.special);
        expect(slow!.matched, text).toBe(true);
        expect(slow!.finished, text).toBe(false);
        expect(fast, text).toEqual(slow!.parts);
        expect(state.specialTokensSkipped, text).toBe(slow!.skipped);
        // -0 and other values toEqual would let through.
        if (slow!.parts[0]?.type === 'text-delta' && fast[0]?.type === 'text-delta') {
          expect(Object.is(fast[0].logprob, slow!.parts[0].logprob)).toBe(true);
          expect(Object.is(fast[0].tokenId, slow!.parts[0].tokenId)).toBe(true);
        }
      }
    });
  }, FUZZ_TIMEOUT);

  it('well-formed token records are all accepted (the fast path is taken)', () => {
    const tokenRecord = fc.record({
      index: fc.nat(),
      id: fc.integer(),
      text: fc.string({ unit: 'grapheme', maxLength: 24 }),
      logprob: fc.double({ noNaN: true, noDefaultInfinity: true }),
      special: fc.boolean(),
      tgi: fc.boolean(),
    });
    checkProperty('token records accepted', 200, [fc.array(tokenRecord, { minLength: 1, maxLength: 6 })], (list) => {
      const reader = createTokenRecordReader();
      for (const { index, id, text, logprob, special, tgi } of list) {
        const record = tgi
          ? JSON.stringify({ index, token: { id, text, logprob, special }, generated_text: null, details: null })
          : `{"token": {"id": ${id}, "text": ${JSON.stringify(text)}, "log_prob": ${JSON.stringify(logprob)}, "special_token": ${special}}}`;
        expect(reader.read(record, 0, record.length), record).toBe(true);
        expect({ text: reader.text, id: reader.id, special: reader.special }).toEqual({ text, id, special });
        expect(Object.is(reader.logprob, logprob === 0 ? 0 : logprob) || Object.is(reader.logprob, logprob)).toBe(true);
      }
    });
  }, FUZZ_TIMEOUT);
});
