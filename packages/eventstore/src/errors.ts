import type { ExpectedVersion } from './port.js';

export type ActualVersion = number | 'no_stream';

export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** The stream was not at the expected version: nothing was appended. */
export class WrongExpectedVersion extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: ActualVersion,
  ) {
    super(`stream ${streamId}: expected version ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

export class StreamNotFound extends EventStoreError {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
    this.name = 'StreamNotFound';
  }
}

/** Some, but not all, of the events' ids were appended before, or an id belongs to another stream. */
export class DuplicateEventIds extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_IDS';
  constructor(
    readonly streamId: string,
    readonly eventIds: readonly string[],
  ) {
    super(`stream ${streamId}: event ids already used elsewhere or partially appended: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIds';
  }
}

/** The request itself is malformed (empty batch, bad id, too many events, …). */
export class InvalidAppend extends EventStoreError {
  readonly code = 'INVALID_APPEND';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidAppend';
  }
}

/** The store cannot represent a value the adapter produced (e.g. a position past 2^53). */
export class PositionOutOfRange extends EventStoreError {
  readonly code = 'POSITION_OUT_OF_RANGE';
  constructor(readonly raw: string) {
    super(`position ${raw} exceeds Number.MAX_SAFE_INTEGER`);
    this.name = 'PositionOutOfRange';
  }
}
