import type { PromptTemplateName } from '../chat/prompt-templates.js';
import type { ContainerFormat } from '../formats/token-part.js';
import { parseImageUri } from './parse-image-uri.js';
import { templateForModel } from './template-for-model.js';

/** What the control plane says about the container serving an endpoint or inference component. */
export interface ContainerDescription {
  /** The image URI (DescribeModel `PrimaryContainer.Image`, or an inference component's `Container.Image`). */
  image: string;
  /** The container's environment variables. */
  environment?: Readonly<Record<string, string>>;
  /** `ModelDataUrl`, when the model ships its configuration (e.g. serving.properties) in an artifact. */
  modelDataUrl?: string;
}

/** Container families SageStream recognises from an image. */
export type ContainerFamily = 'lmi-legacy' | 'lmi-rolling-batch' | 'lmi-async' | 'tgi' | 'vllm' | 'sglang' | 'unknown';

/** The request format to use for a container, and why. */
export interface FormatInference {
  /** The format to build the request body for and decode the reply as. */
  format: ContainerFormat;
  family: ContainerFamily;
  /** A short human name of the container, e.g. `DeepSpeed on LMI 0.23.0`. */
  familyLabel: string;
  /** `image`: read from a recognised image; `guess`: the image is unknown, so the format is a probe. */
  confidence: 'image' | 'guess';
  /** One sentence a user can check, e.g. `djl-inference 0.23.0 image without OPTION_ROLLING_BATCH → LMI legacy JSON Lines`. */
  reason: string;
  /** The model the container serves, when its environment names it. */
  modelId?: string;
  /** The prompt template for `{"inputs"}` bodies, from the model id. */
  template?: PromptTemplateName;
  /** Retried once when the container rejects the first body (HTTP 4xx / ModelError 424). */
  fallback?: { format: ContainerFormat; reason: string };
}

/** Environment variables that name the served model, per container family. */
const MODEL_ID_VARIABLES = ['HF_MODEL_ID', 'SM_VLLM_MODEL', 'SM_SGLANG_MODEL_PATH', 'OPTION_MODEL_ID', 'MODEL_ID'];
/** First djl-serving release whose LMI images roll batches by default (LMI 0.24.0, Oct 2023). */
const LMI_ROLLING_BATCH_DEFAULT: Version = [0, 24, 0];
/** First LMI with the chat completions schema (`{"messages"}`) on rolling batch (djl-serving 0.27.0 / LMI v9). */
const LMI_CHAT_COMPLETIONS: Version = [0, 27, 0];
/** First LMI whose vLLM handler runs in async mode by default (djl-serving 0.35.0 / LMI v17, release notes). */
const LMI_ASYNC_DEFAULT: Version = [0, 35, 0];

type Version = [number, number, number];

function parseVersion(text: string | undefined): Version | undefined {
  const match = text ? /^v?(\d+)\.(\d+)(?:\.(\d+))?/.exec(text) : null;
  return match ? [Number(match[1]), Number(match[2]), Number(match[3] ?? 0)] : undefined;
}

function atLeast(version: Version, minimum: Version): boolean {
  for (let index = 0; index < 3; index++) if (version[index] !== minimum[index]) return version[index]! > minimum[index]!;
  return true;
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(true|1|yes)$/i.test(value.trim());
}

function withModel(inference: FormatInference, environment: Readonly<Record<string, string>>): FormatInference {
  const modelId = MODEL_ID_VARIABLES.map((name) => environment[name]).find((value) => value !== undefined && value !== '');
  const template = templateForModel(modelId);
  return { ...inference, ...(modelId ? { modelId } : {}), ...(template ? { template } : {}) };
}

/** LMI engines, from the tag after the djl-serving version (`0.23.0-deepspeed0.9.5-cu118`, `0.33.0-tensorrtllm0.21.0-cu128`). */
function lmiEngine(tag: string): string {
  if (/-lmi\d/.test(tag)) return 'vLLM/lmi-dist';
  if (/tensorrtllm/.test(tag)) return 'TensorRT-LLM';
  if (/neuronx/.test(tag)) return 'Neuron';
  if (/deepspeed/.test(tag)) return 'DeepSpeed';
  if (/fastertransformer/.test(tag)) return 'FasterTransformer';
  return 'LMI';
}

function inferLmi(tag: string, environment: Readonly<Record<string, string>>): FormatInference {
  const version = parseVersion(tag) ?? LMI_ASYNC_DEFAULT;
  const label = `${lmiEngine(tag)} on LMI ${version.join('.')}`;
  const image = `djl-inference ${version.join('.')} image`;
  const rollingBatch = environment.OPTION_ROLLING_BATCH?.trim().toLowerCase();
  const formatter = environment.OPTION_OUTPUT_FORMATTER?.trim().toLowerCase();
  const explicitAsync = isTrue(environment.OPTION_ASYNC_MODE) || /vllm_async_service/.test(environment.OPTION_ENTRYPOINT ?? '');
  const defaultAsync = atLeast(version, LMI_ASYNC_DEFAULT) && /-lmi\d/.test(tag) && (rollingBatch === undefined || rollingBatch === 'disable');
  if (explicitAsync || defaultAsync) {
    const why = explicitAsync ? 'with OPTION_ASYNC_MODE / the vllm_async_service entrypoint' : 'without OPTION_ROLLING_BATCH (async is the default from LMI v17)';
    return {
      format: 'messages',
      family: 'lmi-async',
      familyLabel: `${label}, async mode`,
      confidence: 'image',
      reason: `${image} ${why} → vLLM async mode: Messages API body, chat.completion.chunk JSON Lines`,
      fallback: { format: 'lmi', reason: 'the model may have no chat template: retrying once with an {"inputs"} body (token JSON Lines)' },
    };
  }
  const rolling = (rollingBatch !== undefined && rollingBatch !== 'disable') || (rollingBatch === undefined && atLeast(version, LMI_ROLLING_BATCH_DEFAULT));
  if (!rolling) {
    const why = rollingBatch === 'disable' ? 'with OPTION_ROLLING_BATCH=disable' : 'without OPTION_ROLLING_BATCH';
    return {
      format: 'lmi-legacy',
      family: 'lmi-legacy',
      familyLabel: label,
      confidence: 'image',
      reason: `${image} ${why} → LMI legacy JSON Lines ({"outputs": [...]}), {"inputs"} body`,
    };
  }
  const batch = rollingBatch ? `OPTION_ROLLING_BATCH=${rollingBatch}` : 'rolling batch (the default since 0.24)';
  if (isTrue(environment.OPTION_TGI_COMPAT)) {
    return { format: 'tgi', family: 'lmi-rolling-batch', familyLabel: label, confidence: 'image', reason: `${image} with ${batch} and OPTION_TGI_COMPAT=true → TGI-compatible SSE, {"inputs"} body` };
  }
  if (formatter !== undefined) {
    return {
      format: 'lmi',
      family: 'lmi-rolling-batch',
      familyLabel: label,
      confidence: 'image',
      reason: `${image} with ${batch} and OPTION_OUTPUT_FORMATTER=${formatter} → LMI token ${formatter === 'sse' ? 'SSE' : 'JSON Lines'}, {"inputs"} body`,
    };
  }
  if (atLeast(version, LMI_CHAT_COMPLETIONS)) {
    return {
      format: 'messages',
      family: 'lmi-rolling-batch',
      familyLabel: label,
      confidence: 'image',
      reason: `${image} with ${batch} and no OPTION_OUTPUT_FORMATTER → chat completions schema: Messages API body, chat.completion.chunk JSON Lines`,
      fallback: { format: 'lmi', reason: 'the model may have no chat template: retrying once with an {"inputs"} body (token JSON Lines)' },
    };
  }
  return { format: 'lmi', family: 'lmi-rolling-batch', familyLabel: label, confidence: 'image', reason: `${image} with ${batch} → LMI token JSON Lines, {"inputs"} body` };
}

function inferTgi(tag: string | undefined, environment: Readonly<Record<string, string>>): FormatInference {
  const version = tag ? /tgi(\d+\.\d+(?:\.\d+)?)/.exec(tag)?.[1] ?? parseVersion(tag)?.join('.') : undefined;
  const label = `TGI${version ? ` ${version}` : ''}, legacy`;
  const image = `TGI${version ? ` ${version}` : ''} image`;
  if (isTrue(environment.MESSAGES_API_ENABLED)) {
    return {
      format: 'messages',
      family: 'tgi',
      familyLabel: label,
      confidence: 'image',
      reason: `${image} with MESSAGES_API_ENABLED=true → Messages API body, chat.completion.chunk SSE`,
      fallback: { format: 'tgi', reason: 'retrying once with an {"inputs", "stream": true} body' },
    };
  }
  return { format: 'tgi', family: 'tgi', familyLabel: label, confidence: 'image', reason: `${image} without MESSAGES_API_ENABLED → /invocations is generate: {"inputs", "stream": true} body, generate_stream SSE` };
}

/**
 * Infers the request format of a SageMaker container from what the control plane returns — its
 * image URI (repository and tag) and environment — with the reason, so that `--format auto`
 * sends each container the body it accepts. Pure: no I/O. Unknown images get the Messages API
 * (most current servers accept it) with an `{"inputs"}` fallback to retry once.
 *
 * @example
 * inferFormat({ image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.23.0-deepspeed0.9.5-cu118' }).format; // 'lmi-legacy'
 */
export function inferFormat(container: ContainerDescription): FormatInference {
  const environment = container.environment ?? {};
  const { name, tag, repository } = parseImageUri(container.image);
  const repo = name.toLowerCase();
  if (repo === 'djl-inference' || repo === 'djl-serving' || repo.startsWith('djl-')) return withModel(inferLmi(tag ?? '', environment), environment);
  if (repo.includes('tgi') || repo === 'text-generation-inference' || /(^|-)tgi\d/.test(tag ?? '')) return withModel(inferTgi(tag, environment), environment);
  if (repo === 'vllm' || repo === 'vllm-openai' || repository.endsWith('/vllm')) {
    return withModel({ format: 'messages', family: 'vllm', familyLabel: `vLLM${tag ? ` ${parseVersion(tag)?.join('.') ?? tag}` : ''}`, confidence: 'image', reason: `vLLM image → /invocations routes chat bodies to the OpenAI server: Messages API body, raw OpenAI SSE` }, environment);
  }
  if (repo === 'sglang' || repository.endsWith('/sglang')) {
    return withModel({ format: 'messages', family: 'sglang', familyLabel: `SGLang${tag ? ` ${parseVersion(tag)?.join('.') ?? tag}` : ''}`, confidence: 'image', reason: 'SGLang image → /invocations is chat completions: Messages API body, raw OpenAI SSE' }, environment);
  }
  return withModel(
    {
      format: 'messages',
      family: 'unknown',
      familyLabel: `unknown image ${name}${tag ? `:${tag}` : ''}`,
      confidence: 'guess',
      reason: `image ${name}${tag ? `:${tag}` : ''} is not one SageStream knows → trying the Messages API body first`,
      fallback: { format: 'lmi-legacy', reason: 'retrying once with an {"inputs"} body' },
    },
    environment,
  );
}

/** What `--format auto` does when the control plane cannot be read: probe, as for an unknown image. */
export function probeFormat(why: string): FormatInference {
  return {
    format: 'messages',
    family: 'unknown',
    familyLabel: 'not discovered',
    confidence: 'guess',
    reason: `${why} → trying the Messages API body first`,
    fallback: { format: 'lmi-legacy', reason: 'retrying once with an {"inputs"} body' },
  };
}
