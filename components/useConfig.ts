'use client';
import { useCallback, useEffect, useState } from 'react';
import type { FieldError } from '@/lib/url';
import { loadManage, view, type View } from './model';

type Compute = (query: string) => View;

/** The page state: the last valid view, the drafts of every field, and what was wrong. */
export interface ConfigState {
  readonly result: View;
  /** The query value each field holds now (drafts included), by query key. */
  readonly raw: Readonly<Record<string, string>>;
  /** The error for each field whose draft is not valid; the result keeps its last valid value. */
  readonly fieldErrors: Readonly<Record<string, FieldError>>;
  /** Parameters of an opened link that were dropped. */
  readonly notice: readonly FieldError[];
  /** Bumped whenever the whole form is replaced, so field drafts start over. */
  readonly rev: number;
  /** How the address bar follows this state: not at all (it came from there), replace or push. */
  readonly write: 'none' | 'replace' | 'push';
}

function fromView(result: View, rev: number, write: ConfigState['write']): ConfigState {
  const raw = Object.fromEntries(new URLSearchParams(result.plan.shareQuery));
  return { result, raw, fieldErrors: {}, notice: result.errors, rev, write };
}

function toQuery(raw: Readonly<Record<string, string>>): URLSearchParams {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(raw)) if (value !== '') q.set(key, value);
  return q;
}

/** Applies edited drafts: valid fields take effect, an invalid one keeps its last valid value. */
function edit(compute: Compute, state: ConfigState, raw: Readonly<Record<string, string>>): ConfigState {
  const query = toQuery(raw);
  const first = compute(query.toString());
  if (first.errors.length === 0) return { ...state, result: first, raw, fieldErrors: {}, write: 'replace' };
  const last = new URLSearchParams(state.result.plan.shareQuery);
  for (const error of first.errors) {
    const kept = last.get(error.field);
    if (kept === null) query.delete(error.field);
    else query.set(error.field, kept);
  }
  const fallback = compute(query.toString());
  const result = fallback.errors.length === 0 ? fallback : state.result;
  const fieldErrors = Object.fromEntries(first.errors.map((e) => [e.field, e]));
  return { ...state, result, raw, fieldErrors, write: 'replace' };
}

/** How long the address bar waits for typing to pause before it follows an edit. */
const URL_WRITE_DELAY_MS = 250;

function writeUrl(query: string, push: boolean): void {
  const { pathname, search, hash } = window.location;
  if (search === `?${query}`) return;
  const url = `${pathname}?${query}${hash}`;
  if (push) window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/**
 * The whole input lives in the URL query. The page starts from `query` (the default one, or a
 * preset's), computed here on the server at build and again in the browser as it hydrates: the
 * engine is part of the island's entry (scripts/island.mjs, fetched after the first paint), so the
 * answer travels once, as HTML, and a first edit has no chunk to wait for. After hydration the query
 * of the address bar takes over, and every valid change is written back with replaceState.
 */
export function useConfig(query: string) {
  const [state, setState] = useState<ConfigState>(() => fromView(view(query), 0, 'none'));

  useEffect(() => {
    if (state.write === 'none') return;
    const shared = state.result.plan.shareQuery;
    if (state.write === 'push') return writeUrl(shared, true);
    // Edits replace the address once typing pauses: replaceState costs milliseconds per call.
    const timer = window.setTimeout(() => writeUrl(shared, false), URL_WRITE_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [state]);

  useEffect(() => {
    const fromLocation = () => setState((s) => fromView(view(window.location.search), s.rev + 1, 'none'));
    if (window.location.search !== '') fromLocation();
    window.addEventListener('popstate', fromLocation);
    return () => window.removeEventListener('popstate', fromLocation);
  }, []);

  // Config-management cards need their renderers: once they arrive, the same state again, with its cards.
  const manageMissing = state.result.manageMissing;
  useEffect(() => {
    if (!manageMissing) return;
    let live = true;
    void loadManage().then(
      () => live && setState((s) => (s.result.manageMissing ? { ...s, result: view(s.result.plan.shareQuery) } : s)),
    );
    return () => {
      live = false;
    };
  }, [manageMissing]);

  const setField = useCallback((key: string, value: string) => {
    setState((s) => edit(view, s, { ...s.raw, [key]: value }));
  }, []);

  const openQuery = useCallback((opened: string) => {
    setState((s) => fromView(view(opened), s.rev + 1, 'push'));
  }, []);

  const dismissNotice = useCallback(() => setState((s) => ({ ...s, notice: [] })), []);

  return { state, setField, openQuery, dismissNotice };
}
