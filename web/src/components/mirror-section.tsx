/**
 * Settings → Mirror: what LAN clients set (the `/hf` URL and an `hf download` command line to copy, the URL
 * chosen by format/mirror-url.ts; a loopback-bound mirror is said not to be reachable from the LAN), the
 * mirror's counters (bytes served, bytes fetched upstream, the share of the bytes served that came from the
 * cache: "—" before any) and the clients pulling right now, one row per client and file (a segmented client's
 * range requests summed). Polls GET /api/mirror every 2 s while shown; says how to turn mirror mode on when it is off.
 */
import { useEffect, useState } from 'react';
import type { MirrorStatusView } from '../../../src/api-types.js';
import { messageOf } from '../api/errors.js';
import { chooseMirrorUrl } from '../format/mirror-url.js';
import { printableLine } from '../format/printable.js';
import { formatBytes, formatPercent } from '../format/units.js';
import { useLive } from '../state/live-store.js';

const POLL_MS = 2000;

/** The API's hitRatio (bytes from the cache / bytes served, null before any byte) as shown. */
function formatHitRatio(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : formatPercent(ratio * 100);
}

function CopyField({ label, value }: { label: string; value: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div className="field field--wide">
      <span className="field__label">{label}</span>
      <div className="copy-field">
        <code className="copy-field__value">{value}</code>
        <button type="button" className="button button--small" onClick={copy}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

export function MirrorSection() {
  const { api } = useLive();
  const [status, setStatus] = useState<MirrorStatusView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      api.mirror().then(
        (next) => {
          if (alive) {
            setStatus(next);
            setError(null);
          }
        },
        (failure: unknown) => alive && setError(messageOf(failure)),
      );
    void load();
    const timer = setInterval(load, POLL_MS);
    return () => {
      alive = false;
      clearInterval(timer);
    };
  }, [api]);

  const choice = status?.enabled ? chooseMirrorUrl(window.location.origin, status) : undefined;
  return (
    <section className="card" aria-labelledby="mirror-title">
      <h2 id="mirror-title" className="card__title">
        Mirror
      </h2>
      {error ? <p className="form-error">{error}</p> : null}
      {status === null ? <p className="muted">Loading…</p> : null}
      {status && !status.enabled ? (
        <p className="muted">
          Mirror mode is off. Start the server with <code>hubget serve --mirror</code> to serve this cache to
          other machines as a Hugging Face endpoint (pull-through, offline-capable).
        </p>
      ) : null}
      {status?.enabled ? (
        <>
          <p className="muted">
            Upstream {status.upstream}
            {status.offline
              ? ' — offline mode: cache only'
              : status.upstreamReachable
                ? ''
                : ' — unreachable, serving the cache'}
          </p>
          {choice && !choice.lanReachable ? (
            <p className="mirror-note">
              Bound to a loopback address: other machines cannot reach this mirror (the URL below works on
              this machine only). Start it with <code>--host 0.0.0.0</code> (binding a LAN address needs an
              API token, <code>HUBGET_API_TOKEN</code>).
            </p>
          ) : null}
          {choice ? (
            <div className="form-grid">
              <CopyField label="Mirror URL (HF_ENDPOINT)" value={choice.url} />
              {choice.others.length > 0 ? (
                <div className="field field--wide">
                  <span className="field__label">Also reachable at</span>
                  <ul className="mirror-urls">
                    {choice.others.map((other) => (
                      <li key={other}>
                        <code>{other}</code>
                      </li>
                    ))}
                  </ul>
                </div>
              ) : null}
              <CopyField
                label="Client command line"
                value={`HF_ENDPOINT=${choice.url} hf download <org/name>`}
              />
            </div>
          ) : null}
          <dl className="stats-grid">
            <div>
              <dt>Bytes served</dt>
              <dd className="num">{formatBytes(status.bytesServed ?? 0)}</dd>
            </div>
            <div>
              <dt>Fetched upstream</dt>
              <dd className="num">{formatBytes(status.bytesUpstream ?? 0)}</dd>
            </div>
            <div>
              <dt>Served from cache (by bytes)</dt>
              <dd className="num">{formatHitRatio(status.hitRatio)}</dd>
            </div>
            <div>
              <dt>Requests (hit / miss / partial / unavailable)</dt>
              <dd className="num">
                {status.requests
                  ? `${status.requests.hit} / ${status.requests.miss} / ${status.requests.partial} / ${status.requests.unavailable}`
                  : '—'}
              </dd>
            </div>
          </dl>
          <h3 className="card__subtitle">Clients pulling now</h3>
          {status.clients && status.clients.length > 0 ? (
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th>Client</th>
                    <th>File</th>
                    <th className="num">Requests</th>
                    <th className="num">Sent</th>
                  </tr>
                </thead>
                <tbody>
                  {status.clients.map((pull) => (
                    <tr key={`${pull.client}\n${pull.agent}\n${pull.repoId}\n${pull.path}`}>
                      <td>
                        {pull.client}
                        {pull.agent ? (
                          <span className="muted small"> {printableLine(pull.agent)}</span>
                        ) : null}
                      </td>
                      <td>
                        {pull.repoId}/{printableLine(pull.path)}
                      </td>
                      <td className="num">{pull.requests}</td>
                      <td className="num">{formatBytes(pull.bytesSent)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">No client is pulling right now.</p>
          )}
        </>
      ) : null}
    </section>
  );
}
