// Every number in a scenario has a bound, and a value past it is an error naming the
// field and the bound — not a hang, a Node out-of-memory or a JavaScript stack trace.
import { describe, expect, it } from 'vitest';
import { parseScenario, ScenarioError } from '../../src/scenario/loader.ts';

async function problems(yaml: string): Promise<string[]> {
  try { await parseScenario(yaml, 'bad.yaml'); } catch (e) { if (e instanceof ScenarioError) return e.problems; throw e; }
  return [];
}
const HELLO = 'processes: [{program: hello}]';
const NET = 'network: {nics: [{addr: 10.0.0.1}]}';
const clients = (extra: string) => `${HELLO}\n${NET}\nclients: {protocol: echo, target: {port: 7}, connections: 10, ${extra}}`;

describe('scenario limits', () => {
  it('machine: cores 1..64, clock up to 10 GHz, memory up to 1 TiB, frames of 4 KiB to 2 MiB', async () => {
    expect(await problems(`machine: {cores: 65}\n${HELLO}`)).toEqual(['machine.cores: must be at most 64']);
    expect(await problems(`machine: {clock: 1e18Hz}\n${HELLO}`)).toEqual(['machine.clock: must be at most 10 GHz']);
    expect(await problems(`machine: {memory: 2TiB}\n${HELLO}`)).toEqual(['machine.memory: must be at most 1 TiB']);
    expect(await problems(`machine: {frameSize: 1GiB}\n${HELLO}`)).toEqual(['machine.frameSize: must be a power of two from 4 KiB (a page) to 2 MiB (a huge page)']);
    expect(await problems(`machine: {frameSize: 512}\n${HELLO}`)).toEqual(['machine.frameSize: must be a power of two from 4 KiB (a page) to 2 MiB (a huge page)']);
    expect(await problems(`machine: {frameSize: 2MiB, clock: 10GHz, memory: 1TiB}\n${HELLO}`)).toEqual([]);
  });

  it('clients: connections, requests and bytes at least 1, rate above 0, and what a host\'s ports allow', async () => {
    expect(await problems(clients('bytes: 0'))).toEqual(['clients.bytes: must be at least 1 byte']);
    expect(await problems(clients('requests: 0'))).toEqual(['clients.requests: must be at least 1']);
    expect(await problems(clients('arrival: rate, rate: 0'))).toEqual(['clients.rate: must be more than 0 connections per second']);
    expect(await problems(`${HELLO}\n${NET}\nclients: {protocol: echo, target: {port: 7}, connections: 10000000}`))
      .toEqual(['clients.connections: must be at most 100,000']);
    expect(await problems(`${HELLO}\n${NET}\nclients: {protocol: echo, target: {port: 7}, connections: 30000}`))
      .toEqual(['clients.connections: must be at most 28,232 per client host (the ephemeral ports 32768–60999): 1 host allows 28,232; add hosts']);
    expect(await problems(`${HELLO}\n${NET}\nclients: {protocol: echo, target: {port: 70000}, connections: 1}`))
      .toEqual(['clients.target.port: Too big: expected number to be <=65535']);
  });

  it('network: irqCpu names a core that exists; no two NICs, and no NIC and client host, share an address', async () => {
    expect(await problems(`machine: {cores: 2}\n${HELLO}\nnetwork: {nics: [{irqCpu: 2}]}`))
      .toEqual(['network.nics[0].irqCpu: must be less than machine.cores (2): cores are numbered 0..1']);
    expect(await problems(`${HELLO}\nnetwork: {nics: [{addr: 10.0.0.1}, {addr: 10.0.0.1}]}`))
      .toEqual(["network.nics[1].addr: 10.0.0.1 is already network.nics[0]'s address"]);
    expect(await problems(`${HELLO}\nnetwork: {nics: [{addr: 10.0.0.101}]}\nclients: {protocol: echo, target: {port: 7}, connections: 1, hosts: 3}`))
      .toEqual(["clients.hosts: client host 2 would take 10.0.0.101, which is network.nics[0]'s address (client hosts use 10.0.0.100 and up)"]);
  });
});
