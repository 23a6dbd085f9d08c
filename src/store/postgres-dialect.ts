import {
  type ColumnMetadata,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  DEFAULT_MIGRATION_LOCK_TABLE,
  DEFAULT_MIGRATION_TABLE,
  type Dialect,
  type Kysely,
  PostgresDialect,
  type PostgresDialectConfig,
  type SchemaMetadata,
  sql,
  type TableMetadata,
} from 'kysely';

/**
 * Kysely's PostgreSQL dialect, but its introspection sees the store's own schema only (the first
 * of the search path, `current_schema()`).
 *
 * Kysely's introspector reads every column of every schema in the database and calls functions
 * that look each table up by name (`has_schema_privilege`, `pg_get_serial_sequence`). When another
 * session drops or alters a table or schema of its own meanwhile, the whole query fails ("schema
 * "t_80d4…" does not exist"). Its Migrator asks the introspector whether the migration tables exist
 * before every migration, so opening a store failed whenever anything else in the database (another
 * roundup migrating its schema, another application, the tests' own schemas) changed a schema at
 * that moment: with one session churning schemas, about half of its calls failed in a test
 * (kysely-org/kysely#1419, #1707: still so in 0.29).
 */
export class StorePostgresDialect implements Dialect {
  readonly #inner: PostgresDialect;

  constructor(config: PostgresDialectConfig) {
    this.#inner = new PostgresDialect(config);
  }

  createDriver() {
    return this.#inner.createDriver();
  }

  createQueryCompiler() {
    return this.#inner.createQueryCompiler();
  }

  createAdapter() {
    return this.#inner.createAdapter();
  }

  createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new CurrentSchemaIntrospector(db, this.#inner.createIntrospector(db));
  }
}

interface ColumnRow {
  column: string;
  not_null: boolean;
  has_default: boolean;
  table: string;
  table_type: string;
  schema: string;
  type: string;
  type_schema: string;
  column_description: string | null;
  auto_incrementing: boolean;
}

/**
 * Tables and views of `current_schema()` with their columns, read from the catalogues by joins
 * alone: no table, column or schema is looked up by name, so what other sessions do to other
 * schemas cannot fail it.
 * A column numbers itself when it is an identity column or owns a sequence (serial), which is
 * what `pg_get_serial_sequence` finds.
 */
class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;
  readonly #inner: DatabaseIntrospector;

  constructor(db: Kysely<unknown>, inner: DatabaseIntrospector) {
    this.#db = db;
    this.#inner = inner;
  }

  /** Every schema's name: one scan of `pg_namespace`, which no concurrent change can fail. */
  getSchemas(): Promise<SchemaMetadata[]> {
    return this.#inner.getSchemas();
  }

  async getTables(
    options: DatabaseMetadataOptions = { withInternalKyselyTables: false },
  ): Promise<TableMetadata[]> {
    const internal = options.withInternalKyselyTables
      ? sql``
      : sql`AND c.relname NOT IN (${DEFAULT_MIGRATION_TABLE}, ${DEFAULT_MIGRATION_LOCK_TABLE})`;
    const { rows } = await sql<ColumnRow>`
      SELECT a.attname AS "column", a.attnotnull AS not_null, a.atthasdef AS has_default,
        c.relname AS "table", c.relkind AS table_type, ns.nspname AS "schema",
        typ.typname AS "type", dtns.nspname AS type_schema,
        col_description(a.attrelid, a.attnum) AS column_description,
        (a.attidentity <> '' OR EXISTS (
          SELECT 1 FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
          WHERE d.classid = 'pg_catalog.pg_class'::regclass
            AND d.refclassid = 'pg_catalog.pg_class'::regclass
            AND d.refobjid = c.oid AND d.refobjsubid = a.attnum AND d.deptype = 'a'
        )) AS auto_incrementing
      FROM pg_catalog.pg_attribute a
      JOIN pg_catalog.pg_class c ON a.attrelid = c.oid
      JOIN pg_catalog.pg_namespace ns ON c.relnamespace = ns.oid
      JOIN pg_catalog.pg_type typ ON a.atttypid = typ.oid
      JOIN pg_catalog.pg_namespace dtns ON typ.typnamespace = dtns.oid
      WHERE c.relkind IN ('r', 'v', 'p') AND ns.nspname = current_schema()
        AND a.attnum >= 0 AND NOT a.attisdropped ${internal}
      ORDER BY c.relname, a.attnum`.execute(this.#db);
    const tables = new Map<
      string,
      { name: string; schema: string; isView: boolean; columns: ColumnMetadata[] }
    >();
    for (const row of rows) {
      let table = tables.get(row.table);
      if (!table) {
        table = { name: row.table, schema: row.schema, isView: row.table_type === 'v', columns: [] };
        tables.set(row.table, table);
      }
      table.columns.push({
        name: row.column,
        dataType: row.type,
        dataTypeSchema: row.type_schema,
        isNullable: !row.not_null,
        isAutoIncrementing: row.auto_incrementing,
        hasDefaultValue: row.has_default,
        ...(row.column_description === null ? {} : { comment: row.column_description }),
      });
    }
    return [...tables.values()];
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
