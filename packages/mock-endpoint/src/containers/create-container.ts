import type { ProfileName } from '../config/mock-config.js';
import type { Container } from './container-types.js';
import { createLmiContainer } from './lmi-container.js';
import { createTgiContainer } from './tgi-container.js';

const containers: Record<ProfileName, Container> = {
  lmi: createLmiContainer('lmi'),
  'lmi-sse': createLmiContainer('lmi-sse'),
  'lmi-legacy': createLmiContainer('lmi-legacy'),
  tgi: createTgiContainer(),
};

/** The container emulation of a profile (containers are stateless and shared). */
export function containerFor(profile: ProfileName): Container {
  return containers[profile];
}
