import { createHash } from 'node:crypto';

/**
 * A name-based UUID (version-5 layout over SHA-256): the same name always gives the same event id, so a
 * repeated append of "the same" event is recognised by the store's idempotency on event ids.
 */
export function deterministicEventId(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
