export { type WriteCounts, writeBatch } from './batch.js';
export { listComments, resolveCommentTree, type StoredComment, upsertComments } from './comments.js';
export { appendIngestLog, type IngestLogEntry, listIngestLog } from './ingest-log.js';
export { getPost, listPosts, lookupPosts, type StoredPost, upsertPosts } from './posts.js';
export type { Database } from './schema.js';
export {
  ensureSource,
  getSourceState,
  listSourceStates,
  type SourceUpdate,
  updateSourceState,
} from './sources.js';
export { getStats, type Stats } from './stats.js';
export { createStore, type Db, type Dialect, isPostgresUrl, redactLocation, type Store } from './store.js';
