import { createHash } from 'node:crypto';
import type { Queryable } from '@overfly/db';

/**
 * An uploaded trajectory file's name: also the file name a worker reads it under, so its
 * extension (`.csv`, `.json.gz`, `.jsonl`) can tell the format.
 */
export const IMPORT_NAME = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';

export interface ImportFile {
  name: string;
  bytes: number;
  sha256: string;
  uploadedBy: string;
  uploadedAt: number;
}

const COLUMNS = `name, bytes, sha256, uploaded_by AS "uploadedBy", uploaded_at AS "uploadedAt"`;

/** Stores (or replaces) a file; answers what is held and whether it replaced one. */
export async function putImport(
  db: Queryable,
  name: string,
  content: Buffer,
  uploadedBy: string,
  at: number,
): Promise<{ file: ImportFile; replaced: boolean }> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const { rows } = await db.query<ImportFile & { inserted: boolean }>(
    `INSERT INTO batch_imports (name, content, bytes, sha256, uploaded_by, uploaded_at)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (name) DO UPDATE SET content = EXCLUDED.content, bytes = EXCLUDED.bytes,
       sha256 = EXCLUDED.sha256, uploaded_by = EXCLUDED.uploaded_by,
       uploaded_at = EXCLUDED.uploaded_at
     RETURNING ${COLUMNS}, (xmax = 0) AS inserted`,
    [name, content, content.length, sha256, uploadedBy, at],
  );
  const { inserted, ...file } = rows[0] as ImportFile & { inserted: boolean };
  return { file, replaced: !inserted };
}

export async function listImports(db: Queryable): Promise<ImportFile[]> {
  const { rows } = await db.query<ImportFile>(`SELECT ${COLUMNS} FROM batch_imports ORDER BY name`);
  return rows;
}

export async function deleteImport(db: Queryable, name: string): Promise<boolean> {
  const { rowCount } = await db.query('DELETE FROM batch_imports WHERE name = $1', [name]);
  return (rowCount ?? 0) > 0;
}

/** The file's bytes, or null when no file of that name is held. */
export async function importContent(db: Queryable, name: string): Promise<Buffer | null> {
  const { rows } = await db.query<{ content: Buffer }>(
    'SELECT content FROM batch_imports WHERE name = $1',
    [name],
  );
  return rows[0]?.content ?? null;
}
