import { describe, expect, it } from 'vitest';
import { validateRequest } from './validate-request.js';

const stream = 'InvokeEndpointWithResponseStream' as const;

describe('validateRequest', () => {
  it('accepts a plain request, with or without Content-Type', () => {
    expect(validateRequest({ operation: stream, endpointName: 'my-endpoint-1', headers: {}, bodyBytes: 10 })).toBeNull();
    expect(validateRequest({ operation: stream, endpointName: 'a', headers: { 'content-type': 'application/json', 'x-amzn-sagemaker-session-id': 'abc-123' }, bodyBytes: 10 })).toBeNull();
  });

  it('reports Coral-style violations and never echoes sensitive values', () => {
    expect(validateRequest({ operation: stream, endpointName: 'a', headers: { 'x-amzn-sagemaker-custom-attributes': 'x'.repeat(1025) }, bodyBytes: 1 })).toBe(
      "1 validation error detected: Value at 'customAttributes' failed to satisfy constraint: Member must have length less than or equal to 1024",
    );
    expect(validateRequest({ operation: stream, endpointName: 'bad_name', headers: { 'x-amzn-sagemaker-target-variant': 'v'.repeat(64) }, bodyBytes: 6 * 1024 * 1024 + 1 })).toMatch(
      /^3 validation errors detected: Value 'bad_name' at 'endpointName' failed to satisfy constraint: Member must satisfy regular expression pattern: .*; Value at 'body' failed to satisfy constraint: Member must have length less than or equal to 6291456; Value 'v+' at 'targetVariant'/,
    );
  });

  it('rejects NEW_SESSION on the streaming operation only', () => {
    const headers = { 'x-amzn-sagemaker-session-id': 'NEW_SESSION' };
    expect(validateRequest({ operation: stream, endpointName: 'a', headers, bodyBytes: 1 })).toMatch(/Value 'NEW_SESSION' at 'sessionId' failed to satisfy constraint: Member must satisfy regular expression pattern/);
    expect(validateRequest({ operation: 'InvokeEndpoint', endpointName: 'a', headers, bodyBytes: 1 })).toBeNull();
  });
});
