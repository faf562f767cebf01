/**
 * Which `hubget` commands are client commands (download, search, info, ls, rm): they never need the server part
 * (Fastify, the store) and run from the one-file bundle of the CLI when the build has it (bin/hubget,
 * scripts/bundle-cli.ts). No imports, so the launcher can load it for the price of one small module.
 */

const CLIENT_COMMANDS: ReadonlySet<string> = new Set(['download', 'search', 'info', 'show', 'ls', 'rm']);

/** Whether argv names a command other than the client ones (or none: help), i.e. whether `serve` may be needed. */
export function mayNeedServe(argv: readonly string[]): boolean {
  const command = argv.slice(2).find((argument) => !argument.startsWith('-'));
  return command === undefined || !CLIENT_COMMANDS.has(command);
}
