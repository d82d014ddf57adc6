import type { EventSignatureChain } from './event-signing.js';
import { encodeBidiPayloadPart, type BidiPayloadPart } from './payload-part.js';
import { encodeSignedEvent } from './signed-event.js';

/**
 * Encodes one input event ready for the wire: the PayloadPart (or, without `part`, the empty
 * end-of-input event), signed with the next signature of `chain`. Calls must not overlap: each
 * signature depends on the previous one.
 *
 * @example
 * await write(await encodeSignedBidiEvent({ chain, part: { bytes, dataType: 'UTF8', completionState: 'COMPLETE' } }));
 * await write(await encodeSignedBidiEvent({ chain })); // end of input
 */
export async function encodeSignedBidiEvent(options: { chain: EventSignatureChain; part?: BidiPayloadPart; date?: Date }): Promise<Uint8Array> {
  const payload = options.part ? encodeBidiPayloadPart(options.part) : new Uint8Array(0);
  const date = options.date ?? new Date();
  const signature = await options.chain.next({ payload, date });
  return encodeSignedEvent({ date, signature, payload });
}
