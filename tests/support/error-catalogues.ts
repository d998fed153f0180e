import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** One declared set of codes, and the folder (`packages/geo`, `infra`) that owns it. */
export interface FoundCatalogue {
  owner: string;
  /** Repository-relative path of the file that declares it. */
  file: string;
  /** null for a catalogue not (yet) declared with defineErrors, which has no prefix. */
  prefix: string | null;
  codes: readonly string[];
}

const OWNER_PARENTS = ['packages', 'services'];

/** `packages/geo`, `services/fir-analyser`, …, and `infra`: every folder that may own errors. */
function owners(root: string): string[] {
  const below = (parent: string) =>
    readdirSync(join(root, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `${parent}/${entry.name}`);
  return [...OWNER_PARENTS.flatMap(below), 'infra'];
}

function sourceFiles(root: string, dir: string): string[] {
  // A folder can be there without src/: a removed package leaves its node_modules behind.
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(root, path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/**
 * The files that declare errors: every `errors.ts`, and any source that calls
 * `defineErrors(` (packages/errors itself, which only defines the helper, excepted).
 */
export function catalogueFiles(root: string): string[] {
  return owners(root)
    .filter((owner) => owner !== 'packages/errors')
    .flatMap((owner) => sourceFiles(root, `${owner}/src`))
    .filter(
      (file) =>
        file.endsWith('/errors.ts') ||
        readFileSync(join(root, file), 'utf8').includes('defineErrors('),
    )
    .sort();
}

export const ownerOf = (file: string): string =>
  file.startsWith('infra/') ? 'infra' : file.split('/').slice(0, 2).join('/');

/** `services/flight-producer` → `FLIGHT_PRODUCER`: the prefix every code of it must carry. */
export const prefixOf = (owner: string): string =>
  (owner.split('/').pop() ?? owner).replaceAll('-', '_').toUpperCase();

type Exported = Record<string, unknown>;

const isRecord = (value: unknown): value is Exported =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A catalogue from defineErrors, told by its shape so this file needs no import of it. */
function definedCodes(value: unknown): { prefix: string; codes: string[] } | null {
  if (!isRecord(value) || typeof value.prefix !== 'string' || !Array.isArray(value.entries))
    return null;
  const codes = value.entries.map((entry: unknown) => (isRecord(entry) ? entry.code : undefined));
  return codes.every((code) => typeof code === 'string')
    ? { prefix: value.prefix, codes: codes as string[] }
    : null;
}

/**
 * A catalogue still written as a plain `{ CODE: { message, retriable } }` object (kafka's,
 * until it adopts defineErrors): its keys are its codes.
 */
function plainCodes(value: unknown): string[] | null {
  if (!isRecord(value)) return null;
  const specs = Object.values(value);
  const isSpec = (spec: unknown) =>
    isRecord(spec) && typeof spec.message === 'string' && typeof spec.retriable === 'boolean';
  return specs.length > 0 && specs.every(isSpec) ? Object.keys(value) : null;
}

/** Every catalogue each file exports. */
export async function loadCatalogues(root: string, files: string[]): Promise<FoundCatalogue[]> {
  const found: FoundCatalogue[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(root, file)).href)) as Exported;
    for (const value of Object.values(module)) {
      const defined = definedCodes(value);
      const plain = defined ? null : plainCodes(value);
      if (defined) found.push({ owner: ownerOf(file), file, ...defined });
      else if (plain) found.push({ owner: ownerOf(file), file, prefix: null, codes: plain });
    }
  }
  return found;
}

/** Codes declared by more than one catalogue, each with the files that declare it. */
export function sharedCodes(catalogues: readonly FoundCatalogue[]): string[] {
  const where = new Map<string, string[]>();
  for (const { file, codes } of catalogues)
    for (const code of codes) where.set(code, [...(where.get(code) ?? []), file]);
  return [...where]
    .filter(([, files]) => files.length > 1)
    .map(([code, files]) => `${code}: ${files.join(', ')}`);
}

/** Where a tracked file quotes a code: a whole string literal or a whole `code span`. */
export interface CodeMention {
  file: string;
  line: number;
  code: string;
}

const QUOTED = /(['"`])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\1/g;

/**
 * Every quoted code with one of `prefixes` in the tracked sources and docs. A code is only
 * ever written out whole (never built from pieces), so a quoted one that no catalogue
 * declares is a typo or a leftover of a rename.
 */
export function codeMentions(root: string, prefixes: readonly string[]): CodeMention[] {
  const tracked = execFileSync('git', ['ls-files', '-z', '--', '*.ts', '*.md'], { cwd: root })
    .toString('utf8')
    .split('\0')
    .filter((file) => file !== '' && !file.startsWith('packages/errors/'));
  const owned = (code: string) => prefixes.some((prefix) => code.startsWith(`${prefix}_`));
  return tracked.flatMap((file) =>
    readFileSync(join(root, file), 'utf8')
      .split('\n')
      .flatMap((text, index) =>
        [...text.matchAll(QUOTED)]
          .map((match) => match[2] ?? '')
          .filter(owned)
          .map((code) => ({ file, line: index + 1, code })),
      ),
  );
}
