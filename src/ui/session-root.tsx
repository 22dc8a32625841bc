/** @jsxRuntime automatic */
// The console's session can change under the same ink instance (`:ctx`): this root holds the
// current session's store and hooks, and remounts <Root/> (fresh UI state) when a switch lands.
import { useMemo, useState } from 'react';
import type { Runner } from '../ssh/runner.js';
import { Root, type AppProps } from './screen.js';
import type { UiStore } from './store-context.js';
import type { PlanActionFn } from './dialogs/plan.js';
import type { SessionKind } from './components/Header.js';

/** What one cluster session hands the UI. */
export interface TuiSession {
  store: UiStore;
  runner?: Runner;
  readonly: boolean;
  /** Why read-only when it is not --readonly (no SSH: read from Prometheus). */
  readonlyWhy?: string;
  /** Demo, production cluster, saved outputs…: the header's banner. */
  kind?: SessionKind;
  contexts?: string[];
  planAction?: PlanActionFn;
  sshUser?: string;
  libvirtUri?: string;
}

/** Opens the named context and resolves with its session once it is ready to show; rejects
 *  (with a message for the footer) and leaves the current session in place otherwise. */
export type SwitchContextFn = (name: string) => Promise<TuiSession>;

export type SessionRootProps = Omit<AppProps, keyof TuiSession | 'onSwitchContext' | 'onOpenFleetCluster'> & {
  initial: TuiSession;
  switchContext?: SwitchContextFn;
  /** Enter in :fleet: opens that cluster read from Prometheus, shown like a context switch. */
  openFleetCluster?: SwitchContextFn;
};

export function SessionRoot({ initial, switchContext, openFleetCluster, startView, ...rest }: SessionRootProps) {
  const [cur, setCur] = useState({ s: initial, gen: 0 });
  const onSwitch = useMemo(
    () => (switchContext ? (name: string) => switchContext(name).then((s) => setCur((c) => ({ s, gen: c.gen + 1 }))) : undefined),
    [switchContext],
  );
  const onOpenFleet = useMemo(
    () => (openFleetCluster ? (name: string) => openFleetCluster(name).then((s) => setCur((c) => ({ s, gen: c.gen + 1 }))) : undefined),
    [openFleetCluster],
  );
  const s = cur.s;
  return (
    <Root
      key={cur.gen}
      {...rest}
      store={s.store}
      readonly={s.readonly}
      {...(s.readonlyWhy ? { readonlyWhy: s.readonlyWhy } : {})}
      {...(s.kind ? { kind: s.kind } : {})}
      contexts={s.contexts ?? []}
      {...(s.runner ? { runner: s.runner } : {})}
      {...(s.planAction ? { planAction: s.planAction } : {})}
      {...(s.sshUser ? { sshUser: s.sshUser } : {})}
      {...(s.libvirtUri ? { libvirtUri: s.libvirtUri } : {})}
      {...(onSwitch ? { onSwitchContext: onSwitch } : {})}
      {...(onOpenFleet ? { onOpenFleetCluster: onOpenFleet } : {})}
      {...(startView && cur.gen === 0 ? { startView } : {})}
    />
  );
}
