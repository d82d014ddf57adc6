import { describe, expect, it } from 'vitest';
import { formatPythonFloat, formatRustF32 } from './number-format.js';

describe('formatPythonFloat', () => {
  it('matches Python json.dumps for typical and edge values', () => {
    // Expected strings printed by CPython 3.11 json.dumps.
    const cases: [number, string][] = [
      [-0.0523, '-0.0523'],
      [-1, '-1.0'],
      [1e-5, '1e-05'],
      [1e16, '1e+16'],
      [123456789.125, '123456789.125'],
      [-0.10015869140625, '-0.10015869140625'],
      [0.0001, '0.0001'],
      [2.5e-7, '2.5e-07'],
      [-12, '-12.0'],
      [1e22, '1e+22'],
      [0.1, '0.1'],
      [Math.fround(-2.0378172), '-2.0378172397613525'],
    ];
    for (const [value, expected] of cases) expect(formatPythonFloat(value)).toBe(expected);
  });
});

describe('formatRustF32', () => {
  it('prints the shortest digits that round-trip through f32, as serde_json does', () => {
    // TGI's own capture: "logprob":-0.10015869 for an f32 that Python would show as -0.10015869140625.
    expect(formatRustF32(-0.10015869140625)).toBe('-0.10015869');
    expect(formatRustF32(-0.25)).toBe('-0.25');
    expect(formatRustF32(-12)).toBe('-12.0');
    expect(formatRustF32(1e-7)).toBe('1e-7');
    expect(formatRustF32(0.000001)).toBe('0.000001');
    expect(formatRustF32(-2.0378172397613525)).toBe('-2.0378172');
  });
});
