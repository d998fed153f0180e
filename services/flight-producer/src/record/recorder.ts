import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { PositionUpdate } from '@overfly/schemas';
import { toJsonlLine } from '@overfly/trajectories';

export interface Recorder {
  /** Appends the positions of one poll; `at` (epoch ms) picks the hourly file. */
  write(updates: readonly PositionUpdate[], at: number): Promise<void>;
  close(): Promise<void>;
}

/** `positions-2024-09-17T08.jsonl`: one file per UTC hour, sortable by name. */
export function hourlyFileName(at: number): string {
  return `positions-${new Date(at).toISOString().slice(0, 13)}.jsonl`;
}

/**
 * Records live positions as Overfly JSONL (packages/trajectories reads it back for
 * replay), rotating every UTC hour. Files are opened for append, so a restart within the
 * hour continues the same file rather than overwriting it.
 */
export function createRecorder(dir: string): Recorder {
  let current: { name: string; handle: FileHandle } | null = null;
  let ready: Promise<unknown> | null = null;

  const fileFor = async (at: number) => {
    const name = hourlyFileName(at);
    if (current?.name === name) return current.handle;
    ready ??= mkdir(dir, { recursive: true });
    await ready;
    await current?.handle.close();
    current = { name, handle: await open(join(dir, name), 'a') };
    return current.handle;
  };

  return {
    async write(updates, at) {
      if (updates.length === 0) return;
      const handle = await fileFor(at);
      await handle.appendFile(updates.map(toJsonlLine).join(''), 'utf8');
    },
    async close() {
      await current?.handle.close();
      current = null;
    },
  };
}
