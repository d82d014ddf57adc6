// `@sagestream/mock-endpoint/testing`: test-runner helpers.
export { withMockEndpoint } from './with-mock-endpoint.js';
export type { Hook, MockEndpointFixture, WithMockEndpointOptions } from './with-mock-endpoint.js';
