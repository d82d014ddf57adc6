import type { JournalEntry } from '@sagestream/mock-endpoint';

/** How often {@link waitForMockRequest} asks again. */
const POLL_MS = 50;

/** The mock's request journal as its HTTP API lists it (`GET /_mock/requests`), e.g. through the playground. */
export async function readMockRequests(baseUrl: string): Promise<JournalEntry[]> {
  const response = await fetch(`${baseUrl}/_mock/requests`);
  if (!response.ok) throw new Error(`GET ${baseUrl}/_mock/requests answered ${response.status}.`);
  return (await response.json()) as JournalEntry[];
}

/** Resolves with the newest journal entry matching `predicate`; rejects after `timeoutMs`. */
export async function waitForMockRequest(baseUrl: string, predicate: (entry: JournalEntry) => boolean, options: { timeoutMs?: number } = {}): Promise<JournalEntry> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  for (;;) {
    const entry = (await readMockRequests(baseUrl)).filter(predicate).at(-1);
    if (entry) return entry;
    if (Date.now() > deadline) throw new Error(`No request in ${baseUrl}/_mock/requests matched within ${options.timeoutMs ?? 5000} ms.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
