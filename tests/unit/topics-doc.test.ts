// docs/topics.md is what other teams read; it is generated (pnpm docs:topics), and this
// test fails when the committed page is not what the generator writes from schemas/ now,
// so `npm test` catches a stale page even without the CI step.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEAD_LETTER_TOPIC, deadLetterHeaders, RESENT_FROM_HEADER } from '@overfly/kafka';
import { describe, expect, it } from 'vitest';
import { TOPICS_DOC_PATH } from '../../packages/schemas/src/docs/page.js';
import { generateTopicsDoc } from '../../packages/schemas/src/docs/sources.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const committed = readFileSync(`${root}${TOPICS_DOC_PATH}`, 'utf8');

describe('docs/topics.md', () => {
  it('is what `pnpm docs:topics` generates from schemas/ (else: run pnpm docs:topics)', () => {
    const generated = generateTopicsDoc(root);
    // A short message first: a diff of 1,500 lines says less than the command to run.
    expect(committed === generated, 'docs/topics.md is stale: run pnpm docs:topics').toBe(true);
  });

  it("states packages/kafka's dead-letter contract: topic, every header, the replay header", () => {
    expect(committed).toContain(`### ${DEAD_LETTER_TOPIC}\n`);
    for (const header of Object.values(deadLetterHeaders)) {
      expect(committed).toContain(`| \`${header}\` |`);
    }
    expect(committed).toContain(`\`${RESENT_FROM_HEADER}: `);
  });

  it('links the example consumer', () => {
    expect(committed).toContain('[examples/consumer.ts](examples/consumer.ts)');
  });
});
