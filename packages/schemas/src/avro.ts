// avsc is CommonJS without named ESM exports, so Node needs the default import;
// this module is the one place that knows, and re-exports the pieces we use.
import avsc from 'avsc';

export type { Type as AvroType } from 'avsc';
export const AvroTypeClass = avsc.Type;
export const avroTypes = avsc.types;
