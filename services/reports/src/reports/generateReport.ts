import { createHash } from 'node:crypto';
import { fiscalYearLabel } from '@pdca/domain';
import type { ReadModels } from '../readModels/readModels.js';
import { renderCsv } from './render/csv.js';
import { renderHtml } from './render/html.js';
import { renderJson } from './render/json.js';
import { renderXlsx } from './render/xlsx.js';
import { loadReportData, type SealAt } from './reportData.js';
import type { FollowUpReport } from './reportModel.js';
import { CONTENT_TYPES, type ArtifactMeta, type Format } from './reportStore.js';

const RENDERERS: Readonly<Record<Format, (report: FollowUpReport) => Buffer | Promise<Buffer>>> = {
  html: renderHtml,
  xlsx: renderXlsx,
  csv: renderCsv,
  json: renderJson,
};

export const fileNameOf = (fiscalYear: number, format: Format): string =>
  `年次フォローアップ_${fiscalYearLabel(fiscalYear)}.${format}`;

export interface Generated {
  readonly report: FollowUpReport;
  readonly artifacts: (ArtifactMeta & { content: Buffer })[];
}

/**
 * Reads the cycle's read models in one snapshot and renders every requested format. With the same
 * snapshot and `generatedAt`, the bytes are the same: nothing in here looks at the clock.
 */
export async function generateReport(
  models: ReadModels,
  request: { fiscalYear: number; formats: readonly Format[]; generatedAt: string },
  onProgress: (percent: number, step: string) => Promise<void> | void = () => undefined,
  sealAt?: SealAt,
): Promise<Generated> {
  await onProgress(5, 'reading the read models');
  const report = await loadReportData(models, request.fiscalYear, request.generatedAt, sealAt);
  return renderReport(report, request, onProgress);
}

/** Renders every requested format of the report's data, in a fixed order; progress goes from `from` to 95. */
export async function renderReport(
  report: FollowUpReport,
  request: { fiscalYear: number; formats: readonly Format[] },
  onProgress: (percent: number, step: string) => Promise<void> | void = () => undefined,
  from = 10,
): Promise<Generated> {
  const artifacts: Generated['artifacts'] = [];
  for (const [i, format] of [...request.formats].sort().entries()) {
    const content = await RENDERERS[format](report);
    artifacts.push({
      format,
      content,
      sha256: createHash('sha256').update(content).digest('hex'),
      bytes: content.length,
      contentType: CONTENT_TYPES[format],
      fileName: fileNameOf(request.fiscalYear, format),
    });
    await onProgress(from + Math.round(((i + 1) / request.formats.length) * (95 - from)), `rendered ${format}`);
  }
  return { report, artifacts };
}
