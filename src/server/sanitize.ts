/**
 * Copies of service objects with exactly the public fields, for places that bypass the response
 * serializer (SSE). A secret that a service puts on an object by mistake never leaves the server.
 */
import type { HfTokenSource, ServerEvent, Settings } from '../api-types.js';
import { scrubSecrets } from './scrub-secrets.js';

function publicTokenSource(source: HfTokenSource | null): HfTokenSource | null {
  switch (source?.kind) {
    case 'settings':
      return { kind: 'settings' };
    case 'env':
      return { kind: 'env', variable: source.variable };
    case 'file':
      return { kind: 'file', path: source.path };
    default:
      return null;
  }
}

export function publicSettings(settings: Settings): Settings {
  return {
    maxParallel: settings.maxParallel,
    bandwidthLimit: settings.bandwidthLimit,
    endpoint: settings.endpoint,
    hfTokenSet: settings.hfTokenSet,
    hfTokenSource: publicTokenSource(settings.hfTokenSource),
    stallTimeoutMs: settings.stallTimeoutMs,
    progressDir: settings.progressDir,
    defaultDestination: settings.defaultDestination,
  };
}

export function publicEvent(event: ServerEvent): ServerEvent {
  switch (event.type) {
    case 'settings':
      return { type: 'settings', settings: publicSettings(event.settings) };
    case 'notification':
      return { ...event, title: scrubSecrets(event.title), message: scrubSecrets(event.message) };
    case 'job':
      return event.job.error
        ? {
            type: 'job',
            job: {
              ...event.job,
              error: { ...event.job.error, message: scrubSecrets(event.job.error.message) },
            },
          }
        : event;
    case 'verification': {
      const { error } = event.verification;
      return error
        ? {
            type: 'verification',
            verification: {
              ...event.verification,
              error: { ...error, message: scrubSecrets(error.message) },
            },
          }
        : event;
    }
    default:
      return event;
  }
}
