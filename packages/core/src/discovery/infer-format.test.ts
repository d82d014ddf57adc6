import { describe, expect, it } from 'vitest';
import { buildRequestBody } from '../chat/request-body.js';
import { inferFormat, probeFormat, type ContainerDescription } from './infer-format.js';
import { parseImageUri } from './parse-image-uri.js';

// Golden cases: image URIs and environments as AWS and the container projects publish them.
// Each case names its source; the expected format is what that container accepts on /invocations
// (wire spec §10, §13.4).
interface GoldenCase {
  source: string;
  container: ContainerDescription;
  expected: { format: string; family: string; reason: RegExp; template?: string; fallback?: string; modelId?: string };
}

const GOLDEN: Record<string, GoldenCase> = {
  'LMI 0.23 DeepSpeed, configured by serving.properties (the 2023 announcement)': {
    source:
      'AWS ML blog 2023-09-01 (image_uris.retrieve("djl-deepspeed", version="0.23.0")); a recorded DescribeModel of that deployment ' +
      '(sagemaker-core unit test "lmi-model-falcon-7b": Environment {}, ModelDataUrl …/code/mymodel-7B.tar.gz)',
    container: {
      image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.23.0-deepspeed0.9.5-cu118',
      environment: {},
      modelDataUrl: 's3://sagemaker-us-west-2-616250812882/session-default-prefix/large-model-lmi/code/mymodel-7B.tar.gz',
    },
    expected: { format: 'lmi-legacy', family: 'lmi-legacy', reason: /djl-inference 0\.23\.0 image without OPTION_ROLLING_BATCH → LMI legacy JSON Lines/ },
  },
  'LMI 0.23 with the announcement\'s options as environment variables (rolling_batch=auto, output_formatter=jsonlines)': {
    source: 'AWS ML blog 2023-09-01 serving.properties; djl-serving vllm_user_guide.md: "option.<config>" ≡ "OPTION_<CONFIG>" environment variable',
    container: {
      image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.23.0-deepspeed0.9.5-cu118',
      environment: { HF_MODEL_ID: 'tiiuae/falcon-7b-instruct', OPTION_ROLLING_BATCH: 'auto', OPTION_OUTPUT_FORMATTER: 'jsonlines', OPTION_TENSOR_PARALLEL_DEGREE: '1' },
    },
    expected: { format: 'lmi', family: 'lmi-rolling-batch', reason: /OPTION_ROLLING_BATCH=auto and OPTION_OUTPUT_FORMATTER=jsonlines → LMI token JSON Lines/, template: 'falcon', modelId: 'tiiuae/falcon-7b-instruct' },
  },
  'LMI v15 (vLLM) in async mode': {
    source: 'djl-serving serving/docs/lmi/release_notes.md (djl-inference:0.33.0-lmi15.0.0-cu128); AWS sample notebook lmi_env for Qwen2.5-VL (OPTION_ASYNC_MODE, OPTION_ENTRYPOINT)',
    container: {
      image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.33.0-lmi15.0.0-cu128',
      environment: {
        SERVING_FAIL_FAST: 'true',
        OPTION_ASYNC_MODE: 'true',
        OPTION_ROLLING_BATCH: 'disable',
        HF_MODEL_ID: 'Qwen/Qwen2.5-VL-7B-Instruct',
        OPTION_MAX_MODEL_LEN: '4096',
        OPTION_TENSOR_PARALLEL_DEGREE: 'max',
        OPTION_ENTRYPOINT: 'djl_python.lmi_vllm.vllm_async_service',
      },
    },
    expected: { format: 'messages', family: 'lmi-async', reason: /OPTION_ASYNC_MODE.*→ vLLM async mode: Messages API body/, template: 'chatml', fallback: 'lmi' },
  },
  'LMI v17: async is the default, no OPTION_ROLLING_BATCH': {
    source: 'djl-serving serving/docs/lmi/release_notes.md, LMI V17 (DJL-Serving 0.35.0): "async mode is the default configuration for the vLLM handler"',
    container: { image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.35.0-lmi17.0.0-cu128', environment: { HF_MODEL_ID: 'meta-llama/Llama-3.1-8B-Instruct' } },
    expected: { format: 'messages', family: 'lmi-async', reason: /without OPTION_ROLLING_BATCH \(async is the default from LMI v17\)/, template: 'llama3', fallback: 'lmi' },
  },
  'LMI v11 rolling batch (vLLM) without an output formatter: chat completions': {
    source: 'djl-serving chat_input_output_schema.md (chat completions with rolling batch, LMI ≥ 0.27); image tag from the LMI V11 release',
    container: { image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124', environment: { HF_MODEL_ID: 'mistralai/Mistral-7B-Instruct-v0.3', OPTION_ROLLING_BATCH: 'vllm' } },
    expected: { format: 'messages', family: 'lmi-rolling-batch', reason: /OPTION_ROLLING_BATCH=vllm and no OPTION_OUTPUT_FORMATTER → chat completions schema/, template: 'mistral', fallback: 'lmi' },
  },
  'LMI with output_formatter=sse': {
    source: 'djl-serving output_formatter.py get_output_formatter ("sse" → text/event-stream); wire spec §10.1',
    container: { image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124', environment: { HF_MODEL_ID: 'meta-llama/Llama-3.1-8B-Instruct', OPTION_ROLLING_BATCH: 'lmi-dist', OPTION_OUTPUT_FORMATTER: 'sse' } },
    expected: { format: 'lmi', family: 'lmi-rolling-batch', reason: /OPTION_OUTPUT_FORMATTER=sse → LMI token SSE/, template: 'llama3' },
  },
  'LMI with tgi_compat': {
    source: 'djl-serving output_formatter.py (stream with tgi_compat → sse, Token.as_tgi_dict); wire spec §10.1',
    container: { image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124', environment: { OPTION_ROLLING_BATCH: 'lmi-dist', OPTION_TGI_COMPAT: 'true' } },
    expected: { format: 'tgi', family: 'lmi-rolling-batch', reason: /OPTION_TGI_COMPAT=true → TGI-compatible SSE/ },
  },
  'LMI TensorRT-LLM image': {
    source: 'djl-serving serving/docs/lmi/release_notes.md (djl-inference:0.33.0-tensorrtllm0.21.0-cu128)',
    container: { image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/djl-inference:0.33.0-tensorrtllm0.21.0-cu128', environment: { HF_MODEL_ID: 'meta-llama/Llama-3.1-8B-Instruct', OPTION_ROLLING_BATCH: 'trtllm', OPTION_OUTPUT_FORMATTER: 'jsonlines' } },
    expected: { format: 'lmi', family: 'lmi-rolling-batch', reason: /OPTION_ROLLING_BATCH=trtllm/, template: 'llama3' },
  },
  'TGI 0.9.3 (the 2023 announcement)': {
    source: 'AWS ML blog 2023-09-01 (get_huggingface_llm_image_uri("huggingface", version="0.9.3"), env HF_MODEL_ID, SM_NUM_GPUS, MAX_INPUT_LENGTH, MAX_TOTAL_TOKENS); sagemaker-python-sdk image_uri_config/huggingface-llm.json ("0.9.3": "2.0.1-tgi0.9.3-gpu-py39-cu118-ubuntu20.04")',
    container: {
      image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.0.1-tgi0.9.3-gpu-py39-cu118-ubuntu20.04',
      environment: { HF_MODEL_ID: 'tiiuae/falcon-7b-instruct', SM_NUM_GPUS: '1', MAX_INPUT_LENGTH: '1900', MAX_TOTAL_TOKENS: '2048' },
    },
    expected: { format: 'tgi', family: 'tgi', reason: /TGI 0\.9\.3 image without MESSAGES_API_ENABLED → \/invocations is generate/, template: 'falcon' },
  },
  'TGI 3.0.1 DLC with the Messages API enabled': {
    source: 'huggingface/hub-docs docs/sagemaker/tgi.md (huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0); HF SageMaker examples set MESSAGES_API_ENABLED="true" (TGI launcher --messages-api-enabled)',
    container: {
      image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0',
      environment: { HF_MODEL_ID: 'meta-llama/Meta-Llama-3-8B-Instruct', SM_NUM_GPUS: '1', MAX_INPUT_LENGTH: '4096', MAX_TOTAL_TOKENS: '8192', MESSAGES_API_ENABLED: 'true' },
    },
    expected: { format: 'messages', family: 'tgi', reason: /TGI 3\.0\.1 image with MESSAGES_API_ENABLED=true → Messages API body/, template: 'llama3', fallback: 'tgi' },
  },
  'TGI built from the upstream image (bring your own)': {
    source: 'huggingface/text-generation-inference README (ghcr.io/huggingface/text-generation-inference:2.2.0)',
    container: { image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/text-generation-inference:2.2.0', environment: { MODEL_ID: 'Qwen/Qwen2-7B-Instruct' } },
    expected: { format: 'tgi', family: 'tgi', reason: /TGI 2\.2\.0 image/, template: 'chatml' },
  },
  'vLLM DLC for SageMaker': {
    source: 'aws/deep-learning-containers docs/releasenotes/vllm/vllm-0.14.0-gpu-sagemaker.md; aws/model-hosting-container-standards docs/sagemaker/01_quickstart.md (SM_VLLM_* variables)',
    container: {
      image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/vllm:0.14.0-gpu-py312-cu129-ubuntu22.04-sagemaker',
      environment: { SM_VLLM_MODEL: 'meta-llama/Meta-Llama-3-8B-Instruct', HUGGING_FACE_HUB_TOKEN: 'hf_your_token_here', SM_VLLM_MAX_MODEL_LEN: '2048', SM_VLLM_GPU_MEMORY_UTILIZATION: '0.9', SM_VLLM_DTYPE: 'auto', SM_VLLM_TENSOR_PARALLEL_SIZE: '1' },
    },
    expected: { format: 'messages', family: 'vllm', reason: /vLLM image → \/invocations routes chat bodies/, template: 'llama3', modelId: 'meta-llama/Meta-Llama-3-8B-Instruct' },
  },
  'vLLM DLC from the public gallery, copied to a private ECR': {
    source: 'aws/model-hosting-container-standards docs/sagemaker/01_quickstart.md (public.ecr.aws/deep-learning-containers/vllm:0.11.2-gpu-py312-cu129-ubuntu22.04-sagemaker-v1.2)',
    container: { image: 'public.ecr.aws/deep-learning-containers/vllm:0.11.2-gpu-py312-cu129-ubuntu22.04-sagemaker-v1.2', environment: { SM_VLLM_MODEL: 'Qwen/Qwen3-8B' } },
    expected: { format: 'messages', family: 'vllm', reason: /vLLM image/, template: 'chatml' },
  },
  'SGLang DLC for SageMaker': {
    source: 'aws/deep-learning-containers docs/releasenotes/sglang/sglang-0.5.8-gpu-sagemaker.md; DLC docs (SM_SGLANG_MODEL_PATH, SM_SGLANG_REASONING_PARSER)',
    container: { image: '763104351884.dkr.ecr.us-west-2.amazonaws.com/sglang:0.5.8-gpu-py312-cu129-ubuntu22.04-sagemaker', environment: { SM_SGLANG_MODEL_PATH: 'Qwen/Qwen3-0.6B', SM_SGLANG_REASONING_PARSER: 'qwen3' } },
    expected: { format: 'messages', family: 'sglang', reason: /SGLang image → \/invocations is chat completions/, template: 'chatml' },
  },
  'an image SageStream does not know': {
    source: 'a customer-built container in a private registry',
    container: { image: '111122223333.dkr.ecr.eu-west-1.amazonaws.com/my-llm-server:1.2', environment: { MODEL_NAME: 'internal-7b' } },
    expected: { format: 'messages', family: 'unknown', reason: /my-llm-server:1\.2 is not one SageStream knows → trying the Messages API body first/, fallback: 'lmi-legacy' },
  },
};

describe('inferFormat: golden cases from published images and environments', () => {
  for (const [name, golden] of Object.entries(GOLDEN)) {
    it(name, () => {
      const inference = inferFormat(golden.container);
      expect(golden.source.length).toBeGreaterThan(10);
      expect(inference.format).toBe(golden.expected.format);
      expect(inference.family).toBe(golden.expected.family);
      expect(inference.reason).toMatch(golden.expected.reason);
      expect(inference.confidence).toBe(golden.expected.family === 'unknown' ? 'guess' : 'image');
      expect(inference.template).toBe(golden.expected.template);
      expect(inference.fallback?.format).toBe(golden.expected.fallback);
      if (golden.expected.modelId) expect(inference.modelId).toBe(golden.expected.modelId);
    });
  }

  it('the inferred format builds the body the container accepts', () => {
    const messages = [{ role: 'user' as const, content: 'Hi' }];
    const legacy = inferFormat(GOLDEN['LMI 0.23 DeepSpeed, configured by serving.properties (the 2023 announcement)']!.container);
    const legacyBody = JSON.parse(buildRequestBody({ messages, format: legacy.format, ...(legacy.template ? { template: legacy.template } : {}) }).body) as Record<string, unknown>;
    expect(Object.keys(legacyBody)).toEqual(['inputs', 'parameters']);
    const tgi = inferFormat(GOLDEN['TGI 0.9.3 (the 2023 announcement)']!.container);
    const tgiBody = JSON.parse(buildRequestBody({ messages, format: tgi.format, ...(tgi.template ? { template: tgi.template } : {}) }).body) as Record<string, unknown>;
    expect(tgiBody).toMatchObject({ stream: true });
    expect(String(tgiBody.inputs)).toBe("User: Hi\nFalcon:"); // the Falcon template, from HF_MODEL_ID
    const vllm = inferFormat(GOLDEN['vLLM DLC for SageMaker']!.container);
    expect(JSON.parse(buildRequestBody({ messages, format: vllm.format }).body)).toMatchObject({ messages: [{ role: 'user', content: 'Hi' }], stream: true });
  });

  it('reads environment flags the way the containers do (true/1, case-insensitive values)', () => {
    const base = '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.4.0-tgi3.0.1-gpu-py311-cu124-ubuntu22.04-v2.0';
    expect(inferFormat({ image: base, environment: { MESSAGES_API_ENABLED: 'True' } }).format).toBe('messages');
    expect(inferFormat({ image: base, environment: { MESSAGES_API_ENABLED: 'false' } }).format).toBe('tgi');
    expect(inferFormat({ image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/djl-inference:0.29.0-lmi11.0.0-cu124', environment: { OPTION_ROLLING_BATCH: 'disable', OPTION_ASYNC_MODE: '1' } }).family).toBe('lmi-async');
  });

  it('a pinned digest and an untagged image still parse', () => {
    expect(parseImageUri('763104351884.dkr.ecr.us-east-1.amazonaws.com/vllm:0.14.0-gpu-py312@sha256:abc')).toEqual({
      registry: '763104351884.dkr.ecr.us-east-1.amazonaws.com',
      repository: 'vllm',
      name: 'vllm',
      tag: '0.14.0-gpu-py312',
      digest: 'sha256:abc',
    });
    expect(parseImageUri('localhost:5000/team/sglang')).toMatchObject({ registry: 'localhost:5000', repository: 'team/sglang', name: 'sglang' });
    expect(inferFormat({ image: 'localhost:5000/team/sglang' }).family).toBe('sglang');
    expect(inferFormat({ image: '' }).family).toBe('unknown');
  });

  it('probing (no control plane) says why and keeps the inputs fallback', () => {
    const probe = probeFormat('the control plane denied access');
    expect(probe).toMatchObject({ format: 'messages', confidence: 'guess', fallback: { format: 'lmi-legacy' } });
    expect(probe.reason).toBe('the control plane denied access → trying the Messages API body first');
  });
});
