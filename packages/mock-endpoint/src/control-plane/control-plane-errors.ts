/** An AWS JSON 1.1 error: HTTP status, `__type` and message (wire form of the SageMaker API). */
export interface ControlPlaneError {
  status: number;
  type: string;
  message: string;
}

/** Thrown by operations; the handler turns it into the JSON 1.1 error response. */
export class ControlPlaneFailure extends Error {
  override readonly name = 'ControlPlaneFailure';
  constructor(readonly error: ControlPlaneError) {
    super(error.message);
  }
}

/** `ValidationException` (400): what SageMaker answers for unknown names and bad parameters. */
export function validationException(message: string): ControlPlaneFailure {
  return new ControlPlaneFailure({ status: 400, type: 'ValidationException', message });
}

/** The message format of the service's generated validation (`1 validation error detected: …`). */
export function constraintViolation(value: unknown, member: string, constraint: string): ControlPlaneFailure {
  return validationException(`1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`);
}
