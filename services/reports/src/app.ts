import { serviceBase, type Infrastructure } from '@pdca/platform';
import type { FastifyInstance } from 'fastify';

/** The read API and the annual follow-up report. */
export default async function reportsApp(app: FastifyInstance, deps: Infrastructure): Promise<void> {
  await app.register(serviceBase, { ...deps, title: 'pdca-ledger reports API（年次フォローアップ）' });
}
