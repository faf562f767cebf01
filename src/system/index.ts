/** Public surface of the system room: disk and network readings of the machine. */
export { getDiskStats } from './disk-stats.js';
export { createMachineMemoryReader, type MachineMemoryReading } from './machine-memory.js';
export { createNetworkMonitor, type NetworkMonitor, type NetworkMonitorOptions } from './network-stats.js';
