import { describe, expect, it } from 'vitest';
import { isSageStreamError } from '../errors.js';
import type { SageMakerStreamEvent } from '../event-stream/sagemaker-stream-event.js';
import type { TokenPart } from '../formats/token-part.js';
import { createEventTokenDecoder } from './create-event-token-decoder.js';

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const payload = (text: string, byteOffset = -1): SageMakerStreamEvent => ({ type: 'payload-part', bytes: encode(text), byteOffset });

function decode(events: SageMakerStreamEvent[]): { parts: TokenPart[]; closed: boolean } {
  const parts: TokenPart[] = [];
  const decoder = createEventTokenDecoder({ contentType: 'application/jsonlines', onPart: (part) => parts.push(part) });
  for (const event of events) decoder.feed(event);
  decoder.end();
  return { parts, closed: decoder.closed };
}

describe('createEventTokenDecoder (SageMaker events → token parts)', () => {
  it('parses PayloadPart bytes split anywhere and skips events of unknown type', () => {
    const { parts } = decode([payload('{"token": {"id": 1, "text": " He'), { type: 'unknown-event', eventType: 'Future', byteOffset: -1 }, payload('llo"}}\n{"token": {"id": 2, "text": "!"}}\n')]);
    expect(parts).toEqual([
      { type: 'text-delta', text: ' Hello', tokenId: 1 },
      { type: 'text-delta', text: '!', tokenId: 2 },
      { type: 'message-end' },
    ]);
  });

  it('a ModelStreamError ends the reply as a service stream-error; the partial line and later events are dropped', () => {
    const { parts, closed } = decode([
      payload('{"token": {"id": 1, "text": "a"}}\n{"token": {"id"'),
      { type: 'model-stream-error', errorCode: 'ModelInvocationTimeExceeded', message: 'too slow', byteOffset: -1 },
      payload(': 2, "text": "b"}}\n'),
      { type: 'internal-stream-failure', message: 'later', byteOffset: -1 },
    ]);
    expect(parts).toEqual([
      { type: 'text-delta', text: 'a', tokenId: 1 },
      { type: 'stream-error', source: 'service', errorType: 'ModelStreamError', code: 'ModelInvocationTimeExceeded', message: 'too slow' },
    ]);
    expect(closed).toBe(true);
  });

  it('an InternalStreamFailure, an unknown exception and an error frame each end the reply', () => {
    expect(decode([{ type: 'internal-stream-failure', message: 'x', byteOffset: 0 }]).parts.at(-1)).toMatchObject({ code: 'InternalStreamFailure', source: 'service' });
    expect(decode([{ type: 'unknown-exception', exceptionType: 'ThrottlingException', message: 'x', byteOffset: 0 }]).parts.at(-1)).toMatchObject({ code: 'ThrottlingException', errorType: 'ThrottlingException' });
    expect(decode([{ type: 'error-frame', errorCode: 'InternalError', message: 'x', byteOffset: 0 }]).parts.at(-1)).toMatchObject({ code: 'InternalError', errorType: 'error' });
  });

  it('corrupt container output names the body offset of its frame when the frame has one', () => {
    const failure = (byteOffset: number): unknown => {
      try {
        decode([payload('{"token": {"id": 1, "text": "a"}}\n', 0), payload('{"token": oops}\n', byteOffset)]);
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const located = failure(138);
    expect(isSageStreamError(located) && located.code).toBe('invalid-json');
    expect(isSageStreamError(located) && located.message).toContain('frame at body byte 138');
    // Events decoded by the AWS SDK have no body offset: the error is not given a false one.
    const unlocated = failure(-1);
    expect(isSageStreamError(unlocated) && unlocated.message).not.toContain('body byte');
  });
});
