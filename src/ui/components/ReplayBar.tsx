/** @jsxRuntime automatic */
// Replay position/speed bar, shown only when runTui got replay controls.
import { Text } from 'ink';
import { fmtDuration } from '../format.js';
import { useNow } from '../store-context.js';
import { useTheme } from '../theme.js';

export interface ReplayControls {
  play(): void;
  pause(): void;
  seek(ms: number): void;
  setSpeed(x: number): void;
  position(): number;
  duration(): number;
  /** Current state, so the bar starts right when the replay is already playing. */
  isPlaying?(): boolean;
  speed?(): number;
  /** Called on play/pause/seek/end; returns the unsubscribe function. */
  onChange?(listener: () => void): () => void;
  /** The recording's clock (epoch ms at the current position): ages and staleness are drawn
   *  against it, as the live console drew them then, not against today's wall clock. */
  now?(): number;
}

export function ReplayBar({ replay, playing, speed, width }: { replay: ReplayControls; playing: boolean; speed: number; width: number }) {
  const theme = useTheme();
  useNow(); // re-render with the clock tick so the position moves
  const pos = replay.position();
  const dur = Math.max(1, replay.duration());
  const label = `${playing ? '▶ playing' : '❚❚ paused'} ${fmtDuration(pos)} / ${fmtDuration(dur)} ×${speed} `;
  const keys = ' p play/pause  [ ] ±10s  < > speed';
  const barW = Math.max(0, width - label.length - keys.length - 2);
  const filled = Math.round((Math.min(pos, dur) / dur) * barW);
  return (
    <Text wrap="truncate" {...theme.tone('info')}>
      {label}[{'━'.repeat(filled)}{'─'.repeat(barW - filled)}]<Text {...theme.tone('muted')}>{keys}</Text>
    </Text>
  );
}
