// The manifests ops-feed holds in memory, only to publish a leg's list when it changed: a
// fingerprint per leg, dropped `keepAfterDepartureMs` after the leg's scheduled departure
// (MANIFEST_KEEP_AFTER_DEPARTURE). After that the leg's list is neither fetched nor kept.
import type { PassengerManifest } from '@overfly/schemas';

export interface ManifestBook {
  /** True when `manifest` differs from the last one published for its leg (and records it). */
  changed(manifest: PassengerManifest): boolean;
  /** Drops what is past retention; returns how many were dropped. */
  expire(now: number): number;
  readonly size: number;
}

export function createManifestBook(options: { keepAfterDepartureMs: number }): ManifestBook {
  const held = new Map<string, { fingerprint: string; expiresAt: number }>();
  return {
    changed(manifest) {
      // The snapshot time and the id built on it change with every export: not content.
      const { manifestId: _id, snapshotAt: _at, ...content } = manifest;
      const fingerprint = JSON.stringify(content);
      if (held.get(manifest.scheduleId)?.fingerprint === fingerprint) return false;
      held.set(manifest.scheduleId, {
        fingerprint,
        expiresAt: manifest.scheduledDeparture + options.keepAfterDepartureMs,
      });
      return true;
    },
    expire(now) {
      let dropped = 0;
      for (const [id, entry] of held) {
        if (entry.expiresAt <= now) {
          held.delete(id);
          dropped++;
        }
      }
      return dropped;
    },
    get size() {
      return held.size;
    },
  };
}
