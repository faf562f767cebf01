/**
 * Network: the machine's receive / send throughput over the last ten minutes (seeded from
 * GET /api/system/network/history, then live), hubget's own counted bytes/s drawn beside it, and a
 * per-interface table.
 */
import { useEffect } from 'react';
import { sanitizeMessage } from '../api/errors.js';
import { TimeChart } from '../charts/time-chart.js';
import { ScrollTable } from '../components/scroll-table.js';
import { speedLevel } from '../format/speed-level.js';
import { formatBytes, formatSpeed } from '../format/units.js';
import { NETWORK_WINDOW_MS, serverUnreachable } from '../state/app-reducer.js';
import { useLive } from '../state/live-store.js';

export function NetworkPage() {
  const { state, api, dispatch } = useLive();
  const stats = state.network;
  // While the server answers nothing the last rates are not live: shown as "—", not as current figures.
  const live = !serverUnreachable(state);
  const samples = state.networkSamples;

  useEffect(() => {
    let cancelled = false;
    api.networkHistory().then(
      (history) => {
        if (!cancelled && history && Array.isArray(history.samples))
          dispatch({ type: 'network-history', history });
      },
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, dispatch]);

  return (
    <div className="page">
      <header className="page__header">
        <h1>Network</h1>
        <p className="muted">
          Machine throughput (all interfaces except loopback) next to the bytes hubget itself counts.
        </p>
      </header>
      {stats && !stats.supported ? (
        <section className="card">
          <p className="callout callout--warning" role="status">
            Network statistics are unsupported on this system
            {stats.reason ? `: ${sanitizeMessage(stats.reason)}` : '.'} hubget's own download speed is still
            shown in the download panel.
          </p>
        </section>
      ) : null}
      {stats === null ? <p className="muted">Waiting for the first reading…</p> : null}
      {stats?.supported ? (
        <>
          <section className="card" aria-label="Current throughput">
            <dl className="stats-grid stats-grid--big">
              <div>
                <dt>Receiving</dt>
                <RateCell as="dd" bytesPerSecond={stats.rxBytesPerSecond} arrow="↓" live={live} />
              </div>
              <div>
                <dt>Sending</dt>
                <RateCell as="dd" bytesPerSecond={stats.txBytesPerSecond} arrow="↑" live={live} />
              </div>
              <div>
                <dt>hubget downloads</dt>
                <RateCell as="dd" bytesPerSecond={stats.hubgetBytesPerSecond} arrow="↓" live={live} />
              </div>
            </dl>
          </section>
          <section className="card" aria-labelledby="net-chart-title">
            <h2 id="net-chart-title" className="card__title">
              Last 10 minutes
            </h2>
            <TimeChart
              label="Network throughput over the last 10 minutes"
              windowSeconds={NETWORK_WINDOW_MS / 1000}
              times={samples.map((sample) => sample.t / 1000)}
              series={[
                {
                  label: 'Received',
                  color: 'var(--chart-rx)',
                  fill: true,
                  values: samples.map((s) => s.rxBytesPerSecond),
                },
                { label: 'Sent', color: 'var(--chart-tx)', values: samples.map((s) => s.txBytesPerSecond) },
                {
                  label: 'hubget',
                  color: 'var(--chart-hubget)',
                  dash: [6, 4],
                  values: samples.map((s) => s.hubgetBytesPerSecond),
                },
              ]}
            />
          </section>
          <section className="card" aria-labelledby="ifaces-title">
            <h2 id="ifaces-title" className="card__title">
              Interfaces
            </h2>
            <ScrollTable label="Network interfaces">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Interface</th>
                    <th scope="col" className="num">
                      ↓ Receive
                    </th>
                    <th scope="col" className="num">
                      ↑ Send
                    </th>
                    <th scope="col" className="num">
                      Received total
                    </th>
                    <th scope="col" className="num">
                      Sent total
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {stats.interfaces.map((iface) => (
                    <tr key={iface.name}>
                      <th scope="row" className="mono">
                        {iface.name}
                        {iface.name === 'lo' ? (
                          <span className="muted small table__note"> (loopback, not in totals)</span>
                        ) : null}
                      </th>
                      <RateCell as="td" bytesPerSecond={iface.rxBytesPerSecond} live={live} />
                      <RateCell as="td" bytesPerSecond={iface.txBytesPerSecond} live={live} />
                      <td className="num">{formatBytes(iface.rxBytes)}</td>
                      <td className="num">{formatBytes(iface.txBytes)}</td>
                    </tr>
                  ))}
                  {stats.interfaces.length === 0 ? (
                    <tr>
                      <td colSpan={5} className="muted">
                        No interfaces other than loopback.
                      </td>
                    </tr>
                  ) : null}
                </tbody>
              </table>
            </ScrollTable>
          </section>
        </>
      ) : null}
    </div>
  );
}

/** A rate in a table or list cell, colour-coded by speed; "—" when it is not live. */
function RateCell({
  as: Tag,
  bytesPerSecond,
  arrow,
  live,
}: {
  as: 'dd' | 'td';
  bytesPerSecond: number;
  arrow?: string;
  live: boolean;
}) {
  if (!live) return <Tag className="num speed--idle">—</Tag>;
  return (
    <Tag className={`num speed--${speedLevel(bytesPerSecond)}`}>
      {arrow ? `${arrow} ` : ''}
      {formatSpeed(bytesPerSecond)}
    </Tag>
  );
}
