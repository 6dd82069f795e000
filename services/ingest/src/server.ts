import { runService } from '@pdca/platform';
import ingestApp from './app.js';

await runService({ name: 'ingest', port: (config) => config.ports.ingest, app: ingestApp });
