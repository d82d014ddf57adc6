/**
 * `@sagestream/core/client`: the Node-side transport over the official AWS SDK. (Everything that
 * runs in browsers too — the fetch transport, `invokeStream`, the chat engine — is in the main entry.)
 */
export { createSageMakerTransport, isLoopbackUrl } from './sagemaker-transport.js';
export type { SageMakerTransportOptions } from './sagemaker-transport.js';
export { toSageStreamError } from './sdk-errors.js';
export type { SdkErrorContext } from './sdk-errors.js';
export { openBidirectionalStream } from './open-bidirectional-stream.js';
export type { BidirectionalStream, BidiSendOptions, BidiStreamMetadata, BidiStreamMetrics, BidiTurnMetrics, OpenBidirectionalStreamOptions } from './open-bidirectional-stream.js';
export { resolveBidiTarget } from './resolve-bidi-target.js';
export type { BidiTarget, BidiTargetOptions } from './resolve-bidi-target.js';
