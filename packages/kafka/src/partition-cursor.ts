/**
 * The bookkeeping of the `stored-by-service` mode for one assigned partition, free of
 * kafkajs so it is tested on its own (partition-cursor.test.ts).
 *
 * `position` is the next offset the service has not applied: where its stored position
 * is, plus whatever it has applied since (not yet durable for a service whose store lags,
 * like fir-analyser's checkpoint). Every batch the loop delivers starts there; nothing
 * below it is delivered twice, nothing above it is skipped.
 */
export type Admission =
  /** The fetch started after the position: seek back there and let the messages come again. */
  | { kind: 'seek'; offset: bigint }
  /** Deliver the batch's messages at or after `from` (those below are already applied). */
  | { kind: 'deliver'; from: bigint; unreadable: boolean };

export class PartitionCursor {
  /** The next offset to apply; null until the first batch when the service stored none. */
  position: bigint | null;
  /** The last position the service was told of (a batch's `next`, a step over holes, its load). */
  reported: bigint | null;
  /** Where the last seek back went: a second fetch past it means those offsets are unreadable. */
  #soughtBackTo: bigint | null = null;

  constructor(stored: bigint | null) {
    this.position = stored;
    this.reported = stored;
  }

  /**
   * Where a fetched batch stands against the position. `fetchedOffset` is the offset the
   * fetch asked for: messages between it and the batch's first do not exist (compacted
   * away), so a batch fetched at or below the position is contiguous with it. A batch
   * fetched above the position (a fetch issued before a seek, a rebalance, a commit ahead
   * of the service's store) leaves a gap, and the loop seeks back, once: when the fetch
   * right after that seek again starts above the position, the offsets in between cannot
   * be read (deleted by retention, aborted or control records that kafkajs does not hand
   * over), and the partition goes on from there.
   */
  admit(fetchedOffset: bigint): Admission {
    if (this.position === null) {
      // Nothing stored: the partition starts where the group starts reading it.
      this.position = fetchedOffset;
      return { kind: 'deliver', from: fetchedOffset, unreadable: false };
    }
    if (fetchedOffset > this.position) {
      if (this.#soughtBackTo === this.position) {
        this.#soughtBackTo = null;
        const from = this.position;
        return { kind: 'deliver', from, unreadable: true };
      }
      this.#soughtBackTo = this.position;
      return { kind: 'seek', offset: this.position };
    }
    this.#soughtBackTo = null;
    return { kind: 'deliver', from: this.position, unreadable: false };
  }

  /** The messages up to `next` (exclusive) are applied or stepped over. */
  advance(next: bigint): void {
    if (this.position === null || next > this.position) this.position = next;
  }

  /** The service was told the position is `next` (it stored it, or will with its effect). */
  told(next: bigint): void {
    if (this.reported === null || next > this.reported) this.reported = next;
  }

  /** The position moved past what the service was told: holes it has to hear about. */
  get untold(): boolean {
    return this.position !== null && (this.reported === null || this.position > this.reported);
  }
}

/**
 * Makes a dead letter exactly-once across a crash in `stored-by-service` mode. The loop
 * sends a letter, then the service stores the position past it; a crash between the two
 * would send it again on restart. So after each (re)load, before the first dead letters of
 * a partition, the loop asks (`scan`, once per load) which source offsets at or after the
 * loaded position this consumer group already dead-lettered, and sends only the others.
 * Letters of one source partition go out in offset order, so once an offset past every
 * letter found comes, the question is settled for that load.
 */
export class DeadLetterDedupe {
  #found: Set<bigint> | null = null;
  #last: bigint | null = null;
  #active = true;
  #until: bigint | null = null;

  constructor(
    /** Source offsets at or after `from` already in dead.letter for this group and partition. */
    private readonly scan: (from: bigint, sinceTimestamp: number) => Promise<Set<bigint>>,
    private readonly from: () => bigint | null,
  ) {}

  get active(): boolean {
    return this.#active;
  }

  /**
   * The partition's end when it was loaded: nothing at or past it can have been read, let
   * alone dead-lettered, before the load, so no scan is needed there.
   */
  boundBy(end: bigint): void {
    this.#until = end;
  }

  /**
   * Whether the message at `offset` (record timestamp `timestamp`) was dead-lettered
   * before this load. The scan starts a minute before the message's timestamp: its letter
   * was written after the message, give or take the clocks of two machines.
   */
  async alreadySent(offset: bigint, timestamp: number): Promise<boolean> {
    if (!this.#active) return false;
    if (this.#until !== null && offset >= this.#until) {
      this.#active = false;
      return false;
    }
    const from = this.from();
    if (from === null) return false;
    if (this.#found === null) {
      this.#found = await this.scan(from, timestamp - 60_000);
      for (const o of this.#found) if (this.#last === null || o > this.#last) this.#last = o;
    }
    const hit = this.#found.has(offset);
    if (!hit && (this.#last === null || offset > this.#last)) this.#active = false;
    return hit;
  }

  /** The scan failed: dead letters of this load go out at least once. */
  giveUp(): void {
    this.#active = false;
  }
}
