import { requestHash, sendProblem, type IdempotencyStore } from '@pdca/platform';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A response to send and remember for the key. */
export interface Answer {
  readonly statusCode: number;
  readonly answer: unknown;
}

export interface Appended {
  readonly eventId: string;
  readonly position: number;
  readonly streamVersion: number;
}

/**
 * Runs a write once per (caller, Idempotency-Key): a retry with the same request gets the original
 * response; the same key with another request is refused with 422. `run` gets the key (or null) so it
 * can derive event ids from it, which keeps even racing retries from appending twice.
 */
export async function idempotent(
  store: IdempotencyStore,
  request: FastifyRequest,
  reply: FastifyReply,
  body: unknown,
  run: (key: string | null) => Promise<Appended | Answer | FastifyReply>,
): Promise<unknown> {
  const principal = request.principal!;
  const header = request.headers['idempotency-key'];
  const key = typeof header === 'string' ? header : null;
  const hash = requestHash([request.method, request.url, body]);
  if (key) {
    const earlier = await store.find(principal.tokenId, key);
    if (earlier && earlier.requestHash !== hash)
      return sendProblem(reply, {
        type: 'https://pdca-ledger.example/problems/idempotency-key-reused',
        title: 'Idempotency-Key reused with a different request',
        status: 422,
        detail: `the key ${key} was used for another request; use a new key for a new request`,
        instance: request.url,
        errors: [{ field: 'Idempotency-Key', reason: 'already used with a different body' }],
      });
    if (earlier) return reply.status(earlier.statusCode).send(earlier.response);
  }
  const result = await run(key);
  if (!('eventId' in result) && !('answer' in result)) return result;
  const answer: Answer = 'answer' in result ? result : { answer: result, statusCode: 201 };
  if (key)
    await store.remember(principal.tokenId, key, {
      statusCode: answer.statusCode,
      response: answer.answer,
      requestHash: hash,
    });
  if ('eventId' in result) reply.header('etag', `"${result.streamVersion}"`);
  return reply.status(answer.statusCode).send(answer.answer);
}
