import type { CheckScenario, CheckVerdict } from './check-scenario.js';
import type { CommandOutcome } from './run-command.js';

/** Options of {@link judgeOutcome}. */
export interface JudgeOptions {
  scenario: CheckScenario;
  outcome: CommandOutcome;
  /** The reply the mock sent (journal), or null when no request reached it. */
  expected: string | null;
  /** Compare with whitespace runs collapsed (`--loose`). */
  loose: boolean;
  timeoutMs: number;
}

/** A verdict with its one-line reason and details (diff, stderr tail). */
export interface Judgement {
  verdict: CheckVerdict;
  summary: string;
  details: string;
}

/** Words by which a client that exits 0 shows it reported the failure. */
const ERROR_WORDS = /error|exception|fail|timed? ?out|reset|broken|refused|abort/i;
const REPLACEMENT = '\uFFFD';
const CONTEXT_CHARS = 24;

/** The last lines of stderr, for crash reports. */
export function tail(text: string, lines = 8): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Escaped for one line; U+FFFD spelled out so that a garbled character is visible as such. */
function show(text: string): string {
  return JSON.stringify(text).slice(1, -1).replace(/\uFFFD/g, '\\ufffd');
}

/** Moves an index off the second half of a surrogate pair, so that excerpts keep whole characters. */
function atCharacter(text: string, index: number): number {
  const code = text.charCodeAt(index);
  return code >= 0xdc00 && code <= 0xdfff ? index - 1 : index;
}

/**
 * Where two texts first differ, as a short two-line diff with the line and column and a few
 * characters of context (escaped, so that newlines and U+FFFD are visible).
 */
export function compactDiff(expected: string, actual: string): string {
  const index = firstDifference(expected, actual);
  const before = expected.slice(0, index);
  const line = before.split('\n').length;
  const column = index - before.lastIndexOf('\n');
  const from = Math.max(0, index - CONTEXT_CHARS);
  const lead = from > 0 ? '…' : '';
  const excerpt = (text: string): string => {
    const start = atCharacter(text, from);
    const end = atCharacter(text, index + CONTEXT_CHARS);
    return `${lead}${show(text.slice(start, end))}${end < text.length ? '…' : ''}`;
  };
  return [
    `first difference at char ${index} (line ${line}, column ${column}); expected ${expected.length} chars, got ${actual.length}`,
    `- expected: ${excerpt(expected)}`,
    `+ got:      ${excerpt(actual)}`,
  ].join('\n');
}

function firstDifference(a: string, b: string): number {
  let index = 0;
  while (index < a.length && index < b.length && a[index] === b[index]) index++;
  return index;
}

function normalize(text: string, loose: boolean): string {
  return loose ? text.replace(/\s+/g, ' ').trim() : text;
}

function count(text: string, character: string): number {
  return text.split(character).length - 1;
}

/**
 * Turns what a command did into a verdict. Text scenarios: hang (timeout), crash (non-zero exit),
 * garbled (U+FFFD or invalid UTF-8 the reply does not have), wrong text, or pass (stdout equals the
 * reply; one trailing newline is allowed). Error scenarios: hang, pass when the command exits
 * non-zero or prints the error, error swallowed when it exits 0 and says nothing.
 */
export function judgeOutcome(options: JudgeOptions): Judgement {
  const { scenario, outcome, expected, loose } = options;
  const stdout = new TextDecoder().decode(outcome.stdout);
  const stderr = new TextDecoder().decode(outcome.stderr);
  if (outcome.timedOut) {
    return { verdict: 'hang', summary: `no exit within ${options.timeoutMs / 1000} s; process group killed`, details: tail(stderr) };
  }
  if (outcome.spawnError) return { verdict: 'crash', summary: `could not start: ${outcome.spawnError}`, details: '' };
  const exit = outcome.signal ? `killed by ${outcome.signal}` : `exited ${outcome.exitCode}`;
  const failed = outcome.exitCode !== 0;

  if (scenario.expect === 'error') {
    if (failed) return { verdict: 'pass', summary: `${exit}, as it should after ${scenario.fault?.name}`, details: '' };
    if (ERROR_WORDS.test(stdout) || ERROR_WORDS.test(stderr)) return { verdict: 'pass', summary: 'exited 0 and printed the error', details: '' };
    return {
      verdict: 'error-swallowed',
      summary: `exited 0 and printed no error after ${scenario.fault?.name}`,
      details: `stdout: ${show(stdout.slice(0, 200))}`,
    };
  }

  if (failed) return { verdict: 'crash', summary: exit, details: tail(stderr) };
  if (expected === null) return { verdict: 'wrong-text', summary: 'the command sent no request to the mock', details: `stdout: ${show(stdout.slice(0, 200))}` };
  const want = normalize(expected, loose);
  const got = normalize(stdout, loose);
  if (got === want || (!loose && got === `${want}\n`)) return { verdict: 'pass', summary: `printed the ${expected.length}-char reply`, details: '' };
  const diff = compactDiff(want, got);
  if (count(got, REPLACEMENT) > count(want, REPLACEMENT)) {
    return { verdict: 'garbled', summary: `${count(got, REPLACEMENT) - count(want, REPLACEMENT)} U+FFFD replacement character(s): split UTF-8 decoded part by part`, details: diff };
  }
  const at = firstDifference(want, got);
  // Bytes of a character dropped or decoded as Latin-1 by a per-part decoder.
  if (/[^\x20-\x7e\s]/.test(want.slice(at, at + 2)) && want.slice(0, at) === got.slice(0, at)) {
    return { verdict: 'garbled', summary: 'a multi-byte character came out wrong: split UTF-8 decoded part by part', details: diff };
  }
  return { verdict: 'wrong-text', summary: diff.split('\n')[0]!, details: diff };
}
