interface Entry {
  time: number;
  key: string;
}

const before = (a: Entry, b: Entry) => a.time < b.time || (a.time === b.time && a.key < b.key);

/**
 * Keys by the time they expire, earliest first (a binary min-heap; ties by key, so the order
 * is the same after a restore). A key may be pushed again with a later time: the caller
 * skips the stale entries `popBefore` returns by checking the key's current time. Lets the
 * passage assembler forget silent flights without scanning every flight each minute.
 */
export class ExpiryQueue {
  private readonly heap: Entry[] = [];

  push(key: string, time: number): void {
    const heap = this.heap;
    heap.push({ time, key });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i] as Entry, heap[parent] as Entry)) break;
      swap(heap, i, parent);
      i = parent;
    }
  }

  /** The earliest time queued; +Infinity when empty. */
  earliest(): number {
    return this.heap[0]?.time ?? Number.POSITIVE_INFINITY;
  }

  /** Removes and returns every entry with a time before `time`, earliest first. */
  popBefore(time: number): Entry[] {
    const out: Entry[] = [];
    while (this.heap.length > 0 && (this.heap[0] as Entry).time < time) out.push(this.pop());
    return out;
  }

  private pop(): Entry {
    const heap = this.heap;
    const top = heap[0] as Entry;
    const last = heap.pop() as Entry;
    if (heap.length === 0) return top;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l] as Entry, heap[m] as Entry)) m = l;
      if (r < heap.length && before(heap[r] as Entry, heap[m] as Entry)) m = r;
      if (m === i) break;
      swap(heap, i, m);
      i = m;
    }
    return top;
  }
}

function swap(heap: Entry[], i: number, j: number): void {
  const t = heap[i] as Entry;
  heap[i] = heap[j] as Entry;
  heap[j] = t;
}
