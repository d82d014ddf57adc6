import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTokenParser, type MessageEndPart, type TokenPart } from '../../src/index.js';
import { arbitraryOutput, containerOutput, summarize } from './container-output.js';
import { FUZZ_TIMEOUT, checkProperty, chunk, chunkSizes, drive, expectActionable, mutations, mutate, type Outcome } from './fuzz-harness.js';

const encoder = new TextEncoder();

const parse = (chunks: Uint8Array[], contentType: string | undefined) =>
  drive<TokenPart>(chunks, (onPart) => createTokenParser({ ...(contentType ? { contentType } : {}), onPart }));

/** Split-independent view of an outcome: text and terminal part, or the typed error (code and offset). */
const view = (outcome: Outcome<TokenPart>) => ({ ...summarize(outcome.items), error: outcome.error });

describe('fuzz: format parsers (LMI, LMI legacy, TGI, Messages API)', () => {
  it('generated replies of every format decode to exactly their text, finish reason and usage, however split', () => {
    checkProperty('formats valid', 150, [containerOutput, fc.boolean(), chunkSizes], (generated, declareType, sizes) => {
      const bytes = encoder.encode(generated.records.join(''));
      const outcome = parse(chunk(bytes, sizes), declareType ? generated.contentType : undefined);
      expect(outcome.error).toBeUndefined();
      const { text, terminals } = summarize(outcome.items);
      expect(text).toBe(generated.expected.text);
      expect(terminals).toHaveLength(1);
      expect(outcome.items.at(-1)).toBe(terminals[0]);
      const end = terminals[0] as MessageEndPart;
      expect(end.type).toBe('message-end');
      expect({ generatedText: end.generatedText, finishReason: end.finishReason, usage: end.usage }).toEqual({
        generatedText: generated.expected.generatedText,
        finishReason: generated.expected.finishReason,
        usage: generated.expected.usage,
      });
    });
  }, FUZZ_TIMEOUT);

  it('arbitrary JSON and near-miss records give parts ending in one terminal part, or one typed error, the same however split', () => {
    checkProperty('formats arbitrary records', 300, [arbitraryOutput, chunkSizes], ({ contentType, text }, sizes) => {
      const bytes = encoder.encode(text);
      const whole = parse([bytes], contentType);
      expectActionable(whole.thrown);
      if (whole.error) expect(['unexpected-payload', 'invalid-json']).toContain(whole.error.code);
      else expect(summarize(whole.items).terminals).toEqual([whole.items.at(-1)]);
      expect(view(parse(chunk(bytes, sizes), contentType))).toEqual(view(whole));
    });
  }, FUZZ_TIMEOUT);

  it('a record is rejected exactly when it nests deeper than maxJsonDepth (brackets inside strings do not count)', () => {
    const bracketText = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a'), maxLength: 200 });
    checkProperty('formats json depth', 200, [fc.nat({ max: 150 }), fc.integer({ min: 1, max: 100 }), bracketText, fc.boolean(), chunkSizes], (arrays, maxJsonDepth, text, sse, sizes) => {
      const record = `{"token":{"id":1,"text":${JSON.stringify(text)},"log_prob":0},"x":${arrays === 0 ? '0' : `${'['.repeat(arrays)}${']'.repeat(arrays)}`}}`;
      const depth = Math.max(2, 1 + arrays);
      const output = sse ? `data: ${record}\n\n` : `${record}\n`;
      const outcome = drive<TokenPart>(chunk(encoder.encode(output), sizes), (onPart) => createTokenParser({ contentType: sse ? 'text/event-stream' : 'application/jsonlines', maxJsonDepth, onPart }));
      if (depth > maxJsonDepth) {
        expect(outcome.error).toEqual({ code: 'invalid-json', byteOffset: 0 });
        expect(outcome.thrown?.details).toMatchObject({ maxJsonDepth });
      } else {
        expect(outcome.error).toBeUndefined();
        expect(summarize(outcome.items).text).toBe(text);
      }
    });
  }, FUZZ_TIMEOUT);

  it('corrupted replies (bit flips, truncation, inserted bytes) give parts or one typed error, the same however split', () => {
    checkProperty('formats corrupted', 300, [containerOutput, mutations, fc.boolean(), chunkSizes], (generated, changes, declareType, sizes) => {
      const bytes = mutate(encoder.encode(generated.records.join('')), changes);
      const contentType = declareType ? generated.contentType : undefined;
      const whole = parse([bytes], contentType);
      expectActionable(whole.thrown);
      if (!whole.error) expect(summarize(whole.items).terminals).toEqual([whole.items.at(-1)]);
      expect(view(parse(chunk(bytes, sizes), contentType))).toEqual(view(whole));
    });
  }, FUZZ_TIMEOUT);
});
