/** The first value of a response header as undici returns it (a string, a list, or nothing). */
export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
