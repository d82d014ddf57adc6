/** The `ResponseStream` union of InvokeEndpointWithResponseStream, plus what the wire may carry besides. */
export type SageMakerStreamEvent =
  /** `:event-type=PayloadPart`: a piece of the container's response body (boundaries are arbitrary). */
  | { type: 'payload-part'; bytes: Uint8Array; byteOffset: number }
  /** `:exception-type=ModelStreamError` (e.g. `ModelInvocationTimeExceeded`, `StreamBroken`). */
  | { type: 'model-stream-error'; errorCode: string; message: string; byteOffset: number }
  /** `:exception-type=InternalStreamFailure`. */
  | { type: 'internal-stream-failure'; message: string; byteOffset: number }
  /** An exception frame of a type the SageMaker model does not list. */
  | { type: 'unknown-exception'; exceptionType: string; message: string; byteOffset: number }
  /** `:message-type=error`: an unmodeled error with `:error-code` / `:error-message` headers. */
  | { type: 'error-frame'; errorCode: string; message: string; byteOffset: number }
  /** An event of an unknown `:event-type`; both AWS SDKs skip these silently, so should consumers. */
  | { type: 'unknown-event'; eventType: string; byteOffset: number };

/** True for the event kinds that end a stream with an error. */
export function isTerminalStreamEvent(event: SageMakerStreamEvent): boolean {
  return event.type !== 'payload-part' && event.type !== 'unknown-event';
}
