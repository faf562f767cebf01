/**
 * commander's usage error for a value one of hubget's parsers refused reads `error: option '--endpoint <url>'
 * argument 'x' is invalid. <the parser's message>` (or `error: command-argument value 'x' is invalid for argument
 * 'REPO'. …`). When the parser's message names the value itself (`"x"`), that said it twice, in two wordings:
 * the error is then the parser's message alone. Other errors are left as commander words them.
 */
const COMMANDER_INVALID_VALUE =
  /^error: (?:option '[^']*' argument '(?<option>.*)' is invalid|command-argument value '(?<argument>.*)' is invalid for argument '[^']*')\. (?<reason>.*)$/s;

export function usageErrorText(text: string): string {
  const match = COMMANDER_INVALID_VALUE.exec(text);
  const value = match?.groups?.option ?? match?.groups?.argument;
  const reason = match?.groups?.reason;
  if (value === undefined || reason === undefined || !reason.includes(`"${value}"`)) return text;
  return `error: ${reason}`;
}
