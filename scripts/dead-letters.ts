/**
 * pnpm dead-letters list   [filters]           — what is in dead.letter
 * pnpm dead-letters resend [filters] [--dry-run] — re-publish the selected letters to their source topics
 *
 * --topic-prefix P: the environment's topic prefix, if it uses one
 * filters: --source-topic T  --error-code C  --service S  --id P:O (repeatable)
 *          --since ISO  --until ISO  --limit N
 */
import { parseArgs } from 'node:util';
import { kafkaEndpointsFromEnv } from '@overfly/config';
import { createKafkaRuntime, type DeadLetterFilter } from '@overfly/kafka';

const usage = `usage: pnpm dead-letters <list|resend> [--topic-prefix P] [--source-topic T] [--error-code C] [--service S]
       [--id PARTITION:OFFSET ...] [--since ISO-TIME] [--until ISO-TIME] [--limit N] [--dry-run] [--json]`;

async function main(): Promise<number> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      'topic-prefix': { type: 'string' },
      'source-topic': { type: 'string' },
      'error-code': { type: 'string' },
      service: { type: 'string' },
      id: { type: 'string', multiple: true },
      since: { type: 'string' },
      until: { type: 'string' },
      limit: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || (command !== 'list' && command !== 'resend')) {
    console.error(usage);
    return values.help ? 0 : 2;
  }
  const filter: DeadLetterFilter = {
    ...(values['source-topic'] ? { sourceTopic: values['source-topic'] } : {}),
    ...(values['error-code'] ? { errorCode: values['error-code'] } : {}),
    ...(values.service ? { service: values.service } : {}),
    ...(values.id ? { ids: values.id } : {}),
    ...(values.since ? { since: parseTime('--since', values.since) } : {}),
    ...(values.until ? { until: parseTime('--until', values.until) } : {}),
    ...(values.limit ? { limit: parseLimit(values.limit) } : {}),
  };

  const runtime = createKafkaRuntime({
    ...kafkaEndpointsFromEnv(),
    service: 'dead-letter-tool',
    // The flag wins over TOPIC_PREFIX from the environment.
    ...(values['topic-prefix'] === undefined ? {} : { topicPrefix: values['topic-prefix'] }),
  });
  try {
    const { letters, unreadable } = await runtime.readDeadLetters(filter);
    for (const bad of unreadable) {
      console.error(`${bad.id}\tunreadable record in the dead-letter topic: ${bad.error}`);
    }
    for (const { id, letter } of letters) {
      const row = {
        id,
        sourceTopic: letter.sourceTopic,
        source: `${letter.sourcePartition}:${letter.sourceOffset}`,
        service: letter.service,
        errorCode: letter.errorCode,
        attempts: letter.attempts,
        failedAt: new Date(letter.failedAt).toISOString(),
        errorMessage: letter.errorMessage,
      };
      console.log(
        values.json
          ? JSON.stringify(row)
          : `${row.id}\t${row.failedAt}\t${row.sourceTopic}@${row.source}\t${row.service}\t${row.errorCode}\t${row.errorMessage}`,
      );
    }
    if (command === 'list' || values['dry-run']) {
      console.error(
        `${letters.length} dead letter(s) selected${command === 'resend' ? ' (dry run: nothing sent)' : ''}`,
      );
      return 0;
    }
    const sent = await runtime.resendDeadLetters(letters);
    console.error(`re-sent ${sent} dead letter(s) to their source topics`);
    return 0;
  } finally {
    await runtime.close();
  }
}

function parseTime(flag: string, text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`${flag}: not a date/time: ${text}`);
  return ms;
}

function parseLimit(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`--limit: expected a positive whole number, got ${text}`);
  return n;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`dead-letters: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
