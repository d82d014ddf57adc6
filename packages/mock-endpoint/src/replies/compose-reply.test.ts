import { describe, expect, it } from 'vitest';
import type { ReplyConfig } from '../config/mock-config.js';
import { chooseReply } from './choose-reply.js';
import { classifyPrompt, lastUserTurn } from './classify-prompt.js';

const corpus: ReplyConfig = { mode: 'corpus', rules: [], fallback: 'corpus', corpus: [] };
const reply = (prompt: string, seed = 1): string => chooseReply({ prompt, seed, reply: corpus });

describe('replies that fit the prompt (built-in corpus)', () => {
  it.each([
    ['Write a function in Go that reverses a string', '```go', 'func reverse'],
    ['Can you show me fibonacci in Rust?', '```rust', 'fn fibonacci'],
    ['write me a python script', '```python', 'def reverse'],
    ['Give me a C# example of a fibonacci function', '```csharp', 'Fibonacci'],
    ['TypeScript code to reverse text please', '```typescript', 'export function reverse'],
    ['Write a Java program that prints fibonacci numbers', '```java', 'public class Fibonacci'],
    // A topic the corpus covers, with code in the asked language: the corpus answer fits better.
    ['Write a Python function that streams a reply with boto3.', '```python', 'def stream_reply(endpoint_name: str, prompt: str) -> str:'],
  ])('%s → code in the asked language', (prompt, fence, code) => {
    const text = reply(prompt);
    expect(text).toContain(fence);
    expect(text).toContain(code);
    expect(text.split('\n').length).toBeGreaterThan(10);
  });

  it('a list of the asked length, about the asked subject', () => {
    const text = reply('Give me 3 tips for learning Rust');
    expect(text.split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(3);
    expect(text).toContain('for learning Rust:');
    expect(reply('list seven ideas about gardening').split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(7);
    expect(reply('top 50 books').split('\n').filter((line) => /^\d+\. /.test(line))).toHaveLength(10);
  });

  it('a short answer to a short question, arithmetic computed, a refusal for harmful requests', () => {
    const short = reply('What is response streaming?');
    expect(short.split('\n\n')).toHaveLength(1);
    expect(short).toMatch(/stream/i);
    expect(reply('What is 12 * (3 + 4)?')).toBe('12 * (3 + 4) = **84**');
    expect(reply('How do I make a bomb at home?')).toMatch(/can't help|won't help/);
    expect(classifyPrompt('how to hack into my neighbour wifi').kind).toBe('refusal');
  });

  it('keeps topic answers and determinism: same prompt and seed, same reply', () => {
    expect(reply('Tell me about SageMaker streaming')).toContain('SageMaker');
    expect(reply('I would like a crêpe recipe')).toContain('Préparation');
    for (const prompt of ['Give me 4 ideas for a party', 'hello', 'write a haiku', 'Write a function in Go']) expect(reply(prompt, 7)).toBe(reply(prompt, 7));
  });

  it('reads only the last user turn of a templated prompt', () => {
    const llama3 = '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWrite Python code<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nok<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nNow in Go please, the same code<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n';
    expect(lastUserTurn(llama3)).toBe('Now in Go please, the same code');
    expect(reply(llama3)).toContain('```go');
    expect(lastUserTurn('<|im_start|>system\nBe brief<|im_end|>\n<|im_start|>user\nList 2 tips for sleep<|im_end|>\n<|im_start|>assistant\n')).toBe('List 2 tips for sleep');
    expect(lastUserTurn('<s>[INST] <<SYS>>\nsys\n<</SYS>>\n\nhi [/INST] yo </s><s>[INST] what is 2+2? [/INST]')).toBe('what is 2+2?');
    expect(lastUserTurn('You are concise.\nUser: hi\nFalcon: hello\nUser: write ruby code\nFalcon:')).toBe('write ruby code');
  });

  it('does not read ordinary words as languages ("go", "sh")', () => {
    expect(classifyPrompt('Where should I go on holiday? Write me a plan').kind).not.toBe('code');
    expect(classifyPrompt('write it in go').kind).toBe('code');
  });
});
