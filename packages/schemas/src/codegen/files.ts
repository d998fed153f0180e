// The shell around generate(): reading schemas/ and formatting output with the
// workspace's biome, so `biome check --write` never rewrites a generated file.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GeneratedFiles, Sources } from './generate.js';

export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

export function readSources(root = repoRoot): Sources {
  const dir = join(root, 'schemas');
  const schemaFiles = new Map<string, string>();
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.avsc'))
    .sort()) {
    schemaFiles.set(file, readFileSync(join(dir, file), 'utf8'));
  }
  return { schemaFiles, topicsJson: readFileSync(join(dir, 'topics.json'), 'utf8') };
}

/** Formats one file as `biome check --write` would (format, imports, safe fixes). */
export function formatWithBiome(path: string, content: string, root = repoRoot): string {
  const biome = join(root, 'node_modules', '.bin', 'biome');
  const result = spawnSync(biome, ['check', '--write', `--stdin-file-path=${path}`], {
    cwd: root,
    input: content,
    encoding: 'utf8',
  });
  if (result.status !== 0 || result.error) {
    throw new Error(`biome could not format ${path}: ${result.error?.message ?? result.stderr}`);
  }
  return result.stdout;
}

export function formatAll(files: GeneratedFiles, root = repoRoot): Map<string, string> {
  return new Map([...files].map(([path, content]) => [path, formatWithBiome(path, content, root)]));
}
