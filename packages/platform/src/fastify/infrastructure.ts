import type { EventStore } from '@pdca/eventstore';
import fp from 'fastify-plugin';
import type pg from 'pg';
import type { TokenStore } from '../auth/tokenStore.js';

export interface Infrastructure {
  readonly pool: pg.Pool;
  readonly eventStore: EventStore;
  readonly tokens: TokenStore;
  /** Read-model schemas are named `<prefix><projection>` (default `rm_`). */
  readonly readModelSchemaPrefix?: string;
  /** Where report jobs queue (the services that use BullMQ). */
  readonly redisUrl?: string;
  /** How long a resolved bearer token is trusted before Postgres is asked again (default 5 s). */
  readonly tokenCacheMs?: number;
  /** Requests per token per window (default 5,000 per second). */
  readonly rateLimit?: { readonly max: number; readonly windowMs: number };
}

declare module 'fastify' {
  interface FastifyInstance {
    pool: pg.Pool;
    eventStore: EventStore;
  }
}

/** Exposes the collaborators the composition root built; their owner closes them, not the app. */
export const infrastructurePlugin = fp<Infrastructure>(
  (app, deps, done) => {
    app.decorate('pool', deps.pool);
    app.decorate('eventStore', deps.eventStore);
    done();
  },
  { name: 'pdca-infrastructure', fastify: '5.x' },
);
