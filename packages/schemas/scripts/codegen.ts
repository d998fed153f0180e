// pnpm codegen: regenerate packages/schemas/src/generated from schemas/.
// pnpm codegen:check (--check): exit 1 listing the files that are out of date.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatAll, readSources, repoRoot } from '../src/codegen/files.js';
import { CodegenError, generate } from '../src/codegen/generate.js';

function main(check: boolean): number {
  const files = formatAll(generate(readSources()));
  const stale = [...files].filter(([path, content]) => {
    const absolute = join(repoRoot, path);
    return !existsSync(absolute) || readFileSync(absolute, 'utf8') !== content;
  });
  if (check) {
    for (const [path] of stale) console.error(`stale: ${path}`);
    if (stale.length > 0) console.error('run `pnpm codegen` and commit the result');
    return stale.length > 0 ? 1 : 0;
  }
  for (const [path, content] of stale) {
    mkdirSync(dirname(join(repoRoot, path)), { recursive: true });
    writeFileSync(join(repoRoot, path), content);
    console.log(`wrote ${path}`);
  }
  if (stale.length === 0) console.log('generated files are up to date');
  return 0;
}

try {
  process.exitCode = main(process.argv.includes('--check'));
} catch (error: unknown) {
  console.error(error instanceof CodegenError ? error.message : error);
  process.exitCode = 1;
}
