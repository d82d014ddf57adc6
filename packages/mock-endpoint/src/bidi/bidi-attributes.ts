import { parseMockAttributes, type MockAttributesResult } from '../faults/mock-attributes.js';

/** Longest model query string (Smithy `length` trait of ModelQueryString). */
export const MAX_MODEL_QUERY_STRING = 2048;
const QUERY_STRING_PATTERN = /^[a-zA-Z0-9][A-Za-z0-9_-]*=(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+(?:&[a-zA-Z0-9][A-Za-z0-9_-]*=(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})+)*$/;

/**
 * The bidirectional API has no CustomAttributes header: the mock reads its `mock-*` overrides
 * (`mock-fault=stall&mock-fault-after=2&mock-seed=7`) from `X-Amzn-SageMaker-Model-Query-String`,
 * which SageMaker forwards to the container. Other keys are left to the container.
 */
export function parseBidiAttributes(queryString: string | undefined): MockAttributesResult {
  if (queryString === undefined || queryString === '') return parseMockAttributes(undefined);
  if (queryString.length > MAX_MODEL_QUERY_STRING || !QUERY_STRING_PATTERN.test(queryString)) {
    return { ok: false, message: `X-Amzn-SageMaker-Model-Query-String must be at most ${MAX_MODEL_QUERY_STRING} characters of key=value pairs joined by & (percent-encoded values).` };
  }
  const pairs = queryString.split('&').map((pair) => {
    const separator = pair.indexOf('=');
    return `${pair.slice(0, separator)}=${decodeURIComponent(pair.slice(separator + 1))}`;
  });
  return parseMockAttributes(pairs.filter((pair) => !pair.includes(';')).join(';'));
}

/** Smithy pattern and length of `X-Amzn-SageMaker-Model-Invocation-Path`. */
export function isValidInvocationPath(path: string): boolean {
  return path.length <= 100 && /^[A-Za-z0-9\-._]+(?:\/[A-Za-z0-9\-._]+)*$/.test(path);
}
