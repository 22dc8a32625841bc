// Imported first by the entry point, before react/ink load.
//
// React's development build keeps a timing entry per component render (unbounded memory) and
// roughly doubles render CPU. A console left running on a jump host must use the production
// build unless the user asked otherwise.
process.env['NODE_ENV'] ??= 'production';

// ink (through is-in-ci, read once when ink loads) renders nothing but the last frame at exit
// when CI or CONTINUOUS_INTEGRATION is set: an operator whose shell exports CI (a runner host, a
// CI toolbox) would get a blank screen that still takes keys. On a terminal the console is
// interactive whatever those say; piped output (snapshot, check) never uses ink.
if (process.stdout.isTTY && process.stdin.isTTY) {
  delete process.env['CI'];
  delete process.env['CONTINUOUS_INTEGRATION'];
}
export {};
