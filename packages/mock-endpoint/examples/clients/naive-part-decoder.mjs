// FAULTY on purpose: decodes each PayloadPart with a fresh TextDecoder (as Continue did), so a
// character split across two parts turns into U+FFFD. Lines are buffered correctly.
// `sagestream-mock check` reports it as `garbled` on the utf8-* scenarios.
import { parseLine, payloadParts, textOf } from './sdk-stream.mjs';

let pending = '';
for await (const bytes of payloadParts()) {
  pending += new TextDecoder().decode(bytes); // the bug: no { stream: true }, a new decoder per part
  const lines = pending.split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const record = parseLine(line);
    if (record) process.stdout.write(textOf(record));
  }
}
const last = parseLine(pending);
if (last) process.stdout.write(textOf(last));
