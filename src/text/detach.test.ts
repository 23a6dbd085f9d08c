import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { detached } from './detach.js';

/**
 * Runs `body` in a child with the collector exposed, over 200 texts of 100 KB that it drops as it
 * goes, each with new long words; prints what stays on the heap. The texts are 20 MB: whatever
 * the tables keep of them (tokens, terms, names) is a few hundred kilobytes.
 */
function retainedBytes(imports: string, body: string): number {
  const here = (file: string) => JSON.stringify(fileURLToPath(new URL(file, import.meta.url)));
  const script = `
    ${imports.replaceAll(/from '(\.\/[^']+)'/g, (_, file: string) => `from ${here(file)}`)}
    const word = (i) => 'subcommittee' + String.fromCharCode(97 + (i % 26), 97 + ((i / 26) | 0) % 26, 97 + ((i / 676) | 0) % 26);
    const kept = [];
    globalThis.gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 200; i++) {
      const text = 'Officials met. ' + 'x '.repeat(50000 + i) + ' Representatives of Massachusetts said ' + word(i) + ' ' + word(i + 5000) + '.';
      ${body}
    }
    globalThis.gc();
    console.log(process.memoryUsage().heapUsed - before);
  `;
  const child = spawnSync(
    process.execPath,
    ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
    {
      encoding: 'utf8',
    },
  );
  expect(child.stderr).toBe('');
  return Number(child.stdout.trim());
}

describe('detached', () => {
  it('gives the same characters', () => {
    for (const text of ['', 'short', 'Massachusetts', 'x'.repeat(1000), 'Zürich–Genève ✓ 😀 '.repeat(3)]) {
      expect(detached(text)).toBe(text);
    }
  });

  it('keeps no text alive through names, tokens, terms or stems kept in tables', () => {
    const names = retainedBytes(
      "import { extractNames } from './entities.ts';",
      'kept.push(extractNames(text));',
    );
    const tables = retainedBytes(
      "import { createTermTable } from './packed.ts';\nconst table = createTermTable();",
      "const [ids] = table.tokenizeDocument([text]); table.idsFromTokenIds(ids, 'en'); table.idsFromTokens([text.slice(-30, -18)], 'en');",
    );
    const terms = retainedBytes(
      "import { contentTerms } from './terms.ts';",
      'kept.push(contentTerms(text).length);',
    );
    expect(names).toBeLessThan(2_000_000);
    expect(tables).toBeLessThan(2_000_000);
    expect(terms).toBeLessThan(2_000_000);
  });
});
