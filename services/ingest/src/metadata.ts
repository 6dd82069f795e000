import type { JsonObject } from '@pdca/eventstore';
import type { Principal } from '@pdca/platform';

/** The metadata every event carries: who, for whom, which request and key, the note, when, which schema. */
export function eventMetadata(
  principal: Principal,
  request: {
    readonly requestId: string;
    readonly idempotencyKey: string | null;
    readonly requestHash?: string | null;
    readonly note?: string | null;
  },
  onBehalfOf: string | null,
): JsonObject {
  return {
    actor: principal.tokenId,
    actorName: principal.name,
    role: principal.role,
    ministry: principal.ministry,
    onBehalfOf: principal.role === 'secretariat' ? onBehalfOf : null,
    requestId: request.requestId,
    idempotencyKey: request.idempotencyKey,
    requestHash: request.requestHash ?? null,
    note: request.note ?? null,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  };
}
