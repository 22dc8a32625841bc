// stonith_admin and sbd

export interface StonithRegistered {
  devices: string[];
}

/** `stonith_admin --list NODE`: devices able to fence NODE. */
export interface StonithTargets {
  target: string;
  devices: string[];
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
}

export interface WatchdogInfo {
  device?: string;
  identity?: string;
  driver?: string;
  present: boolean;
}

export interface SbdStatus {
  devices: SbdDevice[];
  watchdog: WatchdogInfo;
  /** sbd daemon active (systemctl is-active sbd) */
  serviceActive?: boolean;
}
