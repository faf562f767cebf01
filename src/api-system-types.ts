/**
 * The HTTP API's shapes of this computer's state (GET /api/system/network, its history and its `network`
 * events, GET /api/system/disk): plain types, re-exported by src/api-types.ts.
 */

export interface InterfaceStats {
  name: string;
  rxBytesPerSecond: number;
  txBytesPerSecond: number;
  rxBytes: number;
  txBytes: number;
}

export interface NetworkStats {
  supported: boolean;
  /** Why not, when unsupported. */
  reason?: string;
  t: number;
  rxBytesPerSecond: number;
  txBytesPerSecond: number;
  interfaces: InterfaceStats[];
  /** hubget's own counted download speed (bytes/s), for comparison with the interfaces. */
  hubgetBytesPerSecond: number;
}

export interface NetworkHistory {
  samples: { t: number; rxBytesPerSecond: number; txBytesPerSecond: number; hubgetBytesPerSecond: number }[];
}

export interface DiskStats {
  path: string;
  freeBytes: number;
  totalBytes: number;
}

/** GET /api/system/disk: one entry per distinct location hubget writes to. */
export interface DiskLocationStats extends DiskStats {
  /** Which location: the models dir, the HF hub cache, hubget's data dir. */
  role: 'models' | 'cache' | 'data';
}

export interface DiskResponse {
  disks: DiskLocationStats[];
}
