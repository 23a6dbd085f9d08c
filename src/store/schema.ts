import type { Generated } from 'kysely';

/**
 * The tables, as Kysely sees them. Times are epoch ms (BIGINT), flags are 0/1 integers so the
 * same code runs on SQLite and PostgreSQL.
 */
export interface Database {
  sources: SourcesTable;
  posts: PostsTable;
  comments: CommentsTable;
  documents: DocumentsTable;
  ingest_log: IngestLogTable;
  import_files: ImportFilesTable;
  stories: StoriesTable;
  story_posts: StoryPostsTable;
  facts: FactsTable;
  fact_sources: FactSourcesTable;
  entities: EntitiesTable;
  briefings: BriefingsTable;
  search_docs: SearchDocsTable;
  search_stories: SearchStoriesTable;
  leases: LeasesTable;
}

export interface SourcesTable {
  id: string;
  kind: string;
  url: string | null;
  enabled: number;
  etag: string | null;
  last_modified: string | null;
  cursor: string | null;
  next_check_at: number | null;
  last_fetch_at: number | null;
  last_status: number | null;
  last_new_items: number | null;
  consecutive_errors: number;
  last_error: string | null;
  blocked_reason: string | null;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface PostsTable {
  id: string;
  kind: string;
  community: string;
  title: string;
  text: string;
  html: string | null;
  url: string | null;
  dedup_key: string | null;
  permalink: string | null;
  author: string | null;
  score: number | null;
  comment_count: number | null;
  published_at: number;
  deleted: number;
  fetched_at: number;
  updated_at: number;
  /** 1 once the post is in a story (a `story_posts` row); set by `applyClustering` only. */
  placed: Generated<number>;
}

export interface CommentsTable {
  id: string;
  post_id: string | null;
  parent_id: string | null;
  author: string | null;
  text: string;
  score: number | null;
  published_at: number;
  depth: number | null;
  deleted: number;
  fetched_at: number;
  updated_at: number;
}

export interface DocumentsTable {
  dedup_key: string;
  url: string;
  canonical_url: string | null;
  title: string | null;
  byline: string | null;
  site: string | null;
  text: string;
  html: string | null;
  status: string;
  error: string | null;
  fetched_at: number;
  /** Dedup key of rel=canonical / og:url when it is on the same registrable domain. */
  canonical_key: string | null;
  /** The post whose link led here first. */
  post_id: string | null;
}

export interface StoriesTable {
  id: string;
  title: string;
  representative_post_id: string | null;
  first_seen: number;
  last_seen: number;
  post_count: number;
  community_count: number;
  heat: number;
  merged_into: string | null;
  created_at: number;
  updated_at: number;
  extract_hash: string | null;
  /** What the story's briefing was last written from (`storyInputs`); null before the first. */
  briefed_inputs: string | null;
  /** 1 while its search rows lag behind it (`syncSearchIndex` brings them up to date). */
  search_pending: Generated<number>;
}

export interface StoryPostsTable {
  post_id: string;
  story_id: string;
  similarity: number;
  reason: string;
  joined_at: number;
}

export interface IngestLogTable {
  id: Generated<number>;
  at: number;
  /** `poll` or `import`. */
  action: string;
  /** A source id, or a file path for imports. */
  subject: string;
  /** `ok`, `not-modified`, `error`, `blocked`, `disabled`, `warning`, `bad-line`. */
  status: string;
  http_status: number | null;
  posts: number;
  comments: number;
  line: number | null;
  message: string | null;
}

/** Import progress per file, so a re-run after a crash can report what it resumed. */
export interface ImportFilesTable {
  path: string;
  size: number;
  mtime_ms: number;
  lines_done: number;
  completed: number;
  updated_at: number;
}

export interface FactsTable {
  id: string;
  story_id: string;
  rank: number;
  kind: string;
  /** JSON of the normalised value. */
  value: string;
  text: string;
  communities: number;
  conflict: number;
  speaker: string | null;
  first_reported_at: number;
}

export interface FactSourcesTable {
  fact_id: string;
  source_id: string;
  span_start: number;
  span_end: number;
}

export interface EntitiesTable {
  story_id: string;
  name: string;
  kind: string;
  /** JSON array of strings. */
  aliases: string;
  role: string | null;
  /** JSON array of {reason, span}. */
  evidence: string;
  mentions: number;
}

export interface BriefingsTable {
  story_id: string;
  version: number;
  content_hash: string;
  headline: string;
  grounded: number;
  /** The briefing as JSON (see write/types.ts). */
  body: string;
  created_at: number;
}

/**
 * One searchable text (a story, a post or a fact), kept in step with the stories by
 * store/search.ts. The full-text index lives beside it: an FTS5 table over these rows on SQLite
 * (kept in sync by triggers), a generated tsvector column with a GIN index on PostgreSQL.
 */
export interface SearchDocsTable {
  id: Generated<number>;
  /** `story:<id>`, `post:<id>`, `fact:<id>`. */
  key: string;
  /** `story`, `post` or `fact`. */
  kind: string;
  story_id: string;
  /** The story, post or fact id. */
  ref_id: string;
  title: string;
  body: string;
  /** Epoch ms: when the post was published, the fact first reported, the story last seen. */
  at: number;
}

/** What each story's search rows were built from: a story is re-indexed when this changes. */
export interface SearchStoriesTable {
  story_id: string;
  title: string;
  post_count: number;
  extract_hash: string | null;
  briefing_version: number;
  indexed_at: number;
}

export interface LeasesTable {
  name: string;
  /** `host#pid-namespace:pid:nonce` of the process holding it (see pipeline/lease.ts). */
  holder: string;
  expires_at: number;
}
