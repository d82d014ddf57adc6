import { describe, expect, it } from 'vitest';
import { inferFormat } from '../discovery/infer-format.js';
import { formatEndpointTable } from './endpoints-command.js';

describe('formatEndpointTable', () => {
  it('aligns endpoints and their inference components under one header', () => {
    const tgi = inferFormat({ image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/huggingface-pytorch-tgi-inference:2.0.1-tgi0.9.3-gpu-py39-cu118-ubuntu20.04', environment: { HF_MODEL_ID: 'tiiuae/falcon-7b-instruct' } });
    const vllm = inferFormat({ image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/vllm:0.14.0-gpu-py312-cu129-ubuntu22.04-sagemaker', environment: { SM_VLLM_MODEL: 'Qwen/Qwen3-8B' } });
    const table = formatEndpointTable([
      { name: 'falcon', status: 'InService', creationTime: new Date('2026-01-15T09:30:00Z'), variants: [{ name: 'AllTraffic', instanceType: 'ml.g5.2xlarge', instanceCount: 1, inference: tgi }], inferenceComponents: [], inference: tgi },
      {
        name: 'shared-gpu',
        status: 'Updating',
        creationTime: new Date('2026-02-01T10:00:00Z'),
        variants: [{ name: 'AllTraffic', instanceType: 'ml.g6.12xlarge', instanceCount: 2 }],
        inferenceComponents: [{ name: 'qwen-ic', status: 'InService', copies: 2, inference: vllm, creationTime: new Date('2026-02-01T10:05:00Z') }],
      },
    ]);
    expect(table).toBe(
      [
        'NAME         STATUS     INSTANCES           MODEL · CONTAINER                              FORMAT    CREATED (UTC)',
        'falcon       InService  ml.g5.2xlarge × 1   tiiuae/falcon-7b-instruct · TGI 0.9.3, legacy  tgi       2026-01-15 09:30',
        'shared-gpu   Updating   ml.g6.12xlarge × 2  1 inference component(s)                       -         2026-02-01 10:00',
        '  └ qwen-ic  InService  2 copies            Qwen/Qwen3-8B · vLLM 0.14.0                    messages  2026-02-01 10:05',
        '',
      ].join('\n'),
    );
  });
});
