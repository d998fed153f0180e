// The live stream's messages (services/api/docs/live-stream.md), typed from the api's own
// record type: never written twice.
import type { LiveAircraft } from '../../../api/src/live/encode.js';

export type { LiveAircraft };

interface SnapshotMessage {
  type: 'snapshot';
  t: number;
  aircraft: LiveAircraft[];
}

interface DeltaMessage {
  type: 'delta';
  t: number;
  changed: LiveAircraft[];
  removed: string[];
}

interface ErrorMessage {
  type: 'error';
  status: number;
  title: string;
  errors: Array<{ field: string; message: string }>;
}

export type LiveMessage = SnapshotMessage | DeltaMessage | ErrorMessage;
