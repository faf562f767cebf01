/**
 * A model or dataset card: the README's YAML front matter (parsed by `yaml`) shown as facts, the rest
 * rendered as Markdown (react-markdown + remark-gfm) and sanitised (rehype-sanitize: no script, no event
 * handlers, no javascript: URLs; raw HTML is never turned into elements). Tables wider than the card
 * scroll sideways in it. Front matter that does not parse is said so and shown as written; a card with
 * nothing but its front matter says that, rather than showing an empty box.
 */
import Markdown, { type Components } from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { parse } from 'yaml';
import { ScrollTable } from '../scroll-table.js';

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

const FACTS: { key: string; label: string }[] = [
  { key: 'license', label: 'License' },
  { key: 'base_model', label: 'Base model' },
  { key: 'pipeline_tag', label: 'Pipeline' },
  { key: 'library_name', label: 'Library' },
  { key: 'language', label: 'Language' },
  { key: 'datasets', label: 'Datasets' },
  { key: 'tags', label: 'Tags' },
];

export interface SplitCard {
  facts: { label: string; value: string }[];
  body: string;
  /** Front matter that is not valid YAML, as written, with the parser's reason. */
  unreadable?: { text: string; reason: string };
}

function factText(value: unknown): string | null {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) {
    const parts = value.filter((part) => typeof part === 'string' || typeof part === 'number').map(String);
    return parts.length ? parts.join(', ') : null;
  }
  return null;
}

export function splitModelCard(text: string): SplitCard {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { facts: [], body: text };
  const body = text.slice(match[0].length);
  let meta: unknown;
  try {
    meta = parse(match[1] ?? '');
  } catch (error) {
    // The parser's first line ("… at line 3, column 1:"), without the code frame it introduces.
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    const reason = firstLine.replace(/[:\s]+$/, '');
    return { facts: [], body, unreadable: { text: match[1] ?? '', reason } };
  }
  if (typeof meta !== 'object' || meta === null) return { facts: [], body };
  const record = meta as Record<string, unknown>;
  const facts = FACTS.flatMap(({ key, label }) => {
    const value = factText(record[key]);
    return value ? [{ label, value }] : [];
  });
  return { facts, body };
}

/** Markdown tables in their own sideways-scrolling box; react-markdown's `node` is not a DOM attribute. */
const COMPONENTS: Components = {
  table: ({ node: _node, ...props }) => (
    <ScrollTable label="Table">
      <table {...props} />
    </ScrollTable>
  ),
};

export function ModelCard({
  text,
  truncated,
  kind = 'model',
}: {
  text: string;
  truncated: boolean;
  /** Whose card it is, for what it says of itself. */
  kind?: 'model' | 'dataset';
}) {
  const { facts, body, unreadable } = splitModelCard(text);
  const noText = body.trim() === '';
  return (
    <div>
      {facts.length > 0 ? (
        <dl className="repo-facts" aria-label={`${kind === 'dataset' ? 'Dataset' : 'Model'} card facts`}>
          {facts.map((fact) => (
            <div key={fact.label} style={{ display: 'contents' }}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {unreadable ? (
        <div className="callout callout--warning">
          <p>The card’s metadata (its YAML front matter) could not be read: {unreadable.reason}.</p>
          <details>
            <summary>Metadata as written</summary>
            <pre className="model-card__raw">{unreadable.text}</pre>
          </details>
        </div>
      ) : null}
      {noText ? (
        <p className="muted">
          The {kind} card has no text{facts.length > 0 || unreadable ? ' beyond its metadata' : ''}.
        </p>
      ) : (
        <article className="model-card">
          <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} components={COMPONENTS}>
            {body}
          </Markdown>
        </article>
      )}
      {truncated ? (
        <p className="muted small">The {kind} card is long; only its beginning is shown.</p>
      ) : null}
    </div>
  );
}
