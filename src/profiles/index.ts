export { PROFILES, profileIds, getProfile, type ProfileId, type VmProfile } from './profiles.js';
export { pinToCell, cpuList, type Pinning, type PinResult } from './numa.js';
export { renderDomainXml, renderPrimitiveXml, isBridgeName, loadTemplate, type DomainSpec, type PrimitiveSpec } from './render.js';
