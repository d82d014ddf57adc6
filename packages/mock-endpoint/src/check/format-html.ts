import { CHECK_VERDICTS, type CheckVerdict, type ScenarioResult } from './check-scenario.js';
import { formatCounts } from './format-table.js';

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const COLOURS: Record<CheckVerdict, string> = {
  pass: '#1a7f37',
  'wrong-text': '#b35900',
  garbled: '#8250df',
  hang: '#cf222e',
  crash: '#a40e26',
  'error-swallowed': '#9a6700',
};

/**
 * A self-contained HTML page (no script, no external resource): a matrix of scenario groups ×
 * endpoints with the verdicts, then one row per scenario with its diff and stderr tail.
 */
export function formatHtml(options: { results: readonly ScenarioResult[]; command: readonly string[]; timestamp: Date }): string {
  const { results } = options;
  const endpoints = [...new Set(results.map((result) => result.scenario.endpoint))];
  const names = [...new Set(results.map((result) => result.scenario.id.split('@')[0]!))];
  const badge = (result: ScenarioResult | undefined): string =>
    result ? `<span class="v" style="background:${COLOURS[result.verdict]}" title="${escapeHtml(result.summary)}">${result.verdict}</span>` : '<span class="na">—</span>';
  const matrix = names
    .map((name) => {
      const cells = endpoints.map((endpoint) => `<td>${badge(results.find((result) => result.scenario.id.split('@')[0] === name && result.scenario.endpoint === endpoint))}</td>`);
      return `<tr><th scope="row">${escapeHtml(name)}</th>${cells.join('')}</tr>`;
    })
    .join('\n');
  const rows = results
    .map((result) => {
      const extra = [result.details, result.stderrTail && result.verdict !== 'pass' ? `stderr:\n${result.stderrTail}` : ''].filter(Boolean).join('\n\n');
      return `<tr id="${escapeHtml(result.scenario.id)}" data-verdict="${result.verdict}"><td>${escapeHtml(result.scenario.id)}</td><td>${escapeHtml(result.scenario.endpoint)}</td><td>${badge(result)}</td><td>${(result.durationMs / 1000).toFixed(2)} s</td><td>${escapeHtml(result.scenario.description)}<br><b>${escapeHtml(result.summary)}</b>${extra ? `<details><summary>diff / output</summary><pre>${escapeHtml(extra)}</pre></details>` : ''}</td></tr>`;
    })
    .join('\n');
  const legend = CHECK_VERDICTS.map((verdict) => `<span class="v" style="background:${COLOURS[verdict]}">${verdict}</span>`).join(' ');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sagestream-mock check report</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>
body{font:14px system-ui,sans-serif;margin:2em;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
.v{color:#fff;border-radius:4px;padding:1px 6px;font-size:12px;white-space:nowrap}.na{color:#999}
pre{background:#f6f8fa;padding:8px;overflow:auto;max-width:90ch}code{background:#f6f8fa}
</style></head><body>
<h1>sagestream-mock check</h1>
<p>Command: <code>${escapeHtml(options.command.join(' '))}</code> — ${escapeHtml(options.timestamp.toISOString())}</p>
<p id="summary">${results.length} scenario(s): ${escapeHtml(formatCounts(results))}</p>
<p>${legend}</p>
<h2>Matrix</h2>
<table id="matrix"><thead><tr><th>scenario</th>${endpoints.map((endpoint) => `<th>${escapeHtml(endpoint)}</th>`).join('')}</tr></thead><tbody>
${matrix}
</tbody></table>
<h2>Scenarios</h2>
<table id="scenarios"><thead><tr><th>scenario</th><th>endpoint</th><th>verdict</th><th>time</th><th>what / why</th></tr></thead><tbody>
${rows}
</tbody></table>
</body></html>
`;
}
