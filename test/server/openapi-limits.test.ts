/**
 * Every numeric and length limit that /api/openapi.json advertises for a download request and for the
 * settings is the one the service enforces: each boundary (min, max, min-1, max+1) is sent over HTTP
 * (schema + service) and straight to the jobs service (service alone); inside the limits both accept,
 * outside both refuse. A limit added to a schema without a value generator below fails the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewJobRequest } from '../../src/api-types.js';
import { isHubgetError } from '../../src/errors.js';
import { type Harness, startHarness } from './server-harness.js';

interface PropertySchema {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  items?: PropertySchema;
}

interface Boundary {
  field: string;
  label: string;
  value: unknown;
  inside: boolean;
}

const LIMIT_KEYS = ['minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems'] as const;

/** A value of `field` that satisfies its pattern, of the given size (string length or item count). */
const SIZED: Record<string, (size: number) => unknown> = {
  repoId: (n) => {
    if (n <= 97) return 'r'.repeat(n);
    const prefix = 'datasets/';
    const rest = n - prefix.length - 1;
    return `${prefix}${'o'.repeat(rest - Math.ceil(rest / 2))}/${'n'.repeat(Math.ceil(rest / 2))}`;
  },
  revision: (n) => 'v'.repeat(n),
  include: (n) => Array.from({ length: n }, (_, i) => `*.p${i}`),
  exclude: (n) => Array.from({ length: n }, (_, i) => `*.q${i}`),
  'include[]': (n) => ['i'.repeat(n)],
  'exclude[]': (n) => ['e'.repeat(n)],
  localDir: (n) => 'd'.repeat(n),
  name: (n) => 'n'.repeat(n),
  endpoint: (n) => `http://127.0.0.1:1/${'p'.repeat(Math.max(0, n - 19))}`,
  hfToken: (n) => 't'.repeat(n),
  progressDir: (n) => (n === 0 ? '' : `/${'p'.repeat(n - 1)}`),
};

function boundaries(properties: Record<string, PropertySchema>): Boundary[] {
  const found: Boundary[] = [];
  const add = (field: string, schema: PropertySchema) => {
    for (const key of LIMIT_KEYS) {
      const limit = schema[key];
      if (limit === undefined) continue;
      const isMin = key.startsWith('min');
      const make = key === 'minimum' || key === 'maximum' ? (v: number) => v : SIZED[field];
      expect(make, `no value generator for ${field} (${key})`).toBeDefined();
      for (const [value, inside] of [
        [limit, true],
        [isMin ? limit - 1 : limit + 1, false],
      ] as const) {
        if (value < 0) continue;
        found.push({ field, label: `${key} ${limit}: ${value}`, value: make!(value), inside });
      }
    }
  };
  for (const [field, schema] of Object.entries(properties)) {
    add(field, schema);
    if (schema.items) add(`${field}[]`, schema.items);
  }
  return found;
}

/** `include[]` boundaries are sent as the `include` list. */
function bodyOf(base: Record<string, unknown>, boundary: Boundary): Record<string, unknown> {
  return { ...base, [boundary.field.replace('[]', '')]: boundary.value };
}

let h: Harness;
let openapi: {
  paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: unknown }> } }>>;
};

beforeAll(async () => {
  h = await startHarness();
  openapi = (await h.api<typeof openapi>('GET', '/api/openapi.json')).body;
});
afterAll(() => h.cleanup());

function bodySchema(path: string, method: string): Record<string, PropertySchema> {
  const schema = openapi.paths[path]?.[method]?.requestBody.content['application/json']?.schema as {
    properties: Record<string, PropertySchema>;
  };
  return schema.properties;
}

async function serviceVerdict(call: () => unknown): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    expect(isHubgetError(error), String(error)).toBe(true);
    return false;
  }
}

describe('the limits in /api/openapi.json are the limits the service enforces', () => {
  it('download requests (POST /api/downloads)', async () => {
    const cases = boundaries(bodySchema('/api/downloads', 'post'));
    expect(cases.map((c) => c.field)).toEqual(
      expect.arrayContaining([
        'repoId',
        'revision',
        'include',
        'include[]',
        'localDir',
        'name',
        'bandwidthLimit',
      ]),
    );
    for (const [index, boundary] of cases.entries()) {
      // A repo the test hub does not have: inside the limits the request passes validation and the Hub is
      // asked, which answers 404 REPO_NOT_FOUND (that is the verdict); the service alone creates the job.
      const base = { repoId: `limits/case-${index}` };
      const body = bodyOf(base, boundary);
      const http = await h.api<{ code?: string }>('POST', '/api/downloads', body);
      expect(http.status, `${boundary.field} ${boundary.label} over HTTP: ${http.text}`).toBe(
        boundary.inside ? 404 : 400,
      );
      if (boundary.inside) expect(http.body.code).toBe('REPO_NOT_FOUND');
      const direct = await serviceVerdict(() =>
        h.server.jobs.create(
          bodyOf({ repoId: `limits/direct-${index}` }, boundary) as unknown as NewJobRequest,
        ),
      );
      expect(direct, `${boundary.field} ${boundary.label} in the service`).toBe(boundary.inside);
    }
  });

  it('settings (PUT /api/settings)', async () => {
    const cases = boundaries(bodySchema('/api/settings', 'put'));
    expect(cases.map((c) => c.field)).toEqual(
      expect.arrayContaining([
        'maxParallel',
        'stallTimeoutMs',
        'bandwidthLimit',
        'endpoint',
        'hfToken',
        'progressDir',
      ]),
    );
    const before = h.server.jobs.getSettings();
    for (const boundary of cases) {
      const body = bodyOf({}, boundary);
      const http = await h.api('PUT', '/api/settings', body);
      expect(http.status, `${boundary.field} ${boundary.label} over HTTP: ${http.text}`).toBe(
        boundary.inside ? 200 : 400,
      );
      const direct = await serviceVerdict(() => h.server.jobs.updateSettings(body));
      expect(direct, `${boundary.field} ${boundary.label} in the service`).toBe(boundary.inside);
    }
    h.server.jobs.updateSettings({ ...before, hfToken: null } as never);
  });
});
