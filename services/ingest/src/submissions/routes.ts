import { requestHash, sendProblem, type IdempotencyStore } from '@pdca/platform';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { idempotent } from '../idempotent.js';
import { planSubmission } from './plan.js';
import type { StreamReader } from '../streams.js';
import { COLUMNS, rowsFromCsv, rowsFromJson, rowsFromXlsx, SheetUnreadable, type SheetRow } from './rows.js';
import { templateCsv, templateRows, templateXlsx } from './template.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MAX_ROWS = 5000;

const unreadable = (request: FastifyRequest, reply: FastifyReply, reason: string) =>
  sendProblem(reply, {
    type: 'https://pdca-ledger.example/problems/unreadable-submission',
    title: 'The submission cannot be read',
    status: 400,
    detail: reason,
    instance: request.url,
    errors: [{ field: 'body', reason }],
  });

async function rowsOf(request: FastifyRequest): Promise<SheetRow[]> {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('text/csv')) return rowsFromCsv(request.body as string);
  if (type.startsWith(XLSX)) return rowsFromXlsx(request.body as Buffer);
  return rowsFromJson(request.body as { rows: Record<string, string>[] });
}

/** Bulk submissions of actuals and milestone reports (JSON, CSV or XLSX) and the templates to fill in. */
export function submissionRoutes(
  app: FastifyInstance,
  { idempotency, streams }: { idempotency: IdempotencyStore; streams: StreamReader },
): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  app.addContentTypeParser(XLSX, { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post(
    '/v1/submissions',
    {
      config: { roles: ['submitter', 'secretariat'] },
      schema: {
        description:
          'A bulk submission as JSON `{ rows: [...] }`, CSV (UTF-8, BOM optional) or XLSX with the template columns.',
        headers: {
          type: 'object',
          properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 200 } },
        },
        body: {
          anyOf: [
            {
              type: 'object',
              additionalProperties: false,
              required: ['rows'],
              properties: {
                rows: {
                  type: 'array',
                  minItems: 1,
                  maxItems: MAX_ROWS,
                  items: {
                    type: 'object',
                    additionalProperties: false,
                    properties: Object.fromEntries(
                      COLUMNS.map((c) => [c, { anyOf: [{ type: 'string' }, { type: 'number' }] }]),
                    ),
                  },
                },
              },
            },
            { type: 'string' },
            { type: 'object' },
          ],
        },
      },
    },
    async (request, reply) => {
      let rows: SheetRow[];
      try {
        rows = await rowsOf(request);
      } catch (error) {
        if (error instanceof SheetUnreadable) return unreadable(request, reply, error.reason);
        throw error;
      }
      if (rows.length === 0) return unreadable(request, reply, 'the submission has no rows');
      if (rows.length > MAX_ROWS) return unreadable(request, reply, `at most ${MAX_ROWS} rows per submission`);
      const bodyHash = requestHash([rows]);
      return idempotent(idempotency, request, reply, rows, async (key) => {
        const planned = await planSubmission({ store: app.eventStore, streams }, rows, {
          principal: request.principal!,
          requestId: request.id,
          idempotencyKey: key,
          bodyHash,
        });
        if (planned.errors.length > 0)
          return sendProblem(reply, {
            type: 'https://pdca-ledger.example/problems/invalid-submission',
            title: 'The submission has invalid rows; nothing was appended',
            status: 422,
            detail: `${planned.errors.length} invalid row(s) of ${rows.length}`,
            instance: request.url,
            errors: planned.errors.map((e) => ({ row: e.row, column: e.column, field: e.column, reason: e.reason })),
          });
        const appended = [];
        for (const append of planned.appends) {
          const result = await app.eventStore.append(append.streamId, append.events, {
            expectedVersion: append.expectedVersion,
          });
          appended.push({
            streamId: append.streamId,
            rows: append.rows,
            position: result.position,
            streamVersion: result.streamVersion,
          });
        }
        return {
          statusCode: 201,
          answer: {
            rows: rows.length,
            events: planned.appends.reduce((n, a) => n + a.events.length, 0),
            alreadyAppended: planned.alreadyAppended,
            skipped: planned.skipped,
            appended,
          },
        };
      });
    },
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get<{ Querystring: { cycle?: string } }>(
      `/v1/submissions/template.${format}`,
      {
        config: { roles: ['submitter', 'secretariat'] },
        schema: {
          querystring: {
            type: 'object',
            additionalProperties: false,
            properties: { cycle: { type: 'string', pattern: '^FY\\d{4}$' } },
          },
        },
      },
      async (request, reply) => {
        const fiscalYear = Number((request.query.cycle ?? 'FY2025').slice(2));
        const rows = await templateRows(app.eventStore, request.principal!, fiscalYear);
        const name = `報告テンプレート_${fiscalYear}年度.${format}`;
        reply.header(
          'content-disposition',
          `attachment; filename="template_FY${fiscalYear}.${format}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        );
        return format === 'csv'
          ? reply.type('text/csv; charset=utf-8').send(templateCsv(rows))
          : reply.type(XLSX).send(await templateXlsx(rows, fiscalYear));
      },
    );
  }
}
