import type { StreamTransport } from '@sagestream/core';
import { createSageMakerTransport } from '@sagestream/core/client';
import type { EndpointProfile } from '../chat/endpoint-profile.js';

/** Environment variables the mock may need (static keys for `--auth sigv4`); never a profile. */
const MOCK_ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

/** Transports per region/profile/URL, reused across replies (an SDK client is not free to build). */
export interface TransportCache {
  transportFor(profile: EndpointProfile): StreamTransport;
  /** Forgets every transport (settings changed, or credentials were refreshed). */
  clear(): void;
}

/**
 * Builds transports over the official AWS SDK (SigV4, profiles, SSO, retries) in the extension
 * host; credentials stay in this process. The mock gets the same SDK path with loopback dummy
 * credentials — and never the user's AWS_PROFILE, which could demand an SSO login for a local mock.
 */
export function createTransportCache(options: { env?: Record<string, string | undefined> } = {}): TransportCache {
  const env = options.env ?? process.env;
  const cache = new Map<string, StreamTransport>();
  return {
    transportFor(profile) {
      const key = JSON.stringify([profile.source, profile.region, profile.profile, profile.endpointUrl]);
      let transport = cache.get(key);
      if (!transport) {
        if (profile.source === 'mock') {
          const mockEnv = Object.fromEntries(MOCK_ENV_KEYS.filter((name) => env[name]).map((name) => [name, env[name]]));
          transport = createSageMakerTransport({ endpointUrl: profile.endpointUrl, region: profile.region ?? 'us-east-1', env: mockEnv, maxAttempts: 1 });
        } else {
          transport = createSageMakerTransport({
            env,
            ...(profile.region ? { region: profile.region } : {}),
            ...(profile.profile ? { profile: profile.profile } : {}),
            ...(profile.endpointUrl ? { endpointUrl: profile.endpointUrl } : {}),
          });
        }
        cache.set(key, transport);
      }
      return transport;
    },
    clear: () => cache.clear(),
  };
}
