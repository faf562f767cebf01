/** The real server for the browser tests: port 0, the built UI, temp folders under `dir`, the test hub, quiet logs. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { type RunningServer, type ServerRuntime, startServer } from '../../src/server/serve.js';
import { createServerConfig, type ServerConfigInput } from '../../src/server/server-config.js';
import { startTestHub, type TestHub } from '../hub/test-hub.js';
import { testServerInput } from '../server/server-harness.js';
import { launchChromium } from './browser.js';
import { ensureUiBuilt, WEB_DIST } from './build-ui.js';

export async function startUiServer(
  hub: TestHub,
  dir: string,
  extra: Partial<ServerConfigInput> = {},
  runtime: Omit<ServerRuntime, 'logStream'> = {},
): Promise<RunningServer> {
  const config = createServerConfig({
    ...testServerInput(dir, hub.url),
    webDir: WEB_DIST,
    logLevel: 'warn',
    ...extra,
  });
  return startServer(config, {
    ...runtime,
    logStream: new Writable({ write: (_chunk, _encoding, done) => done() }),
  });
}

export interface UiTest {
  hub: TestHub;
  server: RunningServer;
  browser: Browser;
  dir: string;
}

export interface UiTestOptions {
  label: string;
  prepare: (hub: TestHub, dir: string) => Promise<void>;
  serverInput?: (dir: string) => Partial<ServerConfigInput>;
  /** What runs the server besides its configuration (a disk reader that makes a folder another disk's). */
  serverRuntime?: (dir: string) => Omit<ServerRuntime, 'logStream'>;
}

/**
 * A browser test's beforeAll: the built UI, a test hub that `prepare` fills (repos, faults; it gets the temp
 * folder too), the real server over that folder (`hubget-web-<label>-…`, with `serverInput` added) and
 * Chromium. What it made is closed again when a step fails.
 */
export async function startUiTest(options: UiTestOptions): Promise<UiTest> {
  ensureUiBuilt();
  const parts: Partial<UiTest> = {};
  try {
    const hub = await startTestHub();
    parts.hub = hub;
    const dir = await mkdtemp(join(tmpdir(), `hubget-web-${options.label}-`));
    parts.dir = dir;
    await options.prepare(hub, dir);
    const server = await startUiServer(hub, dir, options.serverInput?.(dir), options.serverRuntime?.(dir));
    parts.server = server;
    return { hub, dir, server, browser: await launchChromium() };
  } catch (error) {
    await closeUiTest(parts);
    throw error;
  }
}

/**
 * A browser test file's set-up: registers its beforeAll (startUiTest, given `timeoutMs`) and its afterAll
 * (closeUiTest). The object returned holds what beforeAll made, for the file's tests; one that restarts the
 * server puts the new one in it, so afterAll closes that.
 */
export function uiTestPerFile(options: UiTestOptions, timeoutMs = 120_000): UiTest {
  const ui = {} as UiTest;
  beforeAll(async () => {
    Object.assign(ui, await startUiTest(options));
  }, timeoutMs);
  afterAll(() => closeUiTest(ui));
  return ui;
}

/** A browser test's afterAll: Chromium, the server, the test hub and the temp folder, whichever were made. */
export async function closeUiTest(parts: {
  browser?: Browser | undefined;
  server?: RunningServer | undefined;
  hub?: TestHub | undefined;
  dir?: string | undefined;
}): Promise<void> {
  await parts.browser?.close();
  await parts.server?.close().catch(() => undefined);
  await parts.hub?.close();
  if (parts.dir) await rm(parts.dir, { recursive: true, force: true });
}

/** Polls `check` every 150 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
