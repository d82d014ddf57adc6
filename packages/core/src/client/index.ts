/**
 * `@sagestream/core/client`: the Node-side transport over the official AWS SDK. (Everything that
 * runs in browsers too — the fetch transport, `invokeStream`, the chat engine — is in the main entry.)
 */
export { createSageMakerTransport, isLoopbackUrl } from './sagemaker-transport.js';
export type { SageMakerTransportOptions } from './sagemaker-transport.js';
export { toSageStreamError } from './sdk-errors.js';
export type { SdkErrorContext } from './sdk-errors.js';
export { createDiscoveryClient, clearDiscoveryCache, noticeFor, discoveryFailureOf, DISCOVERY_IAM_ACTIONS, DEFAULT_DISCOVERY_TIMEOUT_MS, DEFAULT_DISCOVERY_TTL_MS, MAX_LISTED_ENDPOINTS } from './discovery-client.js';
export type {
  DiscoveryClient,
  DiscoveryClientOptions,
  DiscoveredEndpoint,
  DiscoveredVariant,
  DiscoveredComponent,
  DiscoveryResult,
  DiscoveryFailureCode,
} from './discovery-client.js';
