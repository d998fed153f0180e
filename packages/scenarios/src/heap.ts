/** What the heap orders: the time of the next report, then a unique sequence number. */
export interface Due {
  nextT: number;
  seq: number;
}

/**
 * A binary min-heap of aircraft by next report time, ties by seq (so the order, and the
 * output, never depend on insertion history). The keys live in typed arrays beside the
 * items, so sifting touches a few hundred kilobytes rather than 25,000 scattered objects.
 * The top's key changes in place after each report, then `updateTop` sifts it down.
 */
export class DueHeap<T extends Due> {
  #items: T[] = [];
  #times = new Float64Array(1024);
  #seqs = new Float64Array(1024);

  get size(): number {
    return this.#items.length;
  }

  peek(): T | undefined {
    return this.#items[0];
  }

  push(item: T): void {
    const items = this.#items;
    if (items.length === this.#times.length) this.#grow();
    const times = this.#times;
    const seqs = this.#seqs;
    const t = item.nextT;
    const q = item.seq;
    let i = items.length;
    items.push(item);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent] as number;
      if (pt < t || (pt === t && (seqs[parent] as number) < q)) break;
      items[i] = items[parent] as T;
      times[i] = pt;
      seqs[i] = seqs[parent] as number;
      i = parent;
    }
    items[i] = item;
    times[i] = t;
    seqs[i] = q;
  }

  /** Removes the top. */
  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.updateTop();
    }
    return top;
  }

  /** Restores the order after the top's nextT changed (it may only grow). */
  updateTop(): void {
    const items = this.#items;
    const times = this.#times;
    const seqs = this.#seqs;
    const n = items.length;
    if (n === 0) return;
    const item = items[0] as T;
    const t = item.nextT;
    const q = item.seq;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      let child = left;
      let ct = times[left] as number;
      let cq = seqs[left] as number;
      const right = left + 1;
      if (right < n) {
        const rt = times[right] as number;
        const rq = seqs[right] as number;
        if (rt < ct || (rt === ct && rq < cq)) {
          child = right;
          ct = rt;
          cq = rq;
        }
      }
      if (t < ct || (t === ct && q < cq)) break;
      items[i] = items[child] as T;
      times[i] = ct;
      seqs[i] = cq;
      i = child;
    }
    items[i] = item;
    times[i] = t;
    seqs[i] = q;
  }

  #grow(): void {
    const times = new Float64Array(this.#times.length * 2);
    const seqs = new Float64Array(this.#seqs.length * 2);
    times.set(this.#times);
    seqs.set(this.#seqs);
    this.#times = times;
    this.#seqs = seqs;
  }
}
