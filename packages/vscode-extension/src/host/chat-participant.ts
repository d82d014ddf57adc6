import * as vscode from 'vscode';
import { answerChatRequest, followupsFor, type EditorSelection, type ParticipantContext, type ParticipantResult, type ParticipantTurn } from '../chat/participant-handler.js';

/** The participant's id (package.json `chatParticipants`); users call it `@sagemaker`. */
export const CHAT_PARTICIPANT_ID = 'sagestream.sagemaker';

/** The active editor's selection, if there is one. */
export function activeSelection(): EditorSelection | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.selection.isEmpty) return undefined;
  const { document, selection } = editor;
  return {
    code: document.getText(selection),
    languageId: document.languageId,
    fileName: document.isUntitled ? document.fileName : vscode.workspace.asRelativePath(document.uri, false),
    startLine: selection.start.line + 1,
    endLine: selection.end.line + 1 - (selection.end.character === 0 && selection.end.line > selection.start.line ? 1 : 0),
    location: new vscode.Location(document.uri, selection),
  };
}

/** This participant's earlier turns, as text. */
function historyOf(context: vscode.ChatContext): ParticipantTurn[] {
  const turns: ParticipantTurn[] = [];
  for (const turn of context.history) {
    if (turn.participant !== CHAT_PARTICIPANT_ID) continue;
    if (turn instanceof vscode.ChatRequestTurn) {
      if (!turn.command) turns.push({ role: 'user', text: turn.prompt });
    } else if (turn instanceof vscode.ChatResponseTurn && !turn.result.metadata?.command) {
      const text = turn.response.map((part) => (part instanceof vscode.ChatResponseMarkdownPart ? part.value.value : '')).join('');
      turns.push({ role: 'assistant', text });
    }
  }
  return turns;
}

/** Registers `@sagemaker` in VS Code's Chat view: thin glue around src/chat/participant-handler.ts. */
export function registerChatParticipant(context: ParticipantContext, extensionUri: vscode.Uri): vscode.Disposable {
  const participant = vscode.chat.createChatParticipant(CHAT_PARTICIPANT_ID, async (request, chatContext, stream, token): Promise<ParticipantResult> => {
    const controller = new AbortController();
    const cancelled = token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
    try {
      return await answerChatRequest(
        context,
        { prompt: request.prompt, command: request.command, attachedSelection: request.references.some((reference) => reference.value instanceof vscode.Location) },
        historyOf(chatContext),
        { markdown: (text) => stream.markdown(text), progress: (text) => stream.progress(text), reference: (location) => stream.reference(location as vscode.Location) },
        controller.signal,
      );
    } finally {
      cancelled.dispose();
    }
  });
  participant.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'icon.png');
  participant.followupProvider = { provideFollowups: (result) => followupsFor(result as ParticipantResult) };
  return participant;
}
