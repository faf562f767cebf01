/**
 * Settings (PUT /api/settings). The Hugging Face token is write-only: it can be set, replaced or cleared,
 * and the page only ever learns whether one is set, where it comes from (`hfTokenSource`) and whose it is
 * (token-settings.tsx).
 */
import { type FormEvent, useId, useState } from 'react';
import type { Settings, SettingsUpdate } from '../../../src/api-types.js';
import { normaliseEndpoint } from '../../../src/hub/endpoint.js';
import {
  MAX_STALL_TIMEOUT_SECONDS,
  MIN_STALL_TIMEOUT_SECONDS,
  STALL_TIMEOUT_RANGE,
  stallTimeoutMsOfSeconds,
} from '../../../src/stall-timeout.js';

import { readApiToken, storeApiToken } from '../api/api-token.js';
import { messageOf, UiError } from '../api/errors.js';
import { FIELD_LABELS, type FormField } from '../api/field-labels.js';
import { Field } from '../components/field.js';
import { LiveLimits } from '../components/live-limits.js';
import { MirrorSection } from '../components/mirror-section.js';
import { NotificationToggle } from '../components/notification-toggle.js';
import { TokenSettings } from '../components/token-settings.js';
import { serverUnreachable } from '../state/app-reducer.js';
import { useLive } from '../state/live-store.js';

/** The fields saved together by Save settings; the limits apply at once (LiveLimits), as on the Downloads page. */
interface Draft {
  endpoint: string;
  stallTimeoutSeconds: string;
  progressDir: string;
  defaultDestination: 'cache' | 'local';
}

function draftOf(settings: Settings): Draft {
  return {
    endpoint: settings.endpoint,
    stallTimeoutSeconds: String(Math.round(settings.stallTimeoutMs / 1000)),
    progressDir: settings.progressDir,
    defaultDestination: settings.defaultDestination,
  };
}

/** A field of the form refused before anything is sent, and why. */
export interface DraftRefusal {
  field: FormField;
  message: string;
}

/** The changed fields of a draft, or the refusal of a field that is invalid. Pure, for tests. */
export function settingsUpdateOf(draft: Draft, current: Settings): SettingsUpdate | DraftRefusal {
  const update: SettingsUpdate = {};
  // The server's own endpoint rule (src/hub/endpoint.ts), so the form refuses what the server would.
  let endpoint: string;
  try {
    endpoint = normaliseEndpoint(draft.endpoint);
  } catch (error) {
    return { field: 'endpoint', message: (error as Error).message };
  }
  if (endpoint !== current.endpoint) update.endpoint = endpoint;
  // The setting's one rule (src/stall-timeout.ts): whole seconds, as the field's step says.
  const text = draft.stallTimeoutSeconds.trim();
  const stallTimeoutMs = text === '' ? null : stallTimeoutMsOfSeconds(Number(text));
  if (stallTimeoutMs === null)
    return { field: 'stallTimeoutMs', message: `The stall timeout must be ${STALL_TIMEOUT_RANGE}.` };
  if (stallTimeoutMs !== current.stallTimeoutMs) update.stallTimeoutMs = stallTimeoutMs;
  if (draft.progressDir.trim() !== current.progressDir) update.progressDir = draft.progressDir.trim();
  if (draft.defaultDestination !== current.defaultDestination)
    update.defaultDestination = draft.defaultDestination;
  return update;
}

export function SettingsPage() {
  const { state } = useLive();
  const settings = state.settings;
  return (
    <div className="page">
      <header className="page__header">
        <h1>Settings</h1>
      </header>
      {settings ? (
        <>
          <GeneralSettings settings={settings} />
          <TokenSettings source={settings.hfTokenSource} />
        </>
      ) : (
        <p className="muted">Loading settings…</p>
      )}
      <ServerAccess />
      <MirrorSection />
      <section className="card" aria-labelledby="notify-title">
        <h2 id="notify-title" className="card__title">
          Notifications
        </h2>
        <p className="muted">Get a desktop notification when a download completes or fails.</p>
        <NotificationToggle />
      </section>
    </div>
  );
}

function GeneralSettings({ settings }: { settings: Settings }) {
  const { api, dispatch, state } = useLive();
  // The user's edits, or null while the form shows the server's settings as they are. Derived rather than copied
  // by an effect: an effect that adopted pushed settings "unless editing" could run after the first keystroke it
  // had not seen yet (a render's effects run later, on a loaded machine after an event) and undo it.
  const [edits, setEdits] = useState<Draft | null>(null);
  const draft = edits ?? draftOf(settings);
  const dirty = edits !== null;
  /** What Save said; an error about one field (`field`: the form's check or the server's answer) marks that field. */
  const [message, setMessage] = useState<{
    kind: 'ok' | 'error';
    text: string;
    field?: FormField | null;
  } | null>(null);
  const [saving, setSaving] = useState(false);
  const messageId = useId();
  const invalidBy = (field: FormField) =>
    message?.kind === 'error' && message.field === field ? messageId : undefined;

  const edit = (patch: Partial<Draft>) => {
    setEdits((current) => ({ ...(current ?? draftOf(settings)), ...patch }));
    setMessage(null);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const update = settingsUpdateOf(draft, settings);
    if ('field' in update) {
      setMessage({ kind: 'error', text: update.message, field: update.field });
      return;
    }
    if (Object.keys(update).length === 0) {
      setEdits(null);
      setMessage({ kind: 'ok', text: 'Nothing changed.' });
      return;
    }
    setSaving(true);
    try {
      const next = await api.updateSettings(update);
      dispatch({ type: 'settings', settings: next });
      setEdits(null);
      setMessage({ kind: 'ok', text: 'Settings saved.' });
    } catch (error) {
      setMessage({
        kind: 'error',
        text: messageOf(error),
        field: error instanceof UiError ? error.field : null,
      });
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="card settings-form" onSubmit={onSubmit} aria-labelledby="general-title" noValidate>
      <h2 id="general-title" className="card__title">
        Downloads
      </h2>
      <p className="muted small">The limits apply at once, as on the Downloads page; the rest on Save.</p>
      <LiveLimits settings={settings} offline={serverUnreachable(state)} />
      <div className="form-grid">
        <Field
          label={`${FIELD_LABELS.stallTimeoutMs} (seconds)`}
          invalidBy={invalidBy('stallTimeoutMs')}
          hint="A download with no data for this long reconnects by itself."
        >
          {(props) => (
            <input
              {...props}
              type="number"
              min={MIN_STALL_TIMEOUT_SECONDS}
              max={MAX_STALL_TIMEOUT_SECONDS}
              step={1}
              value={draft.stallTimeoutSeconds}
              onChange={(event) => edit({ stallTimeoutSeconds: event.target.value })}
            />
          )}
        </Field>
        <label className="field">
          <span className="field__label">{FIELD_LABELS.defaultDestination}</span>
          <select
            value={draft.defaultDestination}
            onChange={(event) =>
              edit({ defaultDestination: event.target.value as Draft['defaultDestination'] })
            }
          >
            <option value="cache">Hugging Face cache</option>
            <option value="local">Folder under the models directory</option>
          </select>
        </label>
        <Field
          label={FIELD_LABELS.endpoint}
          wide
          invalidBy={invalidBy('endpoint')}
          hint={<>A mirror or a self-hosted Hub, like HF_ENDPOINT.</>}
        >
          {(props) => (
            <input
              {...props}
              type="url"
              value={draft.endpoint}
              spellCheck={false}
              placeholder="https://huggingface.co"
              onChange={(event) => edit({ endpoint: event.target.value })}
            />
          )}
        </Field>
        <Field
          label={FIELD_LABELS.progressDir}
          wide
          invalidBy={invalidBy('progressDir')}
          hint={<>Where hubget writes download_&lt;job&gt;.json for other programs.</>}
        >
          {(props) => (
            <input
              {...props}
              type="text"
              value={draft.progressDir}
              spellCheck={false}
              onChange={(event) => edit({ progressDir: event.target.value })}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={saving || !dirty}>
          {saving ? 'Saving…' : 'Save settings'}
        </button>
        {dirty ? (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              setEdits(null);
              setMessage(null);
            }}
          >
            Discard changes
          </button>
        ) : null}
      </div>
      {message ? (
        <p
          id={messageId}
          className={message.kind === 'error' ? 'form-error' : 'form-ok'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      ) : null}
    </form>
  );
}

/** Only for servers started with an API token (non-loopback binds); kept in this tab's session storage. */
function ServerAccess() {
  const { refreshJobs } = useLive();
  const [value, setValue] = useState('');
  const [hasToken, setHasToken] = useState(() => readApiToken() !== null);
  return (
    <form
      className="card"
      aria-labelledby="access-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (!value.trim()) return;
        storeApiToken(value.trim());
        setValue('');
        setHasToken(true);
        void refreshJobs();
      }}
    >
      <h2 id="access-title" className="card__title">
        Server access
      </h2>
      <p className="muted">
        Only needed when this hubget server was started with an API token (it listens beyond this machine).{' '}
        {hasToken ? 'This tab has a server token.' : ''}
      </p>
      <div className="form-grid">
        <label className="field field--wide">
          <span className="field__label">hubget server API token</span>
          <input
            type="password"
            value={value}
            autoComplete="off"
            onChange={(event) => setValue(event.target.value)}
          />
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="button" disabled={!value.trim()}>
          Use this token
        </button>
        {hasToken ? (
          <button
            type="button"
            className="button button--quiet"
            onClick={() => {
              storeApiToken(null);
              setHasToken(false);
            }}
          >
            Forget it
          </button>
        ) : null}
      </div>
    </form>
  );
}
