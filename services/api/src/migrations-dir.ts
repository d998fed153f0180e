import { fileURLToPath } from 'node:url';

/** The api's versioned SQL migrations (NNN_name.sql), applied at start-up. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../migrations', import.meta.url));
