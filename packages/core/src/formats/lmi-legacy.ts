import type { RecordState } from './record-state.js';

/**
 * LMI's original streaming format (the 2023 announcement): one `{"outputs": ["<text>"]}` per line.
 * It carries no special-token flag, so known special token texts are dropped (see `specialTokenTexts`).
 * Returns false if the record is not of this shape.
 */
export function interpretLmiLegacy(record: Record<string, unknown>, state: RecordState): boolean {
  const { outputs } = record;
  if (!Array.isArray(outputs)) return false;
  for (const output of outputs) {
    if (typeof output !== 'string' || output === '') continue;
    if (state.options.specialTokenTexts.has(output)) {
      if (state.options.includeSpecialTokens) state.emit({ type: 'text-delta', text: output, special: true });
      else state.specialTokensSkipped++;
      continue;
    }
    state.emit({ type: 'text-delta', text: output });
  }
  return true;
}
