/**
 * A queue that runs work one piece at a time, in the order it was queued. Loads, batches
 * and timed checkpoints touch the same partition states: interleaved at their awaits they
 * would snapshot a half-ingested batch or ingest into a partition being restored. A failed
 * piece fails only its own caller; the queue goes on.
 */
export function serialQueue(): <R>(work: () => Promise<R>) => Promise<R> {
  let queue: Promise<unknown> = Promise.resolve();
  return <R>(work: () => Promise<R>): Promise<R> => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
}
