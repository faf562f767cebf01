/** Response headers as undici (`Record`, a value or a list per lower-case name) or fetch (`Headers`) give them. */
export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

function isFetchHeaders(headers: HeaderBag): headers is Headers {
  return typeof headers.get === 'function';
}

/**
 * The first value of header `name`, or undefined. Tells the two shapes apart by `get` (an undici record's
 * values are strings or lists), not `instanceof Headers`: reading the global `Headers` makes Node load its
 * built-in copy of undici, 17–19 ms of a CLI start-up (test/build/cli-bundle.test.ts).
 */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (isFetchHeaders(headers)) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
