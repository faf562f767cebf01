/**
 * The set-up of the tests whose clients reach the mirror from their own network namespaces: they run where
 * `ip netns` works (root, iproute2), skip elsewhere (fail in CI), and share one mirror per describe block.
 */
import { afterAll, beforeAll } from 'vitest';
import { describeWithSetup } from '../support/setup-required.js';
import { type MirrorOptions, type NamespacedMirror, startNamespacedMirror } from './mirror-harness.js';
import { netnsAvailable } from './netns.js';

/** `describe` for namespaced-mirror tests (see setup-required.ts for skip versus fail). */
export function describeWithNamespaces(): ReturnType<typeof describeWithSetup> {
  return describeWithSetup(netnsAvailable(), 'ip netns (root and iproute2) for the mirror clients');
}

/**
 * Call inside a describe block: starts a mirror reachable from `clients` namespaces before its tests (with the
 * options `options` makes then, e.g. a hub of its own) and closes it after them. Read its parts in hooks and
 * tests (registered after this call), not when the block is defined.
 */
export function namespacedMirrorHooks(
  clients: number,
  workPrefix: string,
  options: () => Promise<Omit<MirrorOptions, 'host'>> = async () => ({}),
): Omit<NamespacedMirror, 'close'> {
  let setup: NamespacedMirror | undefined;
  beforeAll(async () => {
    setup = await startNamespacedMirror(clients, workPrefix, await options());
  }, 60_000);
  afterAll(async () => {
    await setup?.close();
  });
  const started = (): NamespacedMirror => {
    if (!setup) throw new Error('the namespaced mirror has not started');
    return setup;
  };
  return {
    get ns() {
      return started().ns;
    },
    get mirror() {
      return started().mirror;
    },
    get work() {
      return started().work;
    },
  };
}
