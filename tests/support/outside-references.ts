import { execFileSync } from 'node:child_process';
import { lstatSync, readFileSync, readlinkSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

/** A line of a tracked file that names a path outside the repository. */
export interface OutsideReference {
  /** Path relative to the repository root, as git lists it. */
  file: string;
  /** 1-based. */
  line: number;
  why: string;
  text: string;
}

// Spelled in pieces so that this file does not name them itself. They are the folders a
// checkout on the development machine can see but a clone does not have: the data, design
// notes and tools kept beside the repository, and the machine's own working folder.
const NAMED_OUTSIDE = [
  ['..', 'shared'].join('/'),
  ['shared', 'data'].join('/'),
  ['', 'work', ''].join('/'),
];

/**
 * A run of `../` that starts a relative path (not one inside a longer path such as a/../b,
 * whose start we cannot know).
 */
const CLIMB = /(?<![\w./-])((?:\.\.\/)+)/g;

/**
 * pnpm-lock.yaml writes each workspace link relative to the package that declares it, not to
 * the lockfile, so its `link:../../packages/x` is inside the repository. Each declaring
 * package.json is checked with its own depth, so nothing is missed by skipping the climb rule
 * here; the named folders are still looked for.
 */
const RELATIVE_TO_ELSEWHERE = new Set(['pnpm-lock.yaml']);

/** The references outside the repository in one file's text. */
export function outsideReferences(file: string, text: string): OutsideReference[] {
  const found: OutsideReference[] = [];
  // Relative paths in a file resolve from its folder (import.meta.url, Markdown links); a
  // command in a root-level file runs from the root. Either way: the file's folder depth.
  const depth = file.split('/').length - 1;
  const checkClimb = !RELATIVE_TO_ELSEWHERE.has(file);
  text.split('\n').forEach((content, i) => {
    const report = (why: string) =>
      found.push({ file, line: i + 1, why, text: content.trim().slice(0, 160) });
    for (const name of NAMED_OUTSIDE) if (content.includes(name)) report(`names ${name}`);
    if (!checkClimb) return;
    for (const match of content.matchAll(CLIMB)) {
      const ups = (match[1] ?? '').length / 3;
      if (ups > depth)
        report(`climbs ${ups} folder${ups === 1 ? '' : 's'} from a file ${depth} below the root`);
    }
  });
  return found;
}

/** git's own test for a binary file: a NUL byte in the first 8,000 bytes. */
function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8_000).includes(0);
}

/**
 * Every git-tracked file of the repository at `root`, scanned. Binary files (the gzipped
 * samples) are skipped: their bytes are data, not paths. A tracked symbolic link is checked
 * by its target, the one place it names a path.
 */
export function scanTrackedFiles(root: string): OutsideReference[] {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((file) => file !== '');
  const found: OutsideReference[] = [];
  for (const file of files) {
    const path = join(root, file);
    const stat = lstatSync(path, { throwIfNoEntry: false });
    // A file deleted but not yet committed is still listed; it names nothing any more.
    if (!stat) continue;
    if (stat.isSymbolicLink()) {
      const target = readlinkSync(path);
      if (isAbsolute(target)) {
        found.push({ file, line: 1, why: 'links to an absolute path', text: target });
      } else found.push(...outsideReferences(file, target));
      continue;
    }
    const bytes = readFileSync(path);
    if (!isBinary(bytes)) found.push(...outsideReferences(file, bytes.toString('utf8')));
  }
  return found;
}
