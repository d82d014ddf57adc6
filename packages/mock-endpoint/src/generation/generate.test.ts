import { describe, expect, it } from 'vitest';
import type { ModelConfig } from '../config/mock-config.js';
import { createRandom } from '../util/random.js';
import { generate } from './generate.js';

const MODEL = { eosToken: '</s>', eosTokenId: 2, vocabularySize: 32_000 } as ModelConfig;
const REPLY = 'Streaming works token by token — with UTF-8 like “ü” and 日本語, then the end.';

describe('generate', () => {
  // Without stop sequences the text is joined at the end instead of grown per token: the same result.
  for (const maxNewTokens of [1, 7, 1000]) {
    it(`gives the same tokens, text and finish reason with or without stop sequences that never match (max ${maxNewTokens})`, () => {
      const run = (stop: string[]) => generate({ replyText: REPLY, maxNewTokens, stop, stopMode: 'include', model: MODEL, random: createRandom(7) });
      const plain = run([]);
      const withStops = run(['\u0000never']);
      expect(plain).toEqual(withStops);
      expect(plain.finishReason).toBe(maxNewTokens === 1000 ? 'eos_token' : 'length');
      expect(plain.text).toBe(
        plain.tokens
          .filter((token) => !token.special)
          .map((token) => token.text)
          .join(''),
      );
    });
  }
});
