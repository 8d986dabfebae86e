// goos: the program that cannot tell which kernel it runs on, except by asking —
// fmt.Println(runtime.GOOS) prints linux or darwin; everything else is the same code.
import { goProgram, fmt, runtime } from '../../runtime/index.ts';

export default goProgram('goos', function* main() {
  yield* fmt.Println(runtime.GOOS, runtime.GOARCH);
});
