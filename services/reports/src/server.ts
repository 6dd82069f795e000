import { runService } from '@pdca/platform';
import reportsApp from './app.js';

await runService({ name: 'reports', port: (config) => config.ports.reports, app: reportsApp });
