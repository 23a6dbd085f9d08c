import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Schema migrations, in order. Never edit one that has shipped: add the next. Column types
 * are chosen to mean the same on SQLite and PostgreSQL (bigint epoch ms, integer flags).
 */
function createMigrations(dialect: Dialect): Record<string, Migration> {
  return {
    '0001_ingestion': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('sources')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('url', 'text')
          .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
          .addColumn('etag', 'text')
          .addColumn('last_modified', 'text')
          .addColumn('cursor', 'text')
          .addColumn('next_check_at', 'bigint')
          .addColumn('last_fetch_at', 'bigint')
          .addColumn('last_status', 'integer')
          .addColumn('last_new_items', 'integer')
          .addColumn('consecutive_errors', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', 'text')
          .addColumn('blocked_reason', 'text')
          .addColumn('disabled_reason', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('posts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('community', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('html', 'text')
          .addColumn('url', 'text')
          .addColumn('dedup_key', 'text')
          .addColumn('permalink', 'text')
          .addColumn('author', 'text')
          .addColumn('score', 'integer')
          .addColumn('comment_count', 'integer')
          .addColumn('published_at', 'bigint', (c) => c.notNull())
          .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('fetched_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('posts_dedup_key').on('posts').column('dedup_key').execute();
        await db.schema.createIndex('posts_published_at').on('posts').column('published_at').execute();
        await db.schema.createIndex('posts_community').on('posts').column('community').execute();

        await db.schema
          .createTable('comments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          // No foreign keys: archives arrive in any order (comments before their posts).
          .addColumn('post_id', 'text')
          .addColumn('parent_id', 'text')
          .addColumn('author', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('score', 'integer')
          .addColumn('published_at', 'bigint', (c) => c.notNull())
          .addColumn('depth', 'integer')
          .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('fetched_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('comments_post_id').on('comments').column('post_id').execute();
        await db.schema.createIndex('comments_parent_id').on('comments').column('parent_id').execute();

        await db.schema
          .createTable('documents')
          .addColumn('dedup_key', 'text', (c) => c.primaryKey())
          .addColumn('url', 'text', (c) => c.notNull())
          .addColumn('canonical_url', 'text')
          .addColumn('title', 'text')
          .addColumn('byline', 'text')
          .addColumn('site', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('html', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('fetched_at', 'bigint', (c) => c.notNull())
          .execute();

        await db.schema
          .createTable('ingest_log')
          .addColumn('id', 'integer', (c) =>
            // SQLite's INTEGER PRIMARY KEY is the rowid and numbers itself; PostgreSQL needs identity.
            dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
          )
          .addColumn('at', 'bigint', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('subject', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('http_status', 'integer')
          .addColumn('posts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('comments', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('line', 'integer')
          .addColumn('message', 'text')
          .execute();
        await db.schema
          .createIndex('ingest_log_subject')
          .on('ingest_log')
          .columns(['subject', 'at'])
          .execute();

        await db.schema
          .createTable('import_files')
          .addColumn('path', 'text', (c) => c.primaryKey())
          .addColumn('size', 'bigint', (c) => c.notNull())
          .addColumn('mtime_ms', 'bigint', (c) => c.notNull())
          .addColumn('lines_done', 'bigint', (c) => c.notNull())
          .addColumn('completed', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    '0002_stories': {
      async up(db: Kysely<unknown>) {
        // The dedup key of a document's rel=canonical / og:url (same site only): a better key for clustering.
        await db.schema.alterTable('documents').addColumn('canonical_key', 'text').execute();
        await db.schema.alterTable('documents').addColumn('post_id', 'text').execute();
        await db.schema
          .createIndex('documents_canonical_key')
          .on('documents')
          .column('canonical_key')
          .execute();

        await db.schema
          .createTable('stories')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('representative_post_id', 'text')
          .addColumn('first_seen', 'bigint', (c) => c.notNull())
          .addColumn('last_seen', 'bigint', (c) => c.notNull())
          .addColumn('post_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('community_count', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('heat', 'double precision', (c) => c.notNull().defaultTo(0))
          // A story absorbed by a merge points to the survivor; its id keeps resolving.
          .addColumn('merged_into', 'text')
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addColumn('updated_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('stories_last_seen').on('stories').column('last_seen').execute();
        await db.schema.createIndex('stories_heat').on('stories').column('heat').execute();

        await db.schema
          .createTable('story_posts')
          .addColumn('post_id', 'text', (c) => c.primaryKey())
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('similarity', 'double precision', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('joined_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('story_posts_story_id').on('story_posts').column('story_id').execute();
      },
    },
    '0003_facts': {
      async up(db: Kysely<unknown>) {
        // What the facts of a story were extracted from: re-extract only when this changes.
        await db.schema.alterTable('stories').addColumn('extract_hash', 'text').execute();
        await db.schema
          .createTable('facts')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('rank', 'integer', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('communities', 'integer', (c) => c.notNull())
          .addColumn('conflict', 'integer', (c) => c.notNull())
          .addColumn('speaker', 'text')
          .addColumn('first_reported_at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('facts_story_id').on('facts').columns(['story_id', 'rank']).execute();
        await db.schema
          .createTable('fact_sources')
          .addColumn('fact_id', 'text', (c) => c.notNull())
          .addColumn('source_id', 'text', (c) => c.notNull())
          .addColumn('span_start', 'integer', (c) => c.notNull())
          .addColumn('span_end', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('fact_sources_pk', ['fact_id', 'source_id', 'span_start'])
          .execute();
        await db.schema
          .createTable('entities')
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('aliases', 'text', (c) => c.notNull())
          .addColumn('role', 'text')
          .addColumn('evidence', 'text', (c) => c.notNull())
          .addColumn('mentions', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('entities_pk', ['story_id', 'name'])
          .execute();
        await db.schema.createIndex('entities_name').on('entities').column('name').execute();
      },
    },
    '0004_comment_tree_index': {
      async up(db: Kysely<unknown>) {
        // Comments still waiting for their post or depth (archives): resolveCommentTree scans only these.
        await db.schema
          .createIndex('comments_unresolved')
          .on('comments')
          .column('parent_id')
          .where(sql.ref('post_id'), 'is', null)
          .execute();
        await db.schema
          .createIndex('comments_undepthed')
          .on('comments')
          .column('parent_id')
          .where(sql.ref('depth'), 'is', null)
          .execute();
      },
    },
    '0005_briefings': {
      async up(db: Kysely<unknown>) {
        // Versioned: a new row only when the briefing's content changed.
        await db.schema
          .createTable('briefings')
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('version', 'integer', (c) => c.notNull())
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('headline', 'text', (c) => c.notNull())
          .addColumn('grounded', 'integer', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('created_at', 'bigint', (c) => c.notNull())
          .addPrimaryKeyConstraint('briefings_pk', ['story_id', 'version'])
          .execute();
        await db.schema.createIndex('briefings_created_at').on('briefings').column('created_at').execute();
      },
    },
    '0006_search': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('search_docs')
          .addColumn('id', 'integer', (c) =>
            // On SQLite an INTEGER PRIMARY KEY is the rowid: the FTS5 table points at it, and it never changes.
            dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
          )
          .addColumn('key', 'text', (c) => c.notNull().unique())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('story_id', 'text', (c) => c.notNull())
          .addColumn('ref_id', 'text', (c) => c.notNull())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('body', 'text', (c) => c.notNull())
          .addColumn('at', 'bigint', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('search_docs_story_id').on('search_docs').column('story_id').execute();
        if (dialect === 'postgres') {
          // PostgreSQL's parser drops anything shaped like an HTML tag ("<script>"); source text is
          // plain text, so < > & become spaces first and every word is found, as on SQLite.
          await sql`ALTER TABLE search_docs ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
              setweight(to_tsvector('english', translate(title, '<>&', '   ')), 'A')
              || setweight(to_tsvector('english', translate(body, '<>&', '   ')), 'B')
            ) STORED`.execute(db);
          await sql`CREATE INDEX search_docs_tsv ON search_docs USING GIN (tsv)`.execute(db);
        } else {
          // External-content FTS5: the text is stored once (in search_docs); triggers keep the index in step.
          await sql`CREATE VIRTUAL TABLE search_fts USING fts5(
              title, body, content='search_docs', content_rowid='id',
              tokenize='porter unicode61 remove_diacritics 2'
            )`.execute(db);
          await sql`CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
              INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
            END`.execute(db);
          await sql`CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
              INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
            END`.execute(db);
          await sql`CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
              INSERT INTO search_fts(search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
              INSERT INTO search_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
            END`.execute(db);
        }
        await db.schema
          .createTable('search_stories')
          .addColumn('story_id', 'text', (c) => c.primaryKey())
          .addColumn('title', 'text', (c) => c.notNull())
          .addColumn('post_count', 'integer', (c) => c.notNull())
          .addColumn('extract_hash', 'text')
          .addColumn('briefing_version', 'integer', (c) => c.notNull())
          .addColumn('indexed_at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    '0007_briefed_inputs': {
      async up(db: Kysely<unknown>) {
        // What a story's briefing was last written from (`storyInputs`): the write stage skips a
        // story whose inputs are the same, instead of composing every active story on every pass.
        await db.schema.alterTable('stories').addColumn('briefed_inputs', 'text').execute();
      },
    },
    '0008_leases': {
      async up(db: Kysely<unknown>) {
        // Work only one process may do at a time (placing posts in stories): who holds it, until when.
        await db.schema
          .createTable('leases')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('holder', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'bigint', (c) => c.notNull())
          .execute();
      },
    },
    '0009_placed_posts': {
      async up(db: Kysely<unknown>) {
        // Whether a post is in a story, on the post itself: "the posts in no story yet" is then a
        // walk of a small partial index instead of an anti-join over every post on every pass
        // (1M placed posts: 0.4 s on SQLite and 1 s on PostgreSQL for each of two look-ups).
        await db.schema
          .alterTable('posts')
          .addColumn('placed', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        await sql`UPDATE posts SET placed = 1
          WHERE EXISTS (SELECT 1 FROM story_posts WHERE story_posts.post_id = posts.id)`.execute(db);
        await sql`CREATE INDEX posts_unplaced ON posts (published_at, id)
          WHERE placed = 0 AND deleted = 0`.execute(db);
      },
    },
    '0010_merged_stories': {
      async up(db: Kysely<unknown>) {
        // The stories merged away, and which survivor: a merge repoints the stories already
        // merged into the one it absorbs, and clustering counts them to see whether stories
        // changed. Without it, both scanned every story (91–188 ms at 700,000 stories).
        await sql`CREATE INDEX stories_merged_into ON stories (merged_into)
          WHERE merged_into IS NOT NULL`.execute(db);
      },
    },
    '0011_search_pending': {
      async up(db: Kysely<unknown>) {
        // 1 while a story's search rows lag behind it (set by whatever changes what they are made
        // of): the search index is brought up to date from a small partial index instead of by
        // comparing every story with its search rows on every pass (0.8–3.4 s at 700,000 stories).
        await db.schema
          .alterTable('stories')
          .addColumn('search_pending', 'integer', (c) => c.notNull().defaultTo(0))
          .execute();
        // What the comparison finds now is what is pending.
        await sql`UPDATE stories SET search_pending = 1 WHERE
          (merged_into IS NULL AND NOT EXISTS (
            SELECT 1 FROM search_stories x
            WHERE x.story_id = stories.id
              AND x.post_count = stories.post_count
              AND x.title = stories.title
              AND COALESCE(x.extract_hash, '') = COALESCE(stories.extract_hash, '')
              AND x.briefing_version = COALESCE(
                (SELECT MAX(b.version) FROM briefings b WHERE b.story_id = stories.id), 0)))
          OR (merged_into IS NOT NULL AND EXISTS (
            SELECT 1 FROM search_stories x WHERE x.story_id = stories.id))`.execute(db);
        await sql`CREATE INDEX stories_search_pending ON stories (id)
          WHERE search_pending = 1`.execute(db);
      },
    },
  };
}

/**
 * `schema` (PostgreSQL): where the migration tables live. Kysely looks for them in every schema
 * when it is not told, so a database with another Kysely-migrated schema in it (another roundup,
 * another app) made it skip creating roundup's own and then fail to read them.
 */
export async function migrateToLatest(db: Kysely<unknown>, dialect: Dialect, schema?: string): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => createMigrations(dialect) };
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`store: unable to run migration ${failed}`, { cause: error });
  }
}

/** For tests: the list of tables that exist. */
export async function listTables(db: Kysely<unknown>): Promise<string[]> {
  const tables = await db.introspection.getTables();
  return tables.map((t) => t.name).sort();
}

export { sql };
