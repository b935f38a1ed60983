/**
 * Named domain errors. The API turns each into an RFC 9457 problem with the right status;
 * none of them is ever a 500.
 */
export class DomainError extends Error {
  override name = 'DomainError';
}

/** The subject does not exist (or has been withdrawn). */
export class NotFoundError extends DomainError {
  override name = 'NotFoundError';
}

/** The caller's expected version (If-Match) is not the current one, or a concurrent write won. */
export class VersionConflictError extends DomainError {
  override name = 'VersionConflictError';
  constructor(
    message: string,
    readonly currentVersion: number | undefined,
  ) {
    super(message);
  }
}

/** The caller may not make this change (e.g. a body that is not a party to a protocol). */
export class NotPermittedError extends DomainError {
  override name = 'NotPermittedError';
}

/** The change is well-formed but contradicts the current state (e.g. agreeing to an old version). */
export class InvalidChangeError extends DomainError {
  override name = 'InvalidChangeError';
}

/** Nobody is known to be asking, and the change needs someone who is (the API answers 401). */
export class NotAuthenticatedError extends DomainError {
  override name = 'NotAuthenticatedError';
}
