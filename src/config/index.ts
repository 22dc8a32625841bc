export { loadConfig, configPath, resolveTarget, TargetError, type LoadedConfig, type ResolvedTarget, type TargetOptions } from './load.js';
export { validateConfig, ConfigError, type ClusterConfig, type VirtdeckConfig } from './schema.js';
