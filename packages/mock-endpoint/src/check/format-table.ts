import { CHECK_VERDICTS, type ScenarioResult } from './check-scenario.js';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** Counts per verdict, e.g. `22 pass, 1 garbled, 1 hang`. */
export function formatCounts(results: readonly ScenarioResult[]): string {
  return CHECK_VERDICTS.map((verdict) => [verdict, results.filter((result) => result.verdict === verdict).length] as const)
    .filter(([, n]) => n > 0)
    .map(([verdict, n]) => `${n} ${verdict}`)
    .join(', ');
}

/** The terminal table: one row per scenario, then the diffs and stderr tails of the failures. */
export function formatTable(results: readonly ScenarioResult[]): string {
  const widths = {
    id: Math.max(8, ...results.map((result) => result.scenario.id.length)),
    endpoint: Math.max(8, ...results.map((result) => result.scenario.endpoint.length)),
    verdict: 15,
  };
  const lines = [`${pad('SCENARIO', widths.id)}  ${pad('ENDPOINT', widths.endpoint)}  ${pad('VERDICT', widths.verdict)}  ${pad('TIME', 7)}  WHY`];
  for (const result of results) {
    const time = `${(result.durationMs / 1000).toFixed(2)}s`;
    lines.push(`${pad(result.scenario.id, widths.id)}  ${pad(result.scenario.endpoint, widths.endpoint)}  ${pad(result.verdict, widths.verdict)}  ${pad(time, 7)}  ${result.summary}`);
  }
  const failures = results.filter((result) => result.verdict !== 'pass' && result.details !== '');
  for (const failure of failures) {
    lines.push('', `── ${failure.scenario.id} (${failure.verdict})`, ...failure.details.split('\n').map((line) => `   ${line}`));
  }
  lines.push('', `${results.length} scenario(s): ${formatCounts(results)}`);
  return `${lines.join('\n')}\n`;
}
