/** The API's error answer and the codes only the HTTP layer produces (docs/api.md). */

export interface ApiError {
  code: string;
  message: string;
  /**
   * A refused body field or query parameter: its name as the request spells it (`localDir`, `include.0`), absent
   * for any other error. `problem` is why, without the name (`expected a folder name or …`, `"a/b" must be one
   * folder …`), so a form says it after its own label (src/field-error.ts, docs/api.md).
   */
  field?: string;
  problem?: string;
}

/** Codes only the HTTP layer produces (besides the HubgetError codes of src/errors.ts). See docs/api.md. */
export type HttpOnlyErrorCode =
  | 'API_TOKEN_REQUIRED'
  | 'CROSS_ORIGIN_REQUEST'
  | 'HOST_NOT_ALLOWED'
  | 'ROUTE_NOT_FOUND';
