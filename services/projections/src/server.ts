import { runService } from '@pdca/platform';
import projectionsApp from './app.js';

await runService({ name: 'projections', port: (config) => config.ports.projections, app: projectionsApp });
