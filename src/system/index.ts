/** Public surface of the system room: disk and network readings of the machine. */
export { getDiskStats } from './disk-stats.js';
export { lanAddresses } from './lan-addresses.js';
export { createMachineMemoryReader, type MachineMemoryReading } from './machine-memory.js';
export { createNetworkMonitor, type NetworkMonitor } from './network-stats.js';
