// Every test fails if a kernel oopsed during it and the test did not claim the oops
// (takeOopses): an oops is a kernel bug that the simulator survived, not a pass.
import { afterEach, expect } from 'vitest';
import { takeOopses } from '../src/kernel/kernel.ts';

afterEach(() => {
  expect(takeOopses(), 'kernel oopses (see the JavaScript stacks)').toEqual([]);
});
