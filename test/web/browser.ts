/** Debian's Chromium driven by playwright-core, with the flags that keep it quiet and local. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
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

/** A browser context like a phone's: mobile layout viewport and touch, `viewport` wide (390×844 unless told). */
export function newPhoneContext(
  browser: Browser,
  viewport: { width: number; height: number } = PHONE_VIEWPORT,
): Promise<BrowserContext> {
  return browser.newContext({ viewport, isMobile: true, hasTouch: true });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
