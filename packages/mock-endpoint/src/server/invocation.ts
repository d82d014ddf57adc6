import type { EndpointConfig, FaultName } from '../config/mock-config.js';
import type { MockAttributes } from '../faults/mock-attributes.js';
import type { Operation } from '../service/validate-request.js';
import type { JournalEntry } from './journal.js';

/** Everything one invocation needs, resolved from config, headers and custom attributes. */
export interface Invocation {
  requestId: string;
  operation: Operation;
  endpoint: EndpointConfig;
  body: Uint8Array;
  attributes: MockAttributes;
  seed: number;
  fault: { name: FaultName; afterTokens: number } | null;
  entry: JournalEntry;
  startedAt: number;
}
