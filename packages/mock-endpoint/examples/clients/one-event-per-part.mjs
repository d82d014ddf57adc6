// FAULTY on purpose: assumes one event per PayloadPart and skips parts it cannot parse (the agent
// SDK bug): when one part holds several events, their text is silently dropped.
// `sagestream-mock check` reports `wrong text` on events-in-one-part and chunking-coalesce.
import { parseLine, payloadParts, textOf } from './sdk-stream.mjs';

const decoder = new TextDecoder();
let pending = '';
for await (const bytes of payloadParts()) {
  pending += decoder.decode(bytes, { stream: true });
  if (!pending.endsWith('\n')) continue; // waits for a whole part, fine so far
  try {
    const record = parseLine(pending.trim()); // the bug: two events make this throw
    if (record) process.stdout.write(textOf(record));
  } catch {
    // "not a complete event": skipped, with its text
  }
  pending = '';
}
