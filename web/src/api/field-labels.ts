/**
 * The one label of each field of the API's requests that a form of the web UI fills, in the form's words: the forms
 * render these labels, and a refusal of the field (the answer's `field` and `problem`: src/field-error.ts,
 * docs/api.md) is said with them, "Destination folder: "a/b" must be one folder directly under the models folder …",
 * wherever it shows (a form's error, a preview, a toast: errorFromResponse in errors.ts). The server's message names
 * the field as the API spells it (`Invalid body field "localDir": …`), words for a programmer that the download form
 * showed as they were.
 */
export const FIELD_LABELS = {
  repoId: 'Hugging Face repo id',
  repoType: 'Type',
  revision: 'Revision',
  include: 'Include patterns',
  exclude: 'Exclude patterns',
  localDir: 'Destination folder',
  bandwidthLimit: 'Bandwidth limit',
  maxParallel: 'Parallel downloads',
  stallTimeoutMs: 'Stall timeout',
  endpoint: 'Hugging Face endpoint',
  progressDir: 'Progress files folder',
  defaultDestination: 'Default destination',
  hfToken: 'Hugging Face token',
  q: 'Search the Hugging Face Hub',
  position: 'Queue position',
} as const;

export type FormField = keyof typeof FIELD_LABELS;

/** The form field an answer's `field` names (`include.0`, an item of the list: `include`); null for none a form has. */
export function formFieldOf(field: unknown): FormField | null {
  if (typeof field !== 'string') return null;
  const name = field.split('.')[0] ?? '';
  return Object.hasOwn(FIELD_LABELS, name) ? (name as FormField) : null;
}

/** A refused field in the form's words: its label, then why ("Revision: expected a branch, tag, …"). */
export function fieldRefusal(field: FormField, problem: string): string {
  return `${FIELD_LABELS[field]}: ${problem}`;
}
