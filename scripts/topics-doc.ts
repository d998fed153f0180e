// pnpm docs:topics: write docs/topics.md, the topics page for other teams, from
// schemas/topics.json and schemas/*.avsc (packages/schemas/src/docs).
// --check: write nothing; exit 1 when the committed page differs from what it would write.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../packages/schemas/src/codegen/files.js';
import { TOPICS_DOC_PATH } from '../packages/schemas/src/docs/page.js';
import { generateTopicsDoc } from '../packages/schemas/src/docs/sources.js';

function main(check: boolean): number {
  const page = generateTopicsDoc();
  const path = join(repoRoot, TOPICS_DOC_PATH);
  const current = existsSync(path) ? readFileSync(path, 'utf8') : null;
  if (check) {
    if (current === page) {
      console.log(`${TOPICS_DOC_PATH} is up to date`);
      return 0;
    }
    console.error(
      current === null
        ? `${TOPICS_DOC_PATH} is missing: run pnpm docs:topics`
        : `${TOPICS_DOC_PATH} is stale: run pnpm docs:topics`,
    );
    return 1;
  }
  if (current === page) {
    console.log(`${TOPICS_DOC_PATH} is up to date`);
    return 0;
  }
  writeFileSync(path, page);
  console.log(`wrote ${TOPICS_DOC_PATH}`);
  return 0;
}

try {
  process.exitCode = main(process.argv.includes('--check'));
} catch (error: unknown) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
