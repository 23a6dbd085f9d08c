/**
 * The clusterer's inverted index: term id → the items (stories) listed under it. Each item gets a
 * small slot number; a look-up sums overlaps into an array by slot. Every term's list is a block
 * of one shared Int32Array of slots, found through typed arrays by term: scanning a list reads one
 * run of memory, where a list object holding a typed array cost three dependent reads (each a
 * likely cache miss) before the first slot. Finding candidates is among the clusterer's costliest
 * steps, and it is bound by memory, not by arithmetic. Pure and in memory.
 */

export interface Postings<T> {
  /** Lists `item` under exactly `terms` (distinct ids), instead of what it was listed under. */
  list(item: T, terms: readonly number[]): void;
  /** Takes `item` out of every list (a no-op for an item not listed). */
  unlist(item: T): void;
  /** How many items are listed under `term`. */
  sizeOf(term: number): number;
  /**
   * Calls `visit` with each item listed under some `terms[i]` and the sum of `weights[i]` over
   * the terms it is listed under, when that sum reaches `minOverlap`; terms listing more than
   * `maxListSize` items are skipped. Sums add in the order of `terms`. Items come highest
   * overlap first (equal overlaps in no particular order) until `visit` returns false: a caller
   * that keeps the best few can stop before reading the rest of the items.
   */
  forEachOverlap(
    terms: ArrayLike<number>,
    weights: ArrayLike<number>,
    maxListSize: number,
    minOverlap: number,
    visit: (item: T, overlap: number) => boolean,
  ): void;
  /** Items listed. */
  readonly size: number;
}

/** A new list's block holds this many slots; blocks double as a list grows. */
const FIRST_BLOCK = 4;

export function createPostings<T>(): Postings<T> {
  const slots = new Map<T, number>();
  const items: Array<T | undefined> = [];
  const freeSlots: number[] = [];
  /**
   * Per slot, the terms it is listed under and where it sits in each one's list (lists are
   * unordered: a removal moves the last slot in, whose position is then fixed here): pairs
   * (term, position) at `slot * stride * 2`, `termCounts[slot]` of them. Kept by slot in one
   * typed array, so fixing a moved slot's position reads one place.
   */
  let stride = 16;
  let slotTerms = new Int32Array(1024 * stride * 2);
  let termCounts = new Int32Array(1024);

  /** The blocks: every list lives at `listStart[term]` in `pool`, `listLength[term]` slots long. */
  let pool = new Int32Array(1 << 16);
  let poolUsed = 0;
  /** Freed blocks by capacity, to be reused. */
  const freeBlocks = new Map<number, number[]>();
  let listStart = new Int32Array(1024);
  let listLength = new Int32Array(1024);
  let listCapacity = new Int32Array(1024);

  /** Per slot: [the number of the last look-up that touched it, its overlap sum in that look-up]. */
  let scratch = new Float64Array(2048);
  let touched = new Int32Array(1024);
  let lookUps = 0;

  function takeSlot(): number {
    const slot = freeSlots.pop() ?? items.length;
    if (slot >= termCounts.length) {
      const size = termCounts.length * 2;
      const counts = new Int32Array(size);
      counts.set(termCounts);
      termCounts = counts;
      const pairs = new Int32Array(size * stride * 2);
      pairs.set(slotTerms);
      slotTerms = pairs;
      touched = new Int32Array(size);
      const grown = new Float64Array(size * 2);
      grown.set(scratch);
      scratch = grown;
    }
    termCounts[slot] = 0;
    return slot;
  }

  /** Makes room for `count` terms per slot. */
  function widen(count: number): void {
    let wider = stride;
    while (wider < count) wider *= 2;
    const pairs = new Int32Array(termCounts.length * wider * 2);
    for (let slot = 0; slot < termCounts.length; slot++) {
      const from = slot * stride * 2;
      pairs.set(slotTerms.subarray(from, from + (termCounts[slot] as number) * 2), slot * wider * 2);
    }
    slotTerms = pairs;
    stride = wider;
  }

  function ensureTerm(term: number): void {
    if (term < listStart.length) return;
    const size = Math.max(listStart.length * 2, term + 1);
    const grow = (from: Int32Array) => {
      const grown = new Int32Array(size);
      grown.set(from);
      return grown;
    };
    listStart = grow(listStart);
    listLength = grow(listLength);
    listCapacity = grow(listCapacity);
  }

  function allocateBlock(capacity: number): number {
    const reused = freeBlocks.get(capacity)?.pop();
    if (reused !== undefined) return reused;
    if (poolUsed + capacity > pool.length) {
      const grown = new Int32Array(Math.max(pool.length * 2, poolUsed + capacity));
      grown.set(pool.subarray(0, poolUsed));
      pool = grown;
    }
    const start = poolUsed;
    poolUsed += capacity;
    return start;
  }

  function freeBlock(start: number, capacity: number): void {
    let blocks = freeBlocks.get(capacity);
    if (!blocks) {
      blocks = [];
      freeBlocks.set(capacity, blocks);
    }
    blocks.push(start);
  }

  /** Moves the list of `term` to a block of `capacity` slots. */
  function moveList(term: number, capacity: number): void {
    const start = allocateBlock(capacity);
    const oldStart = listStart[term] as number;
    const oldCapacity = listCapacity[term] as number;
    pool.copyWithin(start, oldStart, oldStart + (listLength[term] as number));
    if (oldCapacity > 0) freeBlock(oldStart, oldCapacity);
    listStart[term] = start;
    listCapacity[term] = capacity;
  }

  /** Appends `slot` to the list of `term` and records the pair. */
  function add(term: number, slot: number): void {
    ensureTerm(term);
    const length = listLength[term] as number;
    const capacity = listCapacity[term] as number;
    if (length === capacity) moveList(term, capacity === 0 ? FIRST_BLOCK : capacity * 2);
    pool[(listStart[term] as number) + length] = slot;
    listLength[term] = length + 1;
    const count = termCounts[slot] as number;
    if (count === stride) widen(count + 1);
    const at = (slot * stride + count) * 2;
    slotTerms[at] = term;
    slotTerms[at + 1] = length;
    termCounts[slot] = count + 1;
  }

  /** Takes the `k`th pair of `slot` out: its slot out of the term's list, the pair out of the slot's. */
  function remove(slot: number, k: number): void {
    const base = slot * stride * 2;
    const term = slotTerms[base + k * 2] as number;
    const position = slotTerms[base + k * 2 + 1] as number;
    const start = listStart[term] as number;
    const last = (listLength[term] as number) - 1;
    if (position !== last) {
      const moved = pool[start + last] as number;
      pool[start + position] = moved;
      const movedBase = moved * stride * 2;
      const movedEnd = movedBase + (termCounts[moved] as number) * 2;
      for (let at = movedBase; at < movedEnd; at += 2) {
        if (slotTerms[at] === term) {
          slotTerms[at + 1] = position;
          break;
        }
      }
    }
    listLength[term] = last;
    const capacity = listCapacity[term] as number;
    if (last === 0) {
      freeBlock(start, capacity);
      listCapacity[term] = 0;
    } else if (last * 4 < capacity && capacity > 16) moveList(term, capacity >> 1);
    // The slot's last pair takes the place of the one removed.
    const count = (termCounts[slot] as number) - 1;
    slotTerms[base + k * 2] = slotTerms[base + count * 2] as number;
    slotTerms[base + k * 2 + 1] = slotTerms[base + count * 2 + 1] as number;
    termCounts[slot] = count;
  }

  /** True when `term` is among the first `count` pairs of the slot at `base`. */
  function hasTerm(base: number, count: number, term: number): boolean {
    for (let k = 0; k < count; k++) if (slotTerms[base + k * 2] === term) return true;
    return false;
  }

  return {
    list(item, terms) {
      let slot = slots.get(item);
      if (slot === undefined) {
        slot = takeSlot();
        slots.set(item, slot);
        items[slot] = item;
      }
      for (let k = 0; k < (termCounts[slot] as number); ) {
        if (terms.includes(slotTerms[(slot * stride + k) * 2] as number)) k++;
        else remove(slot, k);
      }
      const kept = termCounts[slot] as number;
      for (const term of terms) if (!hasTerm(slot * stride * 2, kept, term)) add(term, slot);
    },
    unlist(item) {
      const slot = slots.get(item);
      if (slot === undefined) return;
      while ((termCounts[slot] as number) > 0) remove(slot, (termCounts[slot] as number) - 1);
      slots.delete(item);
      items[slot] = undefined;
      freeSlots.push(slot);
    },
    sizeOf(term) {
      return term < listLength.length ? (listLength[term] as number) : 0;
    },
    forEachOverlap(terms, weights, maxListSize, minOverlap, visit) {
      // Look-up numbers tag the slots they touched (a double counts far past any run's look-ups).
      const lookUp = ++lookUps;
      let count = 0;
      for (let t = 0; t < terms.length; t++) {
        const term = terms[t] as number;
        if (term >= listLength.length) continue;
        const length = listLength[term] as number;
        if (length === 0 || length > maxListSize) continue;
        const weight = weights[t] as number;
        const start = listStart[term] as number;
        for (let i = start; i < start + length; i++) {
          const at = (pool[i] as number) * 2;
          if (scratch[at] !== lookUp) {
            scratch[at] = lookUp;
            scratch[at + 1] = 0;
            touched[count++] = at >> 1;
          }
          scratch[at + 1] = (scratch[at + 1] as number) + weight;
        }
      }
      // The slots that reached the minimum, ordered by overlap (insertion: a few dozen at most).
      let found = 0;
      for (let i = 0; i < count; i++) {
        const slot = touched[i] as number;
        const overlap = scratch[slot * 2 + 1] as number;
        if (!(overlap >= minOverlap)) continue;
        let at = found++;
        while (at > 0 && (scratch[(touched[at - 1] as number) * 2 + 1] as number) < overlap) {
          touched[at] = touched[at - 1] as number;
          at--;
        }
        touched[at] = slot;
      }
      for (let i = 0; i < found; i++) {
        const slot = touched[i] as number;
        if (!visit(items[slot] as T, scratch[slot * 2 + 1] as number)) break;
      }
    },
    get size() {
      return slots.size;
    },
  };
}
