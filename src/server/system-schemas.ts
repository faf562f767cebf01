/**
 * JSON schemas of the system routes' output (/api/system/network, /network/history, /disk, /disk/folder, /status;
 * src/server/routes/system.ts), as response-schemas.ts has every other route's: they strip unknown fields and feed
 * /api/openapi.json. Keep them in step with api-types.ts and api-server-status.ts.
 */
import { nullableString } from './response-schemas.js';

const interfaceStatsSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    rxBytesPerSecond: { type: 'number' },
    txBytesPerSecond: { type: 'number' },
    rxBytes: { type: 'number' },
    txBytes: { type: 'number' },
  },
} as const;

export const networkStatsSchema = {
  type: 'object',
  properties: {
    supported: { type: 'boolean' },
    reason: { type: 'string' },
    t: { type: 'number' },
    rxBytesPerSecond: { type: 'number' },
    txBytesPerSecond: { type: 'number' },
    interfaces: { type: 'array', items: interfaceStatsSchema },
    hubgetBytesPerSecond: { type: 'number' },
  },
} as const;

export const networkHistorySchema = {
  type: 'object',
  properties: {
    samples: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          t: { type: 'number' },
          rxBytesPerSecond: { type: 'number' },
          txBytesPerSecond: { type: 'number' },
          hubgetBytesPerSecond: { type: 'number' },
        },
      },
    },
  },
} as const;

const diskStatsProperties = {
  path: { type: 'string' },
  freeBytes: { type: 'number' },
  totalBytes: { type: 'number' },
} as const;

/** GET /api/system/disk/folder: the disk a folder under the models dir is on (DiskStats). */
export const diskStatsSchema = { type: 'object', properties: diskStatsProperties } as const;

export const diskResponseSchema = {
  type: 'object',
  properties: {
    disks: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          role: { type: 'string', enum: ['models', 'cache', 'data'] },
          ...diskStatsProperties,
        },
      },
    },
  },
} as const;

/** GET /api/system/status (src/api-server-status.ts). */
export const serverStatusSchema = {
  type: 'object',
  properties: {
    startedAt: { type: 'string' },
    uncleanStop: {
      anyOf: [
        { type: 'null' },
        {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: ['crash', 'unclean-shutdown'] },
            lastAliveAt: { type: 'string' },
            shutdownStartedAt: nullableString,
            previousStartedAt: nullableString,
            interruptedJobs: { type: 'number' },
            jobIds: { type: 'array', items: { type: 'string' } },
          },
        },
      ],
    },
  },
} as const;
