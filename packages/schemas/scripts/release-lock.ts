// pnpm schemas:release: record the current schemas as released in schemas/released.lock.json,
// after checking each is BACKWARD compatible with the last release of its subject.
// --check: only compare, exit 1 on an incompatible change (for CI).
// A change that cannot be made compatible needs a new topic (e.g. flights.updates.v2),
// never an edit of a released subject.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatWithBiome, readSources, repoRoot } from '../src/codegen/files.js';
import { CodegenError, generate } from '../src/codegen/generate.js';
import {
  currentSubjects,
  lockIncompatibilities,
  lockPath,
  parseLock,
} from '../src/codegen/lock.js';

function main(checkOnly: boolean): number {
  const sources = readSources();
  generate(sources); // the same validation as codegen: docs, catalogue, avsc parsing
  const current = currentSubjects(sources);
  const absolute = join(repoRoot, lockPath);
  const released = existsSync(absolute) ? parseLock(readFileSync(absolute, 'utf8')) : {};
  const problems = lockIncompatibilities(released, current);
  if (problems.length > 0) {
    console.error(`not BACKWARD compatible with ${lockPath}:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  if (checkOnly) {
    console.log(`schemas are BACKWARD compatible with ${lockPath}`);
    return 0;
  }
  const content = formatWithBiome(lockPath, `${JSON.stringify(current, null, 2)}\n`);
  writeFileSync(absolute, content);
  console.log(`wrote ${lockPath} (${Object.keys(current).length} subjects)`);
  return 0;
}

try {
  process.exitCode = main(process.argv.includes('--check'));
} catch (error: unknown) {
  console.error(error instanceof CodegenError ? error.message : error);
  process.exitCode = 1;
}
