// stonith_admin and sbd

export interface StonithRegistered {
  devices: string[];
}

/** `stonith_admin --list NODE`: devices able to fence NODE. */
export interface StonithTargets {
  target: string;
  devices: string[];
  /** The node whose fencer answered (never the target itself: a device banned from its own
   *  target is not registered there, so the target's fencer lists nothing for itself). */
  via?: string;
  /** No fencer answered: why, naming the node asked ("fencer not answering on n2: …").
   *  `devices` is then empty and means "unknown", not "none". */
  error?: string;
}

export interface SbdHeader {
  uuid?: string;
  slots?: number;
  sectorSize?: number;
  timeoutWatchdog?: number;
  timeoutAllocate?: number;
  timeoutLoop?: number;
  timeoutMsgwait?: number;
}

export interface SbdSlot {
  slot: number;
  node: string;
  /** clear, reset, off, test, exit, crashdump… */
  message: string;
  sender?: string;
}

export interface SbdDevice {
  path: string;
  readable: boolean;
  error?: string;
  header?: SbdHeader;
  slots: SbdSlot[];
  /** The slots were not read (the source carries device health only): `slots` is empty and
   *  means unknown, not "no slot". Says why, e.g. "not available from Prometheus". */
  slotsNotCollected?: string;
}

export interface WatchdogInfo {
  device?: string;
  identity?: string;
  driver?: string;
  /** sysfs `state`: active = something (sbd) feeds it. Absent without CONFIG_WATCHDOG_SYSFS. */
  state?: 'active' | 'inactive';
  present: boolean;
  /** The listing itself failed: presence is unknown (present is false, but nothing says missing). */
  error?: string;
  /** Not read by this source at all (present is false and means unknown; not a fault): why. */
  notCollected?: string;
}

export interface SbdStatus {
  devices: SbdDevice[];
  watchdog: WatchdogInfo;
  /** sbd daemon active (systemctl is-active sbd) */
  serviceActive?: boolean;
}
