// multipathd show maps json / multipath -ll

export interface MultipathPath {
  dev: string; // sdb
  devT?: string; // 8:16
  dmState: 'active' | 'failed' | string;
  checkerState: 'ready' | 'faulty' | 'ghost' | 'shaky' | 'delayed' | 'i/o pending' | string;
  onlineState?: 'running' | 'offline' | string;
  hcil?: string;
}

export interface MultipathPathGroup {
  priority?: number;
  status: 'active' | 'enabled' | 'disabled' | string;
  selector?: string;
  paths: MultipathPath[];
}

export interface MultipathMap {
  name: string; // alias, or WWID when no alias
  wwid: string;
  /** Kernel name, e.g. dm-3 (what iostat prints). */
  sysfs: string;
  vendor?: string;
  product?: string;
  size?: string;
  features?: string;
  pathGroups: MultipathPathGroup[];
}

export type PathHealth = 'ok' | 'degraded' | 'critical';

export function mapHealth(m: MultipathMap): { health: PathHealth; active: number; total: number } {
  const paths = m.pathGroups.flatMap((g) => g.paths);
  const active = paths.filter((p) => p.dmState === 'active' && p.checkerState === 'ready').length;
  const total = paths.length;
  return { health: active === 0 ? 'critical' : active < total ? 'degraded' : 'ok', active, total };
}
