/**
 * A refused value of one field of a request (a body field, a query parameter, a setting). The message names the
 * field as the API spells it (`localDir "a/b" must be one folder directly under the models folder …`), for API
 * clients, the CLI and the log; the error keeps the field and the problem apart (`details`), so the server's answer
 * carries both (ApiError `field` and `problem`, docs/api.md) and a form says the problem after its own label
 * (web/src/api/field-labels.ts: "Destination folder: "a/b" must be …"), never the API's name. The schema's refusals
 * carry them the same way (src/server/error-handler.ts).
 */
import { type ErrorCode, HubgetError } from './errors.js';

export interface FieldProblem {
  /** The field's name as the request spells it: `localDir`, `include.0` (an item of a list), `q`. */
  field: string;
  /** Why, without the field's name: it reads after any label, `expected …`, `"a/b" must be …`. */
  problem: string;
}

/** The error of a refused field; `message` is the whole message, `${field} ${problem}` unless told. */
export function fieldError(
  field: string,
  problem: string,
  message = `${field} ${problem}`,
  code: ErrorCode = 'INVALID_ARGUMENT',
): HubgetError {
  return new HubgetError(code, message, { details: { field, problem } });
}

/** The field and problem a fieldError carries, or null for any other error. */
export function fieldProblemOf(error: HubgetError): FieldProblem | null {
  const field = error.details?.field;
  const problem = error.details?.problem;
  return typeof field === 'string' && typeof problem === 'string' ? { field, problem } : null;
}
