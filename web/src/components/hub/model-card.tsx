/**
 * A model card: the README's YAML front matter (parsed by `yaml`) shown as facts, the rest rendered as
 * Markdown (react-markdown + remark-gfm) and sanitised (rehype-sanitize: no script, no event handlers, no
 * javascript: URLs; raw HTML is never turned into elements). Malformed front matter just shows no facts.
 */
import Markdown from 'react-markdown';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import { parse } from 'yaml';

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
  } catch {
    return { facts: [], body };
  }
  if (typeof meta !== 'object' || meta === null) return { facts: [], body };
  const record = meta as Record<string, unknown>;
  const facts = FACTS.flatMap(({ key, label }) => {
    const value = factText(record[key]);
    return value ? [{ label, value }] : [];
  });
  return { facts, body };
}

export function ModelCard({ text, truncated }: { text: string; truncated: boolean }) {
  const { facts, body } = splitModelCard(text);
  return (
    <div>
      {facts.length > 0 ? (
        <dl className="repo-facts" aria-label="Model card facts">
          {facts.map((fact) => (
            <div key={fact.label} style={{ display: 'contents' }}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      <article className="model-card">
        <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]}>
          {body}
        </Markdown>
      </article>
      {truncated ? <p className="muted small">The model card is long; only its beginning is shown.</p> : null}
    </div>
  );
}
