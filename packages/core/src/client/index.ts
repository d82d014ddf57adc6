/**
 * `@sagestream/core/client`: the Node-side transport over the official AWS SDK. (Everything that
 * runs in browsers too — the fetch transport, `invokeStream`, the chat engine — is in the main entry.)
 */
export { createSageMakerTransport } from './sagemaker-transport.js';
export type { SageMakerTransportOptions } from './sagemaker-transport.js';
export { createDiscoveryClient, clearDiscoveryCache, DISCOVERY_IAM_ACTIONS } from './discovery-client.js';
export type {
  DiscoveryClient,
  DiscoveryClientOptions,
  DiscoveredEndpoint,
  DiscoveredVariant,
  DiscoveredComponent,
  DiscoveryResult,
  DiscoveryFailureCode,
} from './discovery-client.js';
export { openBidirectionalStream } from './open-bidirectional-stream.js';
export type { BidirectionalStream, BidiSendOptions, BidiStreamMetadata, BidiStreamMetrics, BidiTurnMetrics, OpenBidirectionalStreamOptions } from './open-bidirectional-stream.js';
