import { formatPythonJson } from '../util/python-json.js';
import type { ToolSpec } from './openai-request.js';
import { isObject } from './request-body.js';

/** A string argument for a property: a capitalised word of the prompt, or a plausible default. */
function stringValue(name: string, prompt: string): string {
  // Proper nouns: capitalised words that do not start a sentence.
  const words = [...prompt.matchAll(/\p{Lu}[\p{L}\p{M}-]+/gu)].filter((match) => match.index > 0 && !/[.!?]\s*$/.test(prompt.slice(0, match.index))).map((match) => match[0]);
  if (words.length > 0) return words.join(' ');
  if (/location|city|place/i.test(name)) return 'Paris, France';
  return prompt.trim().slice(0, 40) || name;
}

function valueFor(name: string, schema: unknown, prompt: string, depth: number): unknown {
  const spec = isObject(schema) ? schema : {};
  if (Array.isArray(spec.enum) && spec.enum.length > 0) return spec.enum[0];
  switch (spec.type) {
    case 'integer':
    case 'number':
      return typeof spec.minimum === 'number' ? spec.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return depth > 3 ? {} : objectFor(spec, prompt, depth + 1);
    default:
      return stringValue(name, prompt);
  }
}

function objectFor(schema: Record<string, unknown>, prompt: string, depth: number): Record<string, unknown> {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = Array.isArray(schema.required) ? schema.required.filter((key): key is string => typeof key === 'string') : Object.keys(properties);
  const out: Record<string, unknown> = {};
  for (const key of required) out[key] = valueFor(key, properties[key], prompt, depth);
  return out;
}

/**
 * The arguments a model would pass to a tool: one value per required property (all properties
 * when none are required), from enums, types and the prompt; serialised as vLLM's tool parsers
 * stream them (`json.dumps`, `", "` and `": "`).
 */
export function toolArguments(options: { tool: ToolSpec; prompt: string }): string {
  return formatPythonJson(objectFor(options.tool.parameters ?? {}, options.prompt, 0));
}
