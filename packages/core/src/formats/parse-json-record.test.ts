import { describe, expect, it } from 'vitest';
import { isSageStreamError } from '../errors.js';
import { parseJsonRecord } from './parse-json-record.js';

/** The shortest objects-only JSON nested `depth` deep: `{"":{"":{}}}`. */
const objects = (depth: number): string => `${'{"":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
const arrays = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function depthError(text: string, maxDepth: number): unknown {
  try {
    parseJsonRecord(text, { byteOffset: 0, maxDepth, expected: 'a record' });
    return undefined;
  } catch (error) {
    return error;
  }
}

describe('parseJsonRecord nesting limit', () => {
  it('rejects exactly the records nested deeper than maxDepth, for the shortest objects-only and array records', () => {
    for (const maxDepth of [1, 2, 3, 8, 64]) {
      for (const make of [objects, arrays]) {
        expect(depthError(make(maxDepth), maxDepth), `${make.name} ${maxDepth}`).toBeUndefined();
        const error = depthError(make(maxDepth + 1), maxDepth);
        expect(isSageStreamError(error) && error.code, `${make.name} ${maxDepth + 1}`).toBe('invalid-json');
      }
    }
  });

  it('counts brackets inside strings as text, not nesting', () => {
    expect(depthError(JSON.stringify({ text: '{'.repeat(200) }), 8)).toBeUndefined();
    expect(depthError(JSON.stringify({ text: '['.repeat(200) }), 8)).toBeUndefined();
  });
});
