import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { TrajectoryError } from './errors.js';

const GZIP_MAGIC = [0x1f, 0x8b];

/** Whether the file is gzip, by its magic bytes (the extension may lie or be missing). */
async function isGzip(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buffer, 0, 2, 0);
    return bytesRead === 2 && buffer[0] === GZIP_MAGIC[0] && buffer[1] === GZIP_MAGIC[1];
  } finally {
    await handle.close();
  }
}

export async function assertReadableFile(path: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new TrajectoryError('TRAJECTORIES_FILE_NOT_FOUND', path);
}

/** The file's decompressed bytes as UTF-8 text chunks; gzip is undone transparently. */
export async function openText(path: string): Promise<Readable> {
  await assertReadableFile(path);
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (!(await isGzip(path))) {
    file.setEncoding('utf8');
    return file;
  }
  const gunzip = createGunzip();
  // pipeline, not pipe: a read error of the file must reach the consumer of gunzip.
  pipeline(file, gunzip, () => {});
  gunzip.setEncoding('utf8');
  return gunzip;
}

/**
 * Text chunks, with stream failures (I/O, corrupt gzip) turned into
 * TRAJECTORIES_FILE_UNREADABLE.
 */
export async function* textChunks(path: string): AsyncGenerator<string> {
  const stream = await openText(path);
  try {
    for await (const chunk of stream) yield chunk as string;
  } catch (error) {
    throw new TrajectoryError('TRAJECTORIES_FILE_UNREADABLE', `${path}: ${String(error)}`, {
      cause: error,
    });
  } finally {
    stream.destroy();
  }
}

/** Lines with their 1-based numbers, without '\r\n' / '\n' and without a leading BOM. */
export async function* numberedLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  let pending = '';
  let line = 0;
  for await (const chunk of textChunks(path)) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      line += 1;
      yield { line, text: clean(pending.slice(start, end), line) };
      start = end + 1;
    }
    pending = pending.slice(start);
  }
  if (pending !== '') yield { line: line + 1, text: clean(pending, line + 1) };
}

function clean(text: string, line: number): string {
  const trimmed = text.endsWith('\r') ? text.slice(0, -1) : text;
  return line === 1 && trimmed.charCodeAt(0) === 0xfeff ? trimmed.slice(1) : trimmed;
}

/** The first `maxChars` of decompressed text, for format sniffing. */
export async function headText(path: string, maxChars = 64 * 1024): Promise<string> {
  let text = '';
  for await (const chunk of textChunks(path)) {
    text += chunk;
    if (text.length >= maxChars) break;
  }
  return text.slice(0, maxChars);
}
