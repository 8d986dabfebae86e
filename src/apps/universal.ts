// A universal program: one name, a build per kernel (as a fat binary carries a
// slice per architecture). The loader's start picks the build for the kernel it
// runs on; threads and signal entries then go to that build's image.
import type { Executable, ExecInfo, ProgramImage } from '../kernel/uapi/image.ts';

type OsName = ExecInfo['os'];

export function universal(name: string, builds: Partial<Record<OsName, Executable>>): Executable {
  const oses = (Object.keys(builds) as OsName[]).filter((o) => builds[o] !== undefined);
  return {
    name,
    oses,
    load(): ProgramImage {
      let image: ProgramImage | null = null;
      const chosen = (): ProgramImage => { if (image === null) throw new Error(`assertion: ${name} entered before start`); return image; };
      return {
        start(info) {
          const exe = builds[info.os];
          if (exe === undefined) throw new Error(`assertion: ${name} has no ${info.os} build`);
          image = exe.load();
          return image.start(info);
        },
        threadStart: (sp, start) => chosen().threadStart(sp, start),
        signalEntry: (signo, handler, uctx, fsbase) => chosen().signalEntry(signo, handler, uctx, fsbase),
      };
    },
  };
}
