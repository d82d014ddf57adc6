import * as vscode from 'vscode';
import { createDiscoveryClient, type DiscoveryClient } from '@sagestream/core/client';
import type { ChatController } from '../chat/chat-controller.js';
import { entryToKeepActive, toEndpointPickItems, type EndpointChoice, type EndpointPickItem } from '../chat/endpoint-choices.js';
import { toEndpointOption, type ProfileFormat } from '../chat/endpoint-profile.js';
import { resolveEndpoints } from '../chat/resolve-endpoints.js';
import { upsertEndpointSetting, type AwsTarget } from '../chat/upsert-endpoint-setting.js';
import { readAwsTarget, readSettings, SETTINGS_SECTION, updateSetting } from './read-settings.js';

/** SageMaker's EndpointName rule. */
const ENDPOINT_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
/** The picker shows its busy state while it waits, so it can wait longer than the CLI (an SSO token refresh, a busy machine). */
const PICKER_TIMEOUT_MS = 15_000;
/** Environment variables the mock may need (static keys for `--auth sigv4`); never a profile. */
const MOCK_ENV_KEYS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'] as const;

interface Item extends vscode.QuickPickItem {
  pick?: EndpointPickItem;
  /** An endpoint already in the settings. */
  profileId?: string;
}

/** Options of {@link runEndpointPicker}. */
export interface EndpointPickerOptions {
  controller: ChatController;
  log: vscode.LogOutputChannel;
  env?: Record<string, string | undefined>;
}

function discoveryFor(controller: ChatController, env: Record<string, string | undefined>): { client: DiscoveryClient; mock: boolean; target: AwsTarget; where: string } {
  if (controller.endpoints.mode === 'mock') {
    const mockEnv = Object.fromEntries(MOCK_ENV_KEYS.filter((name) => env[name]).map((name) => [name, env[name]]));
    return { client: createDiscoveryClient({ endpointUrl: controller.endpoints.mockUrl, region: 'us-east-1', env: mockEnv, timeoutMs: PICKER_TIMEOUT_MS }), mock: true, target: {}, where: `the local mock at ${controller.endpoints.mockUrl}` };
  }
  const target = readAwsTarget();
  const where = [target.profile ? `profile ${target.profile}` : 'default profile', target.region ?? 'default region'].join(' · ');
  return { client: createDiscoveryClient({ env, ...target, timeoutMs: PICKER_TIMEOUT_MS }), mock: false, target, where };
}

/** Applies the settings now (the configuration event may still be on its way) and selects the endpoint. */
function selectWhenKnown(controller: ChatController, id: string): void {
  if (!controller.endpoints.profiles.some((profile) => profile.id === id)) controller.setEndpoints(resolveEndpoints(readSettings()));
  controller.selectEndpoint(id);
}

/**
 * "SageStream: Select Endpoint": lists the endpoints of the configured profile and region (or of
 * the mock, when it is the target) from the control plane, with model, instances and detected
 * format, plus the configured ones and "Enter a name…". The choice is remembered in the settings
 * with its detected format (`sagestream.endpoints`, `sagestream.defaultEndpoint`).
 */
export async function runEndpointPicker(options: EndpointPickerOptions): Promise<void> {
  const { controller, log } = options;
  const env = options.env ?? process.env;
  const { client, mock, target, where } = discoveryFor(controller, env);
  const quickPick = vscode.window.createQuickPick<Item>();
  quickPick.title = `SageStream endpoint — ${where}`;
  quickPick.placeholder = 'Reading the endpoints from the SageMaker control plane…';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  const active = controller.activeProfile()?.id;
  const configured = (): Item[] => controller.endpoints.profiles.map((profile) => ({ label: profile.label, description: toEndpointOption(profile).detail, profileId: profile.id, ...(profile.id === active ? { detail: '$(check) current' } : {}) }));
  const enterName: Item = { label: '$(edit) Enter a name…', description: 'an endpoint this list does not show', pick: { label: 'Enter a name…', description: '', enterName: true } };
  quickPick.items = [...configured(), enterName];
  quickPick.busy = true;
  // Listing can take seconds (an SSO refresh, a far region): clicking elsewhere meanwhile must not
  // throw the picker away. Esc still closes it.
  quickPick.ignoreFocusOut = true;
  const chosen = new Promise<Item | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0] ?? quickPick.activeItems[0]));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.show();
  client
    .listEndpoints()
    .then((endpoints) => {
      const discovered = toEndpointPickItems(endpoints)
        .filter((item) => !item.enterName)
        .map((pick): Item => ({ label: pick.label, description: pick.description, ...(pick.detail ? { detail: pick.detail } : {}), pick }));
      // The mock's profiles are its own endpoints (labelled "endpoint · component"): list each once.
      const key = (endpointName: string, component: string | undefined): string => `${endpointName}/${component ?? ''}`;
      const listed = new Set(discovered.map((item) => (mock && item.pick?.choice ? key(item.pick.choice.endpointName, item.pick.choice.inferenceComponentName) : item.label)));
      const profiles = new Map(controller.endpoints.profiles.map((profile) => [profile.id, profile]));
      const others = configured().filter((item) => {
        const profile = item.profileId ? profiles.get(item.profileId) : undefined;
        return !listed.has(mock && profile ? key(profile.endpointName, profile.inferenceComponentName) : item.label);
      });
      // The same endpoint, whether listed from the settings or from discovery.
      const identity = (item: Item): string | undefined => {
        if (item.pick?.enterName) return 'enter-name';
        if (item.pick?.choice) return mock ? key(item.pick.choice.endpointName, item.pick.choice.inferenceComponentName) : item.label;
        const profile = item.profileId ? profiles.get(item.profileId) : undefined;
        return profile ? (mock ? key(profile.endpointName, profile.inferenceComponentName) : item.label) : undefined;
      };
      const before = quickPick.items;
      const active = quickPick.activeItems[0];
      const after: Item[] = [
        ...discovered,
        ...(others.length > 0 ? [{ label: 'configured', kind: vscode.QuickPickItemKind.Separator } as Item, ...others] : []),
        enterName,
      ];
      quickPick.items = after;
      const keep = entryToKeepActive({ before, active, after, key: identity });
      if (keep) quickPick.activeItems = [keep];
      quickPick.placeholder = discovered.length > 0 ? `${discovered.length} endpoint(s) in service — model · instances · detected format` : `No endpoints in service on ${where}`;
    })
    .catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      log.warn(`Endpoint discovery on ${where} failed: ${message}`);
      quickPick.placeholder = `Could not list endpoints (${message}). Pick a configured one or enter a name.`;
    })
    .finally(() => {
      quickPick.busy = false;
    });
  try {
    const item = await chosen;
    quickPick.hide();
    if (!item) return;
    if (item.profileId) return controller.selectEndpoint(item.profileId);
    let choice = item.pick?.choice;
    if (item.pick?.enterName) {
      const name = await vscode.window.showInputBox({
        title: 'SageMaker endpoint name',
        prompt: `An endpoint on ${where}`,
        validateInput: (value) => (ENDPOINT_NAME.test(value.trim()) ? undefined : 'Letters, digits and hyphens, up to 63 characters.'),
      });
      if (!name) return;
      const result = await client.discoverFormat({ endpointName: name.trim() });
      if (!result.ok) {
        log.warn(`Format detection for ${name.trim()}: ${result.notice}`);
        void vscode.window.showWarningMessage(`SageStream: ${result.notice}`);
      }
      const format: ProfileFormat = result.ok && result.inference.confidence === 'image' ? (result.inference.format as ProfileFormat) : 'auto';
      choice = { endpointName: name.trim(), format, ...(result.ok && result.inference.template ? { template: result.inference.template } : {}) };
    }
    if (choice) await remember({ controller, choice, mock, target, log });
  } finally {
    quickPick.dispose();
    client.destroy();
  }
}

async function remember(options: { controller: ChatController; choice: EndpointChoice; mock: boolean; target: AwsTarget; log: vscode.LogOutputChannel }): Promise<void> {
  const { controller, choice, mock, target, log } = options;
  if (mock) {
    // The mock's profiles are per endpoint, or per inference component (id "endpoint/component").
    const profile = controller.endpoints.profiles.find((candidate) => candidate.endpointName === choice.endpointName && candidate.inferenceComponentName === choice.inferenceComponentName);
    if (!profile) {
      void vscode.window.showWarningMessage(`SageStream: the mock has no endpoint "${choice.endpointName}${choice.inferenceComponentName ? ` / ${choice.inferenceComponentName}` : ''}".`);
      return;
    }
    await updateSetting('defaultEndpoint', profile.id);
    selectWhenKnown(controller, profile.id);
    return;
  }
  const current = vscode.workspace.getConfiguration(SETTINGS_SECTION).get<unknown>('endpoints');
  const { endpoints, label } = upsertEndpointSetting(current, choice, target);
  await updateSetting('endpoints', endpoints);
  await updateSetting('defaultEndpoint', label);
  log.info(`Endpoint ${label}: format ${choice.format}${choice.reason ? ` (${choice.reason})` : ''}; saved in sagestream.endpoints.`);
  selectWhenKnown(controller, label);
}
