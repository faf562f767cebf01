/**
 * React glue: one LiveFeed for the page, its messages folded by appReducer, exposed through context
 * together with the job actions (each one refreshes the list and reports failures as a toast).
 */
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useReducer,
  useRef,
} from 'react';
import type { JobView } from '../../../src/api-types.js';
import { eventsUrl } from '../api/api-token.js';
import { type Api, api as defaultApi } from '../api/client.js';
import { messageOf, UiError } from '../api/errors.js';
import { type AppAction, type AppState, appReducer, initialAppState } from './app-reducer.js';
import { deliverBrowserNotification } from './browser-notifications.js';
import { jobStatesKey } from './job-states-key.js';
import { type EventSourceLike, LiveFeed } from './live-feed.js';

export type JobCommand = 'pause' | 'resume' | 'cancel' | 'retry' | 'remove';

export interface JobCommandOptions {
  /** Pause or cancel a mirror pull even while clients read it (their downloads are cut). */
  force?: boolean;
  /** Told, instead of a toast, that mirror clients are reading the pull (pause or cancel refused, 409 IN_USE). */
  onHeld?: () => void;
}

export interface LiveContextValue {
  state: AppState;
  dispatch: (action: AppAction) => void;
  api: Api;
  /**
   * Runs a job action; resolves true on success, false after showing the error as a toast — or, for a pause or
   * cancel the server refuses because mirror clients are reading the pull (409 IN_USE), after calling
   * `options.onHeld` instead when given (the caller asks whether to stop it anyway: `options.force`).
   */
  runJobCommand: (command: JobCommand, job: JobView, options?: JobCommandOptions) => Promise<boolean>;
  /** Wraps any API call: on failure shows the message as a toast and resolves undefined. */
  attempt: <T>(title: string, call: () => Promise<T>) => Promise<T | undefined>;
  refreshJobs: () => Promise<void>;
  /**
   * Reads GET /api/models again (after a delete or a new download): the Model Manager's list and what is
   * installed (completed downloads whose files went say so). The store reads it by itself at start and
   * whenever a job appears, goes or changes state; a failure is kept in `state.modelsError`.
   */
  refreshModels: () => Promise<void>;
}

const LiveContext = createContext<LiveContextValue | null>(null);

export interface LiveProviderProps {
  children: ReactNode;
  api?: Api;
  openEvents?: () => EventSourceLike;
}

export function LiveProvider({ children, api = defaultApi, openEvents }: LiveProviderProps) {
  const [state, dispatch] = useReducer(appReducer, initialAppState);
  const feedRef = useRef<LiveFeed | null>(null);

  useEffect(() => {
    const feed = new LiveFeed(
      {
        openEvents: openEvents ?? (() => new EventSource(eventsUrl())),
        fetchJobs: () => api.jobs(),
        fetchNetwork: () => api.network(),
        fetchSettings: () => api.settings(),
      },
      dispatch,
    );
    feedRef.current = feed;
    feed.start();
    return () => {
      feed.stop();
      feedRef.current = null;
    };
  }, [api, openEvents]);

  useEffect(() => {
    if (state.pendingNotices.length === 0) return;
    for (const notice of state.pendingNotices) deliverBrowserNotification(notice);
    dispatch({ type: 'notices-delivered' });
  }, [state.pendingNotices]);

  const refreshJobs = useCallback(async () => {
    await feedRef.current?.refreshJobs();
  }, []);

  const refreshModels = useCallback(async () => {
    try {
      dispatch({ type: 'models', models: await api.models() });
    } catch (error) {
      dispatch({ type: 'models-failed', message: messageOf(error) });
    }
  }, [api]);

  // Jobs change what is installed (a completed download adds files): one read per change, for every page.
  const modelsTrigger = useMemo(() => jobStatesKey(Object.values(state.jobs.byId)), [state.jobs.byId]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: modelsTrigger is the trigger, not an input.
  useEffect(() => {
    void refreshModels();
  }, [refreshModels, modelsTrigger]);

  const attempt = useCallback(async <T,>(title: string, call: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await call();
    } catch (error) {
      dispatch({ type: 'toast', notice: { level: 'error', jobId: '', title, message: messageOf(error) } });
      return undefined;
    }
  }, []);

  const runJobCommand = useCallback(
    async (command: JobCommand, job: JobView, options: JobCommandOptions = {}): Promise<boolean> => {
      const titles: Record<JobCommand, string> = {
        pause: 'Could not pause',
        resume: 'Could not resume',
        cancel: 'Could not cancel',
        retry: 'Could not retry',
        remove: 'Could not remove',
      };
      const result = await attempt(titles[command], async () => {
        if (command === 'remove') {
          await api.remove(job.id);
          dispatch({ type: 'job-removed', id: job.id });
        } else {
          const stops = command === 'pause' || command === 'cancel';
          let updated: JobView;
          try {
            updated = stops ? await api[command](job.id, options.force) : await api[command](job.id);
          } catch (error) {
            if (!stops || !options.onHeld || !(error instanceof UiError) || error.code !== 'IN_USE')
              throw error;
            options.onHeld();
            return false;
          }
          if (updated && typeof updated === 'object' && 'id' in updated)
            dispatch({ type: 'job', job: updated });
        }
        return true;
      });
      void refreshJobs();
      return result === true;
    },
    [api, attempt, refreshJobs],
  );

  const value = useMemo<LiveContextValue>(
    () => ({ state, dispatch, api, runJobCommand, attempt, refreshJobs, refreshModels }),
    [state, api, runJobCommand, attempt, refreshJobs, refreshModels],
  );
  return <LiveContext.Provider value={value}>{children}</LiveContext.Provider>;
}

export function useLive(): LiveContextValue {
  const value = useContext(LiveContext);
  if (!value) throw new Error('useLive must be used inside <LiveProvider>');
  return value;
}
