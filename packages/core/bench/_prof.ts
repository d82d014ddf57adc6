import { createTokenParser } from '../src/formats/create-token-parser.js';
import { randomParts } from './token-baselines.js';
const kind = process.argv[2] ?? 'tgi';
const encoder = new TextEncoder();
function tokenText(i: number): string {
  const words = [' the', ' stream', 'ing', ' café', ' 日本', ' 🎉', ' model', ',', ' SageMaker', ' token'];
  return words[i % words.length]!;
}
function lmiLine(i: number): string {
  return `${JSON.stringify({ token: { id: 1000 + (i % 30000), text: tokenText(i), log_prob: -0.0523 } }).replace(/":/g, '": ').replace(/,"/g, ', "')}\n`;
}
function tgiEvent(i: number): string {
  return `data:${JSON.stringify({ index: i + 1, token: { id: 1000 + (i % 30000), text: tokenText(i), logprob: -0.25, special: false }, generated_text: null, details: null })}\n\n`;
}
const body = encoder.encode(Array.from({ length: 200000 }, (_, i) => (kind === 'lmi' ? lmiLine(i) : tgiEvent(i))).join(''));
const parts = randomParts({ body, seed: 42, min: 1, max: 200 });
const contentType = kind === 'lmi' ? 'application/jsonlines' : 'text/event-stream';
const times: number[] = [];
for (let r = 0; r < 30; r++) {
  const c0 = process.cpuUsage();
  let tokens = 0;
  const parser = createTokenParser({ contentType, onPart: (part) => (tokens += part.type === 'text-delta' ? 1 : 0) });
  for (const part of parts) parser.feed(part);
  parser.end();
  if (tokens !== 200000) throw new Error('count');
  const c = process.cpuUsage(c0);
  times.push((c.user + c.system) / 1e6);
}
times.sort((a, b) => a - b);
console.log(kind, (200000 / times[15]!).toFixed(0), 'tok/s (median CPU)');
