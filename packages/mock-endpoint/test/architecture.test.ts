import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../src');

/** Every non-test source file (relative to src/, posix) with the src files it imports, type-only imports included. */
function graph(): Map<string, string[]> {
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => file.split(path.sep).join('/'));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(path.join(SRC, file), 'utf8');
    const specifiers = [...text.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"]([^'"]+)['"]/gm), ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((match) => match[1]!);
    edges.set(
      file,
      specifiers.filter((specifier) => specifier.startsWith('.')).map((specifier) => path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '.ts')),
    );
  }
  return edges;
}

/** Strongly connected components with more than one file (or a file importing itself): the import cycles. */
function cycles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of edges.get(node) ?? []) {
      if (!edges.has(next)) continue;
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indices.get(next)!));
      }
    }
    if (low.get(node) === indices.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || (edges.get(node) ?? []).includes(node)) found.push(component.sort());
    }
  };
  for (const node of edges.keys()) if (!indices.has(node)) visit(node);
  return found;
}

describe('architecture of @sagestream/mock-endpoint', () => {
  const edges = graph();

  it('reads the sources', () => {
    expect(edges.has('server/handle-invocation.ts')).toBe(true);
    expect(edges.get('server/handle-invocation.ts')).toContain('server/record-entry.ts');
  });

  it('finds a cycle when there is one (the detector itself)', () => {
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']], ['c.ts', []]]))).toEqual([['a.ts', 'b.ts']]);
  });

  it('has no import cycles between files (type-only imports count too)', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('keeps record/ and security/ free of server/: the server uses them, never the reverse', () => {
    const backReferences = [...edges].flatMap(([file, targets]) => (file.startsWith('record/') || file.startsWith('security/') ? targets.filter((target) => target.startsWith('server/')).map((target) => `${file} → ${target}`) : []));
    expect(backReferences).toEqual([]);
  });

  it('keeps the request guard free of express, so an HTTP/2 route can reuse it', () => {
    expect(readFileSync(path.join(SRC, 'security/request-guard.ts'), 'utf8')).not.toMatch(/from ['"]express['"]/);
  });
});
