/** Response headers as undici (`Record`, a value or a list per lower-case name) or fetch (`Headers`) give them. */
export type HeaderBag = Headers | Record<string, string | string[] | undefined>;

/** The first value of header `name`, or undefined. */
export function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
