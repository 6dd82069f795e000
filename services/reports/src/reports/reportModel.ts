import { Type, type Static } from '@sinclair/typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Counts = Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
  description: 'KPIs per assessment category (achieved, on_track, moderate, behind, deteriorated, not_assessable)',
});

export const KpiLineSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String({ description: 'KPI名' }),
    level: Type.String({ enum: ['impact', 'outcome', 'output'] }),
    ministry: Nullable(Type.String()),
    ministryName: Nullable(Type.String({ description: '所管府省庁' })),
    baseline: Nullable(Type.Object({ value: Type.Number(), at: Nullable(Type.String()) })),
    target: Nullable(Type.String({ description: '目標値（原文）' })),
    targetYear: Nullable(Type.Integer()),
    targetValue: Nullable(Type.Number({ description: 'the number to reach, where the target has one' })),
    period: Type.String({ description: "the cycle's own period: FY2025 or CY2025" }),
    latest: Nullable(
      Type.Object({
        period: Type.String(),
        value: Type.Number(),
        status: Type.String({ enum: ['preliminary', 'final'] }),
        statusLabel: Type.String({ description: '速報 / 確報' }),
      }),
    ),
    series: Type.Record(
      Type.String(),
      Type.Array(Type.Object({ period: Type.String(), value: Type.Number(), status: Type.String() })),
      { description: 'the counted value of every period up to the cycle, per component ("" when none)' },
    ),
    ratio: Nullable(Type.Number({ description: '進捗率: progress made ÷ progress due by now' })),
    category: Type.String(),
    categoryLabel: Type.String({ description: '達成 / 順調 / 概ね順調 / 遅れ / 悪化 / 評価困難' }),
    reason: Nullable(Type.String({ description: '評価の理由（日本語）' })),
    explanation: Nullable(Type.String({ description: "the assessment engine's own explanation (English)" })),
  },
  { additionalProperties: false },
);

/** The annual follow-up report (年次フォローアップ) as data: the JSON artifact, and what the others render. */
export const FollowUpReportSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    title: Type.String(),
    strategyVersion: Nullable(Type.Object({ id: Type.String(), title: Type.String(), label: Nullable(Type.String()) })),
    cycle: Type.Object({
      code: Type.String({ pattern: '^FY\\d{4}$' }),
      fiscalYear: Type.Integer(),
      label: Type.String({ description: '2025年度（令和7年度）' }),
      status: Type.String({ enum: ['not_opened', 'open', 'closed'] }),
      since: Nullable(Type.String()),
      reason: Nullable(Type.String()),
    }),
    generatedAt: Type.String({ format: 'date-time' }),
    dataAsOf: Type.Object({
      position: Nullable(Type.Integer({ description: 'the event-store position the read models had applied' })),
      time: Nullable(Type.String()),
      catalogPosition: Nullable(
        Type.Integer({ description: 'the position the catalog read model (titles, ministries, measures) had applied' }),
      ),
      seal: Nullable(
        Type.Object(
          { position: Type.Integer(), chain: Type.String({ pattern: '^[0-9a-f]{64}$' }) },
          { description: "the log's hash-chain head at that position: what `audit verify` re-computes" },
        ),
      ),
    }),
    categories: Type.Record(Type.String(), Type.String()),
    summary: Type.Object({
      impacts: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), counts: Counts })),
      outcomes: Type.Array(
        Type.Object({ id: Type.String(), letter: Type.String(), title: Type.String(), counts: Counts }),
      ),
    }),
    impacts: Type.Array(Type.Object({ id: Type.String(), title: Type.String(), kpis: Type.Array(KpiLineSchema) })),
    outcomes: Type.Array(
      Type.Object({ id: Type.String(), letter: Type.String(), title: Type.String(), kpis: Type.Array(KpiLineSchema) }),
    ),
    outputUnits: Type.Array(
      Type.Object({
        id: Type.String(),
        area: Nullable(Type.String()),
        measures: Type.Array(
          Type.Object({ id: Type.String(), title: Type.String(), projects: Type.Array(Type.String()) }),
        ),
        kpis: Type.Array(KpiLineSchema),
      }),
    ),
    roadmap: Type.Array(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        ministry: Nullable(Type.String()),
        planned: Type.Array(Type.String()),
        status: Nullable(Type.String()),
        statusLabel: Type.String(),
        overdue: Type.Boolean(),
      }),
    ),
    coverage: Type.Array(
      Type.Object({
        ministry: Type.String(),
        ministryName: Type.String(),
        kpisDue: Type.Integer(),
        kpisSubmitted: Type.Integer(),
        kpisMissing: Type.Array(Type.String()),
        itemsDue: Type.Integer(),
        itemsSubmitted: Type.Integer(),
        itemsMissing: Type.Array(Type.String()),
      }),
    ),
    corrections: Type.Array(
      Type.Object({
        kpiId: Type.String(),
        kpiName: Type.String(),
        period: Type.String(),
        kind: Type.String({ enum: ['correction', 'retraction'] }),
        kindLabel: Type.String(),
        value: Nullable(Type.Number()),
        reason: Type.String(),
        by: Nullable(Type.String()),
        ministry: Nullable(Type.String()),
        onBehalfOf: Nullable(Type.String()),
        at: Type.String(),
        position: Type.Integer(),
      }),
    ),
  },
  { $id: 'https://pdca-ledger.example/schemas/follow-up-report.json', additionalProperties: false },
);

export type FollowUpReport = Static<typeof FollowUpReportSchema>;
export type KpiLine = Static<typeof KpiLineSchema>;
