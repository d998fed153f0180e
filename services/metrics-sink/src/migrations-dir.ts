import { fileURLToPath } from 'node:url';

/** The service's versioned SQL migrations (NNN_name.sql), applied at start-up. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
