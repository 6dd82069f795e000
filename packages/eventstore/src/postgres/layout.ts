import { createHash } from 'node:crypto';

/**
 * Global positions are `((writing transaction id − the id at installation) << 17) + index within the
 * append`. Readers only read positions below the horizon (see horizonSql), so a transaction that commits
 * late can never land behind a position a reader has already passed. 17 bits allow 131,072 events per
 * append; positions stay below 2^53 for 2^36 (68 billion) write transactions of the whole cluster after
 * installation, and append_events refuses, before committing, to write past that.
 */
export const POSITION_SHIFT = 17n;

/** First advisory-lock key of every appending transaction ("PDCA"); the second one names the schema. */
export const WRITER_LOCK_CLASS = 0x50444341;

// 48 characters leave room for the `_events` suffix of the notification channel (63 at most).
const IDENTIFIER = /^[a-z_][a-z0-9_]{0,47}$/;

export interface StoreLayout {
  readonly schema: string;
  readonly writerLockKey: number;
  readonly notifyChannel: string;
}

export function storeLayout(schema: string): StoreLayout {
  if (!IDENTIFIER.test(schema))
    throw new Error(`event store schema "${schema}" must be a lower-case SQL identifier of at most 48 characters`);
  const digest = createHash('sha256').update(schema).digest();
  return {
    schema,
    writerLockKey: digest.readUInt32BE(0) & 0x7fffffff,
    notifyChannel: `${schema}_events`,
  };
}
