// A clone of the repository must build, test and run with nothing beside it. Tests used to
// read sample data from a folder next to the checkout and failed on a fresh clone; this
// test fails, naming file:line, as soon as any tracked file names a path outside again.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { outsideReferences, scanTrackedFiles } from '../support/outside-references.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const where = (refs: ReturnType<typeof outsideReferences>) =>
  refs.map((r) => `${r.file}:${r.line}: ${r.why}: ${r.text}`);

describe('the repository stands alone', () => {
  it('names no path outside itself in any tracked file', () => {
    expect(where(scanTrackedFiles(root))).toEqual([]);
  });
});

// The rules on made-up files, so a scanner that finds nothing is known to be able to.
describe('finding references outside the repository', () => {
  // Spelled in pieces, as in the scanner, so this file passes the scan above.
  const beside = ['..', 'shared', 'DESIGN.md'].join('/');
  const machine = ['', 'work', 'main', 'x.csv'].join('/');

  it('reports the folders beside the checkout and the machine’s own, by file and line', () => {
    const text = ['# Notes', `see ${beside}`, `cp ${machine} .`].join('\n');
    expect(where(outsideReferences('docs/notes.md', text))).toEqual([
      `docs/notes.md:2: names ${['..', 'shared'].join('/')}: see ${beside}`,
      `docs/notes.md:3: names ${['', 'work', ''].join('/')}: cp ${machine} .`,
    ]);
  });

  it('reports a relative path that climbs above the root from where the file is', () => {
    const file = 'packages/geo/src/a.ts';
    // Built with repeat(): written out, they would climb above the root from this file.
    const inside = `new URL('${'../'.repeat(3)}data/fir/x.json', import.meta.url);`;
    const above = `new URL('${'../'.repeat(4)}elsewhere/x.json', import.meta.url);`;
    expect(outsideReferences(file, inside)).toEqual([]);
    expect(where(outsideReferences(file, `${inside}\n${above}`))).toEqual([
      `${file}:2: climbs 4 folders from a file 3 below the root: ${above}`,
    ]);
    expect(outsideReferences('README.md', 'see ../other/README.md')).toHaveLength(1);
    expect(outsideReferences('docs/a.md', 'see ../README.md and a/../../b')).toEqual([]);
  });

  it('reads the lockfile’s workspace links as relative to their package', () => {
    const lock = 'importers:\n  services/x:\n    version: link:../../packages/kafka';
    expect(outsideReferences('pnpm-lock.yaml', lock)).toEqual([]);
  });
});
