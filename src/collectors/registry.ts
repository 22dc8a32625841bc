// Every data source, one line each. Adding a source: its folder with a source.ts (see
// source.ts for the fields) and one line here. Order matters only for display: the store
// registers sources (and the snapshot lists their freshness) in this order, and a shared exec
// runs its members' commands in this order.
import { pacemakerSource } from './pacemaker/source.js';
import { sbdSource, stonithSource } from './fencing/source.js';
import { corosyncSource } from './corosync/source.js';
import { multipathSource } from './multipath/source.js';
import { capabilitiesSource, hostSource } from './host/source.js';
import { networkSource } from './network/source.js';
import { vmeventsSource, vmsSource } from './virsh/source.js';
import { iostatSource } from './iostat/source.js';
import { journalSource } from './journal/source.js';
import { lvmSource } from './lvm/source.js';

export const SOURCES = [
  pacemakerSource,
  stonithSource,
  corosyncSource,
  sbdSource,
  multipathSource,
  hostSource,
  networkSource,
  capabilitiesSource,
  vmsSource,
  iostatSource,
  vmeventsSource,
  journalSource,
  lvmSource,
] as const;

type Registered = (typeof SOURCES)[number];

/** Every data source the collectors feed (store/types.ts re-exports it). */
export type SourceId = Registered['id'];

/** Config interval keys of the sources beyond their own id (the VM source's `domdisplay`). */
export type ExtraIntervalKey = Registered extends infer D ? (D extends { extraIntervals?: Readonly<Record<infer K extends string, number>> } ? K : never) : never;
