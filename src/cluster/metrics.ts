/**
 * Clustering quality against gold labels: B-cubed precision/recall/F1 (Bagga & Baldwin 1998,
 * per-item averages) and the Adjusted Rand Index (Hubert & Arabie 1985).
 */
export interface ClusterScores {
  precision: number;
  recall: number;
  f1: number;
  ari: number;
}

/** `predicted` and `gold` map each item id to a cluster label; items missing from either are ignored. */
export function scoreClustering(
  predicted: ReadonlyMap<string, string>,
  gold: ReadonlyMap<string, string>,
): ClusterScores {
  const items = [...predicted.keys()].filter((id) => gold.has(id));
  const n = items.length;
  if (n === 0) return { precision: 0, recall: 0, f1: 0, ari: 0 };
  const pair = new Map<string, number>();
  const predictedSize = new Map<string, number>();
  const goldSize = new Map<string, number>();
  for (const id of items) {
    const p = predicted.get(id) as string;
    const g = gold.get(id) as string;
    predictedSize.set(p, (predictedSize.get(p) ?? 0) + 1);
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
    const key = `${p}\u0000${g}`;
    pair.set(key, (pair.get(key) ?? 0) + 1);
  }
  let precision = 0;
  let recall = 0;
  for (const id of items) {
    const p = predicted.get(id) as string;
    const g = gold.get(id) as string;
    const both = pair.get(`${p}\u0000${g}`) ?? 0;
    precision += both / (predictedSize.get(p) ?? 1);
    recall += both / (goldSize.get(g) ?? 1);
  }
  precision /= n;
  recall /= n;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  const choose2 = (k: number) => (k * (k - 1)) / 2;
  let index = 0;
  for (const count of pair.values()) index += choose2(count);
  let sumPredicted = 0;
  for (const count of predictedSize.values()) sumPredicted += choose2(count);
  let sumGold = 0;
  for (const count of goldSize.values()) sumGold += choose2(count);
  const expected = (sumPredicted * sumGold) / choose2(n);
  const max = (sumPredicted + sumGold) / 2;
  const ari = max === expected ? 1 : (index - expected) / (max - expected);
  return { precision, recall, f1, ari };
}
