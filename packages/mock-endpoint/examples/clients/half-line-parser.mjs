// FAULTY on purpose: splits each PayloadPart on newlines and parses every piece, without keeping
// the unfinished line for the next part (the LangChain JS bug). A part that ends inside a JSON
// line makes JSON.parse throw: `sagestream-mock check` reports a `crash` on random chunking.
import { parseLine, payloadParts, textOf } from './sdk-stream.mjs';

const decoder = new TextDecoder();
for await (const bytes of payloadParts()) {
  for (const line of decoder.decode(bytes, { stream: true }).split('\n')) {
    const record = parseLine(line); // the bug: `line` may be half a JSON line
    if (record) process.stdout.write(textOf(record));
  }
}
