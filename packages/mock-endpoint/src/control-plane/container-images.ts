/**
 * The container each mock profile stands for, as the control plane shows it: the image URI as AWS
 * publishes it and the environment variables that container reads. Keyed by profile name; profiles
 * not defined on this branch (`lmi-async`, `vllm`, `sglang`) are listed so that they appear
 * correctly as soon as they exist. Sources (image tags and variables):
 * - LMI: deepjavalibrary/djl-serving `serving/docs/lmi/release_notes.md` (0.33.0-lmi15, 0.35.0-lmi17),
 *   `serving/docs/stateful_sessions.md` (async-mode variables); 0.23.0-deepspeed: the 2023 announcement
 *   (`image_uris.retrieve("djl-deepspeed", version="0.23.0")`, configuration in serving.properties).
 * - TGI: huggingface/hub-docs `docs/sagemaker/tgi.md` (2.4.0-tgi3.0.1 image); HF_MODEL_ID,
 *   SM_NUM_GPUS, MAX_INPUT_TOKENS/MAX_TOTAL_TOKENS, MESSAGES_API_ENABLED (TGI launcher `--help`).
 * - vLLM / SGLang DLCs: aws/deep-learning-containers `docs/releasenotes/{vllm,sglang}/*-sagemaker.md`;
 *   `SM_VLLM_*` / `SM_SGLANG_*` variables: aws/model-hosting-container-standards
 *   `docs/sagemaker/01_quickstart.md` and the DLC `sagemaker_entrypoint.sh`.
 */

/** What a profile's container looks like on the control plane. */
export interface ContainerImage {
  /** `Image` of DescribeModel. */
  image: string;
  /** `Environment` of DescribeModel. */
  environment: Record<string, string>;
  /** `ModelDataUrl`, for containers configured by a model artifact rather than variables. */
  modelDataUrl?: string;
  /** The instance type such a deployment typically runs on. */
  instanceType: string;
}

/** What the table entries are computed from. */
export interface ContainerContext {
  region: string;
  accountId: string;
  /** The Hugging Face model id the endpoint serves. */
  modelId: string;
  maxInputTokens: number;
  maxTotalTokens: number;
}

/** The AWS Deep Learning Containers registry (the account that publishes DLCs in most regions). */
const DLC_ACCOUNT = '763104351884';

function dlc(region: string, repositoryAndTag: string): string {
  return `${DLC_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/${repositoryAndTag}`;
}

type ImageBuilder = (context: ContainerContext) => ContainerImage;

const LMI_ROLLING_BATCH = (formatter: string): ImageBuilder => ({ region, modelId }) => ({
  image: dlc(region, 'djl-inference:0.29.0-lmi11.0.0-cu124'),
  environment: { HF_MODEL_ID: modelId, OPTION_ROLLING_BATCH: 'lmi-dist', OPTION_OUTPUT_FORMATTER: formatter, OPTION_MAX_ROLLING_BATCH_SIZE: '32', TENSOR_PARALLEL_DEGREE: 'max' },
  instanceType: 'ml.g5.2xlarge',
});

/** Profile name → its container. */
export const PROFILE_CONTAINERS: Readonly<Record<string, ImageBuilder>> = {
  // The announcement's model: everything is in serving.properties inside the model artifact.
  'lmi-legacy': ({ region, accountId }) => ({
    image: dlc(region, 'djl-inference:0.23.0-deepspeed0.9.5-cu118'),
    environment: {},
    modelDataUrl: `s3://sagemaker-${region}-${accountId}/large-model-lmi/code/mymodel-7B.tar.gz`,
    instanceType: 'ml.g5.2xlarge',
  }),
  lmi: LMI_ROLLING_BATCH('jsonlines'),
  'lmi-sse': LMI_ROLLING_BATCH('sse'),
  tgi: ({ region, modelId, maxInputTokens, maxTotalTokens }) => ({
    image: dlc(region, 'huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0'),
    environment: { HF_MODEL_ID: modelId, SM_NUM_GPUS: '1', MAX_INPUT_TOKENS: String(maxInputTokens), MAX_TOTAL_TOKENS: String(maxTotalTokens) },
    instanceType: 'ml.g5.2xlarge',
  }),
  'lmi-async': ({ region, modelId, maxTotalTokens }) => ({
    image: dlc(region, 'djl-inference:0.35.0-lmi17.0.0-cu128'),
    environment: {
      HF_MODEL_ID: modelId,
      OPTION_ASYNC_MODE: 'true',
      OPTION_ROLLING_BATCH: 'disable',
      OPTION_ENTRYPOINT: 'djl_python.lmi_vllm.vllm_async_service',
      OPTION_MAX_MODEL_LEN: String(maxTotalTokens),
      OPTION_TENSOR_PARALLEL_DEGREE: 'max',
      SERVING_FAIL_FAST: 'true',
    },
    instanceType: 'ml.g6.2xlarge',
  }),
  vllm: ({ region, modelId, maxTotalTokens }) => ({
    image: dlc(region, 'vllm:0.14.0-gpu-py312-cu129-ubuntu22.04-sagemaker'),
    environment: { SM_VLLM_MODEL: modelId, SM_VLLM_MAX_MODEL_LEN: String(maxTotalTokens), SM_VLLM_TENSOR_PARALLEL_SIZE: '1' },
    instanceType: 'ml.g6.2xlarge',
  }),
  sglang: ({ region, modelId, maxTotalTokens }) => ({
    image: dlc(region, 'sglang:0.5.8-gpu-py312-cu129-ubuntu22.04-sagemaker'),
    environment: { SM_SGLANG_MODEL_PATH: modelId, SM_SGLANG_CONTEXT_LENGTH: String(maxTotalTokens), SM_SGLANG_TP_SIZE: '1' },
    instanceType: 'ml.g6.2xlarge',
  }),
};

/** Families tried, in order, for profile names not in the table (e.g. `vllm-reasoning-legacy`). */
const FAMILY_PREFIXES = ['lmi-async', 'lmi', 'tgi', 'vllm', 'sglang'];

/**
 * The container of a profile: its table entry, else the entry of the family its name starts with,
 * else a customer-built image that discovery cannot recognise (as a bring-your-own container).
 */
export function containerForProfile(profile: string, context: ContainerContext): ContainerImage {
  const builder = PROFILE_CONTAINERS[profile] ?? FAMILY_PREFIXES.map((prefix) => (profile.startsWith(prefix) ? PROFILE_CONTAINERS[prefix] : undefined)).find(Boolean);
  if (builder) return builder(context);
  return {
    image: `${context.accountId}.dkr.ecr.${context.region}.amazonaws.com/${profile}-server:latest`,
    environment: { MODEL_ID: context.modelId },
    instanceType: 'ml.g5.2xlarge',
  };
}
