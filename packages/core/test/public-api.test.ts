import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The package's public API is what its README documents: each entry point must export exactly
// the names listed under the README's "## API" section for that entry, no more and no fewer.

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const ENTRY_POINTS = [
  { name: '@sagestream/core', file: new URL('../src/index.ts', import.meta.url), load: () => import('../src/index.js') },
  { name: '@sagestream/core/client', file: new URL('../src/client/index.ts', import.meta.url), load: () => import('../src/client/index.js') },
];

/** The names in the first column of the tables under `### \`entry\`` inside `## API`. */
function documentedNames(entry: string): string[] {
  const api = README.split(/^## /m).find((section) => section.startsWith('API\n'));
  if (!api) throw new Error('README.md has no "## API" section.');
  const section = api.split(/^### /m).find((part) => part.startsWith(`\`${entry}\`\n`));
  if (!section) throw new Error(`README.md's API section has no "### \`${entry}\`" subsection.`);
  return [...section.matchAll(/^\| `([A-Za-z_$][\w$]*)` \|/gm)].map((match) => match[1]!);
}

/** Every name the entry point exports (values and types), read from its source. */
function exportedNames(file: URL): string[] {
  const source = ts.createSourceFile(file.pathname, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement)) {
      // A wildcard re-export would export whatever the module grows: list names explicitly.
      if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) throw new Error(`${file.pathname}: "export *" is not allowed in an entry point; export names one by one.`);
      for (const element of statement.exportClause.elements) names.push(element.name.text);
    } else if (ts.canHaveModifiers(statement) && ts.getModifiers(statement)?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)) {
      throw new Error(`${file.pathname}: an entry point only re-exports; declare "${statement.getText().slice(0, 40)}…" in its own module.`);
    }
  }
  return names;
}

describe('the public API is the documented API', () => {
  for (const entry of ENTRY_POINTS) {
    it(`${entry.name} exports exactly what README.md documents for it`, () => {
      const documented = documentedNames(entry.name);
      const exported = exportedNames(entry.file);
      expect(new Set(documented).size, 'a name is documented twice').toBe(documented.length);
      expect(new Set(exported).size, 'a name is exported twice').toBe(exported.length);
      const undocumented = exported.filter((name) => !documented.includes(name));
      const missing = documented.filter((name) => !exported.includes(name));
      expect({ undocumented, missing }, 'document new exports in README.md "## API" (or stop exporting them); remove documented names that are gone').toEqual({ undocumented: [], missing: [] });
    });

    it(`${entry.name}: every value it exports at run time is documented`, async () => {
      const documented = documentedNames(entry.name);
      const runtime = Object.keys(await entry.load());
      expect(runtime.length).toBeGreaterThan(0);
      expect(runtime.filter((name) => !documented.includes(name))).toEqual([]);
    });
  }
});
