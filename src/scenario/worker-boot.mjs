// A worker thread started from the TypeScript sources (not the built command): loads tsx in
// this thread too, then the worker module named by its last argument (built.ts, startWorker).
import { register } from 'tsx/esm/api';

register();
await import(process.argv[process.argv.length - 1]);
