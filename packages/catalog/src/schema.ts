import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { Target } from '@pdca/domain';

/** JSON Schemas of the catalog's seed files; their static types must equal the domain's types. */
const Year = Type.Integer({ minimum: 2000, maximum: 2100 });
const Raw = Type.Optional(Type.String());

const PointTime = Type.Union([
  Type.Object({ basis: Type.Literal('calendar_year'), year: Year, raw: Raw }),
  Type.Object({ basis: Type.Literal('fiscal_year'), year: Year, raw: Raw }),
  Type.Object({ basis: Type.Literal('fiscal_year_end'), year: Year, raw: Raw }),
  Type.Object({ basis: Type.Literal('as_of'), date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), raw: Raw }),
  Type.Object({ basis: Type.Literal('none'), raw: Raw }),
]);
export const TargetTimeSchema = Type.Union([
  PointTime,
  Type.Object({ basis: Type.Literal('range'), from: PointTime, to: PointTime, raw: Raw }),
]);

const Comparator = Type.Union([
  Type.Literal('eq'),
  Type.Literal('gte'),
  Type.Literal('gt'),
  Type.Literal('lte'),
  Type.Literal('lt'),
]);
const Quantity = Type.Object({
  value: Type.Number(),
  scale: Type.Union([Type.Literal('one'), Type.Literal('man'), Type.Literal('oku'), Type.Literal('cho')]),
  unit: Type.String(),
});
const Window = Type.Object({ from: Year, to: Year });

const formsWithoutVariants = [
  Type.Object({ kind: Type.Literal('absolute'), quantity: Quantity, comparator: Comparator }),
  Type.Object({ kind: Type.Literal('percentage'), percent: Type.Number(), comparator: Comparator }),
  Type.Object({
    kind: Type.Literal('multiplier'),
    factor: Type.Number({ exclusiveMinimum: 0 }),
    components: Type.Array(Type.Object({ name: Type.String(), baseYear: TargetTimeSchema }), { minItems: 1 }),
  }),
  Type.Object({ kind: Type.Literal('direction'), baseYear: Type.Optional(TargetTimeSchema) }),
  Type.Object({
    kind: Type.Literal('benchmark'),
    benchmarkSeries: Type.String(),
    comparator: Type.Union([Type.Literal('gte'), Type.Literal('gt')]),
  }),
  Type.Object({ kind: Type.Literal('cumulative'), quantity: Quantity, comparator: Comparator, window: Window }),
  Type.Object({
    kind: Type.Literal('every_year'),
    threshold: Type.Union([
      Type.Object({ kind: Type.Literal('value'), quantity: Quantity }),
      Type.Object({ kind: Type.Literal('previous_year') }),
    ]),
    comparator: Comparator,
    window: Type.Optional(Window),
  }),
  Type.Object({ kind: Type.Literal('cohort_ratio'), percent: Type.Number(), comparator: Comparator }),
  Type.Object({ kind: Type.Literal('pending'), note: Type.String() }),
] as const;

const targetOf = <T extends TSchema>(form: T) =>
  Type.Object({
    form,
    polarity: Type.Union([Type.Literal('increase'), Type.Literal('decrease')]),
    due: TargetTimeSchema,
    raw: Type.String(),
  });
const SimpleTarget = targetOf(Type.Union([...formsWithoutVariants]));
export const TargetSchema = targetOf(
  Type.Union([
    ...formsWithoutVariants,
    Type.Object({
      kind: Type.Literal('variants'),
      variants: Type.Array(Type.Object({ label: Type.String(), target: SimpleTarget }), { minItems: 2 }),
    }),
  ]),
);

export const BaselineSchema = Type.Object({ value: Type.Number(), at: TargetTimeSchema });

export const OwnerSchema = Type.Union([
  Type.Object({
    provenance: Type.Literal('stated'),
    ministry: Type.String(),
    line: Type.Integer(),
    text: Type.String(),
  }),
  Type.Object({ provenance: Type.Literal('inferred'), ministry: Type.String(), reason: Type.String() }),
  Type.Object({ provenance: Type.Literal('unassigned') }),
]);

export const KpiSchema = Type.Object({
  id: Type.String({ pattern: '^kpi-[a-z0-9.-]+$' }),
  level: Type.Union([Type.Literal('impact'), Type.Literal('outcome'), Type.Literal('output')]),
  /** The impact, outcome or output unit the KPI measures. */
  parent: Type.String(),
  printedLabel: Type.Optional(Type.String()),
  name: Type.String({ minLength: 1 }),
  statement: Type.String(),
  target: TargetSchema,
  baseline: Type.Optional(BaselineSchema),
  componentBaselines: Type.Optional(Type.Record(Type.String(), BaselineSchema)),
  method: Type.Optional(Type.Union([Type.Literal('linear'), Type.Literal('cagr')])),
  notes: Type.Array(Type.String()),
  owner: OwnerSchema,
  line: Type.Integer({ minimum: 1 }),
});
export type CatalogKpi = Static<typeof KpiSchema>;

// Compile-time proof that a schema-valid target is a domain Target.
type Assignable<A extends B, B> = A;
export type TargetMatchesDomain = Assignable<Static<typeof TargetSchema>, Target>;

const Line = Type.Integer({ minimum: 1 });
const Id = (prefix: string) => Type.String({ pattern: `^${prefix}-[a-z0-9.-]+$` });

export const StrategySchema = Type.Object({
  schemaVersion: Type.Literal(1),
  versions: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      subtitle: Type.Optional(Type.String()),
      decided: Type.String(),
      decidedLabel: Type.String(),
      planStartFiscalYear: Year,
      planEndFiscalYear: Year,
      supersedes: Type.Optional(Type.String()),
      source: Type.Object({ document: Type.String(), line: Line }),
      changes: Type.Optional(
        Type.Array(
          Type.Object({
            kind: Type.String(),
            text: Type.String(),
            line: Line,
            outcome: Type.Optional(Type.String()),
            counts: Type.Optional(Type.Record(Type.String(), Type.Integer())),
          }),
        ),
      ),
    }),
    { minItems: 1 },
  ),
});

export const MinistriesSchema = Type.Object({
  schemaVersion: Type.Literal(1),
  ministries: Type.Array(
    Type.Object({
      code: Type.String({ pattern: '^[A-Z]+$' }),
      name: Type.String(),
      nameEn: Type.String(),
      parent: Type.Optional(Type.String()),
    }),
  ),
});

export const LogicModelSchema = Type.Object({
  schemaVersion: Type.Literal(1),
  strategyVersion: Type.String(),
  impacts: Type.Array(Type.Object({ id: Id('impact'), number: Type.Integer(), title: Type.String(), line: Line })),
  outcomes: Type.Array(
    Type.Object({
      id: Id('outcome'),
      letter: Type.String({ pattern: '^[A-E]$' }),
      impact: Id('impact'),
      title: Type.String(),
      line: Line,
    }),
  ),
  kpis: Type.Array(KpiSchema),
});

const Milestone = Type.Object({
  text: Type.String(),
  fiscalYear: Type.Optional(Year),
  fiscalYearFrom: Type.Union([Type.Literal('date_in_text'), Type.Literal('column'), Type.Literal('unknown')]),
  column: Type.Integer({ minimum: 0 }),
});

export const RoadmapRowSchema = Type.Object({
  id: Id('roadmap'),
  kind: Type.Union([Type.Literal('project'), Type.Literal('milestone')]),
  name: Type.Optional(Type.String()),
  project: Type.Optional(Id('roadmap')),
  cells: Type.Array(Type.String()),
  milestones: Type.Array(Milestone),
  owner: OwnerSchema,
  line: Line,
  source: Type.String(),
});

const Measure = Type.Object({
  id: Id('measure'),
  section: Type.Union([Type.Literal(5), Type.Literal(6)]),
  outcome: Type.Optional(Id('outcome')),
  area: Type.Optional(Id('area')),
  subArea: Type.Optional(Id('subarea')),
  topic: Type.Optional(Type.String()),
  ordinal: Type.Integer({ minimum: 1 }),
  printedNumber: Type.String(),
  title: Type.String({ minLength: 1 }),
  reference: Type.Boolean(),
  /** For 【再掲】: the measure this one restates. */
  referenceOf: Type.Optional(Id('measure')),
  outputUnit: Type.Optional(Id('unit')),
  projects: Type.Optional(
    Type.Array(Type.Object({ id: Id('project'), name: Type.String(), reference: Type.Boolean(), line: Line })),
  ),
  line: Line,
});

export const Section5Schema = Type.Object({
  schemaVersion: Type.Literal(1),
  strategyVersion: Type.String(),
  areas: Type.Array(
    Type.Object({
      id: Id('area'),
      letter: Type.String(),
      printedLabel: Type.String(),
      title: Type.String(),
      outcome: Type.Optional(Id('outcome')),
      line: Line,
    }),
  ),
  subAreas: Type.Array(
    Type.Object({
      id: Id('subarea'),
      area: Id('area'),
      ordinal: Type.Integer(),
      printedLabel: Type.String(),
      title: Type.String(),
      line: Line,
    }),
  ),
  measures: Type.Array(Measure),
  outputUnits: Type.Array(
    Type.Object({
      id: Id('unit'),
      area: Id('area'),
      measures: Type.Array(Id('measure')),
      line: Line,
      roadmap: Type.Union([
        Type.Object({ status: Type.Literal('not_transcribed'), line: Type.Optional(Line) }),
        Type.Object({
          status: Type.Literal('transcribed'),
          line: Line,
          header: Type.Array(Type.String()),
          rows: Type.Array(RoadmapRowSchema),
        }),
      ]),
      kpis: Type.Array(KpiSchema),
    }),
  ),
});

export const Section6Schema = Type.Object({
  schemaVersion: Type.Literal(1),
  strategyVersion: Type.String(),
  measures: Type.Array(Measure),
});

export type Strategy = Static<typeof StrategySchema>;
export type Ministries = Static<typeof MinistriesSchema>;
export type LogicModel = Static<typeof LogicModelSchema>;
export type Section5 = Static<typeof Section5Schema>;
export type Section6 = Static<typeof Section6Schema>;
export type RoadmapRow = Static<typeof RoadmapRowSchema>;
