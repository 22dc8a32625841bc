// The replay bar's state (playing, speed). The recording itself is driven through effects; the
// controls stop by themselves at the end, so `sync` takes what they report.
export interface ReplayState {
  playing: boolean;
  speed: number;
}

export const MIN_SPEED = 0.25;
export const MAX_SPEED = 64;

export type ReplayEvent = { type: 'toggle'; playing: boolean } | { type: 'slower' } | { type: 'faster' } | { type: 'sync'; playing: boolean };

export function replay(r: ReplayState, e: ReplayEvent): ReplayState {
  switch (e.type) {
    // `playing`: what the controls say now (play if paused, pause if playing).
    case 'toggle':
      return { ...r, playing: !e.playing };
    case 'slower':
      return { ...r, speed: Math.max(MIN_SPEED, r.speed / 2) };
    case 'faster':
      return { ...r, speed: Math.min(MAX_SPEED, r.speed * 2) };
    case 'sync':
      return r.playing === e.playing ? r : { ...r, playing: e.playing };
  }
}
