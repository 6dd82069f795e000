import { runAuditBench } from './audit.js';
import { runEventStoreBench } from './eventstore.js';
import { runIngestBench } from './ingest.js';
import { runProjectionsBench } from './projections.js';
import { runReportsBench } from './reports.js';

const benches: Record<string, () => Promise<void>> = {
  eventstore: runEventStoreBench,
  ingest: runIngestBench,
  projections: runProjectionsBench,
  reports: runReportsBench,
  audit: runAuditBench,
};

const names = process.argv.slice(2);
const unknown = names.filter((n) => !(n in benches));
if (names.length === 0 || unknown.length > 0) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(benches).join('|')}>...\n`);
  process.exit(2);
}
for (const name of names) await benches[name]!();
