/** Debian's Chromium driven by playwright-core, with the flags that keep it quiet and local. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { REPO_ROOT } from './build-ui.js';

export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'web');

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone's screen in CSS pixels (390×844, an iPhone 12 to 14). */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/** A desktop's window in CSS pixels (1280×800). */
export const DESKTOP_VIEWPORT = { width: 1280, height: 800 };

/** A browser context's options like a phone's: mobile layout viewport and touch, `viewport` wide (390×844 unless told). */
export function phoneOptions(
  viewport: { width: number; height: number } = PHONE_VIEWPORT,
): BrowserContextOptions {
  return { viewport, isMobile: true, hasTouch: true };
}

/** A browser context like a phone's (phoneOptions). */
export function newPhoneContext(browser: Browser, viewport = PHONE_VIEWPORT): Promise<BrowserContext> {
  return browser.newContext(phoneOptions(viewport));
}

/**
 * A page in a new browser context (`options`: a desktop's window unless told), opened at `path` of the server
 * under test, with the messages of its uncaught errors from the first load on (`pageErrors`). The context is
 * the page's alone: a test that is done with it closes `page.context()`, or leaves it to the browser's close.
 */
export async function openWatchedPage(
  ui: { browser: Browser; server: { url: string } },
  path: string,
  options: BrowserContextOptions = { viewport: DESKTOP_VIEWPORT },
): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await (await ui.browser.newContext(options)).newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(`${ui.server.url}${path}`);
  return { page, pageErrors };
}

/** openWatchedPage's page, for a test that does not look at its errors. */
export async function openPage(...args: Parameters<typeof openWatchedPage>): Promise<Page> {
  return (await openWatchedPage(...args)).page;
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
