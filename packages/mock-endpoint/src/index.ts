/**
 * `@sagestream/mock-endpoint`: a local Amazon SageMaker runtime (InvokeEndpointWithResponseStream
 * and InvokeEndpoint) that emulates LMI and TGI containers, for offline development and tests.
 */
export { startServer } from './server/start-server.js';
export type { MockServer, StartServerOptions } from './server/start-server.js';
export { createApp } from './server/create-app.js';
export type { MockApp } from './server/create-app.js';
export { createMockRouter } from './server/create-mock-router.js';
export type { MockRouter, MockRouterOptions } from './server/create-mock-router.js';
export { createJournal } from './server/journal.js';
export type { Journal, JournalEntry, JournalOutcome, WaitForOptions } from './server/journal.js';
export { describeEndpoints } from './server/describe-endpoints.js';
export type { EndpointSummary } from './server/describe-endpoints.js';

export { loadConfig, parseConfig } from './config/load-config.js';
export { normalizeConfig, ENDPOINT_NAME_PATTERN } from './config/normalize-config.js';
export { defaultConfig, defaultEndpoint, defaultEndpoints, DEFAULT_LATENCY, DEFAULT_ACCOUNT_ID } from './config/default-config.js';
export { PROFILE_NAMES, CHUNKING_MODES, FAULT_NAMES } from './config/mock-config.js';
export type * from './config/mock-config.js';

export { checkRequest, isAllowedHost, isAllowedOrigin, isLoopbackName, splitHost } from './security/request-guard.js';
export type { GuardRequest, GuardResult, GuardRejection } from './security/request-guard.js';
export { createGuardMiddleware } from './security/create-guard-middleware.js';
export type { GuardMiddlewareOptions } from './security/create-guard-middleware.js';
export { redactHeaders, isCredentialHeader, REDACTED } from './security/redact-headers.js';
export { bindHostNames } from './security/bind-host-names.js';
export { httpServerOptions, handleClientErrors } from './server/harden-http-server.js';
export * from './config/limits.js';

export { MockEndpointError } from './errors.js';
export type { MockEndpointErrorCode, MockEndpointErrorContext } from './errors.js';

export { parseMockAttributes, MOCK_ATTRIBUTE_KEYS } from './faults/mock-attributes.js';
export type { MockAttributes } from './faults/mock-attributes.js';
export { tokenize } from './replies/tokenize.js';
export type { Token } from './replies/tokenize.js';
export { BUILT_IN_CORPUS } from './replies/corpus.js';
export type { CorpusEntry } from './replies/corpus.js';
export { createChunker } from './streaming/create-chunker.js';
export type { Chunker, ChunkerOptions } from './streaming/create-chunker.js';
export { createScheduler } from './streaming/create-scheduler.js';
export type { Scheduler, ScheduledTask } from './streaming/create-scheduler.js';
export { createRandom, deriveSeed } from './util/random.js';
export type { Random } from './util/random.js';
export type { Cassette, CassetteEnd } from './record/cassette.js';
