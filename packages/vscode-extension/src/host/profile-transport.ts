import type { StreamTransport } from '@sagestream/core';
import { createSageMakerTransport } from '@sagestream/core/client';
import type { EndpointProfile } from '../chat/endpoint-profile.js';

/** Keys the mock accepts when it does not check signatures (its default; `--auth sigv4` checks them). */
const MOCK_CREDENTIALS = { accessKeyId: 'AKIDSAGESTREAMMOCK', secretAccessKey: 'sagestream-mock' };

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
export function createTransportCache(): TransportCache {
  const cache = new Map<string, StreamTransport>();
  return {
    transportFor(profile) {
      const key = JSON.stringify([profile.source, profile.region, profile.profile, profile.endpointUrl]);
      let transport = cache.get(key);
      if (!transport) {
        if (profile.source === 'mock') {
          // Explicit credentials: the SDK then never resolves AWS_PROFILE's (an SSO login for a local mock).
          transport = createSageMakerTransport({ endpointUrl: profile.endpointUrl, region: profile.region ?? 'us-east-1', credentials: staticCredentials() ?? MOCK_CREDENTIALS, maxAttempts: 1 });
        } else {
          transport = createSageMakerTransport({
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

/** Static keys from the environment (a mock started with `--auth sigv4` checks them), if both are set. */
function staticCredentials(): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } | undefined {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) return undefined;
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
}
