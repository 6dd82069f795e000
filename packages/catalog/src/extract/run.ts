import { readFileSync, writeFileSync } from 'node:fs';
import { buildSection5, buildSection6, type Curation, type Ministry } from './build.js';
import { extractSection5 } from './extractSection5.js';
import { extractSection6 } from './extractSection6.js';
import { toLines } from './lines.js';

/**
 * Development aid, not part of start-up: drafts 第5節 from the source document, applies the hand
 * corrections in seeds/curation/section5.json and writes seeds/catalog/section5.json.
 *   node packages/catalog/dist/extract/run.js ../shared/seeds/002_9abe654e008363f5.txt seeds
 */
const [source, seedsDir = 'seeds'] = process.argv.slice(2);
if (!source) {
  process.stderr.write('usage: node packages/catalog/dist/extract/run.js <002_…txt> [seeds dir]\n');
  process.exit(2);
}
const lines = toLines(readFileSync(source, 'utf8'));
const heading = (title: string, after = 0) =>
  lines.find((l) => l.no > after && l.raw.startsWith('#') && l.text.startsWith(title))!.no;
const start = heading('第5節');
const section6Start = heading('第6節', start);
const draft = extractSection5(lines, start, section6Start);
const curation = JSON.parse(readFileSync(`${seedsDir}/curation/section5.json`, 'utf8')) as Curation;
const { ministries } = JSON.parse(readFileSync(`${seedsDir}/catalog/ministries.json`, 'utf8')) as {
  ministries: Ministry[];
};
const section5 = buildSection5(draft, lines, curation, ministries);
writeFileSync(`${seedsDir}/catalog/section5.json`, `${JSON.stringify(section5, null, 2)}\n`);
const section6 = buildSection6(extractSection6(lines, section6Start, lines.length));
writeFileSync(`${seedsDir}/catalog/section6.json`, `${JSON.stringify(section6, null, 2)}\n`);
const kpis = section5.outputUnits.flatMap((u) => u.kpis);
process.stdout.write(
  `areas ${section5.areas.length}, sub-areas ${section5.subAreas.length}, measures ${section5.measures.length}, ` +
    `output units ${section5.outputUnits.length}, output KPIs ${kpis.length}, roadmap rows ` +
    `${section5.outputUnits.reduce((n, u) => n + (u.roadmap.status === 'transcribed' ? u.roadmap.rows.length : 0), 0)}; ` +
    `第6節 measures ${section6.measures.length}\n`,
);
