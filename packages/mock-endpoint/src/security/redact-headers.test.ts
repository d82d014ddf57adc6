import { describe, expect, it } from 'vitest';
import { redactHeaders } from './redact-headers.js';

describe('redactHeaders', () => {
  it('redacts every credential-bearing header and keeps the others', () => {
    const redacted = redactHeaders({
      authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/…',
      'proxy-authorization': 'Basic dXNlcjpwYXNz',
      cookie: 'session=abc',
      'set-cookie': ['a=1', 'b=2'],
      'x-amz-security-token': 'FwoGZXIvYXdzE…',
      'x-api-key': 'k-123',
      'x-auth-token': 't-1',
      'x-csrf-token': 'c-1',
      'x-client-secret': 's',
      'x-forwarded-credentials': 'c',
      'x-custom': 'Bearer abc.def',
      'x-jwt': 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig',
      'x-note': 'key AKIAIOSFODNN7EXAMPLE inside',
      'content-type': 'application/json',
      'x-amzn-sagemaker-session-id': 'sess-1',
      'x-amzn-sagemaker-custom-attributes': 'mock-seed=7',
      'user-agent': 'aws-sdk-js/3',
      skipped: undefined,
    });
    for (const name of ['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-amz-security-token', 'x-api-key', 'x-auth-token', 'x-csrf-token', 'x-client-secret', 'x-forwarded-credentials', 'x-custom', 'x-jwt', 'x-note']) {
      expect(redacted[name], name).toBe('[redacted]');
    }
    expect(redacted).toMatchObject({ 'content-type': 'application/json', 'x-amzn-sagemaker-session-id': 'sess-1', 'x-amzn-sagemaker-custom-attributes': 'mock-seed=7', 'user-agent': 'aws-sdk-js/3' });
    expect('skipped' in redacted).toBe(false);
  });
});
