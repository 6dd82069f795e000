import { requestHash, sendProblem, type IdempotencyStore, type Remembered } from '@pdca/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A response to send and remember for the key. */
export interface Answer {
  readonly statusCode: number;
  readonly answer: unknown;
}

export const keyReused = (request: FastifyRequest, reply: FastifyReply, key: string) =>
  sendProblem(reply, {
    type: 'https://pdca-ledger.example/problems/idempotency-key-reused',
    title: 'Idempotency-Key reused with a different request',
    status: 422,
    detail: `the key ${key} was used for another request; use a new key for a new request`,
    instance: request.url,
    errors: [{ field: 'Idempotency-Key', reason: 'already used with a different body' }],
  });

/**
 * Runs a write that spans many streams (a bulk submission) once per (caller, Idempotency-Key): a retry
 * with the same request gets the original answer; the same key with another request is 422. `run` gets
 * the key (or null) and derives its event ids from it, so a rerun can never append twice: it finds its
 * events already there. So the write goes first and its answer is recorded after it; the key is looked
 * up first only when the write fails or the key turns out to be taken, which is where retries end up.
 * Single-stream writes need no record at all: see keyedWrite.
 */
export async function idempotent(
  store: IdempotencyStore,
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  run: (key: string | null) => Promise<Answer | FastifyReply>,
): Promise<unknown> {
  const principal = request.principal!;
  const header = request.headers['idempotency-key'];
  const key = typeof header === 'string' ? header : null;
  const hash = requestHash([request.method, request.url, body]);
  const replay = (earlier: Remembered) =>
    earlier.requestHash === hash
      ? reply.status(earlier.statusCode).send(earlier.response)
      : keyReused(request, reply, key!);
  let result: Answer | FastifyReply;
  try {
    result = await run(key);
  } catch (error) {
    const earlier = key ? await store.find(principal.tokenId, key) : undefined;
    if (earlier) return replay(earlier);
    throw error;
  }
  if (!('answer' in result)) return result;
  if (!key) return reply.status(result.statusCode).send(result.answer);
  const kept = await store.remember(principal.tokenId, key, {
    statusCode: result.statusCode,
    response: result.answer,
    requestHash: hash,
  });
  return replay(kept);
}
