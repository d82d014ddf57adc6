import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenize.js';

const SAMPLES = [
  'Streaming responses from Amazon SageMaker is straightforward.\n\n1. **Deploy** the model',
  "Voici une recette — crème brûlée, ½ litre, naïve café. 日本語のテキスト 👍🏽 and 👨‍👩‍👧!",
  '```python\nprint(json.dumps({"a": 1}))\n```\n',
  '  indented   spaces\n\n\nend 12345',
];

describe('tokenize', () => {
  it('loses nothing: the tokens concatenate to the input', () => {
    for (const sample of SAMPLES) expect(tokenize(sample).map((token) => token.text).join('')).toBe(sample);
  });

  it('is deterministic, with stable ids in the vocabulary', () => {
    for (const sample of SAMPLES) {
      const tokens = tokenize(sample, { vocabularySize: 32_000 });
      expect(tokenize(sample, { vocabularySize: 32_000 })).toEqual(tokens);
      for (const token of tokens) expect(token.id).toBeGreaterThanOrEqual(1000);
      for (const token of tokens) expect(token.id).toBeLessThan(32_000);
    }
  });

  it('looks like BPE: leading spaces stay attached, long words split, CJK one character per token', () => {
    const texts = tokenize(SAMPLES[0]!).map((token) => token.text);
    expect(texts).toContain(' the');
    expect(texts.some((text) => text.startsWith(' ') && text.length > 1 && !SAMPLES[0]!.split(/\s/).includes(text.trim()))).toBe(true);
    const cjk = tokenize('日本語').map((token) => token.text);
    expect(cjk).toEqual(['日', '本', '語']);
  });

  it('never splits a code point or an emoji sequence', () => {
    const texts = tokenize(SAMPLES[1]!).map((token) => token.text);
    expect(texts).toContain(' 👍🏽');
    expect(texts).toContain(' 👨‍👩‍👧');
    for (const text of texts) expect(text).toBe(Buffer.from(text, 'utf8').toString('utf8'));
  });
});
