import { describe, expect, it } from 'vitest';
import { createScenarios } from './create-scenarios.js';
import { compactDiff, judgeOutcome } from './judge-outcome.js';
import type { CommandOutcome } from './run-command.js';
import { splitInsideCharacters } from '../streaming/create-chunker.js';

const scenarios = createScenarios({ profileEndpoints: [], matrixEndpoints: ['mock-tgi'], timeoutMs: 2000 });
const text = scenarios.find((s) => s.id === 'chunking-token')!;
const stall = scenarios.find((s) => s.id === 'stall')!;

function outcome(stdout: string | Uint8Array, rest: Partial<CommandOutcome> = {}): CommandOutcome {
  return { stdout: typeof stdout === 'string' ? new TextEncoder().encode(stdout) : stdout, stderr: new Uint8Array(), exitCode: 0, signal: null, timedOut: false, outputTruncated: false, durationMs: 5, ...rest };
}

const judge = (scenario = text, result: CommandOutcome, expected: string | null = 'café 🚀 ok', loose = false) => judgeOutcome({ scenario, outcome: result, expected, loose, timeoutMs: 2000 });

describe('judgeOutcome', () => {
  it('passes the exact reply, with at most one trailing newline; --loose ignores whitespace runs', () => {
    expect(judge(text, outcome('café 🚀 ok')).verdict).toBe('pass');
    expect(judge(text, outcome('café 🚀 ok\n')).verdict).toBe('pass');
    expect(judge(text, outcome('café 🚀 ok\n\n')).verdict).toBe('wrong-text');
    expect(judge(text, outcome('  café\n🚀  ok '), 'café 🚀 ok', true).verdict).toBe('pass');
  });

  it('tells garbled UTF-8 (U+FFFD, invalid bytes, dropped bytes) from wrong text', () => {
    expect(judge(text, outcome('caf\uFFFD\uFFFD 🚀 ok')).verdict).toBe('garbled');
    expect(judge(text, outcome(new Uint8Array([0x63, 0x61, 0x66, 0xc3]))).verdict).toBe('garbled');
    expect(judge(text, outcome('caf 🚀 ok')).verdict).toBe('garbled');
    const wrong = judge(text, outcome('café 🚀 OK'));
    expect(wrong.verdict).toBe('wrong-text');
    expect(wrong.details).toContain('first difference at char 8 (line 1, column 9)');
  });

  it('reports hangs, crashes with the stderr tail, and text scenarios without any request', () => {
    expect(judge(text, outcome('', { timedOut: true, exitCode: null, signal: 'SIGKILL' })).verdict).toBe('hang');
    const crash = judge(text, outcome('', { exitCode: 3, stderr: new TextEncoder().encode('a\nb\nTypeError: x\n') }));
    expect(crash).toMatchObject({ verdict: 'crash', summary: 'exited 3' });
    expect(crash.details).toContain('TypeError: x');
    expect(judge(text, outcome(''), null)).toMatchObject({ verdict: 'wrong-text', summary: 'the command sent no request to the mock' });
  });

  it('requires a failed stream to fail the command or be printed', () => {
    expect(judge(stall, outcome('one two', { exitCode: 1 })).verdict).toBe('pass');
    expect(judge(stall, outcome('one two', { stderr: new TextEncoder().encode('ModelStreamError: timeout') })).verdict).toBe('pass');
    expect(judge(stall, outcome('one two')).verdict).toBe('error-swallowed');
    expect(judge(stall, outcome('', { timedOut: true })).verdict).toBe('hang');
  });

  it('shows the first difference with escaped context and whole characters', () => {
    expect(compactDiff('ab\ncd🚀', 'ab\ncx')).toBe(['first difference at char 4 (line 2, column 2); expected 7 chars, got 5', '- expected: ab\\ncd🚀', '+ got:      ab\\ncx'].join('\n'));
    expect(compactDiff('x', 'x\uFFFD')).toContain('\\ufffd');
  });
});

describe('scenarios', () => {
  it('cut every 2-, 3- and 4-byte character at each position, each in its own scenario', () => {
    const utf8 = scenarios.filter((s) => s.group === 'utf8').map((s) => `${s.id}:${s.chunking.utf8SplitAt}`);
    expect(utf8).toEqual(['utf8-2byte-at-1:1', 'utf8-3byte-at-1:1', 'utf8-3byte-at-2:2', 'utf8-4byte-at-1:1', 'utf8-4byte-at-2:2', 'utf8-4byte-at-3:3']);
    for (const scenario of scenarios.filter((s) => s.group === 'utf8')) {
      const width = Number(/utf8-(\d)byte/.exec(scenario.id)![1]);
      const characters = [...scenario.reply].filter((c) => c.charCodeAt(0) > 0x7f);
      expect(characters.length).toBeGreaterThan(3);
      for (const character of characters) expect(new TextEncoder().encode(character).length).toBe(width);
    }
  });

  it('splitInsideCharacters cuts after the chosen byte of each longer character only', () => {
    const parts = splitInsideCharacters(new TextEncoder().encode('aé€🚀b'), 2);
    expect(parts.map((part) => [...part].map((b) => b.toString(16)).join(' '))).toEqual(['61 c3 a9 e2 82', 'ac f0 9f', '9a 80 62']);
    expect(splitInsideCharacters(new TextEncoder().encode('abc'), 1)).toHaveLength(1);
  });
});
