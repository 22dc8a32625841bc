// Entry point (bin/virtdeck.js and `npm start`): runs the CLI and owns the process exit.
import './production-env.js'; // must stay the first import: before react/ink load
import { main } from './cli.js';

const code = await main(process.argv.slice(2));
// The console sets 128+n itself when it quit on a signal: keep that.
if (!process.exitCode) process.exitCode = code;
const exitCode = Number(process.exitCode);
// Everything is closed by now; a lingering handle (a half-open socket) must not keep us alive.
setTimeout(() => process.exit(exitCode), 2_000).unref();
