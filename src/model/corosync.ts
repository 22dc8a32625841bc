// corosync-quorumtool -s and corosync-cfgtool -s

export interface QuorumMember {
  nodeid: number;
  votes: number;
  qdevice?: string;
  name: string;
  local: boolean;
}

export interface QuorumInfo {
  quorate: boolean;
  nodeId?: number;
  ringId?: string;
  nodes: number;
  expectedVotes: number;
  highestExpected: number;
  totalVotes: number;
  quorum: number;
  flags: string[];
  members: QuorumMember[];
}

export interface CorosyncLinkPeer {
  nodeid: number;
  /** "localhost" for self, else connected / disconnected (from the status text). */
  status: 'localhost' | 'connected' | 'disconnected' | string;
  enabled?: boolean;
  connected?: boolean;
  mtu?: number;
}

export interface CorosyncLink {
  linkNo: number;
  address?: string;
  peers: CorosyncLinkPeer[];
}

export interface CorosyncLinks {
  localNodeId?: number;
  links: CorosyncLink[];
  /** The source has no link status (`links` is empty and means unknown): why. */
  notCollected?: string;
}
