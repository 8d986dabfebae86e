// zod's settings for every schema of gomachine, imported before any schema is built.
//
// zod compiles an object schema's parser with `new Function` on its first use: that pays for a
// schema run over many values, not for a scenario's, which parses one file once per command;
// compiling them was ~10 ms of every start.
import { config } from 'zod';

config({ jitless: true });
