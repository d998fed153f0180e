import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Mock mode of a channel: what would have been sent, one JSON line each, appended to a
 * file (`tail -f` it during the demo). Nothing leaves the machine.
 */
export function mockOutbox(file: string) {
  let ready: Promise<unknown> | null = null;
  return {
    async write(channel: string, idempotencyKey: string, message: Record<string, unknown>) {
      ready ??= mkdir(dirname(file), { recursive: true });
      await ready;
      await appendFile(
        file,
        `${JSON.stringify({ at: new Date().toISOString(), channel, idempotencyKey, ...message })}\n`,
      );
    },
  };
}
