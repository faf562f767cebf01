import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { type InterfaceTable, lanAddresses } from './lan-addresses.js';

function entry(address: string, internal = false): NetworkInterfaceInfo {
  const ipv6 = address.includes(':');
  const common = { address, netmask: '', mac: '00:00:00:00:00:00', internal, cidr: null };
  return ipv6 ? { ...common, family: 'IPv6', scopeid: 0 } : { ...common, family: 'IPv4' };
}

// In the system's order (os.networkInterfaces: by interface index).
const table: InterfaceTable = {
  lo: [entry('127.0.0.1', true), entry('::1', true)],
  eth0: [entry('fe80::1'), entry('fd00::10'), entry('10.0.0.5'), entry('169.254.3.4')],
  wlan0: [entry('fe80::2'), entry('192.168.1.20'), entry('2001:db8::20')],
  docker0: [entry('172.17.0.1')],
};

describe('lanAddresses', () => {
  it('on `::` lists every non-internal address: IPv4 first, in the system order, no link-local, IPv6 bracketed', () => {
    expect(lanAddresses('::', table)).toEqual([
      '10.0.0.5',
      '192.168.1.20',
      '172.17.0.1',
      '[fd00::10]',
      '[2001:db8::20]',
    ]);
    expect(lanAddresses('[::]', table)).toEqual(lanAddresses('::', table));
  });

  it('on 0.0.0.0 lists the IPv4 addresses only (the socket takes no IPv6)', () => {
    expect(lanAddresses('0.0.0.0', table)).toEqual(['10.0.0.5', '192.168.1.20', '172.17.0.1']);
  });

  it('lists link-local addresses only when there is nothing else', () => {
    const linkLocalOnly: InterfaceTable = { eth0: [entry('fe80::1'), entry('169.254.3.4')] };
    expect(lanAddresses('::', linkLocalOnly)).toEqual(['169.254.3.4', '[fe80::1]']);
    expect(lanAddresses('::', { lo: [entry('127.0.0.1', true)] })).toEqual([]);
    const twice: InterfaceTable = { eth0: [entry('10.0.0.5')], 'eth0:1': [entry('10.0.0.5')] };
    expect(lanAddresses('0.0.0.0', twice)).toEqual(['10.0.0.5']);
  });

  it('gives a specific bind as it is, and nothing for a loopback bind', () => {
    expect(lanAddresses('192.168.1.20', table)).toEqual(['192.168.1.20']);
    expect(lanAddresses('fd00::10', table)).toEqual(['[fd00::10]']);
    expect(lanAddresses('mirror.lan', table)).toEqual(['mirror.lan']);
    for (const loopback of ['127.0.0.1', '127.0.1.1', '::1', '[::1]', 'localhost']) {
      expect(lanAddresses(loopback, table)).toEqual([]);
    }
  });
});
