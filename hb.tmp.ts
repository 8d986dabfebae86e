import { buildCFiles } from './src/lang/c/driver.ts';
const b = buildCFiles([process.argv[2]!]);
console.log(b.text || 'no diagnostics', b.exe ? 'built' : 'FAILED');
