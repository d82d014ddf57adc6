import type { ChatMessage, StreamTransport } from '@sagestream/core';
import { formatStats } from '../shared/format-stats.js';
import type { ReplyStats } from '../shared/protocol.js';
import { buildSelectionPrompt } from './editor-prompts.js';
import type { EndpointProfile } from './endpoint-profile.js';
import type { ResolvedEndpoints } from './resolve-endpoints.js';
import { describeError, LanguageModelFailure, streamLanguageModelReply } from './stream-language-model-reply.js';

/** The participant's slash commands (package.json `chatParticipants[].commands`). */
export const PARTICIPANT_COMMANDS = ['endpoint', 'mock'] as const;

/** What the handler writes to (the part of VS Code's `ChatResponseStream` it uses). */
export interface ParticipantStream {
  markdown(text: string): void;
  progress(text: string): void;
  /** Shows what the answer used (the editor selection's location). */
  reference(location: unknown): void;
}

/** A request to `@sagemaker`. */
export interface ParticipantRequest {
  prompt: string;
  command?: string | undefined;
  /** The user attached the selection (`#selection`) or another editor range to the request. */
  attachedSelection?: boolean;
}

/** One earlier turn of this participant's conversation. */
export interface ParticipantTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** The active editor's selection, and its location for `reference`. */
export interface EditorSelection {
  code: string;
  languageId: string;
  fileName: string;
  startLine: number;
  endLine: number;
  location: unknown;
}

/** What the participant needs from the extension: the panel's endpoint state, transports, the editor. */
export interface ParticipantContext {
  endpoints(): ResolvedEndpoints;
  /** The endpoint selected in the panel (the participant answers with it). */
  activeProfile(): EndpointProfile | undefined;
  selectEndpoint(id: string): void;
  /** Switches to the local mock (the `sagestream.useMock` setting); resolves with its URL. */
  useMock(): Promise<string>;
  transportFor(profile: EndpointProfile): StreamTransport;
  selection(): EditorSelection | undefined;
}

/** `ChatResult`: metadata for the follow-up, and the error when the reply failed. */
export interface ParticipantResult {
  metadata: { command?: string; endpointId?: string; stats?: ReplyStats; statsLine?: string; status?: 'complete' | 'stopped' };
  errorDetails?: { message: string; responseIsIncomplete?: boolean };
}

/** Prompts that are about "the selection" / "this code". */
const ABOUT_SELECTION = /\b(selection|selected|highlighted)\b|\bthis (code|function|method|class|snippet|line|lines|block)\b/i;

/** Whether a prompt asks about the editor selection. */
export function asksAboutSelection(prompt: string): boolean {
  return ABOUT_SELECTION.test(prompt);
}

function findProfile(profiles: readonly EndpointProfile[], wanted: string): EndpointProfile | undefined {
  const name = wanted.trim().toLowerCase();
  return profiles.find((profile) => profile.id.toLowerCase() === name) ?? profiles.find((profile) => profile.label.toLowerCase() === name) ?? profiles.find((profile) => profile.endpointName.toLowerCase() === name);
}

function endpointList(resolved: ResolvedEndpoints, activeId: string | undefined): string {
  const lines = resolved.profiles.map((profile) => `- \`${profile.id}\`${profile.id === activeId ? ' (selected)' : ''}`);
  return `${resolved.mode === 'mock' ? `Endpoints of the local mock at ${resolved.mockUrl}` : 'Configured SageMaker endpoints'}:\n\n${lines.join('\n')}\n\nSwitch with \`/endpoint NAME\`.`;
}

/**
 * Answers one `@sagemaker` request: `/endpoint [NAME]` lists or switches the endpoint, `/mock`
 * switches to the local mock, anything else streams the selected endpoint's answer as Markdown
 * (with the editor selection when the prompt is about it) and ends with the reply's stats in the
 * result (the follow-up shows them). Never throws: failures are the result's `errorDetails`.
 */
export async function answerChatRequest(context: ParticipantContext, request: ParticipantRequest, history: readonly ParticipantTurn[], stream: ParticipantStream, signal: AbortSignal): Promise<ParticipantResult> {
  if (request.command === 'endpoint') {
    const resolved = context.endpoints();
    if (request.prompt.trim() === '') {
      stream.markdown(endpointList(resolved, context.activeProfile()?.id));
      return { metadata: { command: 'endpoint' } };
    }
    const profile = findProfile(resolved.profiles, request.prompt);
    if (!profile) {
      stream.markdown(`No endpoint is called \`${request.prompt.trim().slice(0, 200)}\`.\n\n${endpointList(resolved, context.activeProfile()?.id)}`);
      return { metadata: { command: 'endpoint' } };
    }
    context.selectEndpoint(profile.id);
    stream.markdown(`Now answering with **${profile.label}** (\`${profile.endpointName}\`${profile.source === 'mock' ? ', local mock' : ''}).`);
    return { metadata: { command: 'endpoint', endpointId: profile.id } };
  }
  if (request.command === 'mock') {
    const url = await context.useMock();
    stream.markdown(`Now answering with the local mock at ${url} (start it with \`npm start\`). Pick one of its endpoints with \`/endpoint\`.`);
    return { metadata: { command: 'mock' } };
  }

  const profile = context.activeProfile();
  if (!profile) {
    const message = 'No endpoint is selected: add one to the `sagestream.endpoints` setting, or switch to the local mock with `/mock`.';
    return { metadata: {}, errorDetails: { message } };
  }
  let prompt = request.prompt;
  const selection = request.attachedSelection || asksAboutSelection(prompt) ? context.selection() : undefined;
  if (selection) {
    stream.reference(selection.location);
    prompt = buildSelectionPrompt({ ...selection, question: prompt });
  }
  const messages: ChatMessage[] = [...history.filter((turn) => turn.text.trim() !== '').map((turn) => ({ role: turn.role, content: turn.text })), { role: 'user', content: prompt }];
  stream.progress(`Asking ${profile.label}…`);
  let transport: StreamTransport;
  try {
    transport = context.transportFor(profile);
  } catch (error) {
    return { metadata: { endpointId: profile.id }, errorDetails: { message: `${error instanceof Error ? error.message : String(error)}\nFix: Check this endpoint in the sagestream.endpoints setting.` } };
  }
  try {
    const { status, stats } = await streamLanguageModelReply({ transport, profile, messages, signal, onText: (text) => stream.markdown(text) });
    return { metadata: { endpointId: profile.id, stats, statsLine: formatStats(stats), status } };
  } catch (error) {
    const message = error instanceof LanguageModelFailure ? describeError(error.info) : String(error);
    return { metadata: { endpointId: profile.id }, errorDetails: { message, responseIsIncomplete: true } };
  }
}

/** The follow-up after an answer: "Continue", labelled with the reply's stats line. */
export function followupsFor(result: Partial<ParticipantResult>): { prompt: string; label: string }[] {
  // VS Code also hands over results it made itself (a request that never reached the handler): no metadata.
  const { statsLine, status } = result.metadata ?? {};
  if (!statsLine) return [];
  return [{ prompt: status === 'stopped' ? 'Please finish your previous answer.' : 'Continue.', label: `Continue · ${statsLine}` }];
}
