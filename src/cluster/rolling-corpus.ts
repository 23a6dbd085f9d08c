import { createIdCorpus, type IdCorpus, type IdCounts, type PackedVector } from '../text/packed.js';

/**
 * The clusterer's idf corpus over a rolling horizon: documents are counted as they arrive, in
 * time order, and uncounted once older than the horizon (`forgetBefore`). The term ids of the
 * documents still counted are kept end to end in one Int32Array, oldest first, rather than as
 * a typed array per document: with a 14-day horizon about half of all the posts of a month are
 * counted at once, and a typed array each cost the heap an object pair and the allocator a block,
 * for the collector to trace and sweep on every full collection. Pure and in memory.
 */
export interface RollingCorpus {
  /** Counts a document's distinct term ids, published at `at` (documents come in time order). */
  addDocument(ids: ArrayLike<number>, at: number): void;
  /** Uncounts the documents published before `before`, oldest first, stopping at the first that is not. */
  forgetBefore(before: number): void;
  /** `IdCorpus.weigh` over the documents counted. */
  weigh(counted: IdCounts, weight?: number): PackedVector;
  /** Documents counted. */
  readonly documentCount: number;
  documentFrequency(id: number): number;
}

export function createRollingCorpus(): RollingCorpus {
  const corpus: IdCorpus = createIdCorpus();
  /** The ids of the counted documents, end to end, from `idsStart` to `idsEnd`. */
  let ids = new Int32Array(1 << 14);
  let idsStart = 0;
  let idsEnd = 0;
  /** Per counted document, from `first` to `end`: its time and how many ids it has. */
  let times = new Float64Array(1024);
  let lengths = new Int32Array(1024);
  let first = 0;
  let end = 0;

  /** Makes room for `count` more ids: moves the live ids to the front, in a bigger array if need be. */
  function roomForIds(count: number): void {
    if (idsEnd + count <= ids.length) return;
    const live = idsEnd - idsStart;
    if (live + count <= ids.length / 2) ids.copyWithin(0, idsStart, idsEnd);
    else {
      const grown = new Int32Array(Math.max(ids.length * 2, live + count));
      grown.set(ids.subarray(idsStart, idsEnd));
      ids = grown;
    }
    idsStart = 0;
    idsEnd = live;
  }

  /** Makes room for one more document. */
  function roomForDocument(): void {
    if (end < times.length) return;
    const live = end - first;
    if (live + 1 <= times.length / 2) {
      times.copyWithin(0, first, end);
      lengths.copyWithin(0, first, end);
    } else {
      const grownTimes = new Float64Array(times.length * 2);
      const grownLengths = new Int32Array(times.length * 2);
      grownTimes.set(times.subarray(first, end));
      grownLengths.set(lengths.subarray(first, end));
      times = grownTimes;
      lengths = grownLengths;
    }
    first = 0;
    end = live;
  }

  return {
    addDocument(documentIds, at) {
      corpus.addDocument(documentIds);
      roomForIds(documentIds.length);
      roomForDocument();
      for (let i = 0; i < documentIds.length; i++) ids[idsEnd + i] = documentIds[i] as number;
      idsEnd += documentIds.length;
      times[end] = at;
      lengths[end] = documentIds.length;
      end++;
    },
    forgetBefore(before) {
      while (first < end && (times[first] as number) < before) {
        const length = lengths[first] as number;
        corpus.removeDocument(ids.subarray(idsStart, idsStart + length));
        idsStart += length;
        first++;
      }
    },
    weigh(counted, weight) {
      return corpus.weigh(counted, weight);
    },
    get documentCount() {
      return corpus.documentCount;
    },
    documentFrequency(id) {
      return corpus.documentFrequency(id);
    },
  };
}
