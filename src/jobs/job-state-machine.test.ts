import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isHubgetError } from '../errors.js';
import {
  canTransition,
  JOB_STATES,
  JOB_TRANSITIONS,
  type JobAction,
  transition,
} from './job-state-machine.js';

function docTable(): Record<string, { from: string[]; to: string }> {
  const text = readFileSync(new URL('../../docs/job-states.md', import.meta.url), 'utf8');
  const rows: Record<string, { from: string[]; to: string }> = {};
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    // | action | from | to | who |
    if (cells.length < 5 || cells[1] === 'Action' || cells[1]?.startsWith('-')) continue;
    const [, action, from, to] = cells;
    rows[action!] = { from: from!.split(',').map((state) => state.trim()), to: to! };
  }
  return rows;
}

function diagramEdges(): string[] {
  const text = readFileSync(new URL('../../docs/job-states.md', import.meta.url), 'utf8');
  return [...text.matchAll(/^\s+(\w+) --> (\w+): (\w+)$/gm)].map((m) => `${m[1]}-${m[3]}->${m[2]}`).sort();
}

describe('job state machine', () => {
  it('docs/job-states.md table matches JOB_TRANSITIONS', () => {
    const fromCode = Object.fromEntries(
      Object.entries(JOB_TRANSITIONS).map(([action, rule]) => [
        action,
        { from: [...rule.from], to: rule.to },
      ]),
    );
    expect(docTable()).toEqual(fromCode);
  });

  it('the diagram draws exactly the transitions of the table', () => {
    const fromCode = Object.entries(JOB_TRANSITIONS)
      .flatMap(([action, rule]) => rule.from.map((from) => `${from}-${action}->${rule.to}`))
      .sort();
    expect(diagramEdges()).toEqual(fromCode);
  });

  it('allows exactly the listed transitions and refuses the rest with INVALID_STATE', () => {
    for (const [action, rule] of Object.entries(JOB_TRANSITIONS) as [
      JobAction,
      (typeof JOB_TRANSITIONS)[JobAction],
    ][]) {
      for (const state of JOB_STATES) {
        if (rule.from.includes(state)) {
          expect(transition(state, action)).toBe(rule.to);
          expect(canTransition(state, action)).toBe(true);
        } else {
          expect(canTransition(state, action)).toBe(false);
          let thrown: unknown;
          try {
            transition(state, action);
          } catch (error) {
            thrown = error;
          }
          expect(isHubgetError(thrown, 'INVALID_STATE')).toBe(true);
        }
      }
    }
  });

  it('a completed job is final, failed and cancelled ones only leave by retry', () => {
    const actionsFrom = (state: (typeof JOB_STATES)[number]) =>
      (Object.keys(JOB_TRANSITIONS) as JobAction[]).filter((action) => canTransition(state, action));
    expect(actionsFrom('completed')).toEqual([]);
    expect(actionsFrom('failed')).toEqual(['retry']);
    expect(actionsFrom('cancelled')).toEqual(['retry']);
  });
});
