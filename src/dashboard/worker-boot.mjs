// The dashboard's simulation thread starts here: TypeScript sources are loaded
// through tsx in this thread too, then the worker proper runs.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
