import { randomUUID } from 'node:crypto';
import { deterministicEventId, DuplicateEventIds, type EventStore } from '@pdca/eventstore';
import { requestHash } from '@pdca/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { keyReused } from './idempotent.js';
import { readStreamOrEmpty } from './streams.js';

export interface Appended {
  readonly eventId: string;
  readonly position: number;
  readonly streamVersion: number;
}

/** How a single-stream write names its events and marks them as this request's. */
export interface WriteIdentity {
  readonly idempotencyKey: string | null;
  /** SHA-256 of method, URL and body, kept in the metadata to tell a retry from a reused key. */
  readonly requestHash: string | null;
  eventId(index: number): string;
}

/**
 * Idempotency for writes to one stream, with the events themselves as the record (no second write per
 * request). With an Idempotency-Key the event ids derive from caller and key, so a rerun can never append
 * twice: the store either recognises the identical earlier append or refuses the ids. When a keyed write
 * fails — a retried report is "already reported", the stream moved on, the ids are taken — the stream is
 * searched for this key's events: the same request hash replays their answer, another hash is 422, and
 * without them the failure stands.
 */
export async function keyedWrite(
  store: EventStore,
  request: FastifyRequest,
  reply: FastifyReply,
  target: { readonly streamId: string; readonly body: unknown },
  write: (identity: WriteIdentity) => Promise<Appended | FastifyReply>,
): Promise<unknown> {
  const header = request.headers['idempotency-key'];
  const key = typeof header === 'string' ? header : null;
  const tokenId = request.principal!.tokenId;
  const identity: WriteIdentity = key
    ? {
        idempotencyKey: key,
        requestHash: requestHash([request.method, request.url, target.body]),
        eventId: (i) => deterministicEventId(`${tokenId}/${key}/${i}`),
      }
    : { idempotencyKey: null, requestHash: null, eventId: () => randomUUID() };
  try {
    const result = await write(identity);
    if (!('eventId' in result)) return result;
    return reply.status(201).header('etag', `"${result.streamVersion}"`).send(result);
  } catch (error) {
    if (!key) throw error;
    const earlier = await earlierWrite(store, target.streamId, identity);
    if (earlier === 'another request' || (!earlier && error instanceof DuplicateEventIds))
      return keyReused(request, reply, key);
    if (!earlier) throw error;
    return reply.status(201).header('etag', `"${earlier.streamVersion}"`).send(earlier);
  }
}

async function earlierWrite(
  store: EventStore,
  streamId: string,
  identity: WriteIdentity,
): Promise<Appended | 'another request' | undefined> {
  const events = await readStreamOrEmpty(store, streamId);
  const start = events.findIndex((e) => e.eventId === identity.eventId(0));
  if (start < 0) return undefined;
  if (events[start]!.metadata.requestHash !== identity.requestHash) return 'another request';
  let last = events[start]!;
  for (let i = 1; events[start + i]?.eventId === identity.eventId(i); i++) last = events[start + i]!;
  return { eventId: last.eventId, position: last.position, streamVersion: last.streamVersion };
}
