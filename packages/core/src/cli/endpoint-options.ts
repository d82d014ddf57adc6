import { InvalidArgumentError, Option, type Command } from 'commander';
import { createSageMakerTransport } from '../client/sagemaker-transport.js';
import { PROMPT_TEMPLATE_NAMES, type PromptTemplateName } from '../chat/prompt-templates.js';
import type { ChatEndpoint } from '../chat/stream-chat.js';
import { CONTAINER_FORMATS, type ContainerFormat } from '../formats/token-part.js';
import type { StreamTransport } from '../transport/transport.js';

/** The options `invoke` and `chat` share, as commander parses them. */
export interface EndpointCliOptions {
  endpoint: string;
  endpointUrl?: string;
  region?: string;
  profile?: string;
  format: ContainerFormat | 'auto';
  template?: PromptTemplateName;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stop?: string[];
  system?: string;
  customAttributes?: string;
  targetVariant?: string;
  inferenceComponent?: string;
  /** `--no-usage`: do not send `stream_options.include_usage`. */
  usage: boolean;
  /** `chat --session`: run the chat in one stateful session. */
  session?: boolean;
  json?: boolean;
  metrics: boolean;
  /** Budget of format discovery on the control plane, in ms. */
  discoveryTimeout?: number;
}

function number(name: string, check: (value: number) => boolean, expected: string) {
  return (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || !check(parsed)) throw new InvalidArgumentError(`${name} must be ${expected}, got "${value}"`);
    return parsed;
  };
}

/** Adds the endpoint, AWS and generation options to a command. */
export function addEndpointOptions(command: Command): Command {
  return command
    .requiredOption('-e, --endpoint <name>', 'SageMaker endpoint name (with the mock: mock-messages, mock-tgi, mock-lmi, mock-lmi-legacy, mock-lmi-async, mock-vllm, mock-sglang)')
    .option('--endpoint-url <url>', 'runtime endpoint override, e.g. http://127.0.0.1:8080 for the mock (default: AWS_ENDPOINT_URL_SAGEMAKER_RUNTIME)')
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile\'s region)')
    .option('--profile <name>', 'AWS profile (SSO, credential_process and role profiles work)')
    .addOption(new Option('--format <format>', 'container format; decides the request body (auto: read from the control plane, see `sagestream endpoints`)').choices(['auto', ...CONTAINER_FORMATS.filter((format) => format !== 'raw')]).default('auto'))
    .option('--discovery-timeout <ms>', 'time budget of --format auto on the control plane (default 4000)', number('--discovery-timeout', (value) => Number.isInteger(value) && value > 0 && value <= 120_000, 'an integer from 1 to 120000'))
    .addOption(new Option('--template <name>', 'prompt template for inputs-style formats (tgi, lmi, lmi-legacy)').choices([...PROMPT_TEMPLATE_NAMES]))
    .option('--max-tokens <n>', 'maximum tokens to generate', number('--max-tokens', (value) => Number.isInteger(value) && value > 0, 'a positive integer'))
    .option('--temperature <t>', 'sampling temperature (0 = greedy)', number('--temperature', (value) => value >= 0 && value <= 100, 'between 0 and 100'))
    .option('--top-p <p>', 'nucleus sampling', number('--top-p', (value) => value > 0 && value <= 1, 'in (0, 1]'))
    .option('--stop <sequence>', 'stop sequence (repeatable); enforced client-side too', (value: string, previous: string[] = []) => [...previous, value])
    .option('--system <prompt>', 'system prompt')
    .option('--custom-attributes <value>', 'X-Amzn-SageMaker-Custom-Attributes (the mock reads mock-fault=…, mock-seed=… here)')
    .option('--target-variant <name>', 'production variant to invoke (X-Amzn-SageMaker-Target-Variant)')
    .option('--inference-component <name>', 'inference component to invoke (X-Amzn-SageMaker-Inference-Component)')
    .option('--no-usage', 'do not ask Messages API servers for the usage chunk (stream_options.include_usage)')
    .option('--json', 'print NDJSON events (text-delta, message-end with metrics, error) instead of text')
    .option('--no-metrics', 'do not print time-to-first-token and tokens/s on stderr');
}

/** The transport for the parsed options (the official AWS SDK, pointed at the endpoint URL if any). */
export function transportFor(options: EndpointCliOptions): StreamTransport {
  return createSageMakerTransport({
    ...(options.region ? { region: options.region } : {}),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.endpointUrl ? { endpointUrl: options.endpointUrl } : {}),
  });
}

/** The chat endpoint for the parsed options. */
export function endpointFor(options: EndpointCliOptions): ChatEndpoint {
  const parameters = {
    ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
    ...(options.stop?.length ? { stop: options.stop } : {}),
  };
  return {
    endpointName: options.endpoint,
    format: options.format,
    ...(options.template ? { template: options.template } : {}),
    ...(Object.keys(parameters).length > 0 ? { parameters } : {}),
    ...(options.system ? { systemPrompt: options.system } : {}),
    ...(options.customAttributes ? { customAttributes: options.customAttributes } : {}),
    ...(options.targetVariant ? { targetVariant: options.targetVariant } : {}),
    ...(options.inferenceComponent ? { inferenceComponentName: options.inferenceComponent } : {}),
    ...(options.usage === false ? { includeUsage: false } : {}),
  };
}
