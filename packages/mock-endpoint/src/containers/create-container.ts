import type { ProfileName } from '../config/mock-config.js';
import type { Container } from './container-types.js';
import { createLmiAsyncContainer } from './lmi-async-container.js';
import { createLmiContainer } from './lmi-container.js';
import { createSglangContainer } from './sglang-container.js';
import { createTgiContainer } from './tgi-container.js';
import { createVllmContainer } from './vllm-container.js';

const containers: Record<ProfileName, Container> = {
  lmi: createLmiContainer('lmi'),
  'lmi-sse': createLmiContainer('lmi-sse'),
  'lmi-legacy': createLmiContainer('lmi-legacy'),
  tgi: createTgiContainer(),
  'lmi-async': createLmiAsyncContainer(),
  vllm: createVllmContainer('current'),
  'vllm-legacy': createVllmContainer('legacy'),
  sglang: createSglangContainer(),
};

/** The container emulation of a profile (containers are stateless and shared). */
export function containerFor(profile: ProfileName): Container {
  return containers[profile];
}
