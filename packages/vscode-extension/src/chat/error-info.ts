import { logStreamUrl, type SerializedError } from '@sagestream/core';
import { isSafeExternalUrl } from '../shared/link-policy.js';
import type { ErrorAction, ErrorInfo } from '../shared/protocol.js';
import type { EndpointProfile } from './endpoint-profile.js';

function numberOf(value: unknown): number | undefined {
  const number = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 0 && number <= 999 ? number : undefined;
}

/**
 * What the chat shows for a failed reply: core's error as a plain object, plus what makes it
 * actionable here — ModelError's original status and a log link, the SSO command and buttons.
 */
export function toErrorInfo(error: SerializedError, profile: EndpointProfile | undefined): ErrorInfo {
  const info: ErrorInfo = { code: error.code, message: error.message };
  if (error.fix) info.fix = error.fix;
  if (error.requestId) info.requestId = error.requestId;
  if (error.statusCode !== undefined) info.statusCode = error.statusCode;
  const details = error.details ?? {};
  if (error.code === 'model-error') {
    const original = numberOf(details.OriginalStatusCode);
    if (original !== undefined) info.originalStatusCode = original;
    if (typeof details.OriginalMessage === 'string') info.originalMessage = details.OriginalMessage.slice(0, 2000);
    const url = typeof details.LogStreamArn === 'string' ? logStreamUrl(details.LogStreamArn) : undefined;
    if (url && isSafeExternalUrl(url)) info.logUrl = url;
  }
  const actions: ErrorAction[] = [];
  if (error.code === 'credentials-expired' || (error.code === 'credentials-missing' && profile?.profile)) {
    actions.push(profile?.profile ? { kind: 'sso-login', profile: profile.profile } : { kind: 'sso-login' });
  }
  if (profile?.source === 'aws' && (error.code === 'credentials-missing' || error.code === 'credentials-expired' || error.code === 'access-denied')) {
    actions.push({ kind: 'use-mock' });
  }
  if (actions.length > 0) info.actions = actions;
  return info;
}

/** The error for a send with no endpoint to send to. */
export function noEndpointError(): ErrorInfo {
  return {
    code: 'no-endpoint',
    message: 'No endpoint is selected.',
    fix: 'Add an endpoint to the `sagestream.endpoints` setting, or use the local mock (`npm start`).',
    actions: [{ kind: 'open-settings' }, { kind: 'use-mock' }],
  };
}
