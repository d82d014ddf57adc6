import { startServer, type MockServer } from '@sagestream/mock-endpoint';

/** A reply long enough (about 700 tokens) that Stop always lands mid-stream. */
export const LONG_STORY = Array.from({ length: 30 }, (_, index) => `Chapter ${index + 1}: the stream carried another token across the wire, and the reader kept up with every one of them.`).join('\n\n');

/**
 * Starts the mock SageMaker runtime inside the extension host, on a free loopback port. Its
 * `mock-messages` endpoint streams a token every ~15 ms (so a reply takes a few visible steps) and
 * tells a long story when asked for one.
 */
export function startTestMock(): Promise<MockServer> {
  return startServer({
    port: 0,
    config: {
      seed: 7,
      endpoints: {
        'mock-messages': {
          latency: { timeToFirstToken: 80, interToken: 15 },
          reply: { mode: 'scripted', rules: [{ match: 'long story', flags: 'i', reply: LONG_STORY }], fallback: 'corpus' },
        },
      },
    },
  });
}
