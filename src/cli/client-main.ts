/**
 * What bin/hubget starts for the client commands (download, search, ls, rm: src/cli/client-commands.ts) in a
 * build: the one-file bundle beside this file, through its code cache (bundle-launcher.ts). Everything else
 * (serve, help) runs `main.js`, the tsc build.
 */
import { fileURLToPath } from 'node:url';
import { CLI_BUNDLE_FILE, launchBundle } from './bundle-launcher.js';

launchBundle(fileURLToPath(new URL(CLI_BUNDLE_FILE, import.meta.url)));
