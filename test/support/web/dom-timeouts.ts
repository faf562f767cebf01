/**
 * Vitest setup for every test file (vitest.config.ts `setupFiles`): in the web component tests (jsdom), the
 * Testing Library's `findBy…` and `waitFor` wait up to 5 s instead of its default 1 s. They pass as soon as
 * what they wait for appears, so a passing run is no slower; the default only made them fail on a loaded
 * machine (the full suite on two cores), where a render plus a request to the scripted API took over a
 * second. Node-environment tests have no `document` and load nothing from here.
 */
const WEB_TEST_WAIT_MS = 5000;

if (typeof document !== 'undefined') {
  const { configure } = await import('@testing-library/react');
  configure({ asyncUtilTimeout: WEB_TEST_WAIT_MS });
}
