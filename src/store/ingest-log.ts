import type { Db } from './store.js';

export interface IngestLogEntry {
  at: number;
  action: 'poll' | 'import';
  /** A source id, or a file path for imports. */
  subject: string;
  status: 'ok' | 'not-modified' | 'error' | 'blocked' | 'disabled' | 'warning' | 'bad-line';
  httpStatus?: number | null;
  posts?: number;
  comments?: number;
  line?: number | null;
  message?: string | null;
}

/** Longest message kept; a pathological error text must not bloat the log. */
const MAX_MESSAGE = 2_000;

export async function appendIngestLog(db: Db, entries: readonly IngestLogEntry[]): Promise<void> {
  if (entries.length === 0) return;
  for (let i = 0; i < entries.length; i += 500) {
    await db
      .insertInto('ingest_log')
      .values(
        entries.slice(i, i + 500).map((e) => ({
          at: e.at,
          action: e.action,
          subject: e.subject,
          status: e.status,
          http_status: e.httpStatus ?? null,
          posts: e.posts ?? 0,
          comments: e.comments ?? 0,
          line: e.line ?? null,
          message: e.message ? e.message.slice(0, MAX_MESSAGE) : null,
        })),
      )
      .execute();
  }
}

export async function listIngestLog(
  db: Db,
  options: { subject?: string; limit?: number } = {},
): Promise<Array<IngestLogEntry & { id: number }>> {
  let query = db.selectFrom('ingest_log').selectAll();
  if (options.subject) query = query.where('subject', '=', options.subject);
  const rows = await query
    .orderBy('id', 'desc')
    .limit(options.limit ?? 100)
    .execute();
  return rows.map((r) => ({
    id: Number(r.id),
    at: Number(r.at),
    action: r.action as IngestLogEntry['action'],
    subject: r.subject,
    status: r.status as IngestLogEntry['status'],
    httpStatus: r.http_status,
    posts: r.posts,
    comments: r.comments,
    line: r.line,
    message: r.message,
  }));
}
