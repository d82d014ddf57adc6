import type { BidiContainer, BidiContainerContext } from './bidi-container.js';

/** `echo`: every input part comes straight back — same bytes, DataType and CompletionState. */
export function createEchoContainer(context: BidiContainerContext): BidiContainer {
  return {
    input(part) {
      context.emit({
        bytes: part.bytes,
        ...(part.dataType ? { dataType: part.dataType } : {}),
        ...(part.completionState ? { completionState: part.completionState } : {}),
      });
    },
    end: () => Promise.resolve(),
    close: () => undefined,
  };
}
