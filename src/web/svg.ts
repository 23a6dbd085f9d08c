import type { BriefingPerspective } from '../write/types.js';
import { formatInteger, type Html, h } from './html.js';

/** Counts of `times` in `buckets` equal slices of [from, to]. */
export function bucketTimes(times: readonly number[], from: number, to: number, buckets: number): number[] {
  const counts = new Array<number>(buckets).fill(0);
  const span = Math.max(1, to - from);
  for (const t of times) {
    const i = Math.min(buckets - 1, Math.max(0, Math.floor(((t - from) / span) * buckets)));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** An inline sparkline of activity (drawn on the server; no script, no external image). */
export function sparkline(counts: readonly number[], label: string): Html {
  const width = 120;
  const height = 28;
  const max = Math.max(1, ...counts);
  const step = counts.length > 1 ? width / (counts.length - 1) : width;
  const points = counts
    .map((c, i) => `${(i * step).toFixed(1)},${(height - 2 - (c / max) * (height - 4)).toFixed(1)}`)
    .join(' ');
  return h`<svg class="spark" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${label}"><title>${label}</title><polyline points="${points}" fill="none" stroke="#1f5f99" stroke-width="2" stroke-linejoin="round"/></svg>`;
}

const STANCE_COLOUR: Record<BriefingPerspective['stance'], string> = {
  positive: '#1a7f37',
  negative: '#b42318',
  mixed: '#9a5b00',
  neutral: '#5b6472',
};

/**
 * A diverging bar chart: one row per community, the bar's length is how many comments took part,
 * its side and colour the stance (positive right, negative left, mixed and neutral centred).
 */
export function stanceChart(perspectives: readonly BriefingPerspective[]): Html {
  if (perspectives.length === 0) return h``;
  const rowHeight = 26;
  const labelWidth = 130;
  const chartWidth = 220;
  const width = labelWidth + chartWidth + 10;
  const height = perspectives.length * rowHeight + 8;
  const centre = labelWidth + chartWidth / 2;
  const max = Math.max(1, ...perspectives.map((p) => p.participation.comments + p.participation.posts));
  const summary = perspectives
    .map((p) => `${p.community}: ${p.stance} (${p.participation.comments} comments)`)
    .join('; ');
  const rows = perspectives.map((p, i) => {
    const y = 4 + i * rowHeight;
    const length = Math.max(
      3,
      ((p.participation.comments + p.participation.posts) / max) * (chartWidth / 2 - 4),
    );
    const x =
      p.stance === 'positive' ? centre : p.stance === 'negative' ? centre - length : centre - length / 2;
    const name = p.community.length > 18 ? `${p.community.slice(0, 17)}…` : p.community;
    return h`<g><text x="${labelWidth - 6}" y="${y + 16}" text-anchor="end" font-size="12" fill="#1d2733">${name}</text><rect x="${x.toFixed(1)}" y="${y + 4}" width="${length.toFixed(1)}" height="${rowHeight - 10}" fill="${STANCE_COLOUR[p.stance]}"><title>${p.community}: ${p.stance}, ${formatInteger(p.participation.comments)} comments</title></rect></g>`;
  });
  return h`<svg class="stance-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${`Stance by community — ${summary}`}"><title>Stance by community</title><line x1="${centre}" y1="0" x2="${centre}" y2="${height}" stroke="#8a94a3" stroke-width="1"/>${rows}</svg>`;
}
