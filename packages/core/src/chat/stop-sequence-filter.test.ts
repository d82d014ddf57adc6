import { describe, expect, it } from 'vitest';
import { createStopSequenceFilter } from './stop-sequence-filter.js';

/** Runs text through the filter in the given pieces; returns what became visible and whether it stopped. */
function run(pieces: string[], stops: string[]) {
  const filter = createStopSequenceFilter(stops);
  let visible = '';
  const steps: string[] = [];
  let stopped = false;
  for (const piece of pieces) {
    const result = filter.push(piece);
    visible += result.text;
    steps.push(result.text);
    if (result.stopped) {
      stopped = true;
      break;
    }
  }
  if (!stopped) visible += filter.flush();
  return { visible, stopped, steps };
}

/** Every split of `text` into two pieces, then into single characters (code points). */
function* splits(text: string): Generator<string[]> {
  const chars = [...text];
  for (let i = 0; i <= chars.length; i++) yield [chars.slice(0, i).join(''), chars.slice(i).join('')];
  yield chars;
}

describe('stop sequences, safe under any split', () => {
  const reply = 'Sure! Here is the answer.\nUser: and now the model hallucinates the next turn';

  it('cuts at the stop string wherever the stream splits, and never shows any of it', () => {
    for (const pieces of splits(reply)) {
      const result = run(pieces, ['\nUser:']);
      expect(result.visible, JSON.stringify(pieces.slice(0, 2))).toBe('Sure! Here is the answer.');
      expect(result.stopped).toBe(true);
      for (const step of result.steps) expect(step).not.toContain('\nUser');
    }
  });

  it('releases a withheld prefix that did not become a stop string, at the right time', () => {
    const filter = createStopSequenceFilter(['</answer>']);
    expect(filter.push('a </ans')).toEqual({ text: 'a ', stopped: false });
    expect(filter.push('wer is')).toEqual({ text: '</answer is', stopped: false });
    expect(filter.push(' fine <')).toEqual({ text: ' fine ', stopped: false });
    expect(filter.flush()).toBe('<');
  });

  it('picks the earliest of several stop strings, including overlapping ones', () => {
    for (const pieces of splits('abc<|im_end|>xyz<|eot_id|>')) {
      expect(run(pieces, ['<|eot_id|>', '<|im_end|>', 'c<|im']).visible).toBe('ab');
    }
  });

  it('handles emoji and CJK around the stop string', () => {
    for (const pieces of splits('日本語 🎉 STOP after')) expect(run(pieces, ['STOP']).visible).toBe('日本語 🎉 ');
  });

  it('passes everything through without stop strings, and after flush', () => {
    expect(run(['a', 'b'], []).visible).toBe('ab');
    expect(run(['no stop here'], ['zzz']).visible).toBe('no stop here');
  });
});

describe('end of stream with a partial stop sequence withheld', () => {
  it('flush returns the withheld start of the stop sequence', () => {
    const filter = createStopSequenceFilter(['\nUser:']);
    expect(filter.push('Done.\nUser').text).toBe('Done.');
    expect(filter.flush()).toBe('\nUser');
    expect(filter.flush()).toBe('');
  });
});
