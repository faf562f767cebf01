/** The browser tests' check that a page does not scroll sideways, naming the elements that stick out. */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { horizontalOverflow, overflowCulprits } from './layout-checks.js';

/**
 * Fails (or, with `soft`, records a failure and goes on) when the page is wider than the screen; the
 * message says `what` was measured and which elements start the overflow.
 */
export async function expectNoSidewaysScroll(
  page: Page,
  what: string,
  options: { soft?: boolean } = {},
): Promise<void> {
  const overflow = await horizontalOverflow(page);
  const message = `${what} scrolls sideways: ${(await overflowCulprits(page)).join(' | ')}`;
  (options.soft ? expect.soft : expect)(overflow, message).toBeLessThanOrEqual(0);
}
