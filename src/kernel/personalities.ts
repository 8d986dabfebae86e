// The personalities a machine can boot, by name.

import type { OsName, Personality } from './personality.ts';
import { LINUX } from './linux/personality.ts';
import { DARWIN } from './darwin/personality.ts';
import { WINDOWS } from './windows/personality.ts';

export function personalityFor(os: OsName): Personality {
  switch (os) {
    case 'linux': return LINUX;
    case 'darwin': return DARWIN;
    case 'windows': return WINDOWS;
  }
}
