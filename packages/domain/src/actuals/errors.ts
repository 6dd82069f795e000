/** Typed domain errors that carry their meaning; the services map them to HTTP statuses. */
export class DomainValidationError extends Error {
  readonly kind = 'validation';
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'DomainValidationError';
  }
}

export class IllegalStateError extends Error {
  readonly kind = 'illegal_state';
  constructor(message: string) {
    super(message);
    this.name = 'IllegalStateError';
  }
}

export class ForbiddenError extends Error {
  readonly kind = 'forbidden';
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/** A submission for a period of a closed PDCA cycle: says since when and why it was closed. */
export class CycleClosedError extends IllegalStateError {
  constructor(
    readonly fiscalYear: number,
    readonly since: string,
    readonly reason: string | null,
  ) {
    super(
      `FY${fiscalYear} (${fiscalYear}年度) is closed since ${since}${reason ? `: ${reason}` : ''}; the secretariat can reopen it`,
    );
    this.name = 'CycleClosedError';
  }
}
