import type { IncomingHttpHeaders } from 'node:http';

/** The two runtime operations the mock serves. */
export type Operation = 'InvokeEndpointWithResponseStream' | 'InvokeEndpoint';

/** The request body limit of both operations (`BodyBlob` max). */
export const MAX_BODY_BYTES = 6 * 1024 * 1024;

interface Constraint {
  member: string;
  header: string;
  min?: number;
  max: number;
  pattern?: RegExp;
  /** Shown in messages as written in the model. */
  patternText?: string;
  /** Sensitive members are not echoed in messages. */
  sensitive?: boolean;
  ascii?: boolean;
  only?: Operation;
}

const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;
const NAME_PATTERN_TEXT = '^[a-zA-Z0-9](-*[a-zA-Z0-9])*';
const ASCII = /^\p{ASCII}*$/u;
/** `\A\S[\p{Print}]*\z` in Java terms: printable ASCII, not starting with a space. */
const INFERENCE_ID = /^[\x21-\x7e][\x20-\x7e]*$/;

/** Input-member constraints of the SageMaker runtime model (wire spec §2.2). */
const CONSTRAINTS: readonly Constraint[] = [
  { member: 'contentType', header: 'content-type', max: 1024, ascii: true },
  { member: 'accept', header: 'x-amzn-sagemaker-accept', max: 1024, ascii: true, only: 'InvokeEndpointWithResponseStream' },
  { member: 'accept', header: 'accept', max: 1024, ascii: true, only: 'InvokeEndpoint' },
  { member: 'customAttributes', header: 'x-amzn-sagemaker-custom-attributes', max: 1024, ascii: true, sensitive: true },
  { member: 'targetVariant', header: 'x-amzn-sagemaker-target-variant', max: 63 },
  { member: 'targetModel', header: 'x-amzn-sagemaker-target-model', min: 1, max: 1024, only: 'InvokeEndpoint' },
  { member: 'targetContainerHostname', header: 'x-amzn-sagemaker-target-container-hostname', max: 63, pattern: NAME_PATTERN, patternText: NAME_PATTERN_TEXT },
  { member: 'inferenceId', header: 'x-amzn-sagemaker-inference-id', min: 1, max: 64, pattern: INFERENCE_ID, patternText: '\\A\\S[\\p{Print}]*\\z' },
  { member: 'inferenceComponentName', header: 'x-amzn-sagemaker-inference-component', max: 63, pattern: /^[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/, patternText: '^[a-zA-Z0-9]([\\-a-zA-Z0-9]*[a-zA-Z0-9])?$' },
  // InvokeEndpointWithResponseStream cannot create sessions: NEW_SESSION fails this pattern.
  { member: 'sessionId', header: 'x-amzn-sagemaker-session-id', max: 256, pattern: NAME_PATTERN, patternText: `${NAME_PATTERN_TEXT}$`, only: 'InvokeEndpointWithResponseStream' },
  { member: 'sessionId', header: 'x-amzn-sagemaker-session-id', max: 256, pattern: /^(NEW_SESSION)$|^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/, patternText: `^(NEW_SESSION)$|${NAME_PATTERN_TEXT}$`, only: 'InvokeEndpoint' },
];

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

function violation(options: { member: string; value: string | undefined; rule: string }): string {
  const shown = options.value === undefined ? 'Value' : `Value '${options.value}'`;
  return `${shown} at '${options.member}' failed to satisfy constraint: ${options.rule}`;
}

/**
 * Checks the path label and the input headers against the model's constraints and returns the
 * ValidationError message the service would send (Coral style: `1 validation error detected:
 * Value 'x' at 'member' failed to satisfy constraint: …`), or null when the request is valid.
 */
export function validateRequest(options: { operation: Operation; endpointName: string; headers: IncomingHttpHeaders; bodyBytes: number }): string | null {
  const { operation, endpointName, headers, bodyBytes } = options;
  const problems: string[] = [];
  if (endpointName.length > 63) problems.push(violation({ member: 'endpointName', value: endpointName, rule: 'Member must have length less than or equal to 63' }));
  if (!NAME_PATTERN.test(endpointName)) problems.push(violation({ member: 'endpointName', value: endpointName, rule: `Member must satisfy regular expression pattern: ${NAME_PATTERN_TEXT}` }));
  if (bodyBytes > MAX_BODY_BYTES) problems.push(violation({ member: 'body', value: undefined, rule: `Member must have length less than or equal to ${MAX_BODY_BYTES}` }));
  for (const constraint of CONSTRAINTS) {
    if (constraint.only && constraint.only !== operation) continue;
    const value = headerValue(headers, constraint.header);
    if (value === undefined) continue;
    const shown = constraint.sensitive ? undefined : value;
    if (value.length > constraint.max) problems.push(violation({ member: constraint.member, value: shown, rule: `Member must have length less than or equal to ${constraint.max}` }));
    else if (constraint.min !== undefined && value.length < constraint.min) problems.push(violation({ member: constraint.member, value: shown, rule: `Member must have length greater than or equal to ${constraint.min}` }));
    else if (constraint.ascii && !ASCII.test(value)) problems.push(violation({ member: constraint.member, value: shown, rule: 'Member must satisfy regular expression pattern: \\p{ASCII}*' }));
    else if (constraint.pattern && !constraint.pattern.test(value)) problems.push(violation({ member: constraint.member, value: shown, rule: `Member must satisfy regular expression pattern: ${constraint.patternText}` }));
  }
  if (problems.length === 0) return null;
  return `${problems.length} validation error${problems.length === 1 ? '' : 's'} detected: ${problems.join('; ')}`;
}
