import { readFile } from 'node:fs/promises';
import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import {
  LogicModelSchema,
  MinistriesSchema,
  Section5Schema,
  Section6Schema,
  StrategySchema,
  type CatalogKpi,
  type LogicModel,
  type Ministries,
  type Section5,
  type Section6,
  type Strategy,
} from './schema.js';

export class CatalogInvalid extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(`${file}: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? ` (+${problems.length - 5} more)` : ''}`);
    this.name = 'CatalogInvalid';
  }
}

export interface Catalog {
  readonly strategy: Strategy;
  readonly ministries: Ministries;
  readonly logicModel: LogicModel;
  readonly section5: Section5;
  readonly section6: Section6;
}

async function readValidated<S extends TSchema>(dir: string, file: string, schema: S): Promise<Static<S>> {
  const data: unknown = JSON.parse(await readFile(`${dir}/${file}`, 'utf8'));
  if (!Value.Check(schema, data))
    throw new CatalogInvalid(
      file,
      [...Value.Errors(schema, data)].map((e) => `${e.path || '/'} ${e.message}`),
    );
  return data;
}

/** Reads and validates every seed file of the catalog (seeds/catalog), then checks cross-references. */
export async function loadCatalog(dir: string): Promise<Catalog> {
  const catalog: Catalog = {
    strategy: await readValidated(dir, 'strategy.json', StrategySchema),
    ministries: await readValidated(dir, 'ministries.json', MinistriesSchema),
    logicModel: await readValidated(dir, 'logic-model.json', LogicModelSchema),
    section5: await readValidated(dir, 'section5.json', Section5Schema),
    section6: await readValidated(dir, 'section6.json', Section6Schema),
  };
  const problems = crossReferenceProblems(catalog);
  if (problems.length > 0) throw new CatalogInvalid('catalog', problems);
  return catalog;
}

export function allKpis(catalog: Catalog): CatalogKpi[] {
  return [...catalog.logicModel.kpis, ...catalog.section5.outputUnits.flatMap((u) => u.kpis)];
}

function crossReferenceProblems(catalog: Catalog): string[] {
  const problems: string[] = [];
  const ministries = new Set(catalog.ministries.ministries.map((m) => m.code));
  const parents = new Set([
    ...catalog.logicModel.impacts.map((i) => i.id),
    ...catalog.logicModel.outcomes.map((o) => o.id),
    ...catalog.section5.outputUnits.map((u) => u.id),
  ]);
  const ids = new Set<string>();
  const unique = (id: string) => (ids.has(id) ? problems.push(`duplicate id ${id}`) : ids.add(id));
  for (const kpi of allKpis(catalog)) {
    unique(kpi.id);
    if (!parents.has(kpi.parent)) problems.push(`${kpi.id}: unknown parent ${kpi.parent}`);
    if (kpi.owner.provenance !== 'unassigned' && !ministries.has(kpi.owner.ministry))
      problems.push(`${kpi.id}: unknown ministry ${kpi.owner.ministry}`);
  }
  for (const measure of [...catalog.section5.measures, ...catalog.section6.measures]) unique(measure.id);
  for (const unit of catalog.section5.outputUnits) {
    if (unit.roadmap.status !== 'transcribed') continue;
    for (const row of unit.roadmap.rows) {
      unique(row.id);
      if (row.owner.provenance !== 'unassigned' && !ministries.has(row.owner.ministry))
        problems.push(`${row.id}: unknown ministry ${row.owner.ministry}`);
    }
  }
  return problems;
}
