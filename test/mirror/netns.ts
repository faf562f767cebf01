/**
 * Client network namespaces for the mirror tests: a bridge on the host with 10.231.X.1/24 (X unique per
 * test file) and one namespace per client at 10.231.X.(10+i), each joined by a veth pair. The mirror binds
 * 10.231.X.1, so clients reach it over a network interface, never over loopback. Only addresses created
 * here are used; cleanup() removes every namespace, link and bridge (also after a failed setup).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ClientNamespaces {
  hostIp: string;
  names: string[];
  cleanup(): Promise<void>;
}

/** Whether `ip netns` works here (root, iproute2). */
export function netnsAvailable(): boolean {
  const probe = `hgprobe${process.pid % 100000}`;
  try {
    execFileSync('ip', ['netns', 'add', probe], { stdio: 'ignore' });
    execFileSync('ip', ['netns', 'del', probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export async function createClientNamespaces(count: number): Promise<ClientNamespaces> {
  const id = (process.pid * 7 + Date.now()) % 200;
  const subnet = 20 + id;
  const tag = `${process.pid % 1000}${Math.floor(Math.random() * 100)}`;
  const bridge = `hgb${tag}`;
  const hostIp = `10.231.${subnet}.1`;
  const names: string[] = [];
  const links: string[] = [];
  const cleanup = async () => {
    for (const name of names) await run('ip', ['netns', 'del', name]).catch(() => undefined);
    for (const link of links) await run('ip', ['link', 'del', link]).catch(() => undefined);
    await run('ip', ['link', 'del', bridge]).catch(() => undefined);
  };
  try {
    await run('ip', ['link', 'add', bridge, 'type', 'bridge']);
    await run('ip', ['addr', 'add', `${hostIp}/24`, 'dev', bridge]);
    await run('ip', ['link', 'set', bridge, 'up']);
    for (let i = 0; i < count; i++) {
      const name = `hgm${tag}c${i}`;
      const outside = `hgv${tag}${i}`;
      const inside = `hgp${tag}${i}`;
      await run('ip', ['netns', 'add', name]);
      names.push(name);
      await run('ip', ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside]);
      links.push(outside);
      await run('ip', ['link', 'set', inside, 'netns', name]);
      await run('ip', ['link', 'set', outside, 'master', bridge]);
      await run('ip', ['link', 'set', outside, 'up']);
      await run('ip', ['-n', name, 'addr', 'add', `10.231.${subnet}.${10 + i}/24`, 'dev', inside]);
      await run('ip', ['-n', name, 'link', 'set', inside, 'up']);
      await run('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return { hostIp, names, cleanup };
}
