// The reducer wired to React. The state lives in a ref as well: keys can arrive faster than
// renders (a paste, tmux send-keys, one stdin read of several keys), and each must see the state
// the previous one left, not the last rendered one. Effects run after the state is stored.
import { useCallback, useRef, useState } from 'react';
import { reduce, type Effect, type UiEvent, type UiState } from './ui.js';

export interface UiStateStore {
  state: UiState;
  /** The latest state, rendered or not. */
  get(): UiState;
  dispatch(e: UiEvent): void;
}

export function useUi(init: () => UiState, run: (e: Effect) => void): UiStateStore {
  const [state, setState] = useState(init);
  const ref = useRef(state);
  const runner = useRef(run);
  runner.current = run;
  const get = useCallback(() => ref.current, []);
  const dispatch = useCallback((e: UiEvent) => {
    const step = reduce(ref.current, e);
    ref.current = step.state;
    setState(step.state);
    for (const fx of step.effects) runner.current(fx);
  }, []);
  return { state, get, dispatch };
}
