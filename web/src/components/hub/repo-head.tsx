/** The head of a repo's page and of a folder's (model-page.tsx, folder-page.tsx): the way back to Models, the title, what follows it. */
import type { ReactNode } from 'react';
import { Link } from '../../router.js';

export function RepoHead({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="page__header repo-head">
      <p className="small">
        <Link to="/models">← Models</Link>
      </p>
      <h1 className="repo-head__title">{title}</h1>
      {children}
    </header>
  );
}
