/**
 * The clusterer's inverted index: term id → the items (stories) listed under it. Each item gets a
 * small slot number; a term's list is an Int32Array of slots, and a look-up sums overlaps into a
 * Float64Array by slot. Scanning a list then reads only typed arrays: with Sets of story objects
 * every visit was a pointer chase into the heap, and finding candidates was the clusterer's
 * costliest step. Pure and in memory.
 */

/** An item whose summed query weight reached the look-up's minimum. */
export interface Overlap<T> {
  item: T;
  overlap: number;
}

export interface Postings<T> {
  /** Lists `item` under exactly `terms` (distinct ids), instead of what it was listed under. */
  list(item: T, terms: readonly number[]): void;
  /** Takes `item` out of every list (a no-op for an item not listed). */
  unlist(item: T): void;
  /** How many items are listed under `term`. */
  sizeOf(term: number): number;
  /**
   * The items listed under `terms[i]`, each with the sum of `weights[i]` over the terms it is
   * listed under, when that sum reaches `minOverlap`; terms listing more than `maxListSize` items
   * are skipped. Sums add in the order of `terms`. Unordered.
   */
  overlaps(
    terms: ArrayLike<number>,
    weights: ArrayLike<number>,
    maxListSize: number,
    minOverlap: number,
  ): Array<Overlap<T>>;
  /** Items listed. */
  readonly size: number;
}

interface Entry {
  slot: number;
  terms: readonly number[];
}

/** A growable list of slots; order is not kept (removal swaps in the last slot). */
interface SlotList {
  slots: Int32Array;
  length: number;
}

export function createPostings<T>(): Postings<T> {
  const entries = new Map<T, Entry>();
  const items: Array<T | undefined> = [];
  const freeSlots: number[] = [];
  const lists: Array<SlotList | undefined> = [];
  let marks = new Int32Array(1024);
  let sums = new Float64Array(1024);
  let touched = new Int32Array(1024);
  let lookUps = 0;

  function takeSlot(item: T): number {
    const slot = freeSlots.pop() ?? items.length;
    items[slot] = item;
    if (slot >= marks.length) {
      const grownMarks = new Int32Array(marks.length * 2);
      grownMarks.set(marks);
      marks = grownMarks;
      sums = new Float64Array(marks.length);
      touched = new Int32Array(marks.length);
    }
    marks[slot] = 0;
    return slot;
  }

  function add(term: number, slot: number): void {
    let list = lists[term];
    if (!list) {
      list = { slots: new Int32Array(4), length: 0 };
      lists[term] = list;
    }
    if (list.length === list.slots.length) {
      const grown = new Int32Array(list.slots.length * 2);
      grown.set(list.slots);
      list.slots = grown;
    }
    list.slots[list.length++] = slot;
  }

  function remove(term: number, slot: number): void {
    const list = lists[term];
    if (!list) return;
    const slots = list.slots;
    for (let i = 0; i < list.length; i++) {
      if (slots[i] !== slot) continue;
      slots[i] = slots[list.length - 1] as number;
      list.length--;
      break;
    }
    if (list.length === 0) lists[term] = undefined;
    else if (list.length * 4 < slots.length && slots.length > 16)
      list.slots = slots.slice(0, slots.length >> 1);
  }

  return {
    list(item, terms) {
      let entry = entries.get(item);
      if (!entry) {
        entry = { slot: takeSlot(item), terms: [] };
        entries.set(item, entry);
      }
      const slot = entry.slot;
      const previous = entry.terms;
      for (const term of previous) if (!terms.includes(term)) remove(term, slot);
      for (const term of terms) if (!previous.includes(term)) add(term, slot);
      entry.terms = terms.slice();
    },
    unlist(item) {
      const entry = entries.get(item);
      if (!entry) return;
      for (const term of entry.terms) remove(term, entry.slot);
      entries.delete(item);
      items[entry.slot] = undefined;
      freeSlots.push(entry.slot);
    },
    sizeOf(term) {
      return lists[term]?.length ?? 0;
    },
    overlaps(terms, weights, maxListSize, minOverlap) {
      if (lookUps === 0x7fffffff) {
        // Look-up numbers tag the slots they touched; start over before they overflow an Int32.
        marks.fill(0);
        lookUps = 0;
      }
      const lookUp = ++lookUps;
      let count = 0;
      for (let t = 0; t < terms.length; t++) {
        const list = lists[terms[t] as number];
        if (!list || list.length > maxListSize) continue;
        const weight = weights[t] as number;
        const slots = list.slots;
        for (let i = 0; i < list.length; i++) {
          const slot = slots[i] as number;
          if (marks[slot] !== lookUp) {
            marks[slot] = lookUp;
            sums[slot] = 0;
            touched[count++] = slot;
          }
          sums[slot] = (sums[slot] as number) + weight;
        }
      }
      const found: Array<Overlap<T>> = [];
      for (let i = 0; i < count; i++) {
        const slot = touched[i] as number;
        const overlap = sums[slot] as number;
        if (overlap >= minOverlap) found.push({ item: items[slot] as T, overlap });
      }
      return found;
    },
    get size() {
      return entries.size;
    },
  };
}
