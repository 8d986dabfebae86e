// The end-of-run summary: what `gomachine run` prints for one machine, and for
// a comparison the table `gomachine compare` prints.

import type { Simulation } from '../scenario/runner.ts';
import { Report } from '../scenario/report.ts';
import { renderReport } from '../scenario/report-text.ts';
import { compare, renderComparison } from '../scenario/compare.ts';
import type { Summary } from './driver.ts';

export function summarize(sims: Simulation[]): Summary {
  const reports = sims.map((s) => Report.parse(s.report()));
  if (sims.length === 1) return { title: `report of ${sims[0]!.scenario.name}`, lines: renderReport(reports[0]!).split('\n') };
  const c = compare(sims.map((s, i) => ({ name: s.scenario.variant ?? s.scenario.name, report: reports[i]! })));
  return { title: `comparison of ${c.columns.join(', ')} (as gomachine compare prints it)`, lines: renderComparison(c, 'text').split('\n') };
}
