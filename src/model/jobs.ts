// virsh domjobinfo
export interface DomJobInfo {
  /** None, Bounded, Unbounded, Completed, Failed, Cancelled */
  type: string;
  operation?: string; // Outgoing migration, …
  timeElapsedMs?: number;
  dataProcessedBytes?: number;
  dataRemainingBytes?: number;
  dataTotalBytes?: number;
  memoryProcessedBytes?: number;
  memoryRemainingBytes?: number;
  memoryTotalBytes?: number;
  /** 0..100 when computable */
  percent?: number;
}
