// Imported first by the entry point: React's development build keeps a timing entry per
// component render (unbounded memory) and roughly doubles render CPU. A console left running on
// a jump host must use the production build unless the user asked otherwise.
process.env['NODE_ENV'] ??= 'production';
export {};
