/**
 * Child process standing in for another hubget run (`hubget download` in a terminal): claims the given keys in
 * a claims folder as a download run does (src/transfer/download-claims.ts), prints `claimed`, and holds the
 * run's lock until it is killed. Usage: node --import tsx claim-child.ts <claims folder> <key>...
 */
import { RunClaims } from '../../../src/transfer/download-claims.js';

const [folder, ...keys] = process.argv.slice(2);
if (folder === undefined) throw new Error('usage: claim-child.ts <claims folder> <key>...');
const claims = new RunClaims(folder);
await claims.claim(keys, (key) => [key], new AbortController().signal);
process.stdout.write('claimed\n');
// Held until killed: the operating system drops the lock with the process.
setInterval(() => {}, 60_000);
