/**
 * Settings → Hugging Face token. Write-only: it can be set, replaced or cleared, and the page only learns
 * whether one is set and where it comes from (`hfTokenSource`) and whom the Hub says it belongs to (POST
 * /api/hub/whoami, never the token). Only a token saved here can be cleared here: the server's own (an
 * environment variable or the token file where it was started) is named, with how to change it there. A new token is checked with the Hub before it is saved: one the Hub rejects is NOT saved (with
 * it every Hub request would fail, public repos and search included) and the token set before stays; one
 * that cannot be checked (Hub unreachable, offline mode) is saved with a note saying so. The stored token
 * is checked whenever the section shows, so a token revoked since says so too.
 */
import { useEffect, useState } from 'react';
import type { HfTokenSource, HubAccountView } from '../../../src/api-types.js';
import { messageOf, UiError } from '../api/errors.js';
import { useLive } from '../state/live-store.js';
import { Field } from './field.js';

/** What the Hub said of a token: whose it is, that it rejects it, or why it could not be asked. */
export type TokenCheck =
  | { kind: 'account'; account: HubAccountView }
  | { kind: 'rejected' }
  | { kind: 'unchecked'; reason: string };

/** `alice (Alice Smith), read token "laptop"`: the account and what the Hub says of the token. */
function accountLabel(account: HubAccountView): string {
  const who =
    account.fullname && account.fullname !== account.name
      ? `${account.name} (${account.fullname})`
      : account.name;
  const role = account.tokenRole ? `${account.tokenRole} token` : 'token';
  return account.tokenName ? `${who}, ${role} “${account.tokenName}”` : who;
}

/** Asks the server who a token (or, without one, the stored token) belongs to; never throws. */
async function checkToken(ask: () => Promise<HubAccountView>): Promise<TokenCheck> {
  try {
    return { kind: 'account', account: await ask() };
  } catch (error) {
    if (error instanceof UiError && error.code === 'UNAUTHORIZED') return { kind: 'rejected' };
    return { kind: 'unchecked', reason: messageOf(error) };
  }
}

/** The server's own token: where it was started, in words (`the environment variable HF_TOKEN`). */
type ServerTokenSource = Exclude<HfTokenSource, { kind: 'settings' }>;

function serverTokenPlace(source: ServerTokenSource): string {
  return source.kind === 'env'
    ? `the environment variable ${source.variable}`
    : `the Hugging Face token file ${source.path}`;
}

/** How to change or remove the server's own token: where it was started, then a restart (it is read once). */
function serverTokenChange(source: ServerTokenSource): string {
  const change =
    source.kind === 'env'
      ? `change or unset ${source.variable} where the server is started`
      : 'replace or delete that file on the server (hf auth login / hf auth logout)';
  return `It cannot be cleared here: ${change}, then restart the server. A token saved here is used instead of it.`;
}

/** What the section says of the token in effect: none, one saved here, or the server's own and how to change it. */
function TokenSourceState({ source }: { source: HfTokenSource | null }) {
  if (source === null) {
    return <p className="token-state">No token is set. Gated and private repositories need one.</p>;
  }
  if (source.kind === 'settings') return <p className="token-state token-state--set">A token is set.</p>;
  return (
    <>
      <p className="token-state token-state--set">
        The server uses the token from {serverTokenPlace(source)}.
      </p>
      <p className="muted small">{serverTokenChange(source)}</p>
    </>
  );
}

function StoredTokenState({ check, saved }: { check: TokenCheck | null; saved: boolean }) {
  if (check === null) return <p className="muted small">Checking it with the Hub…</p>;
  if (check.kind === 'account') return <p className="small">It belongs to {accountLabel(check.account)}.</p>;
  if (check.kind === 'rejected') {
    return (
      <p className="form-error" role="alert">
        The Hub rejects this token: searches, repo pages and downloads fail until you{' '}
        {saved ? 'replace or clear it' : 'save another one here or change it as said above'}.
      </p>
    );
  }
  return <p className="muted small">It could not be checked with the Hub: {check.reason}</p>;
}

export function TokenSettings({ source }: { source: HfTokenSource | null }) {
  const tokenSet = source !== null;
  /** Only a token saved through these settings can be cleared or replaced from here. */
  const saved = source?.kind === 'settings';
  const { api, dispatch, attempt } = useLive();
  const [token, setToken] = useState('');
  const [result, setResult] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  /** The stored token's check; null while it runs (or no token is set). */
  const [stored, setStored] = useState<TokenCheck | null>(null);

  // Check the stored token when the section shows and whenever one gets set (here or in another tab).
  useEffect(() => {
    if (!tokenSet) {
      setStored(null);
      return;
    }
    let current = true;
    void checkToken(() => api.whoami()).then((check) => {
      if (current) setStored((known) => known ?? check);
    });
    return () => {
      current = false;
    };
  }, [api, tokenSet]);

  const save = async (candidate: string) => {
    setBusy(true);
    setResult(null);
    const check = await checkToken(() => api.whoami(candidate));
    if (check.kind === 'rejected') {
      // The token leaves the page's memory as soon as it is sent.
      setToken('');
      setBusy(false);
      setResult({
        kind: 'error',
        text: `The Hub rejected this token, so it was not saved${tokenSet ? ' (the token set before stays)' : ''}. Check that you copied all of it, or create a new one in your Hugging Face settings.`,
      });
      return;
    }
    const next = await attempt('Could not save the token', () => api.updateSettings({ hfToken: candidate }));
    setToken('');
    setBusy(false);
    if (!next) return;
    dispatch({ type: 'settings', settings: next });
    setStored(check);
    setResult({
      kind: 'ok',
      text:
        check.kind === 'account'
          ? `Token saved. It belongs to ${accountLabel(check.account)}.`
          : 'Token saved, but it could not be checked with the Hub.',
    });
  };

  const clear = async () => {
    setBusy(true);
    const next = await attempt('Could not clear the token', () => api.updateSettings({ hfToken: null }));
    setBusy(false);
    setToken('');
    if (!next) return;
    dispatch({ type: 'settings', settings: next });
    setStored(null);
    const remaining = next.hfTokenSource;
    if (remaining === null || remaining.kind === 'settings') {
      setResult({ kind: 'ok', text: 'Token cleared.' });
      return;
    }
    // The server has a token of its own, which it uses once the saved one is gone: say so, and whose it is.
    setResult({
      kind: 'ok',
      text: `The token saved here is cleared. The server now uses its own, from ${serverTokenPlace(remaining)}.`,
    });
    setStored(await checkToken(() => api.whoami()));
  };

  return (
    <form
      className="card"
      aria-labelledby="token-title"
      onSubmit={(event) => {
        event.preventDefault();
        if (token.trim()) void save(token.trim());
      }}
    >
      <h2 id="token-title" className="card__title">
        Hugging Face token
      </h2>
      <TokenSourceState source={source} />
      {tokenSet ? <StoredTokenState check={stored} saved={saved} /> : null}
      <div className="form-grid">
        <Field
          label={saved ? 'Replace token' : tokenSet ? 'Token to use instead' : 'Token'}
          wide
          hint={<>Checked with the Hub before it is saved; stored by the server, never shown again.</>}
        >
          {(props) => (
            <input
              {...props}
              type="password"
              value={token}
              autoComplete="off"
              spellCheck={false}
              placeholder="hf_…"
              onChange={(event) => {
                setToken(event.target.value);
                setResult(null);
              }}
            />
          )}
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={busy || !token.trim()}>
          {busy && token ? 'Checking…' : saved ? 'Replace token' : 'Save token'}
        </button>
        {saved ? (
          <button
            type="button"
            className="button button--danger-quiet"
            disabled={busy}
            onClick={() => void clear()}
          >
            Clear token
          </button>
        ) : null}
      </div>
      <p
        className={result?.kind === 'error' ? 'form-error' : 'form-ok'}
        role={result?.kind === 'error' ? 'alert' : 'status'}
      >
        {result?.text ?? ''}
      </p>
    </form>
  );
}
