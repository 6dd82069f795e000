import { migrateSchema } from '@pdca/platform';
import { sql, type Kysely } from 'kysely';
import type pg from 'pg';

export const FORMATS = ['html', 'xlsx', 'csv', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export const CONTENT_TYPES: Readonly<Record<Format, string>> = {
  html: 'text/html; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export interface ReportRecord {
  reportId: string;
  cycle: number;
  formats: Format[];
  requestedBy: string | null;
  generatedAt: string;
  position: number | null;
  asOf: string | null;
  /** The position the catalog read model had applied when the report was built. */
  catalogPosition: number | null;
  /** For a report of a past moment: the moment asked for. */
  requestedAsOf: string | null;
  /** For a reproduction: the report it regenerates from the log. */
  reproductionOf: string | null;
  status: string;
}

export interface ArtifactMeta {
  format: Format;
  sha256: string;
  bytes: number;
  contentType: string;
  fileName: string;
}

/** Requested reports and their artifacts, kept in Postgres (schema `<prefix>reports`). */
export class ReportStore {
  readonly schema: string;
  constructor(
    private readonly pool: pg.Pool,
    private readonly db: Kysely<unknown>,
    prefix = 'rm_',
  ) {
    this.schema = `${prefix}reports`;
  }

  migrate(): Promise<string[]> {
    const t = (name: string) => sql.id(this.schema, name);
    return migrateSchema(this.pool, this.schema, {
      '2026-11-22T14-00-00_reports': {
        async up(db: Kysely<unknown>) {
          await sql`
            CREATE TABLE ${t('reports')} (
              report_id text PRIMARY KEY, cycle integer NOT NULL, formats text[] NOT NULL,
              requested_by text, requested_at timestamptz NOT NULL DEFAULT now(),
              generated_at text NOT NULL, position bigint, as_of text, status text NOT NULL
            )`.execute(db);
          await sql`
            CREATE TABLE ${t('artifacts')} (
              report_id text NOT NULL REFERENCES ${t('reports')}, format text NOT NULL,
              content bytea NOT NULL, sha256 text NOT NULL, bytes integer NOT NULL,
              content_type text NOT NULL, file_name text NOT NULL,
              PRIMARY KEY (report_id, format)
            )`.execute(db);
        },
      },
      '2026-11-22T18-00-00_past_moments': {
        async up(db: Kysely<unknown>) {
          await sql`
            ALTER TABLE ${t('reports')} ADD COLUMN catalog_position bigint, ADD COLUMN requested_as_of text,
              ADD COLUMN reproduction_of text REFERENCES ${t('reports')}`.execute(db);
        },
      },
    });
  }

  /** Records a request; a second request for the same report keeps the first one's time. */
  async request(
    record: Omit<
      ReportRecord,
      'position' | 'asOf' | 'catalogPosition' | 'status' | 'requestedAsOf' | 'reproductionOf'
    > &
      Partial<Pick<ReportRecord, 'requestedAsOf' | 'reproductionOf'>>,
  ): Promise<ReportRecord> {
    await sql`
      INSERT INTO ${sql.id(this.schema, 'reports')}
        (report_id, cycle, formats, requested_by, generated_at, requested_as_of, reproduction_of, status)
      VALUES (${record.reportId}, ${record.cycle}, ${record.formats}, ${record.requestedBy}, ${record.generatedAt},
              ${record.requestedAsOf ?? null}, ${record.reproductionOf ?? null}, 'queued')
      ON CONFLICT (report_id) DO NOTHING`.execute(this.db);
    return (await this.find(record.reportId))!;
  }

  async find(reportId: string): Promise<ReportRecord | undefined> {
    const { rows } = await sql<{
      report_id: string;
      cycle: number;
      formats: Format[];
      requested_by: string | null;
      generated_at: string;
      position: string | null;
      as_of: string | null;
      catalog_position: string | null;
      requested_as_of: string | null;
      reproduction_of: string | null;
      status: string;
    }>`SELECT * FROM ${sql.id(this.schema, 'reports')} WHERE report_id = ${reportId}`.execute(this.db);
    const row = rows[0];
    return (
      row && {
        reportId: row.report_id,
        cycle: row.cycle,
        formats: row.formats,
        requestedBy: row.requested_by,
        generatedAt: row.generated_at,
        position: row.position === null ? null : Number(row.position),
        asOf: row.as_of,
        catalogPosition: row.catalog_position === null ? null : Number(row.catalog_position),
        requestedAsOf: row.requested_as_of,
        reproductionOf: row.reproduction_of,
        status: row.status,
      }
    );
  }

  async artifacts(reportId: string): Promise<ArtifactMeta[]> {
    const { rows } = await sql<{
      format: Format;
      sha256: string;
      bytes: number;
      content_type: string;
      file_name: string;
    }>`SELECT format, sha256, bytes, content_type, file_name FROM ${sql.id(this.schema, 'artifacts')}
       WHERE report_id = ${reportId} ORDER BY format`.execute(this.db);
    return rows.map((r) => ({
      format: r.format,
      sha256: r.sha256,
      bytes: r.bytes,
      contentType: r.content_type,
      fileName: r.file_name,
    }));
  }

  async content(reportId: string, format: string): Promise<(ArtifactMeta & { content: Buffer }) | undefined> {
    const { rows } = await sql<{
      content: Buffer;
      sha256: string;
      bytes: number;
      content_type: string;
      file_name: string;
    }>`
      SELECT content, sha256, bytes, content_type, file_name FROM ${sql.id(this.schema, 'artifacts')}
      WHERE report_id = ${reportId} AND format = ${format}`.execute(this.db);
    const row = rows[0];
    return (
      row && {
        format: format as Format,
        content: row.content,
        sha256: row.sha256,
        bytes: row.bytes,
        contentType: row.content_type,
        fileName: row.file_name,
      }
    );
  }

  /** Stores every artifact and the position the report was built at, together. */
  async complete(
    reportId: string,
    built: { position: number | null; asOf: string | null; catalogPosition: number | null },
    artifacts: (ArtifactMeta & { content: Buffer })[],
  ): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const a of artifacts)
        await sql`
          INSERT INTO ${sql.id(this.schema, 'artifacts')} (report_id, format, content, sha256, bytes, content_type, file_name)
          VALUES (${reportId}, ${a.format}, ${a.content}, ${a.sha256}, ${a.bytes}, ${a.contentType}, ${a.fileName})
          ON CONFLICT (report_id, format) DO UPDATE SET content = excluded.content, sha256 = excluded.sha256,
            bytes = excluded.bytes`.execute(trx);
      await sql`
        UPDATE ${sql.id(this.schema, 'reports')} SET position = ${built.position}, as_of = ${built.asOf},
          catalog_position = ${built.catalogPosition}, status = 'completed'
        WHERE report_id = ${reportId}`.execute(trx);
    });
  }
}
