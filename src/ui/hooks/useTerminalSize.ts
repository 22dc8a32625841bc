// Terminal size with resize debounced, so a window drag does not re-layout on every event.
import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TermSize {
  columns: number;
  rows: number;
}

export function useTerminalSize(override?: TermSize, debounceMs = 60): TermSize {
  const { stdout } = useStdout();
  const read = (): TermSize => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  const [size, setSize] = useState<TermSize>(override ?? read());
  useEffect(() => {
    if (override) return;
    let t: NodeJS.Timeout | undefined;
    const onResize = () => {
      if (t) clearTimeout(t);
      t = setTimeout(() => setSize(read()), debounceMs);
    };
    stdout.on('resize', onResize);
    return () => {
      if (t) clearTimeout(t);
      stdout.off('resize', onResize);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stdout, override, debounceMs]);
  return override ?? size;
}
