// The C corpus: each program in corpus/ compiled by gomachine's C compiler and
// run on the emulated machine must print what a real gcc build printed on Linux
// (recorded beside it by record.sh) and end with the same status.
import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { buildC } from '../../../src/lang/c/driver.ts';
import { runProgram } from '../../helpers.ts';

const DIR = path.join(import.meta.dirname, 'corpus');
const programs = readdirSync(DIR).filter((f) => f.endsWith('.c')).sort();

interface Expected { stdout: string; stderr: string; status: number }

describe('C corpus against gcc on Linux', () => {
  for (const file of programs) {
    const name = file.replace(/\.c$/, '');
    it(`${name}: stdout, stderr and exit status as gcc's build`, () => {
      const want = JSON.parse(readFileSync(path.join(DIR, `${name}.expected.json`), 'utf8')) as Expected;
      const b = buildC([{ name: file, text: readFileSync(path.join(DIR, file), 'utf8') }], name);
      expect(b.text).toBe('');
      const { snap } = runProgram(b.exe!, [name], { limitNs: 20e9 });
      expect(snap.stdout).toBe(Buffer.from(want.stdout, 'latin1').toString('utf8'));
      expect(snap.stderr).toBe(Buffer.from(want.stderr, 'latin1').toString('utf8'));
      expect(snap.exitStatus).toBe(want.status);
    });
  }
});
