import { createHash } from 'node:crypto';

/**
 * Global positions are `(writing transaction id << 20) + index within the append`. Readers only read
 * positions below the horizon (see horizonSql), so a transaction that commits late can never land
 * behind a position a reader has already passed. 20 bits allow 1,048,576 events per append; positions
 * stay below 2^53 while transaction ids stay below 2^33 (8.5 billion write transactions).
 */
export const POSITION_SHIFT = 20n;

/** First advisory-lock key of every appending transaction ("PDCA"); the second one names the schema. */
export const WRITER_LOCK_CLASS = 0x50444341;

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export interface StoreLayout {
  readonly schema: string;
  readonly writerLockKey: number;
  readonly notifyChannel: string;
}

export function storeLayout(schema: string): StoreLayout {
  if (!IDENTIFIER.test(schema)) throw new Error(`event store schema "${schema}" must be a lower-case SQL identifier`);
  const digest = createHash('sha256').update(schema).digest();
  return {
    schema,
    writerLockKey: digest.readUInt32BE(0) & 0x7fffffff,
    notifyChannel: `${schema}_events`,
  };
}
