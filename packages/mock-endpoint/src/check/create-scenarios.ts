import type { CheckScenario, ScenarioGroup } from './check-scenario.js';

/**
 * The reply of profile and chunking scenarios: markdown, a code block with quotes and a
 * backslash, and 2-, 3- and 4-byte characters, so that framing, escaping and decoding all matter.
 */
export const BASE_REPLY =
  'Streaming works: **tokens** arrive one by one.\n\n- café ☕ naïve\n- 日本語 and €5\n- rocket 🚀 and 𝄞\n\n```js\nconsole.log("a\\\\b", {ok: true});\n```\nDone.';

/** Characters of one UTF-8 width each, between ASCII words, for the split scenarios. */
const UTF8_REPLIES: Record<2 | 3 | 4, string> = {
  2: 'Déjà vu: café, naïve, façade, señor, Ωμέγα and £ ©.',
  3: 'Unicode: 日本語のテキスト, €100, “quotes” and ☕ ✓.',
  4: 'Emoji: 🚀 🎉 😀, music 𝄞 and 𠀋 in a row: 👍👍.',
};

/** Text sent before a mid-stream fault strikes: no word a check for errors would mistake. */
const FAULT_REPLY = 'Counting slowly: one two three four five six seven eight nine ten eleven twelve.';

/** About 2,500 tokens: long enough for buffers that assume short replies. */
function longReply(): string {
  const lines: string[] = [];
  for (let i = 1; i <= 120; i++) lines.push(`${i}. Line ${i} of a long answer — résumé ${i * 7} “ok” 🚀 and some more words to read.`);
  return lines.join('\n');
}

/** Options of {@link createScenarios}. */
export interface CreateScenariosOptions {
  /** Endpoints whose profiles get a `profile-*` scenario (in order). */
  profileEndpoints: readonly string[];
  /** Endpoints the other scenarios run on; several give ids with `@ENDPOINT`. */
  matrixEndpoints: readonly string[];
  /** The per-scenario timeout of the command (ms): stalls end well before it. */
  timeoutMs: number;
}

type ScenarioTemplate = Omit<CheckScenario, 'endpoint' | 'id'> & { name: string };

function templates(timeoutMs: number): ScenarioTemplate[] {
  const text = (name: string, group: ScenarioGroup, description: string, rest: Partial<ScenarioTemplate> = {}): ScenarioTemplate => ({
    name,
    group,
    description,
    expect: 'text',
    reply: BASE_REPLY,
    chunking: { mode: 'token' },
    fault: null,
    ...rest,
  });
  const list: ScenarioTemplate[] = [
    text('chunking-token', 'chunking', 'one PayloadPart per token, as LMI and TGI flush'),
    text('chunking-coalesce', 'chunking', 'three container writes per PayloadPart, as under load', { chunking: { mode: 'coalesce', coalesceFlushes: 3 } }),
  ];
  for (const seed of [1, 2, 3]) {
    list.push(text(`chunking-random-${seed}`, 'chunking', `seeded random cuts inside lines and characters, merged writes (seed ${seed})`, { chunking: { mode: 'random' }, seed }));
  }
  list.push(
    text('no-final-newline', 'framing', 'the last line has no trailing newline (custom containers, LMI error lines)', { fault: { name: 'no-final-newline', afterTokens: 0 } }),
    text('events-in-one-part', 'framing', 'every event of the stream in a single PayloadPart', { chunking: { mode: 'coalesce', coalesceFlushes: 100_000 } }),
  );
  for (const width of [2, 3, 4] as const) {
    for (let at = 1; at < width; at++) {
      list.push(text(`utf8-${width}byte-at-${at}`, 'utf8', `every ${width}-byte character cut after its byte ${at}, across two PayloadParts`, { reply: UTF8_REPLIES[width], chunking: { mode: 'split-utf8', utf8SplitAt: at } }));
    }
  }
  list.push(
    text('special-tokens', 'content', 'the reply ends with a visible special token (<|eot_id|>) the client must not print', { eosToken: '<|eot_id|>' }),
    text('empty-reply', 'content', 'the model answers nothing but its EOS token', { reply: '' }),
    text('long-reply', 'content', 'a reply of about 2,500 tokens (clients usually cap it with max_new_tokens)', { reply: longReply() }),
  );
  for (const fault of ['model-stream-error', 'stream-broken', 'internal-stream-failure', 'container-error', 'connection-reset'] as const) {
    list.push({ name: `fault-${fault}`, group: 'fault', description: `${fault} after 3 tokens: must fail or print the error`, expect: 'error', reply: FAULT_REPLY, chunking: { mode: 'token' }, fault: { name: fault, afterTokens: 3 } });
  }
  // Only errors the SDKs do not retry, so that the verdict does not depend on retry back-off.
  for (const fault of ['model-error', 'validation-error'] as const) {
    list.push({ name: `error-${fault}`, group: 'error', description: `HTTP ${fault === 'model-error' ? '424 ModelError' : '400 ValidationError'} before the stream`, expect: 'error', reply: FAULT_REPLY, chunking: { mode: 'token' }, fault: { name: fault, afterTokens: 0 } });
  }
  list.push({
    name: 'stall',
    group: 'stall',
    description: 'no bytes after 2 tokens, then ModelStreamError at the service timeout',
    expect: 'error',
    reply: FAULT_REPLY,
    chunking: { mode: 'token' },
    fault: { name: 'stall', afterTokens: 2 },
    streamTimeoutMs: Math.max(100, Math.min(1000, Math.floor(timeoutMs / 4))),
  });
  return list;
}

/**
 * The scenario matrix of `sagestream-mock check`: one `profile-*` scenario per endpoint, then
 * chunkings, framing, every UTF-8 split position, special/empty/long replies, mid-stream faults,
 * pre-stream errors and a stall on each matrix endpoint. Each reply is scripted so that a bug
 * class shows deterministically.
 */
export function createScenarios(options: CreateScenariosOptions): CheckScenario[] {
  const scenarios: CheckScenario[] = options.profileEndpoints.map((endpoint) => ({
    id: `profile-${endpoint}`,
    group: 'profile',
    description: `the ${endpoint} endpoint's container format, one part per token`,
    endpoint,
    expect: 'text',
    reply: BASE_REPLY,
    chunking: { mode: 'token' },
    fault: null,
  }));
  const suffix = options.matrixEndpoints.length > 1;
  for (const template of templates(options.timeoutMs)) {
    for (const endpoint of options.matrixEndpoints) {
      const { name, ...rest } = template;
      scenarios.push({ ...rest, id: suffix ? `${name}@${endpoint}` : name, endpoint });
    }
  }
  return scenarios;
}

/**
 * True when a scenario matches one of the patterns: its id, its name before `@`, its group, or a
 * `*` wildcard pattern such as `utf8-*`.
 */
export function matchesScenario(scenario: CheckScenario, patterns: readonly string[]): boolean {
  const name = scenario.id.split('@')[0]!;
  return patterns.some((pattern) => {
    const regex = new RegExp(`^${pattern.split('*').map((piece) => piece.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return regex.test(scenario.id) || regex.test(name) || pattern === scenario.group;
  });
}
