import { chooseReply } from '../replies/choose-reply.js';
import type { BidiContainer, BidiContainerContext } from './bidi-container.js';

const encoder = new TextEncoder();

/**
 * `transcribe`: BINARY "audio" in; every `bytesPerWord` bytes add one word of a deterministic
 * transcript, sent as a PARTIAL UTF8 part `{"type":"partial","text":…}`. A COMPLETE input part
 * (end of an utterance) or the end of input sends `{"type":"final","text":…,"audioBytes":…}` COMPLETE.
 */
export function createTranscribeContainer(context: BidiContainerContext): BidiContainer {
  const { endpoint } = context;
  let words: string[] = [];
  let sent = 0;
  let audioBytes = 0;
  let utterance = 0;
  const script = (): string[] => chooseReply({ prompt: `utterance ${utterance}`, reply: endpoint.reply, seed: context.seed + utterance }).split(/\s+/).filter(Boolean);
  let source = script();

  function final(): void {
    if (audioBytes === 0) return;
    const text = words.join(' ');
    context.emit({ bytes: encoder.encode(JSON.stringify({ type: 'final', text, audioBytes })), dataType: 'UTF8', completionState: 'COMPLETE' });
    utterance++;
    words = [];
    sent = 0;
    audioBytes = 0;
    source = script();
  }

  return {
    input(part) {
      audioBytes += part.bytes.length;
      const due = Math.min(source.length, Math.floor(audioBytes / endpoint.bytesPerWord));
      if (due > sent) {
        words = source.slice(0, due);
        sent = due;
        context.emit({ bytes: encoder.encode(JSON.stringify({ type: 'partial', text: words.join(' ') })), dataType: 'UTF8', completionState: 'PARTIAL' });
      }
      if (part.completionState === 'COMPLETE') final();
    },
    end() {
      final();
      return Promise.resolve();
    },
    close: () => undefined,
  };
}
