import { act, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LiveEvent, TeamThresholds } from '../../core/api.ts';
import { DEFAULT_THRESHOLDS } from '../../core/flags.ts';
import { useThresholds } from './use-thresholds.ts';

/** The listener the hook gave useLiveEvents (the page's stream is not opened in jsdom). */
const live = vi.hoisted(() => ({ listener: null as ((event: LiveEvent) => void) | null }));
vi.mock('../live/use-live.tsx', () => ({
  useLiveEvents: (listener: (event: LiveEvent) => void) => {
    live.listener = listener;
  },
}));

afterEach(() => vi.unstubAllGlobals());

describe('useThresholds', () => {
  it('reads the team\'s thresholds, and again when another console announces a change', async () => {
    const answers: TeamThresholds[] = [
      { thresholds: DEFAULT_THRESHOLDS, updatedAt: null, updatedBy: null },
      { thresholds: { ...DEFAULT_THRESHOLDS, attributes: { ...DEFAULT_THRESHOLDS.attributes, THREAT: 0.3 } }, updatedAt: '2026-12-07T05:30:00.000Z', updatedBy: 'root' },
    ];
    const fetch = vi.fn(async () => Response.json(answers.shift()));
    vi.stubGlobal('fetch', fetch);
    const { result } = renderHook(() => useThresholds(undefined));
    await waitFor(() => expect(result.current.team.team?.updatedAt).toBeNull());
    expect(result.current.thresholds).toEqual(DEFAULT_THRESHOLDS);

    act(() => live.listener?.({ type: 'reasons' }));
    expect(fetch).toHaveBeenCalledTimes(1);
    act(() => live.listener?.({ type: 'thresholds' }));
    await waitFor(() => expect(result.current.thresholds.attributes.THREAT).toBe(0.3));
    expect(result.current.team.team?.updatedBy).toBe('root');
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
