import type { ScenarioResult } from './check-scenario.js';

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/**
 * JUnit XML in the common shape CI systems read (Jenkins, GitLab, GitHub actions): one
 * `<testsuite>` with a `<testcase>` per scenario and a `<failure type="VERDICT">` for each
 * scenario that did not pass.
 */
export function formatJunit(options: { results: readonly ScenarioResult[]; command: readonly string[]; timestamp: Date }): string {
  const { results } = options;
  const failures = results.filter((result) => result.verdict !== 'pass').length;
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const total = results.reduce((sum, result) => sum + result.durationMs, 0);
  const name = escapeXml(`sagestream-mock check: ${options.command.join(' ')}`);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${name}" tests="${results.length}" failures="${failures}" errors="0" time="${seconds(total)}">`,
    `  <testsuite name="${name}" tests="${results.length}" failures="${failures}" errors="0" skipped="0" time="${seconds(total)}" timestamp="${options.timestamp.toISOString().slice(0, 19)}">`,
  ];
  for (const result of results) {
    const { scenario } = result;
    const open = `    <testcase classname="sagestream-mock.check.${scenario.group}" name="${escapeXml(scenario.id)}" time="${seconds(result.durationMs)}"`;
    if (result.verdict === 'pass') {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    const body = [result.summary, result.details, result.stderrTail ? `stderr:\n${result.stderrTail}` : ''].filter(Boolean).join('\n\n');
    lines.push(`      <failure type="${result.verdict}" message="${escapeXml(`${result.verdict}: ${result.summary}`)}">${escapeXml(body)}</failure>`);
    lines.push(`      <system-out>${escapeXml(result.stdout.slice(0, 4000))}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
