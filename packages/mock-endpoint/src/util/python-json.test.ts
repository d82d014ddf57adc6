import { describe, expect, it } from 'vitest';
import { formatPythonJson } from './python-json.js';

describe('formatPythonJson', () => {
  it('writes json.dumps(ensure_ascii=False) layout', () => {
    expect(formatPythonJson({ a: 1, b: [true, null, 'é\n'], c: { d: -0.5, e: 2.0 } })).toBe('{"a": 1, "b": [true, null, "é\\n"], "c": {"d": -0.5, "e": 2}}');
    expect(formatPythonJson(1e-5)).toBe('1e-05');
    expect(formatPythonJson([])).toBe('[]');
    expect(formatPythonJson({})).toBe('{}');
  });
});
