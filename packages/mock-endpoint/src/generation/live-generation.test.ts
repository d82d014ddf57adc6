import { describe, expect, it } from 'vitest';
import type { GeneratedToken } from './generate.js';
import { createLiveGeneration, tokenSteps, whenComplete, type TokenStep } from './live-generation.js';

const token = (text: string, special = false): GeneratedToken => ({ id: 1000, text, logprob: -0.1, special });
const kinds = (steps: TokenStep[]) => steps.map((step) => (step.kind === 'token' ? `${step.token.text}${step.last ? '$' : ''}` : step.kind));

/** Takes steps until the next `wait` (included) or the end. */
function take(iterator: Iterator<TokenStep>): TokenStep[] {
  const steps: TokenStep[] = [];
  for (let next = iterator.next(); !next.done; next = iterator.next()) {
    steps.push(next.value);
    if (next.value.kind === 'wait') break;
  }
  return steps;
}

describe('tokenSteps over a live generation', () => {
  it('holds the newest token until the next event tells whether it is the last', async () => {
    const writer = createLiveGeneration();
    const steps = tokenSteps(writer.generation)[Symbol.iterator]();
    expect(kinds(take(steps))).toEqual(['wait']);
    writer.push([token('Hel'), token('lo')]);
    expect(kinds(take(steps))).toEqual(['Hel', 'wait']);
    writer.push([token(' world')]);
    expect(kinds(take(steps))).toEqual(['lo', 'wait']);
    writer.end('length');
    expect(kinds(take(steps))).toEqual([' world$']);
    expect(writer.generation).toMatchObject({ text: 'Hello world', finishReason: 'length' });
    await whenComplete(writer.generation);
  });

  it('settles a wait at the next change, and ends with `failed` after the tokens received', async () => {
    const writer = createLiveGeneration();
    const steps = tokenSteps(writer.generation)[Symbol.iterator]();
    writer.push([token('a')]);
    const [wait] = take(steps);
    let settled = false;
    void (wait as Extract<TokenStep, { kind: 'wait' }>).ready.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    writer.fail('upstream broke off');
    await Promise.resolve();
    expect(settled).toBe(true);
    // The held token is not the last one (no finish): then the failure.
    expect(take(steps)).toEqual([
      { kind: 'token', index: 0, token: token('a'), last: false },
      { kind: 'failed', index: 1, message: 'upstream broke off' },
    ]);
    writer.push([token('late')]);
    expect(writer.generation.tokens).toHaveLength(1);
  });

  it('keeps special tokens out of the text, and a complete generation needs no waits', () => {
    const writer = createLiveGeneration();
    writer.push([token('Hi')]);
    writer.push([token('</s>', true)]);
    writer.end('eos_token');
    expect(writer.generation.text).toBe('Hi');
    expect(kinds([...tokenSteps(writer.generation)])).toEqual(['Hi', '</s>$']);
    expect(kinds([...tokenSteps({ tokens: [token('x'), token('y')], finishReason: 'eos_token', text: 'xy' })])).toEqual(['x', 'y$']);
  });
});
